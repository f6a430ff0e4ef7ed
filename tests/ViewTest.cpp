// Layer control, clipping, search, camera transitions and fibre streamlines: the view logic
// the panels and the renderer share, without a GL context.
#include "TestSupport.h"
#include "anatomy/Bvh.h"
#include "anatomy/FibreLines.h"
#include "anatomy/Search.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/SurfaceNets.h"
#include "render/Camera.h"
#include "render/ColorMap.h"
#include "render/ViewOptions.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

namespace {

std::string describe(const anatomy::Body& body, int structure) {
    const auto& s = body.structures()[static_cast<size_t>(structure)];
    return s.displayName + " (" + std::string(anatomy::sideId(s.side)) + ")";
}

} // namespace

TEST_CASE("Peeling hides the outermost visible layer, one at a time, never the last", "[view]") {
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions options;
    using anatomy::LayerKind;
    const LayerKind expected[] = {LayerKind::Skin, LayerKind::SuperficialFascia,
                                  LayerKind::DeepFascia, LayerKind::Muscle};
    for (LayerKind layer : expected) {
        const auto peeled = render::peelOutermostLayer(options, body);
        REQUIRE(peeled.has_value());
        CHECK(*peeled == layer);
        CHECK_FALSE(options.visible(layer));
    }
    CHECK_FALSE(render::peelOutermostLayer(options, body).has_value()); // bone stays
    CHECK(options.visible(LayerKind::Bone));
    options.xray = true;
    render::isolateStructures(options, {0});
    render::restoreAllLayers(options);
    for (LayerKind layer : anatomy::kAllLayers)
        CHECK(options.visible(layer));
    CHECK(options.isolated.empty());
    CHECK_FALSE(options.xray);
}

TEST_CASE("Structure choices override their layer's; isolation shows only the chosen", "[view]") {
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions options;
    const int trapezius = body.findStructure("trapezius-upper", anatomy::Side::Left);
    REQUIRE(trapezius >= 0);
    const size_t t = static_cast<size_t>(trapezius);
    CHECK(options.structureOpacity(body, t) == 1.0f);
    options.structure(t).opacity = 0.4f;
    CHECK(options.structureOpacity(body, t) == Approx(0.4f));
    options.structure(t).visible = false;
    CHECK(options.structureOpacity(body, t) == 0.0f);
    options.structure(t).visible = true;
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Muscle)] = false;
    CHECK(options.structureOpacity(body, t) == 0.0f); // a hidden layer hides its structures
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Muscle)] = true;
    render::isolateStructures(options, {trapezius});
    CHECK(options.structureOpacity(body, t) > 0.0f);
    CHECK(options.structureOpacity(body, 0) == 0.0f);
}

TEST_CASE("The CLI's layer and opacity lists parse, and bad ones say what is wrong", "[view]") {
    auto layers = render::parseLayerList("skin, muscle");
    REQUIRE(layers.ok());
    CHECK((*layers)[static_cast<size_t>(anatomy::LayerKind::Skin)]);
    CHECK_FALSE((*layers)[static_cast<size_t>(anatomy::LayerKind::Bone)]);
    auto bad = render::parseLayerList("skin,fat");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("'fat'"));
    render::ViewOptions options;
    CHECK(render::parseLayerOpacities("skin=0.3,deep-fascia=0.5", options).ok());
    CHECK(options.opacity(anatomy::LayerKind::Skin) == Approx(0.3f));
    for (const char* wrong : {"skin=1.5", "skin=", "skin=abc", "skin", "hair=0.5", "skin=nan"}) {
        INFO(wrong);
        auto status = render::parseLayerOpacities(wrong, options);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().kind == core::ErrorKind::Usage);
    }
}

