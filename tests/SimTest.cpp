// The fascia simulation against closed forms: a standard linear solid's stress relaxation and
// creep, a hanging spring chain's static extension, a tensioned membrane under a point load;
// and its parameters, colouring, welding, determinism and stability. (The web under tools:
// WebTest.cpp.)
#include "TestSupport.h"

#include "sim/Equilibrium.h"
#include "sim/Model.h"
#include "sim/Parameters.h"
#include "sim/Simulation.h"
#include "sim/Solver.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
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
        {"\"glidingShearReferenceKPa\": 40.0", "\"glidingShearReferenceKPa\": 5.0",
         "release.glidingShearReferenceKPa: must be above its threshold"},
        {"\"pinAndStretch\"", "\"pin\"", "pinAndStretch: missing"},
        {"\"excursionMm\": 15.0", "\"excursionMm\": -15.0",
         "pinAndStretch.movements[0].excursionMm: must lie between"},
        {"\"id\": \"knee-straighten\"", "\"id\": \"head-side-bend\"",
         "pinAndStretch.movements[1].id: \"head-side-bend\" is used twice"},
        {"\"muscles\": []", "\"muscles\": [\"deltoid\"]",
         "the last movement is the default, for any other muscle, and names none"},
        {"\"reachMm\": 20.0", "\"reachMm\": 0.0", "insertions.reachMm: must lie between"},
        {"\"gluteus-maximus\", \"fascia\": \"Iliotibial tract\"",
         "\"latissimus-dorsi\", \"fascia\": \"Thoracolumbar fascia\"",
         "insertions.muscles[2]: \"latissimus-dorsi\" into \"Thoracolumbar fascia\" is listed "
         "twice"},
        {"\"muscle\": \"tensor-fasciae-latae\"", "\"muscle\": 7",
         "insertions.muscles[3].muscle: expected text"},
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

TEST_CASE("A held stretch relaxes as the standard linear solid's closed form, by the "
          "validation's solver and as the app solves a restriction",
          "[sim][validation]") {
    // Four links in series between pinned ends, alternately three times as stiff, stretched 2 %
    // at t = 0 with every particle moved alike: the three particles between them are out of
    // balance and must find their equilibrium while the chain relaxes. All four share the
    // Maxwell ratio and time, so the chain is a standard linear solid of the series stiffness.
    const float ratio = 0.5f, tau = 2.0f, strain = 0.02f, rest = 0.25f;
    const float stiffness[4] = {1000.0f, 3000.0f, 1000.0f, 3000.0f};
    double series = 0.0;
    for (float k : stiffness)
        series += 1.0 / static_cast<double>(k);
    series = 1.0 / series;
    const double totalStretch = 4.0 * static_cast<double>(strain * rest);
    // The validation's XPBD (8 substeps x 20 passes, heavily damped), and the app's way with a
    // restriction at rest (Simulation): its settings (4 substeps x 1 pass, whose single pass
    // leaves a link only as stiff as its particles' mass over the substep squared), the region
    // held still by the dynamic step, which relaxes its dashpots, then each frame the
    // equilibrium solve of its free particles (FasciaWeb::solveRegion).
    for (const bool app : {false, true}) {
        Model model;
        for (int i = 0; i <= 4; ++i)
            model.addParticle(glm::vec3(rest * static_cast<float>(i), 0, 0),
                              i == 0 || i == 4 ? 0.0f : 0.01f);
        for (std::uint32_t i = 0; i < 4; ++i)
            model.addLink(i, i + 1, stiffness[i], ratio, tau);
        colourLinks(model);
        for (glm::vec3& p : model.positions)
            p.x *= 1.0f + strain;
        SolverSettings settings = app ? Simulation::defaultSettings()
                                      : SolverSettings{1.0f / 60.0f, 8, 20, glm::vec3(0.0f), 50.0f};
        settings.threads = 1;
        Solver solver(settings);
        PatchEquilibrium equilibrium;
        equilibrium.setPatch(model, {1, 2, 3}, {0, 1, 2, 3}, {});
        // The validation's solver is let go out of balance: its first second is the chain's own
        // (damped) response. The equilibrium solve has none.
        const double from = app ? 0.0 : 1.0;
        double worst = 0.0;
        for (int frame = 1; frame <= 600; ++frame) {
            if (app) { // the region held still by the dynamic step, which relaxes its dashpots
                const std::vector<float> inverseMasses = model.inverseMasses;
                std::fill(model.inverseMasses.begin(), model.inverseMasses.end(), 0.0f);
                solver.step(model);
                model.inverseMasses = inverseMasses;
                equilibrium.solve(model, {}, settings.timeStepS);
            } else {
                solver.step(model);
            }
            const double t = solver.timeS();
            if (t < from)
                continue;
            const double expected = totalStretch * series *
                                    (1.0 + static_cast<double>(ratio) * std::exp(-t / double(tau)));
            for (const Link& link : model.links)
                worst =
                    std::max(worst, std::abs(static_cast<double>(model.tension(link)) - expected) /
                                        expected);
        }
        std::printf("stress relaxation, %s: largest error %.4f %%\n",
                    app ? "the app's solvers" : "the validation's XPBD", 100.0 * worst);
        // docs/simulation.md: within 0.01 % (XPBD) and 1 % (the app's way, whose Maxwell
        // branches creep towards the lengths of the frame before: a lag of dt / tau = 0.8 %).
        const double documented = app ? 1e-2 : 1e-4;
        CHECK(worst < 2.0 * documented);
    }
}

