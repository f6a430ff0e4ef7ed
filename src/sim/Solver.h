// sim: the XPBD solver (Macklin, Müller & Chentanez 2016) in small steps (Macklin 2019): each
// frame is split into substeps of few constraint passes each, which is stiffer and damps less
// than many passes over one step. Links are solved colour by colour, so the result does not
// depend on the order or the number of threads.
#pragma once

#include "core/WorkerPool.h"
#include "sim/Model.h"

#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace sim {

struct SolverSettings {
    float timeStepS = 1.0f / 60.0f; // one frame
    int substeps = 8;
    // Constraint passes per substep. The multipliers accumulate over the passes, so more
    // passes converge to the substep's implicit solution (exact statics); one pass is the
    // cheapest and, with enough substeps, stiff enough for interaction.
    int iterations = 1;
    glm::vec3 gravity{0.0f};
    // Velocity damping (1/s): v *= exp(-damping dt) each substep, standing in for the
    // surrounding tissue and fluid that the sheet moves through.
    float dampingPerS = 0.0f;
    unsigned threads = 1; // 0: one per hardware thread; the result is the same for any number
};

// The part of a web of triangles that a step moves: the particles that may move and the
// triangles solved, each ascending. Every other particle stays where it is, as if pinned, and
// holds still the corner it is of a solved triangle. A sheet at rest far from any disturbance
// would only repeat its rest, step after step: this leaves it out. The model's links, if it has
// any, are not solved.
struct StepPart {
    std::vector<std::uint32_t> particles;
    std::vector<std::uint32_t> triangles;
};

// External force on each particle (N), asked once per substep; may be empty.
using ForceField = std::function<void(const Model&, std::vector<glm::vec3>& forces)>;

class Solver {
public:
    explicit Solver(SolverSettings settings = {});
    const SolverSettings& settings() const { return m_settings; }

    // Advances the model by one time step (all its substeps).
    void step(Model& model, const ForceField& external = {});
    // Advances only `part` of the model by one time step.
    void step(Model& model, const StepPart& part);
    double timeS() const { return m_timeS; }
    // The solver's threads, for other per-frame loops over the model.
    core::WorkerPool& workers() const { return *m_pool; }
    // The solver's own working memory (bytes), on top of the model's.
    std::size_t memoryBytes() const;

private:
    void substep(Model& model, float dt, const ForceField& external);
    void solveLinks(const Model& model, float inverseDt2);
    void solveTriangles(const Model& model, float inverseDt2);
    void solveSupports(const Model& model, float inverseDt2);
    void solveSupportRange(const Model& model, size_t begin, size_t end, float inverseDt2);
    // Particle i's support, with its multipliers.
    void solveSupport(const Model& model, std::uint32_t i, float& lambdaNormal,
                      float& lambdaSliding, float inverseDt2);
    void substepPart(Model& model, float dt, const StepPart& part);
    // Particle i's velocity (damped, with `force` and the gliding layer's drag) and predicted
    // position for a substep of dt; and, after the substep's passes, its new velocity and
    // position.
    void predict(Model& model, std::uint32_t i, float dt, float damping, const glm::vec3& force);
    void finish(Model& model, std::uint32_t i, float inverseDt);
    void relaxDashpots(Model& model, float dt);

    SolverSettings m_settings;
    std::unique_ptr<core::WorkerPool> m_pool;
    // The particles during a substep: predicted position and inverse mass side by side, so that
    // a link reads all it needs of one end in one 16-byte load.
    std::vector<glm::vec4> m_particles;
    // Multipliers per link and per support, accumulated over a substep's passes.
    std::vector<float> m_lambdaLink, m_lambdaNormal, m_lambdaSliding;
    std::vector<glm::vec3> m_lambdaTriangle; // one per strain component
    std::vector<glm::vec3> m_forces;
    // A part's triangles of colour c: part.triangles[m_partColourStarts[c] .. [c + 1]).
    std::vector<std::uint32_t> m_partColourStarts;
    double m_timeS = 0.0;
};

namespace detail {

// One constraint pass over links [begin, end) of one colour, on particles stored as
// (x, y, z, inverse mass). solveLinkRange takes four links at a time where the processor
// allows (SSE2); solveLinkRangeScalar takes one. Both give the same bits, which a test holds
// them to.
void solveLinkRange(size_t begin, size_t end, glm::vec4* particles, const Link* links,
                    float* lambdas, float inverseDt2);
void solveLinkRangeScalar(size_t begin, size_t end, glm::vec4* particles, const Link* links,
                          float* lambdas, float inverseDt2);
// One constraint pass over triangles [begin, end) of one colour: each triangle's three strain
// components solved together, their stiffness and Poisson coupling a 3 x 3 compliance.
void solveTriangleRange(size_t begin, size_t end, glm::vec4* particles, const Triangle* triangles,
                        glm::vec3* lambdas, float inverseDt2);
// The same over the triangles listed[begin, end), with their multipliers lambdas[begin, end).
void solveTriangleList(size_t begin, size_t end, const std::uint32_t* listed, glm::vec4* particles,
                       const Triangle* triangles, glm::vec3* lambdas, float inverseDt2);

} // namespace detail

} // namespace sim
