// Benchmarks for the fascia simulation, each with a peer measured in the same run:
//   our XPBD link solve against Bullet's btSoftBody on the same sheet, with the same links, no
//   damping on either side and the same passes per step, each run at 10 and at 20 passes: the
//   summary compares the cost of one extra pass (the difference over 10), which is the link
//   pass alone on both sides, without what else a step does (Bullet's bounding volumes,
//   normals and pose; our substep's prediction and velocities); target: at least twice
//   Bullet's link solves per second; on square sheets and on the default body's deep fascia;
//   the default body's whole deep fascia as the app runs it (every frame's substeps, the
//   release law and the tension field), in simulation steps (frames of 1/60 s) per second of
//   real time (target >= 60), with the memory per particle.
// Run: build/bench/fascialab_bench --benchmark_filter=Sim
#include "anatomy/gen/BodyGenerator.h"
#include "sim/Simulation.h"

#include <BulletSoftBody/btDefaultSoftBodySolver.h>
#include <BulletSoftBody/btSoftBody.h>
#include <BulletSoftBody/btSoftBodyRigidBodyCollisionConfiguration.h>
#include <BulletSoftBody/btSoftRigidDynamicsWorld.h>
#include <benchmark/benchmark.h>
#include <btBulletDynamicsCommon.h>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

constexpr float kStep = 1.0f / 60.0f;

// A square sheet of fascia, 1 m across, n x n particles, its two top corners pinned.
sim::Model sheet(int n) {
    anatomy::SurfaceMesh mesh;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            mesh.positions.emplace_back(static_cast<float>(x) / static_cast<float>(n - 1), 0.0f,
                                        static_cast<float>(y) / static_cast<float>(n - 1));
            mesh.normals.emplace_back(0.0f, 1.0f, 0.0f);
        }
    for (int y = 0; y + 1 < n; ++y)
        for (int x = 0; x + 1 < n; ++x) {
            const auto i = static_cast<std::uint32_t>(y * n + x);
            const auto row = static_cast<std::uint32_t>(n);
            mesh.indices.insert(mesh.indices.end(),
                                {i, i + 1, i + row, i + 1, i + row + 1, i + row});
        }
    sim::TissueParameters tissue =
        *sim::defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    tissue.maxwellRatio = 0.0f; // Bullet's links are elastic
    sim::Model model = sim::buildMembrane(mesh, tissue);
    model.inverseMasses[static_cast<size_t>(n - 1) * static_cast<size_t>(n)] = 0.0f;
    model.inverseMasses.back() = 0.0f;
    return model;
}

const anatomy::Body& generatedBody() {
    static const anatomy::Body body = anatomy::gen::generateBody();
    return body;
}

// The product's own mesh: the default body's whole deep fascia, its particles (anchors pinned)
// and links alone, as both solvers can take them. Null, with `state` skipped, if it cannot be
// built.
const sim::Model* deepFasciaLinks(benchmark::State& state) {
    static const std::optional<sim::Model> model = []() -> std::optional<sim::Model> {
        // The web's own particles, welded and anchored as it builds them, joined by a link per
        // edge (the web itself is a membrane of triangles, which Bullet has no counterpart of).
        auto web = sim::FasciaWeb::build(generatedBody(), sim::defaultParameters());
        if (!web)
            return std::nullopt;
        sim::Model links;
        for (const sim::WebStructure& structure : web->structures()) {
            const anatomy::Structure& source =
                generatedBody().structures()[static_cast<size_t>(structure.structure)];
            sim::addMembrane(links, sim::weldShortEdges(source.mesh).mesh,
                             *sim::defaultParameters().forLayer(source.layer),
                             sim::MembraneElements::Links);
        }
        if (links.particleCount() != web->model().particleCount())
            return std::nullopt;
        links.inverseMasses = web->model().inverseMasses; // the anchors pinned
        sim::colourLinks(links);
        return links;
    }();
    if (!model)
        state.SkipWithError("the default body's deep fascia could not be built");
    return model ? &*model : nullptr;
}

