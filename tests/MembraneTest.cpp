// The orthotropic membrane of constant-strain triangles (sim/Membrane.h): the tissue's moduli
// along and across its fibres and its Poisson ratio, whatever angle the fibres make with the
// mesh's edges, in the equilibrium solve and in the dynamic solver; collagen that takes no
// compression.
#include "sim/Membrane.h"
#include "sim/Equilibrium.h"
#include "sim/Model.h"
#include "sim/Parameters.h"
#include "sim/Simulation.h"
#include "sim/Solver.h"

#include <catch2/catch.hpp>

#include <glm/geometric.hpp>
#include <glm/mat2x2.hpp>
#include <glm/matrix.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

using namespace sim;

namespace {

constexpr int kCellsX = 12, kCellsY = 8;
constexpr float kSpacingM = 0.01f;

// A flat rectangular sheet in the xy plane, each cell split along alternating diagonals, its
// fibres at `fibreAngleDeg` to the x axis (the mesh's rows).
anatomy::SurfaceMesh sheet(float fibreAngleDeg) {
    anatomy::SurfaceMesh mesh;
    const float angle = fibreAngleDeg * std::numbers::pi_v<float> / 180.0f;
    for (int y = 0; y <= kCellsY; ++y)
        for (int x = 0; x <= kCellsX; ++x) {
            mesh.positions.emplace_back(static_cast<float>(x) * kSpacingM,
                                        static_cast<float>(y) * kSpacingM, 0.0f);
            mesh.normals.emplace_back(0.0f, 0.0f, 1.0f);
            mesh.fibres.emplace_back(std::cos(angle), std::sin(angle), 0.0f);
        }
    const auto at = [](int x, int y) { return static_cast<std::uint32_t>(y * (kCellsX + 1) + x); };
    for (int y = 0; y < kCellsY; ++y)
        for (int x = 0; x < kCellsX; ++x) {
            const std::uint32_t a = at(x, y), b = at(x + 1, y), c = at(x + 1, y + 1),
                                d = at(x, y + 1);
            if ((x + y) % 2 == 0)
                mesh.indices.insert(mesh.indices.end(), {a, b, c, a, c, d});
            else
                mesh.indices.insert(mesh.indices.end(), {a, b, d, b, c, d});
        }
    return mesh;
}

// Forces on the sheet's boundary particles that load it with a uniform nominal stress
// `stressPa` along the in-plane unit `direction` (uniaxial): on each boundary segment the
// traction stress (direction . n) direction times its cross-section, half to each end.
ParticleForces uniaxialLoad(const anatomy::SurfaceMesh& mesh, glm::dvec2 direction, double stressPa,
                            double thicknessM) {
    std::vector<glm::dvec3> force(mesh.vertexCount(), glm::dvec3(0.0));
    const auto at = [](int x, int y) { return static_cast<size_t>(y * (kCellsX + 1) + x); };
    const auto segment = [&](size_t a, size_t b, glm::dvec2 normal) {
        const double length =
            glm::distance(glm::dvec3(mesh.positions[a]), glm::dvec3(mesh.positions[b]));
        const glm::dvec2 traction = stressPa * glm::dot(direction, normal) * direction;
        const glm::dvec3 half = glm::dvec3(traction, 0.0) * (0.5 * length * thicknessM);
        force[a] += half;
        force[b] += half;
    };
    for (int x = 0; x < kCellsX; ++x) {
        segment(at(x, 0), at(x + 1, 0), {0.0, -1.0});
        segment(at(x, kCellsY), at(x + 1, kCellsY), {0.0, 1.0});
    }
    for (int y = 0; y < kCellsY; ++y) {
        segment(at(0, y), at(0, y + 1), {-1.0, 0.0});
        segment(at(kCellsX, y), at(kCellsX, y + 1), {1.0, 0.0});
    }
    ParticleForces forces;
    for (size_t i = 0; i < force.size(); ++i)
        if (glm::length(force[i]) > 0.0)
            forces.emplace_back(static_cast<std::uint32_t>(i), glm::vec3(force[i]));
    return forces;
}

// The sheet's deformation gradient in its plane: the least-squares affine fit of where the
// particles went.
glm::dmat2 fittedGradient(const anatomy::SurfaceMesh& rest, const Model& model) {
    glm::dvec2 restMean(0.0), nowMean(0.0);
    const auto n = static_cast<double>(rest.vertexCount());
    for (size_t i = 0; i < rest.vertexCount(); ++i) {
        restMean += glm::dvec2(rest.positions[i]) / n;
        nowMean += glm::dvec2(model.positions[i]) / n;
    }
    glm::dmat2 restRest(0.0), nowRest(0.0);
    for (size_t i = 0; i < rest.vertexCount(); ++i) {
        const glm::dvec2 r = glm::dvec2(rest.positions[i]) - restMean;
        const glm::dvec2 x = glm::dvec2(model.positions[i]) - nowMean;
        restRest += glm::outerProduct(r, r);
        nowRest += glm::outerProduct(x, r);
    }
    return nowRest * glm::inverse(restRest);
}

// Green strain and second Piola-Kirchhoff stress along `direction` and across it, for a
// uniaxial nominal stress along `direction`.
struct Response {
    double stressAlong = 0.0, strainAlong = 0.0, strainAcross = 0.0;
};

Response responseOf(const glm::dmat2& f, glm::dvec2 direction, double stressPa) {
    const glm::dmat2 green = 0.5 * (glm::transpose(f) * f - glm::dmat2(1.0));
    const glm::dvec2 across(-direction.y, direction.x);
    const glm::dmat2 nominal = stressPa * glm::outerProduct(direction, direction);
    const glm::dmat2 secondPiola = glm::inverse(f) * nominal;
    return {glm::dot(direction, secondPiola * direction), glm::dot(direction, green * direction),
            glm::dot(across, green * across)};
}

const TissueParameters& deepFascia() {
    return defaultParameters().tissues.at("deep-fascia");
}

// The tangent modulus and Poisson ratio between two loads along `direction`.
struct Measured {
    double modulusPa = 0.0, poisson = 0.0;
};

template <typename Solve>
Measured measure(float fibreAngleDeg, glm::dvec2 direction, double lowPa, double highPa,
                 const Solve& solve) {
    const anatomy::SurfaceMesh mesh = sheet(fibreAngleDeg);
    const double thickness = static_cast<double>(deepFascia().thicknessMm) * 1e-3;
    Response r[2];
    const double loads[2] = {lowPa, highPa};
    for (int k = 0; k < 2; ++k) {
        Model model = buildMembrane(mesh, deepFascia(), MembraneElements::Triangles);
        for (Triangle& t : model.triangles)
            t.maxwellRatio = 0.0f; // the relaxed (long-term) moduli
        solve(model, uniaxialLoad(mesh, direction, loads[k], thickness));
        r[k] = responseOf(fittedGradient(mesh, model), direction, loads[k]);
    }
    const double strain = r[1].strainAlong - r[0].strainAlong;
    return {(r[1].stressAlong - r[0].stressAlong) / strain,
            -(r[1].strainAcross - r[0].strainAcross) / strain};
}

void solveStatics(Model& model, const ParticleForces& forces) {
    std::vector<std::uint32_t> all(model.particleCount()), triangles(model.triangles.size()),
        bends(model.bends.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<std::uint32_t>(i);
    for (size_t t = 0; t < triangles.size(); ++t)
        triangles[t] = static_cast<std::uint32_t>(t);
    for (size_t b = 0; b < bends.size(); ++b)
        bends[b] = static_cast<std::uint32_t>(b);
    PatchEquilibrium solver(EquilibriumSettings{60, 1e-7f});
    // A long step: the particles' inertia holds the free sheet's rigid motions without
    // loading it measurably.
    solver.setPatch(model, all, {}, bends, triangles);
    const EquilibriumReport report = solver.solve(model, forces, 1.0f);
    REQUIRE(report.converged);
}

glm::dvec2 inPlane(float angleDeg) {
    const double angle = static_cast<double>(angleDeg) * std::numbers::pi / 180.0;
    return {std::cos(angle), std::sin(angle)};
}

} // namespace

TEST_CASE("The membrane's law: the tissue's moduli past the toe, slack collagen in compression",
          "[sim][membrane]") {
    const TissueParameters& tissue = deepFascia();
    const OrthotropicLaw law = OrthotropicLaw::of(tissue);
    const double along = static_cast<double>(tissue.youngsModulusAlongMPa) * 1e6;
    const double across = static_cast<double>(tissue.youngsModulusAcrossMPa) * 1e6;
    const double toe = static_cast<double>(tissue.toeStrainPercent) * 0.01;
    REQUIRE(toe > 0.0);
    // Uniaxial along the fibres (no stress across): the across strain that frees it, then the
    // tangent modulus.
    const auto uniaxialTangent = [&](double e11) {
        const glm::dmat3 k = law.tangent({e11, 0.0, 0.0});
        return k[0][0] - k[0][1] * k[0][1] / k[1][1];
    };
    CHECK(uniaxialTangent(2.0 * toe) == Approx(along).epsilon(1e-6));
    CHECK(uniaxialTangent(0.5 * toe) == Approx(across + 0.5 * (along - across)).epsilon(1e-6));
    CHECK(uniaxialTangent(-0.02) == Approx(across).epsilon(1e-6)); // compression: the matrix
    // The energy's derivative is the stress (a check of the closed forms against each other).
    for (const glm::dvec3 e : {glm::dvec3(0.01, -0.004, 0.003), glm::dvec3(0.035, 0.01, -0.02),
                               glm::dvec3(-0.01, 0.02, 0.0)}) {
        const glm::dvec3 stress = law.stress(e);
        for (int c = 0; c < 3; ++c) {
            glm::dvec3 step(0.0);
            step[c] = 1e-7;
            const double numeric =
                (law.energyDensity(e + step) - law.energyDensity(e - step)) / 2e-7;
            CHECK(numeric == Approx(stress[c]).epsilon(1e-4).margin(1.0));
        }
    }
}

TEST_CASE("A constant-strain triangle's stiffness blocks are the derivative of its forces",
          "[sim][membrane]") {
    const std::array<glm::vec3, 3> rest = {glm::vec3(0.0f), glm::vec3(0.012f, 0.001f, 0.0f),
                                           glm::vec3(0.003f, 0.01f, 0.001f)};
    Triangle t = makeTriangle({0, 1, 2}, rest, glm::vec3(1.0f, 0.3f, 0.0f), 1e-3f,
                              OrthotropicLaw::of(deepFascia()), 0.0f, 1.0f);
    // Stretched both ways, along the fibres past the toe, so that the law is smooth where it is
    // probed and the stress has no compressive part (which the blocks leave out on purpose).
    const glm::dvec3 stretch(1.045, 1.03, 1.0);
    const glm::dvec3 x[3] = {glm::dvec3(rest[0]) * stretch,
                             glm::dvec3(rest[1]) * stretch + glm::dvec3(0.0, 0.0, 0.0002),
                             glm::dvec3(rest[2]) * stretch};
    const auto forceOn = [&](const glm::dvec3(&p)[3], int corner) {
        const TriangleStrain s = triangleStrain(t, p[0], p[1], p[2]);
        const auto g = strainGradient(t, s);
        const glm::dvec3 stress = static_cast<double>(t.volume) * triangleStress(t, s.strain);
        return stress.x * g[0][corner] + stress.y * g[1][corner] + stress.z * g[2][corner];
    };
    const TriangleStrain state = triangleStrain(t, x[0], x[1], x[2]);
    REQUIRE(state.strain.x > 0.02);
    REQUIRE(principalTension(-triangleStress(t, state.strain)) < 0.0f); // no compression
    const auto blocks = triangleStiffness(t, state, strainGradient(t, state));
    for (int j = 0; j < 3; ++j)
        for (int m = 0; m < 3; ++m)
            for (int axis = 0; axis < 3; ++axis) {
                glm::dvec3 plus[3] = {x[0], x[1], x[2]}, minus[3] = {x[0], x[1], x[2]};
                plus[m][axis] += 1e-8;
                minus[m][axis] -= 1e-8;
                const glm::dvec3 numeric = (forceOn(plus, j) - forceOn(minus, j)) / 2e-8;
                for (int r = 0; r < 3; ++r)
                    CHECK(blocks[j][m][axis][r] ==
                          Approx(numeric[r]).epsilon(1e-4).margin(1e-3 * glm::length(numeric)));
            }
}

TEST_CASE("A membrane sheet has the tissue's moduli and Poisson ratio at any fibre angle to its "
          "mesh, at equilibrium",
          "[sim][membrane]") {
    const TissueParameters& tissue = deepFascia();
    const double along = static_cast<double>(tissue.youngsModulusAlongMPa) * 1e6;
    const double across = static_cast<double>(tissue.youngsModulusAcrossMPa) * 1e6;
    const double nu = static_cast<double>(tissue.poissonRatio);
    for (const float angle : {0.0f, 15.0f, 30.0f, 45.0f, 60.0f, 90.0f}) {
        CAPTURE(angle);
        // Along the fibres, past the toe (about 3 to 4 % strain); across them, 2 to 3 %.
        // Solved to convergence, the sheet's figures are the law's to within 0.1 % (measured:
        // 0.003 %); checked at twice that.
        const Measured a = measure(angle, inPlane(angle), 0.03 * along, 0.04 * along, solveStatics);
        CHECK(a.modulusPa == Approx(along).epsilon(0.002));
        CHECK(a.poisson == Approx(nu).margin(0.002));
        const Measured c =
            measure(angle, inPlane(angle + 90.0f), 0.02 * across, 0.03 * across, solveStatics);
        CHECK(c.modulusPa == Approx(across).epsilon(0.002));
    }
}

TEST_CASE("A membrane sheet has the tissue's moduli and Poisson ratio in the dynamic solver",
          "[sim][membrane][long]") {
    // The dynamic solver's triangles carry the same law: run with enough passes to converge
    // (20 passes in each of 8 substeps a frame, the simulation's damping) until the sheet has
    // come to rest under the load, it settles where the equilibrium solve does. The loads here
    // stretch the sheet by percents, far beyond what the web's dynamics carry (a tool's load goes
    // to the equilibrium solve): on particles of a 1 mm sheet's mass a substep would predict
    // moves of metres, so the particles are made heavier, which leaves the statics as they are.
    // At the app's own settings (four substeps of one pass) Gauss-Seidel has not converged by
    // the end of a substep, and the sheet settles softer along the fibres (about a third of the
    // modulus on this sheet): statics are the equilibrium solve's work there (Simulation.h).
    SolverSettings settings = Simulation::defaultSettings();
    settings.substeps = 8;
    settings.iterations = 20;
    settings.threads = 1;
    const auto solveDynamics = [&](Model& model, const ParticleForces& load) {
        for (float& w : model.inverseMasses)
            w *= 1e-4f;
        Solver solver(settings);
        const ForceField field = [&load](const Model&, std::vector<glm::vec3>& forces) {
            for (const auto& [i, force] : load)
                forces[i] += force;
        };
        for (int frame = 0; frame < 150; ++frame)
            solver.step(model, field);
        double fastest = 0.0;
        for (const glm::vec3& v : model.velocities)
            fastest = std::max(fastest, static_cast<double>(glm::length(v)));
        CHECK(fastest < 1e-3); // at rest: under 1 mm/s
    };
    const TissueParameters& tissue = deepFascia();
    const double along = static_cast<double>(tissue.youngsModulusAlongMPa) * 1e6;
    const double across = static_cast<double>(tissue.youngsModulusAcrossMPa) * 1e6;
    const double nu = static_cast<double>(tissue.poissonRatio);
    for (const float angle : {0.0f, 30.0f, 90.0f}) {
        CAPTURE(angle);
        const Measured a =
            measure(angle, inPlane(angle), 0.03 * along, 0.04 * along, solveDynamics);
        CHECK(a.modulusPa == Approx(along).epsilon(0.05));
        CHECK(a.poisson == Approx(nu).margin(0.05));
        const Measured c =
            measure(angle, inPlane(angle + 90.0f), 0.02 * across, 0.03 * across, solveDynamics);
        CHECK(c.modulusPa == Approx(across).epsilon(0.05));
    }
}

TEST_CASE("A triangle flatter than 1:100 is left out of the membrane, its corners kept", "[sim]") {
    anatomy::SurfaceMesh mesh;
    // A unit right triangle, and beside it a cap: its third corner 0.4 mm off a 10 cm edge
    // (twice its area 0.4 % of the edge squared).
    mesh.positions = {
        {0.0f, 0.0f, 0.0f}, {0.1f, 0.0f, 0.0f}, {0.0f, 0.1f, 0.0f}, {0.05f, -0.0004f, 0.0f}};
    mesh.indices = {0, 1, 2, 0, 3, 1};
    mesh.normals.assign(4, glm::vec3(0.0f, 0.0f, 1.0f));
    const TissueParameters& deep = *defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    const Model model = buildMembrane(mesh, deep, MembraneElements::Triangles);
    CHECK(model.particleCount() == 4);
    REQUIRE(model.triangles.size() == 1);
    CHECK(model.triangles[0].v == std::array<std::uint32_t, 3>{0, 1, 2});
    // At 1:50 it is kept.
    mesh.positions[3].y = -0.002f;
    CHECK(buildMembrane(mesh, deep, MembraneElements::Triangles).triangles.size() == 2);
}
