#include "render/Camera.h"

#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>

namespace render {
namespace {
constexpr float kMaxPitch = glm::half_pi<float>() - 0.001f;
}

std::optional<ViewPreset> viewPresetFromName(std::string_view name) {
    for (ViewPreset p : {ViewPreset::Anterior, ViewPreset::Posterior, ViewPreset::Left,
                         ViewPreset::Right, ViewPreset::Superior})
        if (viewPresetName(p) == name)
            return p;
    return std::nullopt;
}

std::string_view viewPresetName(ViewPreset preset) {
    switch (preset) {
    case ViewPreset::Anterior:
        return "anterior";
    case ViewPreset::Posterior:
        return "posterior";
    case ViewPreset::Left:
        return "left";
    case ViewPreset::Right:
        return "right";
    case ViewPreset::Superior:
        return "superior";
    }
    return "anterior";
}

void OrbitCamera::setPreset(ViewPreset preset) {
    pitchRad = 0.0f;
    switch (preset) {
    case ViewPreset::Anterior:
        yawRad = 0.0f;
        break;
    case ViewPreset::Posterior:
        yawRad = glm::pi<float>();
        break;
    // The body faces +Z, so its left side is +X; the left view looks at that side.
    case ViewPreset::Left:
        yawRad = glm::half_pi<float>();
        break;
    case ViewPreset::Right:
        yawRad = -glm::half_pi<float>();
        break;
    case ViewPreset::Superior:
        // Seen from above with the face towards the top of the screen, as atlases show it.
        yawRad = glm::pi<float>();
        pitchRad = kMaxPitch;
        break;
    }
}

void OrbitCamera::frame(const core::Aabb& box, float aspect) {
    if (!box.valid())
        return;
    target = box.center();
    const float radius = std::max(box.radius(), 1e-3f);
    sceneRadiusM = radius;
    const float halfFovY = 0.5f * fovYRad;
    const float halfFovX = std::atan(std::tan(halfFovY) * std::max(aspect, 1e-3f));
    const float halfFov = std::min(halfFovY, halfFovX);
    // The bounding sphere of a tall, thin body is loose; 0.8 of it fills the frame better
    // while the box's corners, not the sphere, must stay inside.
    const glm::vec3 size = box.size();
    const float height = std::max(size.y, std::max(size.x, size.z) * 0.6f);
    const float fitSphere = radius / std::sin(halfFov);
    const float fitHeight = 0.5f * height / std::tan(halfFovY) + 0.5f * std::max(size.x, size.z);
    distanceM = std::min(fitSphere, std::max(fitHeight, 0.0f)) * 1.08f;
}

OrbitCamera OrbitCamera::framing(const core::Aabb& box, float aspect) const {
    OrbitCamera moved = *this;
    moved.frame(box, aspect);
    moved.sceneRadiusM =
        std::max(sceneRadiusM + glm::length(moved.target - target), moved.sceneRadiusM);
    return moved;
}

CameraTransition::CameraTransition(const OrbitCamera& from, const OrbitCamera& to, float durationS)
    : m_from(from), m_to(to), m_durationS(std::max(durationS, 0.0f)) {}

OrbitCamera CameraTransition::advance(float deltaS) {
    m_elapsedS = std::min(m_elapsedS + std::max(deltaS, 0.0f), m_durationS);
    return at(m_durationS > 0.0f ? m_elapsedS / m_durationS : 1.0f);
}

OrbitCamera CameraTransition::at(float fraction) const {
    const float t = std::clamp(fraction, 0.0f, 1.0f);
    const float eased = t * t * (3.0f - 2.0f * t);
    OrbitCamera pose = m_to;
    pose.target = glm::mix(m_from.target, m_to.target, eased);
    // Distance changes by the same ratio each moment, so zooming feels even.
    pose.distanceM =
        m_from.distanceM * std::pow(m_to.distanceM / std::max(m_from.distanceM, 1e-6f), eased);
    // Yaw the short way round.
    const float yawStep = std::remainder(m_to.yawRad - m_from.yawRad, glm::two_pi<float>());
    pose.yawRad = std::remainder(m_from.yawRad + yawStep * eased, glm::two_pi<float>());
    pose.pitchRad = glm::mix(m_from.pitchRad, m_to.pitchRad, eased);
    pose.sceneRadiusM = std::max(m_from.sceneRadiusM, m_to.sceneRadiusM);
    return pose;
}

void OrbitCamera::faceFrom(glm::vec3 outwardNormal) {
    constexpr float kMaxFacingPitch = 0.6f;
    yawRad = std::atan2(outwardNormal.x, outwardNormal.z);
    pitchRad = std::clamp(std::asin(std::clamp(outwardNormal.y, -1.0f, 1.0f)), -kMaxFacingPitch,
                          kMaxFacingPitch);
}

void OrbitCamera::orbit(float deltaYawRad, float deltaPitchRad) {
    yawRad = std::remainder(yawRad + deltaYawRad, glm::two_pi<float>());
    pitchRad = std::clamp(pitchRad + deltaPitchRad, -kMaxPitch, kMaxPitch);
}

void OrbitCamera::pan(float deltaX, float deltaY) {
    const float viewHeight = 2.0f * distanceM * std::tan(0.5f * fovYRad);
    const glm::vec3 right = glm::normalize(glm::cross(forward(), up()));
    target += (-deltaX * right + deltaY * up()) * viewHeight;
}

void OrbitCamera::zoom(float factor) {
    distanceM = std::clamp(distanceM * factor, 0.02f, 50.0f);
}

glm::vec3 OrbitCamera::forward() const {
    // The eye sits at target + distance * d, d = (cos p sin y, sin p, cos p cos y).
    return -glm::vec3(std::cos(pitchRad) * std::sin(yawRad), std::sin(pitchRad),
                      std::cos(pitchRad) * std::cos(yawRad));
}

glm::vec3 OrbitCamera::eye() const {
    return target - forward() * distanceM;
}

glm::vec3 OrbitCamera::up() const {
    // The derivative of d by pitch: always perpendicular to the view, continuous over the poles.
    return glm::vec3(-std::sin(pitchRad) * std::sin(yawRad), std::cos(pitchRad),
                     -std::sin(pitchRad) * std::cos(yawRad));
}

glm::mat4 OrbitCamera::view() const {
    return glm::lookAt(eye(), target, up());
}

float OrbitCamera::nearM() const {
    return std::max(0.01f, distanceM - 2.5f * sceneRadiusM);
}
float OrbitCamera::farM() const {
    return distanceM + 2.5f * sceneRadiusM + 1.0f;
}

glm::mat4 OrbitCamera::projection(float aspect) const {
    return glm::perspective(fovYRad, std::max(aspect, 1e-3f), nearM(), farM());
}

core::Ray OrbitCamera::rayThroughPixel(glm::vec2 pixel, glm::vec2 viewportSize) const {
    const float aspect = viewportSize.x / std::max(viewportSize.y, 1.0f);
    const glm::vec2 ndc(2.0f * pixel.x / viewportSize.x - 1.0f,
                        1.0f - 2.0f * pixel.y / viewportSize.y);
    const float tanHalf = std::tan(0.5f * fovYRad);
    const glm::vec3 f = forward();
    const glm::vec3 u = up();
    const glm::vec3 r = glm::normalize(glm::cross(f, u));
    core::Ray ray;
    ray.origin = eye();
    ray.direction = glm::normalize(f + r * ndc.x * tanHalf * aspect + u * ndc.y * tanHalf);
    return ray;
}

} // namespace render
