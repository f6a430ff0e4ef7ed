#include "Golden.h"
#include "GlFixture.h"
#include "TestSupport.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>

#include <functional>

TEST_CASE("Golden: two structures, studio lighting, anterior", "[gl][golden]") {
    test::GlFixture gl;
    const auto image = gl.render(test::twoSpheres(), {}, render::ViewPreset::Anterior, 320, 240);
    test::compareWithGolden(image, "two_spheres_anterior", test::kRenderTolerance);
}

TEST_CASE("Golden: translucent skin over bone", "[gl][golden]") {
    test::GlFixture gl;
    render::ViewOptions options;
    options.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = 0.4f;
    const auto image = gl.render(test::twoSpheres(), options, render::ViewPreset::Left, 320, 240);
    test::compareWithGolden(image, "two_spheres_translucent_left", test::kRenderTolerance);
}

TEST_CASE("Golden: the generated body, posterior", "[gl][golden]") {
    test::GlFixture gl;
    const auto image =
        gl.render(test::generatedBody(), {}, render::ViewPreset::Posterior, 320, 400);
    test::compareWithGolden(image, "generated_body_posterior", test::kRenderTolerance);
}

TEST_CASE("Golden: the atlas body's muscles from behind, and its deep fascia from the front",
          "[gl][golden]") {
    test::GlFixture gl;
    render::ViewOptions muscles;
    for (anatomy::LayerKind hidden : {anatomy::LayerKind::Skin,
                                      anatomy::LayerKind::SuperficialFascia,
                                      anatomy::LayerKind::DeepFascia})
        muscles.layerVisible[static_cast<size_t>(hidden)] = false;
    test::compareWithGolden(
        gl.render(test::defaultBody(), muscles, render::ViewPreset::Posterior, 320, 400),
        "atlas_body_muscles_posterior", test::kRenderTolerance);
    render::ViewOptions fascia;
    for (anatomy::LayerKind hidden :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia})
        fascia.layerVisible[static_cast<size_t>(hidden)] = false;
    test::compareWithGolden(
        gl.render(test::defaultBody(), fascia, render::ViewPreset::Anterior, 320, 400),
        "atlas_body_deep_fascia_anterior", test::kRenderTolerance);
}

TEST_CASE("Golden: the HRA skin, anterior", "[gl][golden][data]") {
    auto data = test::sharedData("the HRA skin golden image");
    if (!data)
        return;
    test::GlFixture gl;
    auto body = anatomy::io::loadModel(*data / "bodies" / "hra" / "VH_M_Skin.glb");
    REQUIRE(body.ok());
    const auto image = gl.render(*body, {}, render::ViewPreset::Anterior, 320, 400);
    test::compareWithGolden(image, "hra_skin_anterior", test::kRenderTolerance);
}

TEST_CASE("Golden: three nested translucent layers over an opaque core", "[gl][golden]") {
    test::GlFixture gl;
    const auto image = gl.render(test::nestedSpheres(), test::translucentLayers(0.3f, 0.4f, 0.5f),
                                 render::ViewPreset::Anterior, 320, 240);
    test::compareWithGolden(image, "nested_translucent_layers", test::kRenderTolerance);
}

TEST_CASE("Golden: each layer mode of the nested layers", "[gl][golden]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    struct Mode {
        const char* name;
        std::function<void(render::ViewOptions&)> set;
        render::ViewPreset view = render::ViewPreset::Left;
    };
    const Mode modes[] = {
        {"peeled_to_muscle",
         [&](render::ViewOptions& o) {
             render::peelOutermostLayer(o, body);
             render::peelOutermostLayer(o, body);
         }},
        {"xray", [](render::ViewOptions& o) { o.xray = true; }},
        {"clip_coronal_capped",
         [](render::ViewOptions& o) {
             o.clip.enabled = true;
             o.clip.axis = render::ClipAxis::Coronal;
             o.clip.offsetM = 0.05f;
         },
         render::ViewPreset::Anterior},
        {"fascia_network",
         [](render::ViewOptions& o) {
             o.fasciaNetwork = true;
             o.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = false;
         }},
        {"isolated_bone", [](render::ViewOptions& o) { render::isolateStructures(o, {3}); }},
    };
    for (const Mode& mode : modes) {
        render::ViewOptions options;
        mode.set(options);
        const auto image = gl.render(body, options, mode.view, 240, 180);
        test::compareWithGolden(image, std::string("layer_mode_") + mode.name,
                                test::kRenderTolerance);
    }
}

TEST_CASE("Golden: overlays — heat map, referred-pain zones, pins, streamlines", "[gl][golden]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    render::Overlays overlays;
    overlays.heatMap.minimum = 0.0f;
    overlays.heatMap.maximum = 40.0f;
    const auto& fascia = body.structures()[1].mesh;
    render::StructureField field{1, {}};
    for (const glm::vec3& p : fascia.positions)
        field.values.push_back(20.0f + 50.0f * p.y); // 8 kPa at the bottom to 32 at the top
    overlays.heatMap.fields.push_back(field);
    const auto& skin = body.structures()[0].mesh;
    render::StructureZones zones{0, {}};
    for (const glm::vec3& p : skin.positions) {
        const float fromSpot = glm::length(p - glm::vec3(0.1f, 0.15f, 0.22f));
        zones.perVertex.push_back(fromSpot < 0.08f   ? render::ZoneKind::Essential
                                  : fromSpot < 0.16f ? render::ZoneKind::Spillover
                                                     : render::ZoneKind::None);
    }
    overlays.zones.push_back(zones);
    render::Marker pin;
    pin.position = {-0.1f, 0.0f, glm::sqrt(0.3f * 0.3f - 0.01f)};
    pin.normal = glm::normalize(pin.position);
    pin.state = render::MarkerState::Selected;
    overlays.markers.push_back(pin);
    render::PolylineSet ring;
    ring.structure = 1;
    for (int k = 0; k < 5; ++k) {
        render::Polyline line;
        const float y = -0.15f + 0.075f * float(k);
        const float r = std::sqrt(0.24f * 0.24f - y * y) + 0.002f;
        for (int a = 0; a <= 64; ++a) {
            const float angle = 6.2831853f * float(a) / 64.0f;
            line.points.push_back({r * std::cos(angle), y, r * std::sin(angle)});
        }
        ring.lines.push_back(line);
    }
    overlays.polylines.push_back(ring);
    render::ViewOptions options = test::translucentLayers(0.25f, 1.0f, 1.0f);
    options.overlays = &overlays;
    const auto image = gl.render(body, options, render::ViewPreset::Anterior, 320, 240);
    test::compareWithGolden(image, "overlays_heat_zones_pins", test::kRenderTolerance);
}
