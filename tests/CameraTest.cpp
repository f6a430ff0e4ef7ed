#include "render/Camera.h"

#include <catch2/catch.hpp>

namespace {
core::Aabb standingBody() {
    core::Aabb box;
    box.extend(glm::vec3(-0.3f, 0.0f, -0.15f));
    box.extend(glm::vec3(0.3f, 1.75f, 0.15f));
    return box;
}
} // namespace

TEST_CASE("View presets look at the body from the anatomical directions", "[camera]") {
    render::OrbitCamera camera;
    camera.frame(standingBody(), 1.6f);
    const glm::vec3 target = camera.target;
    auto eyeDirection = [&](render::ViewPreset preset) {
        camera.setPreset(preset);
        return glm::normalize(camera.eye() - target);
    };
    // The body faces +Z; its left side is +X.
    CHECK(eyeDirection(render::ViewPreset::Anterior).z == Approx(1.0f));
    CHECK(eyeDirection(render::ViewPreset::Posterior).z == Approx(-1.0f));
    CHECK(eyeDirection(render::ViewPreset::Left).x == Approx(1.0f));
    CHECK(eyeDirection(render::ViewPreset::Right).x == Approx(-1.0f));
    CHECK(eyeDirection(render::ViewPreset::Superior).y == Approx(1.0f).margin(1e-3));
    // Seen from above, the face is towards the top of the screen.
    CHECK(camera.up().z == Approx(1.0f).margin(1e-3));
    for (auto name : {"anterior", "posterior", "left", "right", "superior"})
        CHECK(render::viewPresetName(*render::viewPresetFromName(name)) == name);
    CHECK_FALSE(render::viewPresetFromName("sideways").has_value());
}

TEST_CASE("Framing keeps the whole body in view", "[camera]") {
    render::OrbitCamera camera;
    const core::Aabb box = standingBody();
    for (float aspect : {0.5f, 1.0f, 1.6f, 3.0f}) {
        camera.setPreset(render::ViewPreset::Anterior);
        camera.frame(box, aspect);
        const glm::mat4 vp = camera.projection(aspect) * camera.view();
        for (int corner = 0; corner < 8; ++corner) {
            const glm::vec3 p((corner & 1) ? box.max.x : box.min.x,
                              (corner & 2) ? box.max.y : box.min.y,
                              (corner & 4) ? box.max.z : box.min.z);
            const glm::vec4 clip = vp * glm::vec4(p, 1.0f);
            const glm::vec3 ndc = glm::vec3(clip) / clip.w;
            INFO("aspect " << aspect << " corner " << corner);
            CHECK(std::abs(ndc.x) <= 1.0f);
            CHECK(std::abs(ndc.y) <= 1.0f);
            CHECK(std::abs(ndc.z) <= 1.0f);
        }
    }
}

TEST_CASE("The ray through the viewport centre hits the target; orbit and zoom behave",
          "[camera]") {
    render::OrbitCamera camera;
    camera.frame(standingBody(), 1.5f);
    const core::Ray ray = camera.rayThroughPixel({600, 400}, {1200, 800});
    const glm::vec3 toTarget = glm::normalize(camera.target - ray.origin);
    CHECK(glm::dot(ray.direction, toTarget) == Approx(1.0f));
    // A pixel left of centre looks to the camera's left.
    const core::Ray left = camera.rayThroughPixel({100, 400}, {1200, 800});
    CHECK(left.direction.x < ray.direction.x);
    const float distance = camera.distanceM;
    camera.zoom(0.5f);
    CHECK(camera.distanceM == Approx(distance * 0.5f));
    camera.orbit(0.0f, 10.0f); // clamped short of the pole
    CHECK(camera.pitchRad < 1.5708f);
    const glm::vec3 before = camera.target;
    camera.pan(0.1f, 0.0f);
    CHECK(glm::length(camera.target - before) > 0.0f);
}

TEST_CASE("Facing a surface looks at it along its normal, staying upright", "[camera]") {
    render::OrbitCamera camera;
    camera.frame(standingBody(), 1.6f);
    auto eyeDirection = [&] { return glm::normalize(camera.eye() - camera.target); };
    // A point on the back of the left shoulder, facing back and a little up and out.
    const glm::vec3 shoulderNormal = glm::normalize(glm::vec3(0.3f, 0.3f, -0.9f));
    camera.faceFrom(shoulderNormal);
    CHECK(glm::dot(eyeDirection(), shoulderNormal) == Approx(1.0f).margin(1e-4));
    // The top of the head faces straight up; the camera tilts only so far, so the body stays
    // upright on screen instead of being seen end-on.
    camera.faceFrom(glm::vec3(0.0f, 1.0f, 0.0f));
    CHECK(eyeDirection().y < 0.6f);
    CHECK(eyeDirection().y > 0.5f);
    CHECK(camera.up().y > 0.8f);
}
