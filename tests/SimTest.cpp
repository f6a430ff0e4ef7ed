// The fascia simulation against closed forms: a standard linear solid's stress relaxation and
// creep, a hanging spring chain's static extension; and its parameters, colouring, determinism
// and stability.
#include "TestSupport.h"

#include "sim/Model.h"
#include "sim/Parameters.h"
#include "sim/Solver.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <set>

using namespace sim;

TEST_CASE("The simulation's parameters come from a data file with sources, checked on reading",
          "[sim]") {
    const Parameters& parameters = defaultParameters();
    const TissueParameters* deep = parameters.forLayer(anatomy::LayerKind::DeepFascia);
    const TissueParameters* superficial =
        parameters.forLayer(anatomy::LayerKind::SuperficialFascia);
    REQUIRE(deep);
    REQUIRE(superficial);
    CHECK_FALSE(parameters.forLayer(anatomy::LayerKind::Muscle));
    // Published ranges (fascia lata along 71.6-275.9 MPa, across 3.2-41.9 MPa; deep fascia
    // about 0.5-1.5 mm; superficial fascia a few MPa).
    CHECK(deep->youngsModulusAlongMPa >= 70.0f);
    CHECK(deep->youngsModulusAlongMPa <= 280.0f);
    CHECK(deep->youngsModulusAcrossMPa >= 3.0f);
    CHECK(deep->youngsModulusAcrossMPa <= 40.0f);
    CHECK(deep->thicknessMm >= 0.5f);
    CHECK(deep->thicknessMm <= 1.5f);
    CHECK(superficial->youngsModulusAlongMPa < 10.0f);
    for (const auto& [id, tissue] : parameters.tissues) {
        INFO(id);
        CHECK(tissue.sources.size() >= 2);
        CHECK(tissue.modulusPa(1.0f) == Approx(tissue.youngsModulusAlongMPa * 1e6f));
        CHECK(tissue.modulusPa(0.0f) == Approx(tissue.youngsModulusAcrossMPa * 1e6f));
    }

    // The release law and the tools are part of the same file, each value with its source.
    CHECK(parameters.gliding.sources.size() >= 2);
    CHECK_FALSE(parameters.restriction.sources.empty());
    CHECK(parameters.release.sources.size() >= 2);
    for (const char* id : {"thumb", "palm", "elbow", "ball", "foam-roller"}) {
        INFO(id);
        const ToolParameters* tool = parameters.tool(id);
        REQUIRE(tool);
        CHECK_FALSE(tool->sources.empty());
        CHECK(tool->minimumKPa < tool->typicalKPa);
        CHECK(tool->typicalKPa < tool->maximumKPa);
    }
    // A foam roller about 30-50 kPa over 50-70 cm2; trigger-point compression up to 250 kPa.
    CHECK(parameters.tool("foam-roller")->contactAreaCm2 >= 50.0f);
    CHECK(parameters.tool("foam-roller")->contactAreaCm2 <= 70.0f);
    CHECK(parameters.tool("thumb")->maximumKPa == 250.0f);

    const std::string good(defaultParametersText());
    REQUIRE(parseParameters(good, "p.json").ok());
    struct Broken {
        std::string from, to, message;
    };
    const Broken broken[] = {
        {"\"thicknessMm\": 1.0,", "", "tissues.deep-fascia.thicknessMm: missing"},
        {"\"thicknessMm\": 1.0", "\"thicknessMm\": \"thin\"", "thicknessMm: expected a number"},
        {"\"youngsModulusAlongMPa\": 150.0", "\"youngsModulusAlongMPa\": 150000000",
         "youngsModulusAlongMPa: must lie between"},
        {"\"relaxationTimeS\": 30.0", "\"relaxationTimeS\": -1", "relaxationTimeS: must lie"},
        {"\"sources\": [", "\"sourcesX\": [", "sources: every entry needs its sources"},
        {"\"gliding\"", "\"glide\"", "gliding: missing"},
        {"\"pressureReferenceKPa\": 40.0", "\"pressureReferenceKPa\": 5.0",
         "release.pressureReferenceKPa: must be above its threshold"},
        {"\"shape\": \"sphere\"", "\"shape\": \"cube\"",
         "tools.thumb.shape: expected \"sphere\", \"disc\" or \"cylinder\""},
        {"\"typicalKPa\": 40.0", "\"typicalKPa\": 400.0",
         "tools.thumb: needs minimumKPa <= typicalKPa <= maximumKPa"},
        {"{", "[", "p.json: not valid JSON"},
    };
    for (const Broken& b : broken) {
        std::string text = good;
        const size_t at = text.find(b.from);
        REQUIRE(at != std::string::npos);
        text.replace(at, b.from.size(), b.to);
        const auto parsed = parseParameters(text, "p.json");
        REQUIRE_FALSE(parsed.ok());
        CHECK_THAT(parsed.error().message, Catch::StartsWith("p.json: "));
        CHECK_THAT(parsed.error().message, Catch::Contains(b.message));
    }
}

