// render: the orbit camera (target, distance, yaw, pitch) with anatomical presets and framing.
// Pure math, no GL: the viewer, the CLI and picking share it.
#pragma once

#include "core/MathUtil.h"

#include <glm/mat4x4.hpp>

#include <optional>
#include <string_view>

namespace render {

enum class ViewPreset { Anterior, Posterior, Left, Right, Superior };

std::optional<ViewPreset> viewPresetFromName(std::string_view name);
std::string_view viewPresetName(ViewPreset preset);

class OrbitCamera {
public:
    // Yaw 0 looks at the body's front (from +Z); yaw rotates about +Y; pitch > 0 looks down.
    glm::vec3 target{0.0f};
    float distanceM = 3.0f;
    float yawRad = 0.0f;
    float pitchRad = 0.0f;
    float fovYRad = 0.5f; // about 29°: a portrait lens flattens less than a wide one

    void setPreset(ViewPreset preset);
    // Centres the box and backs off until its bounding sphere fits the narrower field of view.
    void frame(const core::Aabb& box, float aspect);

    // This camera moved to frame `box` from its current direction; its near and far planes
    // still take in the scene it framed before.
    OrbitCamera framing(const core::Aabb& box, float aspect) const;

    // Turns to look at the target from the side a surface with this outward normal faces,
    // tilting at most about 34° so the body stays upright on screen.
    void faceFrom(glm::vec3 outwardNormal);
    void orbit(float deltaYawRad, float deltaPitchRad);
    // Moves the target in the view plane; deltas are fractions of the view height.
    void pan(float deltaX, float deltaY);
    // factor < 1 moves closer.
    void zoom(float factor);

    glm::vec3 eye() const;
    glm::vec3 forward() const;
    glm::vec3 up() const;
    glm::mat4 view() const;
    glm::mat4 projection(float aspect) const;
    // A world-space ray through a pixel (origin top-left, in pixels of a width x height viewport).
    core::Ray rayThroughPixel(glm::vec2 pixel, glm::vec2 viewportSize) const;

    // Near and far planes that keep the scene in view with good depth precision.
    float nearM() const;
    float farM() const;
    float sceneRadiusM = 1.0f;
};

// A smooth move from one pose to another, easing in and out: presets, search results and
// "frame selection" glide there instead of jumping, so the student keeps their bearings.
class CameraTransition {
public:
    CameraTransition() = default;
    CameraTransition(const OrbitCamera& from, const OrbitCamera& to, float durationS = 0.6f);
    bool active() const { return m_elapsedS < m_durationS; }
    // Advances by `deltaS` seconds and returns the pose there (the destination once done).
    OrbitCamera advance(float deltaS);
    const OrbitCamera& destination() const { return m_to; }
    // The pose at a fraction 0..1 of the way (eased).
    OrbitCamera at(float fraction) const;

private:
    OrbitCamera m_from, m_to;
    float m_durationS = 0.0f, m_elapsedS = 0.0f;
};

} // namespace render