TEST_CASE("A held load creeps as the standard linear solid's closed form, at the validation's "
          "and the app's solver settings",
          "[sim][validation]") {
    const float kElastic = 1000.0f, ratio = 1.0f, tau = 2.0f, force = 10.0f;
    // Heavily damped: the load is applied slowly compared with the spring's own period, so
    // the response is the quasi-static one the closed form describes.
    struct Setting {
        const char* name;
        SolverSettings solver;
        double documented; // the largest error docs/simulation.md gives
    };
    SolverSettings app = Simulation::defaultSettings(); // as heavily damped as the validation's
    app.dampingPerS = 300.0f;
    const Setting settings[] = {{"validation (16 substeps x 20 passes)",
                                 SolverSettings{1.0f / 60.0f, 16, 20, glm::vec3(0.0f), 300.0f},
                                 4e-3},
                                {"the app's (4 substeps x 1 pass)", app, 4e-3}};
    for (const Setting& setting : settings) {
        Model model;
        model.addParticle(glm::vec3(0.0f), 0.0f);
        model.addParticle(glm::vec3(1.0f, 0.0f, 0.0f), 0.01f);
        model.addLink(0, 1, kElastic, ratio, tau);
        colourLinks(model);
        SolverSettings solverSettings = setting.solver;
        solverSettings.threads = 1;
        Solver solver(solverSettings);
        const auto pull = [&](const Model&, std::vector<glm::vec3>& forces) {
            forces[1] = glm::vec3(force, 0.0f, 0.0f);
        };
        const double kInf = static_cast<double>(kElastic), k1 = static_cast<double>(ratio) * kInf;
        const double tauCreep = static_cast<double>(tau) * (kInf + k1) / kInf;
        double worst = 0.0;
        for (int frame = 1; frame <= 12 * 60; ++frame) {
            solver.step(model, pull);
            const double t = solver.timeS();
            if (t < 0.5)
                continue; // the first moments are the spring's own (damped) response
            const double expected = static_cast<double>(force) / kInf *
                                    (1.0 - k1 / (kInf + k1) * std::exp(-t / tauCreep));
            const double extension = static_cast<double>(model.positions[1].x) - 1.0;
            worst = std::max(worst, std::abs(extension - expected) / expected);
        }
        std::printf("creep at %s settings: largest error %.4f %%\n", setting.name, 100.0 * worst);
        CHECK(worst < 2.0 * setting.documented); // docs/simulation.md: within 0.4 %
    }
}

TEST_CASE("A hanging spring chain settles at its closed-form extension", "[sim][validation]") {
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
    double worstTension = 0.0; // each spring carries the weight below it
    for (const Link& link : model.links) {
        const std::uint32_t upper = std::min(link.a, link.b); // the spring's number from the top
        const double weight =
            static_cast<double>(mass * g) * static_cast<double>(springs - static_cast<int>(upper));
        worstTension = std::max(
            worstTension, std::abs(static_cast<double>(model.tension(link)) - weight) / weight);
    }
    std::printf("hanging chain: extension %.4f %% from its closed form, tensions within %.4f %%\n",
                100.0 * std::abs(extension - expected) / expected, 100.0 * worstTension);
    // docs/simulation.md: within 0.1 % and 0.2 %.
    CHECK(extension == Approx(expected).epsilon(2e-3));
    CHECK(worstTension < 4e-3);
}

