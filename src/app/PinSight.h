// app: whether the body hides a trigger point's pin from the eye, decided the way the renderer
// draws it (the part of a pin behind opaque tissue faint): its head in plain sight, just under
// the tissue over it, or behind the body. Its label follows: shown, faded or left out.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/Bvh.h"
#include "render/Camera.h"
#include "render/Overlays.h"
#include "render/ViewOptions.h"

#include <vector>

namespace app {

enum class PinSight {
    Seen,    // its head is in plain sight
    Covered, // its head is hidden, but only by the few centimetres of tissue over its point
    Hidden,  // the body lies between the eye and it (a point on the back seen from the front)
};

// A pin counts as Covered, not Hidden, when the first opaque surface in front of its point
// lies within this distance of it (skin, fascia and a muscle over a deeper one).
inline constexpr float kPinCoverM = 0.05f;

// What can hide a pin in a view: the structures drawn opaque (not translucent, not x-ray's
// glass shells, not the fascia drawn as a network) and the clipping plane's cut.
struct PinOccluders {
    PinOccluders(const anatomy::Body& body, const render::ViewOptions& view);
    bool opaque(int structure) const {
        return structure >= 0 && static_cast<size_t>(structure) < m_opaque.size() &&
               m_opaque[static_cast<size_t>(structure)];
    }
    render::ClipPlane clip;

private:
    std::vector<bool> m_opaque; // by structure
};

// Rays from the camera's eye to the pin's head and, when that is hidden, to its point, tested
// against the opaque structures within the part of the ray the clipping plane keeps.
PinSight pinSight(const anatomy::BodyBvh& bvh, const PinOccluders& occluders,
                  const render::OrbitCamera& camera, const render::Marker& marker);

} // namespace app