void linkSolvesFasciaLab(benchmark::State& state, sim::Model model, unsigned threads, int passes) {
    // No damping, as Bullet's below (kDP = 0).
    sim::SolverSettings settings{kStep, 1, passes, glm::vec3(0.0f, -9.81f, 0.0f), 0.0f, threads};
    sim::Solver solver(settings);
    for (auto _ : state)
        solver.step(model);
    const double solves = static_cast<double>(model.links.size()) * passes;
    state.counters["link_solves_per_s"] =
        benchmark::Counter(solves, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["particles"] = static_cast<double>(model.particleCount());
    state.counters["links"] = static_cast<double>(model.links.size());
}

void linkSolvesBullet(benchmark::State& state, const sim::Model& model, int passes) {
    btSoftBodyRigidBodyCollisionConfiguration configuration;
    btCollisionDispatcher dispatcher(&configuration);
    btDbvtBroadphase broadphase;
    btSequentialImpulseConstraintSolver constraintSolver;
    btSoftRigidDynamicsWorld world(&dispatcher, &broadphase, &constraintSolver, &configuration);
    world.setGravity(btVector3(0, -9.81f, 0));
    btSoftBodyWorldInfo& info = world.getWorldInfo();
    info.m_gravity = btVector3(0, -9.81f, 0);
    info.m_sparsesdf.Initialize();
    // The same particles and links; Bullet's links are position-based too (stiffness 1).
    std::vector<btVector3> nodes;
    std::vector<btScalar> masses;
    for (size_t i = 0; i < model.particleCount(); ++i) {
        const glm::vec3& p = model.positions[i];
        nodes.emplace_back(p.x, p.y, p.z);
        masses.push_back(model.inverseMasses[i] > 0.0f ? 1.0f / model.inverseMasses[i] : 0.0f);
    }
    auto* body = new btSoftBody(&info, static_cast<int>(nodes.size()), nodes.data(), masses.data());
    for (const sim::Link& link : model.links)
        body->appendLink(static_cast<int>(link.a), static_cast<int>(link.b));
    body->m_cfg.piterations = passes;
    body->m_cfg.collisions = 0; // no collision detection: links only, like ours
    body->m_cfg.kDP = 0.0f;
    world.addSoftBody(body);
    for (auto _ : state)
        world.stepSimulation(kStep, 0, kStep);
    const double solves = static_cast<double>(model.links.size()) * passes;
    state.counters["link_solves_per_s"] =
        benchmark::Counter(solves, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["particles"] = static_cast<double>(model.particleCount());
    world.removeSoftBody(body);
    delete body;
}

void BM_Sim_LinkSolves_FasciaLab(benchmark::State& state) {
    linkSolvesFasciaLab(state, sheet(static_cast<int>(state.range(0))),
                        static_cast<unsigned>(state.range(1)), static_cast<int>(state.range(2)));
}
BENCHMARK(BM_Sim_LinkSolves_FasciaLab)
    ->ArgsProduct({{64, 128, 256}, {1, 2}, {10, 20}})
    ->ArgNames({"n", "threads", "passes"})
    ->Unit(benchmark::kMillisecond);

void BM_Sim_LinkSolves_BulletSoftBody(benchmark::State& state) {
    linkSolvesBullet(state, sheet(static_cast<int>(state.range(0))),
                     static_cast<int>(state.range(1)));
}
BENCHMARK(BM_Sim_LinkSolves_BulletSoftBody)
    ->ArgsProduct({{64, 128, 256}, {10, 20}})
    ->ArgNames({"n", "passes"})
    ->Unit(benchmark::kMillisecond);

void BM_Sim_LinkSolves_FasciaLab_DefaultBody(benchmark::State& state) {
    if (const sim::Model* model = deepFasciaLinks(state))
        linkSolvesFasciaLab(state, *model, static_cast<unsigned>(state.range(0)),
                            static_cast<int>(state.range(1)));
}
BENCHMARK(BM_Sim_LinkSolves_FasciaLab_DefaultBody)
    ->ArgsProduct({{1, 2}, {10, 20}})
    ->ArgNames({"threads", "passes"})
    ->Unit(benchmark::kMillisecond);

void BM_Sim_LinkSolves_BulletSoftBody_DefaultBody(benchmark::State& state) {
    if (const sim::Model* model = deepFasciaLinks(state))
        linkSolvesBullet(state, *model, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_Sim_LinkSolves_BulletSoftBody_DefaultBody)
    ->Arg(10)
    ->Arg(20)
    ->ArgName("passes")
    ->Unit(benchmark::kMillisecond);

// The whole deep fascia of the default body with a thumb held on it, or stroking back and
// forth along the fibres at 2 cm/s (stroke:1), as the app steps it.
void BM_Sim_DefaultBodyDeepFascia(benchmark::State& state) {
    auto web = sim::FasciaWeb::build(generatedBody(), sim::defaultParameters());
    if (!web) {
        state.SkipWithError(web.error().message.c_str());
        return;
    }
    const std::size_t particles = web->model().particleCount();
    sim::SolverSettings settings = sim::Simulation::defaultSettings();
    settings.threads = static_cast<unsigned>(state.range(0));
    sim::Simulation simulation(std::move(*web), settings);
    sim::Treatment treatment;
    treatment.tool = *sim::defaultParameters().tool("thumb");
    treatment.forceN = 8.0f;
    treatment.target = glm::vec3(0.085f, 1.46f, -0.055f); // over the left upper trapezius
    if (state.range(1) != 0)
        treatment.technique = sim::Technique::Active;
    simulation.setTreatment(treatment);
    for (auto _ : state)
        simulation.step();
    state.counters["steps_per_s"] =
        benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["particles"] = static_cast<double>(particles);
    state.counters["substeps"] = settings.substeps;
    // After the steps, so that the solver's working arrays are counted too.
    state.counters["bytes_per_particle"] =
        static_cast<double>(simulation.memoryBytes()) / static_cast<double>(particles);
}
BENCHMARK(BM_Sim_DefaultBodyDeepFascia)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"threads", "stroke"})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->Repetitions(3) // the summary takes the median: one busy spell on a shared machine
    ->ReportAggregatesOnly(true);

} // namespace