TEST_CASE("A held stretch relaxes as the standard linear solid's closed form, within 2%",
          "[sim][validation]") {
    // Four links in series between pinned ends, stretched 2% at t = 0; the three particles
    // between them are free, so the solver has to keep the chain in equilibrium.
    const float kElastic = 1000.0f, ratio = 0.5f, tau = 2.0f, strain = 0.02f, rest = 0.25f;
    Model model;
    for (int i = 0; i <= 4; ++i)
        model.addParticle(glm::vec3(rest * static_cast<float>(i), 0, 0),
                          i == 0 || i == 4 ? 0.0f : 0.01f);
    for (std::uint32_t i = 0; i < 4; ++i)
        model.addLink(i, i + 1, kElastic, ratio, tau);
    colourLinks(model);
    for (glm::vec3& p : model.positions)
        p.x *= 1.0f + strain;
    Solver solver({1.0f / 60.0f, 8, 20, glm::vec3(0.0f), 50.0f});
    double worst = 0.0;
    for (int frame = 1; frame <= 600; ++frame) {
        solver.step(model);
        const double t = solver.timeS();
        const double expected = static_cast<double>(strain * rest) * static_cast<double>(kElastic) *
                                (1.0 + static_cast<double>(ratio) * std::exp(-t / double(tau)));
        for (const Link& link : model.links)
            worst = std::max(worst, std::abs(static_cast<double>(model.tension(link)) - expected) /
                                        expected);
    }
    INFO("largest relative error " << worst);
    CHECK(worst < 0.02);
    // After five time constants only the elastic branch is left.
    CHECK(model.tension(model.links[0]) == Approx(strain * rest * kElastic).epsilon(0.02));
}

TEST_CASE("A held load creeps as the standard linear solid's closed form, within 2%",
          "[sim][validation]") {
    const float kElastic = 1000.0f, ratio = 1.0f, tau = 2.0f, force = 10.0f;
    Model model;
    model.addParticle(glm::vec3(0.0f), 0.0f);
    model.addParticle(glm::vec3(1.0f, 0.0f, 0.0f), 0.01f);
    model.addLink(0, 1, kElastic, ratio, tau);
    colourLinks(model);
    // Heavily damped: the load is applied slowly compared with the spring's own period, so
    // the response is the quasi-static one the closed form describes.
    Solver solver({1.0f / 60.0f, 16, 20, glm::vec3(0.0f), 300.0f});
    const auto pull = [&](const Model&, std::vector<glm::vec3>& forces) {
        forces[1] = glm::vec3(force, 0.0f, 0.0f);
    };
    const double kInf = kElastic, k1 = static_cast<double>(ratio) * kInf;
    const double tauCreep = static_cast<double>(tau) * (kInf + k1) / kInf;
    double worst = 0.0;
    for (int frame = 1; frame <= 12 * 60; ++frame) {
        solver.step(model, pull);
        const double t = solver.timeS();
        if (t < 0.5)
            continue; // the first moments are the spring's own (damped) response
        const double expected =
            static_cast<double>(force) / kInf * (1.0 - k1 / (kInf + k1) * std::exp(-t / tauCreep));
        const double extension = static_cast<double>(model.positions[1].x) - 1.0;
        worst = std::max(worst, std::abs(extension - expected) / expected);
    }
    INFO("largest relative error " << worst);
    CHECK(worst < 0.02);
}

TEST_CASE("A hanging spring chain settles at its closed-form extension, within 1%",
          "[sim][validation]") {
    const int springs = 10;
    const float k = 2000.0f, mass = 0.1f, rest = 0.1f, g = 9.81f;
    Model model;
    for (int i = 0; i <= springs; ++i)
        model.addParticle(glm::vec3(0.0f, -rest * static_cast<float>(i), 0.0f),
                          i == 0 ? 0.0f : mass);
    for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(springs); ++i)
        model.addLink(i, i + 1, k, 0.0f, 1.0f);
    colourLinks(model);
    Solver solver({1.0f / 60.0f, 8, 20, glm::vec3(0.0f, -g, 0.0f), 5.0f});
    for (int frame = 0; frame < 20 * 60; ++frame)
        solver.step(model);
    const double extension = -static_cast<double>(model.positions.back().y + rest * springs);
    const double expected =
        static_cast<double>(mass * g) * springs * (springs + 1) / (2.0 * static_cast<double>(k));
    INFO("extension " << extension << " m, closed form " << expected << " m");
    CHECK(extension == Approx(expected).epsilon(0.01));
    // Each spring carries the weight below it.
    for (const Link& link : model.links) {
        const std::uint32_t upper = std::min(link.a, link.b); // the spring's number from the top
        CHECK(
            model.tension(link) ==
            Approx(mass * g * static_cast<float>(springs - static_cast<int>(upper))).epsilon(0.01));
    }
}