namespace {

Model sphereMembrane(MembraneElements elements = MembraneElements::Links) {
    const anatomy::Structure sphere =
        test::sphereStructure("sheet", anatomy::LayerKind::DeepFascia, 0.1f);
    // Triangles from a mesh welded as the body's web is (the meshing leaves a few triangles a
    // micrometre across, whose particles would weigh nothing).
    const anatomy::SurfaceMesh& mesh =
        elements == MembraneElements::Triangles ? weldShortEdges(sphere.mesh).mesh : sphere.mesh;
    return buildMembrane(mesh, *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia),
                         elements);
}

// The sphere's membrane of triangles on a bed, as the body's web is held: supports towards the
// centre and along the surface, with drag.
Model supportedTriangleSphere() {
    Model model = sphereMembrane(MembraneElements::Triangles);
    model.supports.resize(model.particleCount());
    for (size_t i = 0; i < model.particleCount(); ++i) {
        Support& support = model.supports[i];
        support.home = model.positions[i];
        support.normal = glm::normalize(model.positions[i]);
        support.normalStiffness = 40.0f;
        support.slidingStiffness = 4.0f;
        support.slidingDrag = 0.05f;
    }
    return model;
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
    CHECK(model.strainEnergy() == 0.0);         // built at rest
}

TEST_CASE("The solver is deterministic and stays finite under random pushes", "[sim][property]") {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
        // Links on odd seeds, the triangles the body's web is made of on even ones.
        const bool triangles = seed % 2 == 0;
        INFO("seed " << seed << (triangles ? ", triangles" : ", links"));
        std::mt19937 random(seed);
        std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
        Model first =
            sphereMembrane(triangles ? MembraneElements::Triangles : MembraneElements::Links);
        REQUIRE((triangles ? first.triangles.size() : first.links.size()) > 0);
        // Pin a few particles, as anchors at bone would.
        for (size_t i = 0; i < first.particleCount(); i += 97)
            first.inverseMasses[i] = 0.0f;
        // Random pushes for half a second, then nothing.
        std::vector<glm::vec3> pushes(first.particleCount());
        for (glm::vec3& p : pushes)
            p = 0.02f * glm::vec3(unit(random), unit(random), unit(random));
        Model second = first;
        // The second solver has three threads: each splits a colour's links at other places,
        // so other links fall to the four-wide solve's scalar tail.
        Solver a({1.0f / 60.0f, 8, 1, glm::vec3(0.0f), 2.0f});
        Solver b({1.0f / 60.0f, 8, 1, glm::vec3(0.0f), 2.0f, 3});
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

TEST_CASE("A step over a part of a membrane: all of it gives the whole step's bits, and what "
          "is left out stays where it is",
          "[sim]") {
    Model model = supportedTriangleSphere();
    // Pushed out of balance: every seventh particle 1 % further out, a few pinned.
    for (size_t i = 0; i < model.particleCount(); i += 7)
        model.positions[i] *= 1.01f;
    for (size_t i = 0; i < model.particleCount(); i += 97)
        model.inverseMasses[i] = 0.0f;
    SolverSettings settings = Simulation::defaultSettings();
    settings.threads = 2;
    StepPart everything;
    for (std::uint32_t i = 0; i < model.particleCount(); ++i)
        everything.particles.push_back(i);
    for (std::uint32_t t = 0; t < model.triangles.size(); ++t)
        everything.triangles.push_back(t);
    Model whole = model, parted = model;
    Solver wholeSolver(settings), partSolver(settings);
    for (int frame = 0; frame < 10; ++frame) {
        wholeSolver.step(whole);
        partSolver.step(parted, everything);
    }
    const auto sameBytes = [](const auto& a, const auto& b) {
        return a.size() == b.size() &&
               std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0;
    };
    CHECK(sameBytes(whole.positions, parted.positions));
    CHECK(sameBytes(whole.velocities, parted.velocities));
    CHECK(glm::distance(whole.positions[7], model.positions[7]) > 1e-5f); // it did move

    // The upper half and the triangles touching it: the lower half stays to the bit.
    StepPart upper;
    for (std::uint32_t t = 0; t < model.triangles.size(); ++t) {
        bool touches = false;
        for (std::uint32_t corner : model.triangles[t].v)
            touches = touches || model.positions[corner].y > 0.0f;
        if (touches)
            upper.triangles.push_back(t);
    }
    for (std::uint32_t i = 0; i < model.particleCount(); ++i)
        if (model.positions[i].y > 0.0f)
            upper.particles.push_back(i);
    Model half = model;
    Solver halfSolver(settings);
    halfSolver.step(half, upper);
    size_t movedAbove = 0;
    for (std::uint32_t i = 0; i < model.particleCount(); ++i) {
        if (model.positions[i].y > 0.0f) {
            movedAbove += half.positions[i] != model.positions[i] ? 1 : 0;
            continue;
        }
        REQUIRE(half.positions[i] == model.positions[i]);
    }
    CHECK(movedAbove > upper.particles.size() / 4);
}

TEST_CASE("The four-wide link solve gives the same bits as the scalar one", "[sim]") {
    Model model = sphereMembrane();
    std::mt19937 random(7);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::vector<glm::vec4> particles(model.particleCount());
    for (size_t i = 0; i < particles.size(); ++i)
        particles[i] = glm::vec4(model.positions[i] +
                                     0.003f * glm::vec3(unit(random), unit(random), unit(random)),
                                 model.inverseMasses[i] * (1.0f + 0.5f * unit(random)));
    // The cases a lane must skip as the scalar solve does: both ends pinned, one end pinned,
    // and two ends in the same place.
    const Link& first = model.links[0];
    particles[first.a].w = particles[first.b].w = 0.0f;
    particles[model.links[5].a].w = 0.0f;
    const Link& coincident = model.links[9];
    particles[coincident.a] = glm::vec4(glm::vec3(particles[coincident.b]), 1.0f);
    // Both branches of the standard linear solid in play.
    for (Link& link : model.links)
        link.maxwellLength = link.restLength * (1.0f + 0.05f * unit(random));

    std::vector<glm::vec4> wide = particles, scalar = particles;
    std::vector<float> lambdasWide(model.links.size(), 0.0f), lambdasScalar = lambdasWide;
    const float inverseDt2 = 3600.0f * 64.0f;
    for (int pass = 0; pass < 5; ++pass)
        for (size_t c = 0; c + 1 < model.colourStarts.size(); ++c) {
            // Odd starts, so the four-wide groups and the scalar tail fall differently.
            const size_t begin = model.colourStarts[c], end = model.colourStarts[c + 1];
            const size_t split = begin + (end - begin) / 3;
            sim::detail::solveLinkRange(begin, split, wide.data(), model.links.data(),
                                        lambdasWide.data(), inverseDt2);
            sim::detail::solveLinkRange(split, end, wide.data(), model.links.data(),
                                        lambdasWide.data(), inverseDt2);
            sim::detail::solveLinkRangeScalar(begin, end, scalar.data(), model.links.data(),
                                              lambdasScalar.data(), inverseDt2);
        }
    // The particles moved (the test is not comparing two untouched copies) ...
    CHECK(glm::distance(glm::vec3(wide[model.links[20].a]),
                        glm::vec3(particles[model.links[20].a])) > 1e-6f);
    // ... the skipped links left their ends alone ...
    CHECK(std::memcmp(&wide[first.a], &particles[first.a], sizeof(glm::vec4)) == 0);
    CHECK(lambdasWide[0] == 0.0f);
    // ... and both solves agree to the bit.
    CHECK(std::memcmp(wide.data(), scalar.data(), wide.size() * sizeof(glm::vec4)) == 0);
    CHECK(std::memcmp(lambdasWide.data(), lambdasScalar.data(),
                      lambdasWide.size() * sizeof(float)) == 0);
}

namespace {

// A flat disc of radius `rings` x `spacing` in the z = 0 plane, meshed in rings: ring k has 6k
// vertices, so the triangles are nearly equilateral everywhere.
anatomy::SurfaceMesh ringDisc(int rings, float spacing) {
    anatomy::SurfaceMesh mesh;
    std::vector<std::vector<std::uint32_t>> ring(static_cast<size_t>(rings) + 1);
    for (int k = 0; k <= rings; ++k) {
        const int count = k == 0 ? 1 : 6 * k;
        for (int j = 0; j < count; ++j) {
            const float angle = 6.2831853f * static_cast<float>(j) / static_cast<float>(count);
            ring[static_cast<size_t>(k)].push_back(
                static_cast<std::uint32_t>(mesh.positions.size()));
            mesh.positions.emplace_back(spacing * static_cast<float>(k) * std::cos(angle),
                                        spacing * static_cast<float>(k) * std::sin(angle), 0.0f);
            mesh.normals.emplace_back(0.0f, 0.0f, 1.0f);
        }
    }
    for (int k = 1; k <= rings; ++k) {
        const auto& inner = ring[static_cast<size_t>(k) - 1];
        const auto& outer = ring[static_cast<size_t>(k)];
        const size_t n1 = inner.size(), n2 = outer.size();
        size_t i = 0, o = 0;
        while (i < (n1 == 1 ? 0u : n1) || o < n2) {
            const double innerNext =
                n1 == 1 ? 2.0 : static_cast<double>(i + 1) / static_cast<double>(n1);
            const double outerNext = static_cast<double>(o + 1) / static_cast<double>(n2);
            if (o < n2 && (outerNext <= innerNext || i >= n1)) {
                mesh.indices.insert(mesh.indices.end(),
                                    {inner[i % n1], outer[o % n2], outer[(o + 1) % n2]});
                ++o;
            } else {
                mesh.indices.insert(mesh.indices.end(),
                                    {inner[i % n1], outer[o % n2], inner[(i + 1) % n1]});
                ++i;
            }
        }
    }
    return mesh;
}

} // namespace

TEST_CASE("Edges far shorter than their neighbours are welded before the web is built", "[sim]") {
    anatomy::Structure disc;
    disc.name = disc.displayName = "sheet";
    disc.layer = anatomy::LayerKind::DeepFascia;
    disc.mesh = ringDisc(6, 0.005f);
    anatomy::SurfaceMesh& mesh = disc.mesh;
    // A well-shaped mesh has nothing to weld.
    const WeldedMesh clean = weldShortEdges(mesh);
    CHECK(clean.mesh.vertexCount() == mesh.vertexCount());
    CHECK(clean.mesh.triangleCount() == mesh.triangleCount());
    // Move one vertex almost onto a neighbour: their edge becomes a sliver's, 1 % of the others.
    const std::uint32_t a = mesh.indices[30], b = mesh.indices[31];
    mesh.positions[a] = mesh.positions[b] + 0.01f * (mesh.positions[a] - mesh.positions[b]);
    const WeldedMesh welded = weldShortEdges(mesh);
    REQUIRE(welded.vertexOf.size() == mesh.vertexCount());
    CHECK(welded.mesh.vertexCount() == mesh.vertexCount() - 1);
    CHECK(welded.vertexOf[a] == welded.vertexOf[b]);
    // The two triangles on that edge collapse; every other survives, none degenerate.
    CHECK(welded.mesh.triangleCount() == mesh.triangleCount() - 2);
    float shortest = INFINITY;
    for (size_t t = 0; t < welded.mesh.triangleCount(); ++t) {
        const std::uint32_t* v = &welded.mesh.indices[3 * t];
        CHECK((v[0] != v[1] && v[1] != v[2] && v[0] != v[2]));
        for (int k = 0; k < 3; ++k)
            shortest = std::min(shortest, glm::distance(welded.mesh.positions[v[k]],
                                                        welded.mesh.positions[v[(k + 1) % 3]]));
    }
    CHECK(shortest > 10.0f * glm::distance(mesh.positions[a], mesh.positions[b]));
    // The welded vertex lies between the two it replaces, with a unit normal.
    const std::uint32_t w = welded.vertexOf[a];
    CHECK(glm::distance(welded.mesh.positions[w], 0.5f * (mesh.positions[a] + mesh.positions[b])) <
          1e-6f);
    CHECK(glm::length(welded.mesh.normals[w]) == Approx(1.0f).epsilon(1e-4));
    // A web built on the mesh maps both vertices to one particle, every other to its own.
    anatomy::Body body;
    body.addStructure(disc);
    auto web = FasciaWeb::build(body, defaultParameters());
    REQUIRE(web);
    CHECK(web->model().particleCount() == mesh.vertexCount() - 1);
    CHECK(web->weldedVertexCount() == 1);
    CHECK(web->particleOf(0, a) == web->particleOf(0, b));
    std::set<std::uint32_t> particles;
    for (std::uint32_t v = 0; v < mesh.vertexCount(); ++v)
        particles.insert(*web->particleOf(0, v));
    CHECK(particles.size() == mesh.vertexCount() - 1);

    // A surface meshed from a distance field has slivers and coincident vertices; welded, no
    // edge is left under a tenth of the median.
    const anatomy::SurfaceMesh sphere =
        test::sphereStructure("sphere", anatomy::LayerKind::DeepFascia, 0.1f).mesh;
    const WeldedMesh sphereWelded = weldShortEdges(sphere);
    std::vector<float> lengths;
    for (size_t t = 0; t < sphereWelded.mesh.triangleCount(); ++t) {
        const std::uint32_t* v = &sphereWelded.mesh.indices[3 * t];
        for (int k = 0; k < 3; ++k)
            lengths.push_back(glm::distance(sphereWelded.mesh.positions[v[k]],
                                            sphereWelded.mesh.positions[v[(k + 1) % 3]]));
    }
    std::sort(lengths.begin(), lengths.end());
    CHECK(lengths.front() > 0.1f * lengths[lengths.size() / 2]);
    CHECK(sphereWelded.mesh.vertexCount() > sphere.vertexCount() * 9 / 10);
}

TEST_CASE("A tensioned membrane under a point load takes the logarithmic profile, within 5%",
          "[sim][validation]") {
    // w(r) = F / (2 pi T) ln(a / r) for a membrane of tension T (N/m) clamped at radius a.
    const int rings = 12;
    const float spacing = 0.008f, radius = rings * spacing;
    TissueParameters tissue = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    tissue.youngsModulusAlongMPa = tissue.youngsModulusAcrossMPa = 1.0f; // isotropic
    tissue.maxwellRatio = 0.0f;                                          // elastic
    // Statics do not depend on mass: a heavy sheet, heavily damped, settles without the large
    // first moves a light one makes under a point force.
    tissue.densityKgM3 = 1e5f;
    Model model = buildMembrane(ringDisc(rings, spacing), tissue);
    const size_t boundaryStart = model.particleCount() - 6 * rings;
    for (size_t i = boundaryStart; i < model.particleCount(); ++i)
        model.inverseMasses[i] = 0.0f;
    // Pre-tension: every rest length 1% short.
    for (Link& link : model.links)
        link.restLength = link.maxwellLength = 0.99f * link.restLength;
    // The multipliers start from zero each step, so a step's passes must converge for the
    // tension they rebuild (which gives the sheet its stiffness across) to be all there.
    Solver solver({0.01f, 1, 400, glm::vec3(0.0f), 30.0f});
    for (int step = 0; step < 50; ++step)
        solver.step(model);
    // The membrane's tension from the links' virial: trace(sigma) A = sum of f L, T = trace / 2.
    double virial = 0.0;
    for (const Link& link : model.links)
        virial += static_cast<double>(model.tension(link) * model.length(link));
    const double area = 3.14159265 * static_cast<double>(radius * radius);
    const double tension = virial / (2.0 * area);
    INFO("membrane tension " << tension << " N/m");
    REQUIRE(tension > 1.0);

    const float force = 0.01f; // small: the slopes stay near 1 %, so T does not change
    const auto push = [&](const Model&, std::vector<glm::vec3>& forces) {
        forces[0] = glm::vec3(0.0f, 0.0f, -force);
    };
    for (int step = 0; step < 150; ++step)
        solver.step(model, push);
    double worst = 0.0;
    for (int k = 4; k <= 9; ++k) { // from four rings out: the load sits on one particle
        // The mean deflection of ring k.
        const size_t first = 1 + static_cast<size_t>(3 * k * (k - 1));
        double w = 0.0;
        for (size_t i = first; i < first + static_cast<size_t>(6 * k); ++i)
            w -= static_cast<double>(model.positions[i].z);
        w /= 6.0 * k;
        const double r = static_cast<double>(spacing) * k;
        const double expected = static_cast<double>(force) / (2.0 * 3.14159265 * tension) *
                                std::log(static_cast<double>(radius) / r);
        INFO("r = " << r << " m: w = " << w << " m, closed form " << expected << " m");
        worst = std::max(worst, std::abs(w - expected) / expected);
        CHECK(std::abs(w - expected) < 0.05 * expected);
    }
    WARN("membrane point load: largest relative error " << worst);
}
