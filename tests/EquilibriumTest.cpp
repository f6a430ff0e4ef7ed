// The equilibrium solve of a patch of the web against closed forms: a spring chain's static
// extension, a simply supported plate's bending, and a pressed sheet's force balance and its
// independence from how far the patch reaches.
#include "sim/Equilibrium.h"
#include "sim/Model.h"
#include "sim/Parameters.h"

#include <catch2/catch.hpp>

#include <glm/geometric.hpp>

#include <numeric>

using namespace sim;

namespace {

// A flat grid of nx x ny vertices, `spacing` apart, in the z = 0 plane, facing +z.
anatomy::SurfaceMesh grid(int nx, int ny, float spacing) {
    anatomy::SurfaceMesh mesh;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            mesh.positions.emplace_back(spacing * static_cast<float>(i),
                                        spacing * static_cast<float>(j), 0.0f);
            mesh.normals.emplace_back(0.0f, 0.0f, 1.0f);
        }
    for (int j = 0; j + 1 < ny; ++j)
        for (int i = 0; i + 1 < nx; ++i) {
            const auto a = static_cast<std::uint32_t>(j * nx + i);
            const auto b = a + 1, c = a + static_cast<std::uint32_t>(nx), d = c + 1;
            mesh.indices.insert(mesh.indices.end(), {a, b, d, a, d, c});
        }
    return mesh;
}

std::vector<std::uint32_t> everything(const Model& model, std::vector<std::uint32_t>& links) {
    links.resize(model.links.size());
    std::iota(links.begin(), links.end(), 0u);
    std::vector<std::uint32_t> particles(model.particleCount());
    std::iota(particles.begin(), particles.end(), 0u);
    return particles;
}

// Ten links of 2 cm and 1000 N/m along x, the first particle fixed.
Model springChain() {
    Model model;
    model.addParticle(glm::vec3(0.0f), 0.0f);
    for (int i = 1; i <= 10; ++i) {
        model.addParticle(glm::vec3(0.02f * static_cast<float>(i), 0.0f, 0.0f), 0.001f);
        model.addLink(static_cast<std::uint32_t>(i - 1), static_cast<std::uint32_t>(i), 1000.0f,
                      0.0f, 1.0f);
    }
    return model;
}

constexpr float kStatic = 1e3f; // a long step: inertia and drag vanish, statics remain

// A flat sheet facing +z, `spacing` apart, laid on the gliding layer's bed and pressed at
// `centre` with 8 N shared by its particles within 1 cm; its particles within `patchRadius` of
// the centre are the patch to solve.
struct PressedSheet {
    std::vector<std::uint32_t> patch;
    ParticleForces forces;
};
PressedSheet pressOnBed(Model& model, float spacing, const glm::vec3& centre, float patchRadius) {
    const GlidingParameters& gliding = defaultParameters().gliding;
    model.supports.resize(model.particleCount());
    PressedSheet sheet;
    for (std::uint32_t i = 0; i < model.particleCount(); ++i) {
        Support& s = model.supports[i];
        s.home = model.positions[i];
        s.normal = glm::vec3(0.0f, 0.0f, 1.0f);
        s.normalStiffness = gliding.foundationModulusKPa * 1e3f /
                            (gliding.foundationDepthMm * 1e-3f) * spacing * spacing;
        s.slidingStiffness = gliding.slidingStiffnessKPaPerMm * 1e6f * spacing * spacing;
        const float distance = glm::distance(model.positions[i], centre);
        if (distance < patchRadius)
            sheet.patch.push_back(i);
        if (distance < 0.01f)
            sheet.forces.emplace_back(i, glm::vec3(0.0f));
    }
    for (auto& [i, force] : sheet.forces)
        force = glm::vec3(0.0f, 0.0f, -8.0f / static_cast<float>(sheet.forces.size()));
    return sheet;
}

} // namespace

TEST_CASE("Equilibrium: a spring chain under an end load stretches to its closed form",
          "[sim][equilibrium]") {
    // Ten links of 2 cm and 1000 N/m, the first particle fixed, 5 N pulling the last one:
    // each link carries the 5 N, so the end moves 10 x 5 / 1000 = 5 cm.
    Model model = springChain();
    std::vector<std::uint32_t> links;
    const std::vector<std::uint32_t> particles = everything(model, links);
    PatchEquilibrium equilibrium;
    equilibrium.setPatch(model, particles, links, {});
    const glm::vec3 load(5.0f, 0.0f, 0.0f);
    const EquilibriumReport report = equilibrium.solve(model, {{10u, load}}, kStatic);
    CHECK(report.converged);
    CHECK(model.positions[10].x == Approx(0.2f + 0.05f).epsilon(1e-4));
    CHECK(model.positions[0].x == 0.0f); // pinned particles stay
    // What holds the chain is the fixed end's pull, which balances the load.
    CHECK(report.heldN.x == Approx(-5.0f).epsilon(1e-3));

    SECTION("a load on the fixed end goes straight to the bone and counts as held") {
        Model again = model;
        const EquilibriumReport both =
            equilibrium.solve(again, {{10u, load}, {0u, glm::vec3(0.0f, -3.0f, 0.0f)}}, kStatic);
        CHECK(both.heldN.x == Approx(-5.0f).epsilon(1e-3));
        CHECK(both.heldN.y == Approx(3.0f).epsilon(1e-3));
        CHECK(again.positions[0] == glm::vec3(0.0f));
    }
}