namespace {

Model sphereMembrane() {
    const anatomy::Structure sphere =
        test::sphereStructure("sheet", anatomy::LayerKind::DeepFascia, 0.1f);
    return buildMembrane(sphere.mesh,
                         *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia));
}

} // namespace

TEST_CASE("A membrane from a fascia surface: masses, stiffness and colours", "[sim]") {
    const anatomy::Structure sphere =
        test::sphereStructure("sheet", anatomy::LayerKind::DeepFascia, 0.1f);
    const TissueParameters& deep = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    const Model model = buildMembrane(sphere.mesh, deep);
    REQUIRE(model.particleCount() == sphere.mesh.vertexCount());
    // One link per edge of the mesh (an edge of zero length carries nothing).
    std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
    double area = 0.0;
    for (size_t t = 0; t < sphere.mesh.triangleCount(); ++t) {
        const std::uint32_t* v = &sphere.mesh.indices[3 * t];
        for (int k = 0; k < 3; ++k)
            if (glm::distance(sphere.mesh.positions[v[k]], sphere.mesh.positions[v[(k + 1) % 3]]) >
                1e-6f)
                edges.insert({std::min(v[k], v[(k + 1) % 3]), std::max(v[k], v[(k + 1) % 3])});
        area += 0.5 * static_cast<double>(glm::length(
                          glm::cross(sphere.mesh.positions[v[1]] - sphere.mesh.positions[v[0]],
                                     sphere.mesh.positions[v[2]] - sphere.mesh.positions[v[0]])));
    }
    CHECK(model.links.size() == edges.size());
    for (const Link& link : model.links)
        CHECK(edges.count({std::min(link.a, link.b), std::max(link.a, link.b)}) == 1);
    // The sheet's mass is density x thickness x its area.
    double mass = 0.0;
    for (float w : model.inverseMasses)
        mass += 1.0 / static_cast<double>(w);
    CHECK(mass == Approx(static_cast<double>(deep.densityKgM3 * deep.thicknessMm) * 1e-3 * area)
                      .epsilon(1e-4));
    // No two links of a colour share a particle.
    REQUIRE(model.colourStarts.back() == model.links.size());
    for (size_t c = 0; c + 1 < model.colourStarts.size(); ++c) {
        std::set<std::uint32_t> used;
        for (std::uint32_t l = model.colourStarts[c]; l < model.colourStarts[c + 1]; ++l) {
            CHECK(used.insert(model.links[l].a).second);
            CHECK(used.insert(model.links[l].b).second);
        }
    }
    CHECK(model.colourStarts.size() - 1 <= 16); // a surface mesh needs few colours
    CHECK(model.strainEnergy() == 0.0); // built at rest
}

TEST_CASE("The solver is deterministic and stays finite under random pushes", "[sim][property]") {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
        INFO("seed " << seed);
        std::mt19937 random(seed);
        std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
        Model first = sphereMembrane();
        // Pin a few particles, as anchors at bone would.
        for (size_t i = 0; i < first.particleCount(); i += 97)
            first.inverseMasses[i] = 0.0f;
        // Random pushes for half a second, then nothing.
        std::vector<glm::vec3> pushes(first.particleCount());
        for (glm::vec3& p : pushes)
            p = 0.02f * glm::vec3(unit(random), unit(random), unit(random));
        Model second = first;
        Solver a({1.0f / 60.0f, 8, 1, glm::vec3(0.0f), 2.0f}), b(a.settings());
        int frame = 0;
        const auto push = [&](const Model&, std::vector<glm::vec3>& forces) {
            if (frame < 30)
                forces = pushes;
        };
        for (; frame < 120; ++frame) {
            a.step(first, push);
            b.step(second, push);
            REQUIRE(std::isfinite(first.kineticEnergy() + first.strainEnergy()));
        }
        // Left alone, the damped sheet comes to rest.
        CHECK(first.kineticEnergy() < 1e-4);
        // The same inputs give the same bytes.
        CHECK(std::memcmp(first.positions.data(), second.positions.data(),
                          first.positions.size() * sizeof(glm::vec3)) == 0);
    }
}
