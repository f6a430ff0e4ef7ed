// A headless GL context plus helpers to render small scenes in tests.
#pragma once

#include "anatomy/SurfaceNets.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"

#include <catch2/catch.hpp>

#include <tuple>

namespace test {

struct GlFixture {
    std::unique_ptr<platform::HeadlessContext> context;
    std::unique_ptr<render::Renderer> renderer;

    GlFixture() {
        auto created = platform::HeadlessContext::create();
        if (!created)
            FAIL("no headless GL context: " << created.error().message);
        context = std::move(*created);
        auto r = render::Renderer::create();
        if (!r)
            FAIL(r.error().message);
        renderer = std::move(*r);
    }

    render::Image render(const anatomy::Body& body, const render::ViewOptions& options,
                         render::ViewPreset preset, int width, int height) {
        auto target = render::OffscreenTarget::create(width, height, 1);
        REQUIRE(target.ok());
        render::OrbitCamera camera;
        camera.setPreset(preset);
        camera.frame(body.bounds(), float(width) / float(height));
        (*target)->bind();
        renderer->draw(body, camera, {width, height}, options);
        return (*target)->readImage();
    }
};

// A small deterministic scene: a "skin" sphere with a "bone" capsule beside it.
inline anatomy::Body twoSpheres() {
    anatomy::Body body;
    core::Aabb box;
    box.extend(glm::vec3(-0.5f));
    box.extend(glm::vec3(0.5f));
    anatomy::Structure skin;
    skin.name = "sphere";
    skin.displayName = "Sphere";
    skin.layer = anatomy::LayerKind::Skin;
    skin.mesh = anatomy::meshDistanceField(
        [](const glm::vec3& p) { return glm::length(p) - 0.3f; }, box, 0.02f);
    body.addStructure(std::move(skin));
    anatomy::Structure bone;
    bone.name = "capsule";
    bone.displayName = "Capsule";
    bone.layer = anatomy::LayerKind::Bone;
    bone.mesh = anatomy::meshDistanceField(
        [](const glm::vec3& p) {
            const glm::vec3 q = p - glm::vec3(0.35f, 0.0f, 0.1f);
            const float y = std::clamp(q.y, -0.3f, 0.3f);
            return glm::length(q - glm::vec3(0, y, 0)) - 0.08f;
        },
        box, 0.02f);
    body.addStructure(std::move(bone));
    return body;
}

// Three nested translucent layers around an opaque core: skin, deep fascia and muscle spheres
// (radii 0.30, 0.24, 0.18 m) around a bone capsule; every layer has fibre directions around
// the vertical axis, so fibre shading and the network view have something to show.
inline anatomy::Body nestedSpheres() {
    anatomy::Body body;
    core::Aabb box;
    box.extend(glm::vec3(-0.4f));
    box.extend(glm::vec3(0.4f));
    auto add = [&](const char* name, anatomy::LayerKind layer, auto distance) {
        anatomy::Structure s;
        s.name = name;
        s.displayName = name;
        s.layer = layer;
        s.mesh = anatomy::meshDistanceField(distance, box, 0.02f);
        for (const glm::vec3& p : s.mesh.positions) {
            const glm::vec3 around(-p.z, 0.0f, p.x);
            s.mesh.fibres.push_back(glm::length(around) > 1e-6f ? glm::normalize(around)
                                                                : glm::vec3(1, 0, 0));
        }
        body.addStructure(std::move(s));
    };
    for (const auto& [name, layer, radius] :
         {std::tuple{"skin", anatomy::LayerKind::Skin, 0.30f},
          std::tuple{"fascia", anatomy::LayerKind::DeepFascia, 0.24f},
          std::tuple{"muscle", anatomy::LayerKind::Muscle, 0.18f}})
        add(name, layer, [r = radius](const glm::vec3& p) { return glm::length(p) - r; });
    add("bone", anatomy::LayerKind::Bone, [](const glm::vec3& p) {
        const float y = std::clamp(p.y, -0.25f, 0.25f);
        return glm::length(p - glm::vec3(0, y, 0)) - 0.07f;
    });
    return body;
}

inline render::ViewOptions translucentLayers(float skin, float fascia, float muscle) {
    render::ViewOptions options;
    options.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = skin;
    options.layerOpacity[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = fascia;
    options.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Muscle)] = muscle;
    return options;
}

} // namespace test