TEST_CASE("A clipping plane keeps one half, and picking only sees that half", "[view][bvh]") {
    render::ClipPlane plane;
    plane.enabled = true;
    plane.axis = render::ClipAxis::Coronal;
    plane.offsetM = 0.1f;
    CHECK(plane.keeps({0, 0, 0.05f}));
    CHECK_FALSE(plane.keeps({0, 0, 0.15f}));
    plane.flipped = true;
    CHECK_FALSE(plane.keeps({0, 0, 0.05f}));
    CHECK(plane.keeps({0, 0, 0.15f}));
    plane.flipped = false;

    // A sphere of radius 0.3 at the origin, cut at z = 0.1: looking from +z, the first hit
    // is no longer the front of the sphere (z = 0.3) but the back (z = -0.3), the only
    // surface left in the kept half along the ray.
    anatomy::Body body;
    body.addStructure(test::sphereStructure("sphere", anatomy::LayerKind::Muscle, 0.3f));
    const anatomy::BodyBvh bvh(body);
    const core::Ray ray{{0, 0, 2}, {0, 0, -1}};
    const auto whole = bvh.intersect(ray);
    REQUIRE(whole);
    CHECK(whole->position.z == Approx(0.3f).margin(0.01f));
    const auto [from, to] = plane.keptInterval(ray);
    CHECK(from == Approx(1.9f));
    const auto cut = bvh.intersect(ray, {}, from, to);
    REQUIRE(cut);
    CHECK(cut->position.z == Approx(-0.3f).margin(0.01f));
    // Looking from inside the kept half toward the cut: only what lies before the plane.
    const core::Ray outward{{0, 0, -2}, {0, 0, 1}};
    const auto [from2, to2] = plane.keptInterval(outward);
    CHECK(from2 == 0.0f);
    CHECK(to2 == Approx(2.1f));
    const auto back = bvh.intersect(outward, {}, from2, to2);
    REQUIRE(back);
    CHECK(back->position.z == Approx(-0.3f).margin(0.01f));
}

TEST_CASE("Search finds structures by display name, Latin, partial words and typos", "[search]") {
    const anatomy::Body& body = test::defaultBody();
    auto topHit = [&](const char* query) {
        const auto hits = anatomy::searchStructures(body, query);
        INFO(query);
        REQUIRE_FALSE(hits.empty());
        return hits.front();
    };
    auto top = [&](const char* query) { return describe(body, topHit(query).structure); };
    // The issue's own example: typing "levator" finds levator scapulae, both sides first.
    const auto levator = anatomy::searchStructures(body, "levator");
    REQUIRE(levator.size() >= 2);
    CHECK(describe(body, levator[0].structure) == "Levator scapulae (left)");
    CHECK(describe(body, levator[1].structure) == "Levator scapulae (right)");
    CHECK_THAT(top("levator scap"), Catch::StartsWith("Levator scapulae"));
    using Catch::Matchers::Contains;
    const auto anyCase = Catch::CaseSensitive::No;
    CHECK_THAT(top("trapezus"), Contains("trapezius", anyCase));  // a letter missing
    CHECK_THAT(top("trapeizus"), Contains("trapezius", anyCase)); // two letters swapped
    CHECK_THAT(top("glutaeus maximus"), Catch::StartsWith("Gluteus maximus"));     // Latin spelling
    CHECK_THAT(top("musculus infraspinatus"), Catch::StartsWith("Infraspinatus")); // Latin
    CHECK_THAT(top("lat dorsi"), Catch::StartsWith("Latissimus dorsi"));
    // A group by its name, and a named region of the deep fascia.
    CHECK(body.structures()[static_cast<size_t>(topHit("suboccipitals").structure)].info.group ==
          "suboccipitals");
    for (const char* region : {"thoracolumbar", "fascia lata"}) {
        const anatomy::SearchHit hit = topHit(region);
        const anatomy::Structure& s = body.structures()[static_cast<size_t>(hit.structure)];
        CHECK(s.layer == anatomy::LayerKind::DeepFascia);
        REQUIRE(hit.region >= 0);
        CHECK_THAT(s.regionNames[static_cast<size_t>(hit.region)], Contains(region, anyCase));
    }
    CHECK(anatomy::searchStructures(body, "   ").empty());
    CHECK(anatomy::searchStructures(body, "xylophone").empty());
    // Every word must match: "levator" alone finds more than "levator xylophone".
    CHECK(anatomy::searchStructures(body, "levator xylophone").empty());
}

TEST_CASE("Edit distance counts insertions, deletions, substitutions and swaps", "[search]") {
    CHECK(anatomy::editDistance("", "") == 0);
    CHECK(anatomy::editDistance("soleus", "soleus") == 0);
    CHECK(anatomy::editDistance("soleus", "soleu") == 1);
    CHECK(anatomy::editDistance("soleus", "solaus") == 1);
    CHECK(anatomy::editDistance("soleus", "oselus") == 2);
    CHECK(anatomy::editDistance("teres", "tersee") == 2);
    CHECK(anatomy::editDistance("abc", "") == 3);
}

