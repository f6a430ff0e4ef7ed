// A map as a user first sees it: the view it opens in faces its marks (the example's are on the
// back), and a pin the body hides from the eye is told apart from one in plain sight, so its
// label can be left out.
#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "annotate/MapFile.h"
#include "app/MapEditor.h"
#include "app/MarksView.h"
#include "app/PinSight.h"

#include <catch2/catch.hpp>

#include <glm/gtc/constants.hpp>

namespace {

// Where a point lands on a viewport of this aspect, in normalised device coordinates.
glm::vec2 onScreen(const render::OrbitCamera& camera, float aspect, glm::vec3 point) {
    const glm::vec4 clip = camera.projection(aspect) * camera.view() * glm::vec4(point, 1.0f);
    REQUIRE(clip.w > 0.0f);
    return glm::vec2(clip) / clip.w;
}

render::Marker markerAt(glm::vec3 position, glm::vec3 normal) {
    render::Marker marker;
    marker.position = position;
    marker.normal = normal;
    marker.label = "TrP";
    return marker;
}

} // namespace

TEST_CASE("The view that faces a set of surface normals", "[map][labels]") {
    using render::ViewPreset;
    CHECK(app::presetFacing({}) == ViewPreset::Anterior);
    CHECK(app::presetFacing({{0, 0, 1}}) == ViewPreset::Anterior);
    CHECK(app::presetFacing({{0.2f, 0.6f, -0.7f}, {-0.3f, 0.1f, -0.9f}}) == ViewPreset::Posterior);
    CHECK(app::presetFacing({{1, 0, 0.2f}}) == ViewPreset::Left);
    CHECK(app::presetFacing({{-1, 0, -0.2f}}) == ViewPreset::Right);
    // Most of them face back; one facing the front does not turn the view round.
    CHECK(app::presetFacing({{0, 0, -1}, {0.3f, 0, -0.9f}, {0, 0, 1}}) == ViewPreset::Posterior);
    // Straight up counts for no side: the front, as with none.
    CHECK(app::presetFacing({{0, 1, 0}}) == ViewPreset::Anterior);
}

TEST_CASE("The example map opens looking at the back, framed on its marks", "[map][labels]") {
    const anatomy::Body& body = test::defaultBody();
    auto document = annotate::loadMap(test::examplePath());
    REQUIRE(document.ok());
    const annotate::StructureIndex index(body);
    for (const annotate::Session& session : document->sessions) {
        INFO("session " << session.date);
        const auto view = app::viewOfMarks(body, index, session);
        REQUIRE(view);
        CHECK(view->preset == render::ViewPreset::Posterior);
    }

    // As the viewer does it: the map opened on the body, the camera turned from the front.
    app::MapEditor editor(test::makeTempDir("marks-view") / "untitled.fascia.json.recovery");
    editor.attachBody(&body, &test::defaultBvh());
    REQUIRE(editor.open(test::examplePath()).ok());
    const float aspect = 1.4f;
    render::OrbitCamera front;
    front.setPreset(render::ViewPreset::Anterior);
    front.frame(body.bounds(), aspect);
    const auto camera = editor.viewOfMarks(front, aspect);
    REQUIRE(camera);
    // Looking at the back: the eye behind the body, looking towards +Z (the body's front).
    CHECK(camera->forward().z > 0.99f);
    CHECK(camera->eye().z < body.bounds().min.z);
    // Closer than the whole body, and every mark of the open (latest) session on screen, away
    // from the edges.
    CHECK(camera->distanceM < front.distanceM * 0.75f);
    const annotate::Session& latest = document->sessions.back();
    REQUIRE(latest.triggerPoints.size() == 4);
    for (const annotate::TriggerPoint& point : latest.triggerPoints) {
        INFO(point.name);
        const glm::vec2 ndc = onScreen(*camera, aspect, point.anchor.position);
        CHECK(std::abs(ndc.x) < 0.8f);
        CHECK(std::abs(ndc.y) < 0.8f);
    }
    // A map without trigger points leaves the view alone.
    editor.newDocument();
    CHECK_FALSE(editor.viewOfMarks(front, aspect));
}

