// app: what a lesson's step shows — the camera, the layers, the highlighted structures and
// fascia regions, the trigger points with their zones — worked out for a body without GL, so the
// viewer's Learn mode, `fascialab render --lesson` and the tests show a step alike.
#pragma once

#include "anatomy/Bvh.h"
#include "annotate/Library.h"
#include "learn/Lesson.h"
#include "render/Camera.h"
#include "render/Overlays.h"
#include "render/ViewOptions.h"

#include <optional>
#include <vector>

namespace app {

struct StepView {
    std::optional<render::OrbitCamera> camera; // none: the camera stays where it is
    render::Overlays overlays;                 // pins, zones and highlighted fascia regions
    bool fibreLines = false;
    std::optional<glm::vec3> clipTarget; // where the step's clip presses, on the body
};

// Applies the step to `view` (layers, highlight, network) and returns the rest. `current` is the
// camera the student has, for its framing; `placed` the library on this body.
StepView showLessonStep(const learn::LessonStep& step, const anatomy::Body& body,
                        const std::vector<annotate::PlacedPoint>& placed,
                        const render::OrbitCamera& current, float aspect,
                        render::ViewOptions& view);

// The placed library point a reference names, or nullptr.
const annotate::PlacedPoint* findPlaced(const std::vector<annotate::PlacedPoint>& placed,
                                        const learn::PointRef& ref);

} // namespace app