TEST_CASE("Camera transitions ease from one pose to the other", "[camera]") {
    render::OrbitCamera from, to;
    from.target = {0, 1, 0};
    from.distanceM = 4.0f;
    from.yawRad = 3.0f;
    to.target = {0.2f, 1.5f, 0};
    to.distanceM = 1.0f;
    to.yawRad = -3.0f; // the short way round crosses pi, not zero
    render::CameraTransition move(from, to, 0.5f);
    CHECK(move.active());
    const auto start = move.at(0.0f);
    CHECK(glm::length(start.target - from.target) < 1e-6f);
    const auto middle = move.at(0.5f);
    CHECK(middle.distanceM == Approx(2.0f)); // the geometric mean: zoom feels even
    CHECK(std::abs(std::abs(middle.yawRad) - std::numbers::pi_v<float>) < 0.01f);
    // Eased: slow at the ends, so a quarter of the time covers less than a quarter of the way.
    const auto quarter = move.at(0.25f);
    CHECK(glm::length(quarter.target - from.target) < 0.25f * glm::length(to.target - from.target));
    move.advance(0.3f);
    CHECK(move.active());
    const auto end = move.advance(0.3f);
    CHECK_FALSE(move.active());
    CHECK(glm::length(end.target - to.target) < 1e-6f);
    CHECK(end.distanceM == Approx(1.0f));

    // Framing a small box from the current direction keeps the scene's depth range.
    render::OrbitCamera wide;
    core::Aabb body{{-0.3f, 0.0f, -0.2f}, {0.3f, 1.8f, 0.2f}};
    wide.frame(body, 1.5f);
    core::Aabb small{{0.1f, 1.4f, -0.05f}, {0.2f, 1.5f, 0.05f}};
    const auto close = wide.framing(small, 1.5f);
    CHECK(close.distanceM < wide.distanceM / 4.0f);
    CHECK(close.yawRad == wide.yawRad);
    CHECK(close.farM() >= glm::length(close.eye() - glm::vec3(0, 0, 0)));
}

TEST_CASE("The heat-map colour map runs dark to bright and stays on its table", "[view]") {
    CHECK(glm::length(render::viridis(0.0f) - render::kViridisStops.front()) < 1e-6f);
    CHECK(glm::length(render::viridis(1.0f) - render::kViridisStops.back()) < 1e-6f);
    CHECK(glm::length(render::viridis(-3.0f) - render::kViridisStops.front()) < 1e-6f);
    CHECK(glm::length(render::viridis(std::nanf(""))) > 0.0f);
    // Lightness rises monotonically: equal value steps read as ordered steps.
    float previous = -1.0f;
    for (int i = 0; i <= 32; ++i) {
        const glm::vec3 c = render::viridis(float(i) / 32.0f);
        const float luminance = 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
        CHECK(luminance > previous);
        previous = luminance;
    }
}

TEST_CASE("Fibre streamlines follow the fibres, stay on the surface and keep apart", "[fibres]") {
    // A cylinder of radius 0.1 along Y with fibres around it: lines must be rings.
    core::Aabb box{{-0.2f, -0.3f, -0.2f}, {0.2f, 0.3f, 0.2f}};
    anatomy::SurfaceMesh mesh = anatomy::meshDistanceField(
        [](const glm::vec3& p) {
            return std::max(std::hypot(p.x, p.z) - 0.1f, std::abs(p.y) - 0.25f);
        },
        box, 0.01f);
    for (const glm::vec3& p : mesh.positions) {
        const glm::vec3 around(-p.z, 0.0f, p.x);
        mesh.fibres.push_back(glm::length(around) > 1e-6f ? glm::normalize(around)
                                                          : glm::vec3(1, 0, 0));
    }
    anatomy::StreamlineOptions options;
    options.spacingM = 0.03f;
    const auto lines = anatomy::traceFibreStreamlines(mesh, options);
    REQUIRE(lines.size() >= 10);
    size_t onSide = 0;
    for (const auto& line : lines) {
        for (size_t k = 1; k < line.size(); ++k) {
            const glm::vec3 step = line[k] - line[k - 1];
            const glm::vec3 mid = 0.5f * (line[k] + line[k - 1]);
            if (std::abs(mid.y) > 0.2f)
                continue; // the caps have no meaningful "around"
            ++onSide;
            // Along the fibres: no vertical drift, and on the surface (radius 0.1 + lift).
            CHECK(std::abs(step.y) < 0.25f * glm::length(step) + 1e-4f);
            CHECK(std::hypot(mid.x, mid.z) == Approx(0.1f).margin(0.004f));
        }
    }
    CHECK(onSide > 50);
    // Without fibres there is nothing to trace.
    mesh.fibres.clear();
    CHECK(anatomy::traceFibreStreamlines(mesh).empty());
}