TEST_CASE("A pin on the back is hidden from the front and seen from the back", "[map][labels]") {
    const anatomy::Body& body = test::defaultBody();
    auto document = annotate::loadMap(test::examplePath());
    REQUIRE(document.ok());
    app::MapOverlayBuilder builder(body);
    app::MapDisplay display;
    display.session = static_cast<int>(document->sessions.size()) - 1;
    const render::Overlays overlays = builder.build(*document, display);
    REQUIRE(overlays.markers.size() == 4);

    const render::ViewOptions everything; // every layer shown, opaque: the skin on
    const app::PinOccluders occluders(body, everything);
    auto sightFrom = [&](render::ViewPreset preset, const render::Marker& marker) {
        render::OrbitCamera camera;
        camera.setPreset(preset);
        camera.frame(body.bounds(), 1.4f);
        return app::pinSight(test::defaultBvh(), occluders, camera, marker);
    };
    for (const render::Marker& marker : overlays.markers) {
        INFO(marker.label << ", normal " << marker.normal.x << " " << marker.normal.y << " "
                          << marker.normal.z);
        // From behind every pin stands in plain sight.
        CHECK(sightFrom(render::ViewPreset::Posterior, marker) == app::PinSight::Seen);
        // From the front, the points on the back (infraspinatus, gluteus medius) are behind the
        // body: no label on the chest or the belly. The upper trapezius point lies on top of
        // the shoulder and its pin stands up over it, in sight from the front too.
        const bool onTheBack = marker.label.rfind("Infraspinatus", 0) == 0 ||
                               marker.label.rfind("Gluteus medius", 0) == 0;
        if (onTheBack)
            CHECK(sightFrom(render::ViewPreset::Anterior, marker) == app::PinSight::Hidden);
        if (marker.label.rfind("Upper trapezius", 0) == 0)
            CHECK(sightFrom(render::ViewPreset::Anterior, marker) == app::PinSight::Seen);
    }
}

TEST_CASE("Pin sight on two nested spheres: seen, under the skin, behind the body",
          "[map][labels]") {
    anatomy::Body body;
    body.addStructure(test::sphereStructure("skin", anatomy::LayerKind::Skin, 0.20f, 0.01f));
    body.addStructure(test::sphereStructure("muscle", anatomy::LayerKind::Muscle, 0.18f, 0.01f));
    const anatomy::BodyBvh bvh(body);
    const render::Marker front = markerAt({0, 0, 0.18f}, {0, 0, 1});
    const render::Marker back = markerAt({0, 0, -0.18f}, {0, 0, -1});
    render::OrbitCamera camera; // looking from +Z
    camera.distanceM = 3.0f;    // a pin 7.5 cm long: its head well outside the skin
    const render::ViewOptions view;
    const app::PinOccluders occluders(body, view);
    CHECK(app::pinSight(bvh, occluders, camera, front) == app::PinSight::Seen);
    CHECK(app::pinSight(bvh, occluders, camera, back) == app::PinSight::Hidden);
    // Close up the pin is 1 cm long: its head lies under the skin, 2 cm over the muscle, so the
    // pin shows faint through it (a faded label).
    camera.distanceM = 0.4f;
    CHECK(app::pinSight(bvh, occluders, camera, front) == app::PinSight::Covered);
    CHECK(app::pinSight(bvh, occluders, camera, back) == app::PinSight::Hidden);
    // The skin see-through: the front pin is in plain sight again; the back one is still
    // behind the muscle.
    render::ViewOptions glassSkin;
    glassSkin.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = 0.4f;
    const app::PinOccluders throughGlass(body, glassSkin);
    CHECK(app::pinSight(bvh, throughGlass, camera, front) == app::PinSight::Seen);
    CHECK(app::pinSight(bvh, throughGlass, camera, back) == app::PinSight::Hidden);
    // X-ray: the muscle is the core, the skin a glass shell.
    render::ViewOptions xray;
    xray.xray = true;
    CHECK(app::pinSight(bvh, app::PinOccluders(body, xray), camera, front) == app::PinSight::Seen);
    // A cut that takes away the front half (keeping z < 0): the front pin's tissue is gone and
    // the pin is drawn whole, as the renderer draws a pin whose tissue is cut away.
    render::ViewOptions cut;
    cut.clip.enabled = true;
    cut.clip.axis = render::ClipAxis::Coronal;
    cut.clip.offsetM = 0.0f;
    cut.clip.flipped = !cut.clip.keeps({0, 0, -0.1f});
    REQUIRE(cut.clip.keeps({0, 0, -0.1f}));
    REQUIRE_FALSE(cut.clip.keeps({0, 0, 0.1f}));
    CHECK(app::pinSight(bvh, app::PinOccluders(body, cut), camera, front) == app::PinSight::Seen);
    // From behind, the back pin is seen and the front one hidden.
    camera.yawRad = glm::pi<float>();
    camera.distanceM = 3.0f;
    CHECK(app::pinSight(bvh, occluders, camera, back) == app::PinSight::Seen);
    CHECK(app::pinSight(bvh, occluders, camera, front) == app::PinSight::Hidden);
}
