// app: the view a map opens in — the standard view (front, back, left or right) that best sees
// a session's trigger points, framed on them — for the viewer (command line, File → Open, a
// dropped file) and for `fascialab render --map` without --view.
#pragma once

#include "anatomy/Body.h"
#include "annotate/Anchoring.h"
#include "annotate/MapDocument.h"
#include "render/Camera.h"

#include <optional>
#include <vector>

namespace app {

// The standard view the outward normals face most: each normal counts towards each of the four
// horizontal views by how squarely it faces it (not at all when it faces away), and the view
// with the most wins (front first on a tie). Front when there are none.
render::ViewPreset presetFacing(const std::vector<glm::vec3>& normals);

struct MarksView {
    render::ViewPreset preset = render::ViewPreset::Anterior;
    core::Aabb marks; // where the trigger points lie, metres
};

// The session's trigger points as placed on this body: the view that faces them and their box;
// nothing when the session has none that can be placed.
std::optional<MarksView> viewOfMarks(const anatomy::Body& body,
                                     const annotate::StructureIndex& index,
                                     const annotate::Session& session);

// The camera looking from that view, framed on the marks with body around them (at least
// kMarksContextM of it each way, so a single point is seen where it lies on the body).
inline constexpr float kMarksContextM = 0.5f;
render::OrbitCamera cameraOnMarks(const MarksView& view, const render::OrbitCamera& from,
                                  float aspect);

} // namespace app