TEST_CASE("Equilibrium: a simply supported square plate bends to its closed form",
          "[sim][equilibrium]") {
    // A 10 cm square of deep fascia, its rim held, pressed at the middle: the plate's dip is
    // 0.01160 F a^2 / D (Timoshenko & Woinowsky-Krieger, Theory of Plates and Shells, table 23),
    // D = E h^3 / 12 the sheet's rigidity. The load is small enough that the dip stays far below
    // the thickness, where stretching plays no part. The bending is the same along the mesh's
    // diagonals as along its rows, so one right-angled grid tests both.
    const TissueParameters& tissue = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    const int n = 41;
    const float side = 0.1f, spacing = side / static_cast<float>(n - 1);
    Model model = buildMembrane(grid(n, n, spacing), tissue);
    std::vector<std::uint32_t> links, bends(model.bends.size());
    std::iota(bends.begin(), bends.end(), 0u);
    const std::vector<std::uint32_t> particles = everything(model, links);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i)
            if (i == 0 || j == 0 || i == n - 1 || j == n - 1)
                model.inverseMasses[static_cast<size_t>(j * n + i)] = 0.0f;
    const auto middle = static_cast<std::uint32_t>((n / 2) * n + n / 2);
    const float loadN = 2e-3f;
    EquilibriumSettings settings;
    settings.tolerance = 1e-6f;
    PatchEquilibrium equilibrium(settings);
    equilibrium.setPatch(model, particles, links, bends);
    const EquilibriumReport report =
        equilibrium.solve(model, {{middle, glm::vec3(0.0f, 0.0f, -loadN)}}, kStatic);
    const float thickness = tissue.thicknessMm * 1e-3f;
    const float rigidity = std::sqrt(tissue.youngsModulusAlongMPa * tissue.youngsModulusAcrossMPa) *
                           1e6f * thickness * thickness * thickness / 12.0f;
    const float expected = 0.01160f * loadN * side * side / rigidity;
    const float dip = -model.positions[middle].z;
    INFO("dip " << dip * 1e6f << " um, plate theory " << expected * 1e6f << " um");
    CHECK(report.converged);
    CHECK(dip < 0.1f * thickness);
    CHECK(dip == Approx(expected).epsilon(0.05));
    // The rim's links are stiff (about 5e4 N/m): a float's resolution of their length is some
    // 1e-5 N of tension each, half a percent of this small load.
    CHECK(report.heldN.z == Approx(loadN).epsilon(0.02));
}

TEST_CASE("Equilibrium: a pressed sheet balances the load and the patch reaches far enough",
          "[sim][equilibrium]") {
    // A 24 cm square of deep fascia on its bed, pressed at the centre with 8 N.
    const TissueParameters& tissue = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    const float spacing = 0.006f;
    const int n = 41;
    const Model rest = buildMembrane(grid(n, n, spacing), tissue);
    CHECK_FALSE(rest.bends.empty());
    const glm::vec3 centre(0.5f * spacing * static_cast<float>(n - 1),
                           0.5f * spacing * static_cast<float>(n - 1), 0.0f);
    const auto pressed = [&](float patchRadius) {
        Model model = rest;
        const auto [patch, forces] = pressOnBed(model, spacing, centre, patchRadius);
        std::vector<std::uint32_t> links(model.links.size());
        std::iota(links.begin(), links.end(), 0u);
        PatchEquilibrium equilibrium;
        std::vector<std::uint32_t> bends(model.bends.size());
        std::iota(bends.begin(), bends.end(), 0u);
        equilibrium.setPatch(model, patch, links, bends);
        const EquilibriumReport report = equilibrium.solve(model, forces, 1.0f);
        CHECK(report.converged);
        // The bed beneath and the sheet around hold exactly what the tool pushes.
        CHECK(report.heldN.z == Approx(8.0f).epsilon(0.005));
        std::uint32_t middle = 0;
        for (std::uint32_t i = 0; i < model.particleCount(); ++i)
            if (glm::distance(model.positions[i], centre) <
                glm::distance(model.positions[middle], centre))
                middle = i;
        return -model.positions[middle].z;
    };
    const float whole = pressed(1.0f);
    const float patch = pressed(0.01f + 0.04f); // as the simulation does: the load's reach + 4 cm
    INFO("dip " << whole * 1e3f << " mm over the whole sheet, " << patch * 1e3f
                << " mm solving the patch only");
    CHECK(whole > 0.0f);
    CHECK(patch == Approx(whole).epsilon(0.05));
}

TEST_CASE("Equilibrium: a solve that says it converged leaves nothing for the next one to do, "
          "even when its kept factor is stale",
          "[sim][equilibrium]") {
    // A chain solved once keeps its factor; then its links are made a thousand times stiffer
    // (or softer) and it is loaded again, also across, so that it must swing round, and the
    // first step of the next solve, taken with the kept factor, is far too long (or short).
    // Whatever the line search meets, a solve reports convergence only where a fresh solve
    // from there has nothing to do.
    for (const float scale : {1e-3f, 1e3f}) {
        CAPTURE(scale);
        Model model = springChain();
        std::vector<std::uint32_t> links;
        const std::vector<std::uint32_t> particles = everything(model, links);
        PatchEquilibrium equilibrium(EquilibriumSettings{40, 1e-4f});
        equilibrium.setPatch(model, particles, links, {});
        REQUIRE(equilibrium.solve(model, {{10u, glm::vec3(5.0f, 0.0f, 0.0f)}}, kStatic).converged);
        for (Link& link : model.links)
            link.elasticStiffness *= scale;
        const ParticleForces load = {{10u, glm::vec3(5.0f, 2.0f, 0.0f)}};
        const EquilibriumReport report = equilibrium.solve(model, load, kStatic);
        REQUIRE(report.converged);
        const std::vector<glm::vec3> settled = model.positions;
        const EquilibriumReport again = equilibrium.solve(model, load, kStatic);
        CHECK(again.converged);
        CHECK(again.newtonSteps <= 1);
        float moved = 0.0f;
        for (size_t i = 0; i < settled.size(); ++i)
            moved = std::max(moved, glm::distance(settled[i], model.positions[i]));
        CHECK(moved < 1e-6f); // under a micrometre: it was already at rest
        // The chain carries the load: the held force balances it.
        CHECK(report.heldN.x == Approx(-5.0f).epsilon(1e-3));
        CHECK(report.heldN.y == Approx(-2.0f).epsilon(1e-3));
    }
}

TEST_CASE("Equilibrium: a sheet pressed where the body's shoulders are converges to its "
          "tolerance, which float positions alone could not hold",
          "[sim][equilibrium]") {
    // A 24 cm square of deep fascia (triangles, as the app's web has) on its bed, about 1.5 m
    // from the origin, where a float position is resolved only to about 1e-7 m, pressed at the
    // centre with 8 N.
    const TissueParameters& tissue = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    const float spacing = 0.006f;
    const int n = 41;
    anatomy::SurfaceMesh mesh = grid(n, n, spacing);
    const glm::vec3 shoulder(0.085f, 1.46f, -0.055f);
    for (glm::vec3& p : mesh.positions)
        p += shoulder;
    Model model = buildMembrane(mesh, tissue, MembraneElements::Triangles);
    REQUIRE_FALSE(model.triangles.empty());
    const glm::vec3 centre = shoulder + glm::vec3(0.5f * spacing * static_cast<float>(n - 1),
                                                  0.5f * spacing * static_cast<float>(n - 1), 0.0f);
    const auto [patch, forces] = pressOnBed(model, spacing, centre, 0.05f);
    std::vector<std::uint32_t> links(model.links.size()), bends(model.bends.size()),
        triangles(model.triangles.size());
    std::iota(links.begin(), links.end(), 0u);
    std::iota(bends.begin(), bends.end(), 0u);
    std::iota(triangles.begin(), triangles.end(), 0u);
    const float dt = 1.0f / 240.0f; // a substep of the app's frame
    const EquilibriumSettings settings;
    PatchEquilibrium equilibrium(settings);
    equilibrium.setPatch(model, patch, links, bends, triangles);
    EquilibriumReport report;
    for (int frame = 0; frame < 20 && (frame == 0 || report.newtonSteps > 0); ++frame)
        report = equilibrium.solve(model, forces, dt); // the drag lets it sink over a few frames
    const float tolerance = settings.tolerance * 1.0f; // the largest load on one is below 1 N
    REQUIRE(glm::length(forces.front().second) < 1.0f);
    CHECK(report.converged);
    CHECK(report.largestResidualN <= tolerance);
    CHECK(report.heldN.z == Approx(8.0f).epsilon(0.005));

    // Solved again with nothing changed, it is already there.
    const EquilibriumReport again = equilibrium.solve(model, forces, dt);
    CHECK(again.converged);
    CHECK(again.newtonSteps == 0);

    // A new solve from the positions as floats: their rounding alone leaves more unbalanced
    // force than the tolerance, which is why the solve keeps its own positions in double.
    PatchEquilibrium fromFloats(EquilibriumSettings{0, settings.tolerance});
    fromFloats.setPatch(model, patch, links, bends, triangles);
    const EquilibriumReport rounded = fromFloats.solve(model, forces, dt);
    INFO("largest unbalanced force: " << report.largestResidualN << " N solved, "
                                      << rounded.largestResidualN << " N once rounded to floats");
    CHECK(rounded.largestResidualN > 4.0f * tolerance);
}
