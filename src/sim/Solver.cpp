#include "sim/Solver.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// One XPBD step on a scalar constraint C of stiffness k (N/m) for one or two particles of total
// inverse mass w: dLambda = (-C - alpha~ lambda) / (w + alpha~) with alpha~ = 1 / (k dt^2),
// multiplied through by k so that it takes a single division. `kC` is k times C.
inline float deltaLambda(float kC, float w, float stiffness, float inverseDt2, float lambda) {
    return (-kC - inverseDt2 * lambda) / (w * stiffness + inverseDt2);
}

// One XPBD step on each of links [begin, end), which share no particle (one colour). Both
// branches of the standard linear solid pull along the same line, so they solve as one
// constraint: stiffness k_e + k_m towards their weighted rest length,
// k C = k_e (L - rest) + k_m (L - maxwell length).
void solveLinkRange(size_t begin, size_t end, glm::vec3* positions, const float* inverseMasses,
                    const Link* links, float* lambdas, float inverseDt2) {
    for (size_t l = begin; l < end; ++l) {
        const Link& link = links[l];
        const float wa = inverseMasses[link.a], wb = inverseMasses[link.b];
        const float w = wa + wb;
        const glm::vec3 d = positions[link.a] - positions[link.b];
        const float length = std::sqrt(glm::dot(d, d));
        if (!(w > 0.0f) || !(length > 1e-9f))
            continue;
        const float stiffness = link.elasticStiffness + link.maxwellStiffness;
        const float kC = link.elasticStiffness * (length - link.restLength) +
                         link.maxwellStiffness * (length - link.maxwellLength);
        const float dLambda = deltaLambda(kC, w, stiffness, inverseDt2, lambdas[l]);
        lambdas[l] += dLambda;
        const glm::vec3 n = d * (dLambda / length);
        positions[link.a] += wa * n;
        positions[link.b] -= wb * n;
    }
}

} // namespace

Solver::Solver(SolverSettings settings)
    : m_settings(settings), m_pool(std::make_unique<core::WorkerPool>(settings.threads)) {}

void Solver::step(Model& model, const ForceField& external) {
    const int substeps = std::max(1, m_settings.substeps);
    const float dt = m_settings.timeStepS / static_cast<float>(substeps);
    for (int s = 0; s < substeps; ++s)
        substep(model, dt, external);
    relaxDashpots(model, m_settings.timeStepS);
    m_timeS += static_cast<double>(m_settings.timeStepS);
}

void Solver::relaxDashpots(Model& model, float dt) {
    // Each Maxwell branch's rest length creeps towards the link's length, exactly for a length
    // held over the step. Once per step, not per substep: the tissue relaxes over seconds, so
    // how its length moved within one frame makes no difference worth a pass over every link.
    m_pool->run(model.links.size(), [&](size_t begin, size_t end) {
        // Links of one tissue share a relaxation time: its decay is worked out once per run
        // of them, not once per link.
        float relaxationTimeS = -1.0f, decay = 0.0f;
        for (size_t l = begin; l < end; ++l) {
            Link& link = model.links[l];
            if (link.maxwellStiffness > 0.0f) {
                if (link.relaxationTimeS != relaxationTimeS) {
                    relaxationTimeS = link.relaxationTimeS;
                    decay = std::exp(-dt / relaxationTimeS);
                }
                const float current = model.length(link);
                link.maxwellLength = current + (link.maxwellLength - current) * decay;
            }
        }
    });
}

void Solver::solveLinks(Model& model, float inverseDt2) {
    glm::vec3* positions = model.positions.data();
    const float* inverseMasses = model.inverseMasses.data();
    const Link* links = model.links.data();
    float* lambdas = m_lambdaLink.data();
    for (size_t c = 0; c + 1 < model.colourStarts.size(); ++c)
        m_pool->run(model.colourStarts[c + 1] - model.colourStarts[c],
                    [&, first = model.colourStarts[c]](size_t begin, size_t end) {
                        solveLinkRange(first + begin, first + end, positions, inverseMasses, links,
                                       lambdas, inverseDt2);
                    });
}

void Solver::solveSupportRange(Model& model, size_t begin, size_t end, float inverseDt2) {
    for (size_t i = begin; i < end; ++i) {
        const float w = model.inverseMasses[i];
        const Support& s = model.supports[i];
        if (!(w > 0.0f))
            continue;
        glm::vec3& x = model.positions[i];
        if (s.normalStiffness > 0.0f) {
            const float c = glm::dot(x - s.home, s.normal);
            const float d = deltaLambda(s.normalStiffness * c, w, s.normalStiffness, inverseDt2,
                                        m_lambdaNormal[i]);
            m_lambdaNormal[i] += d;
            x += w * d * s.normal;
        }
        if (s.slidingStiffness > 0.0f) {
            const glm::vec3 offset = x - s.home;
            const glm::vec3 sliding = offset - glm::dot(offset, s.normal) * s.normal;
            const float c = glm::length(sliding);
            if (c > 1e-12f) {
                const float d = deltaLambda(s.slidingStiffness * c, w, s.slidingStiffness,
                                            inverseDt2, m_lambdaSliding[i]);
                m_lambdaSliding[i] += d;
                x += (w * d / c) * sliding;
            }
        }
    }
}

void Solver::solveSupports(Model& model, float inverseDt2) {
    if (model.supports.empty())
        return;
    m_pool->run(model.particleCount(), [&](size_t begin, size_t end) {
        solveSupportRange(model, begin, end, inverseDt2);
    });
}

void Solver::substep(Model& model, float dt, const ForceField& external) {
    const size_t n = model.particleCount();
    // Without an external field there are no forces to add: no pass over them either.
    const bool forced = static_cast<bool>(external);
    if (forced) {
        m_forces.assign(n, glm::vec3(0.0f));
        external(model, m_forces);
    }
    m_previous.resize(n);
    const float damping = std::exp(-m_settings.dampingPerS * dt);
    const bool supported = !model.supports.empty();
    m_pool->run(n, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            m_previous[i] = model.positions[i];
            const float w = model.inverseMasses[i];
            if (w <= 0.0f) {
                model.velocities[i] = glm::vec3(0.0f);
                continue;
            }
            // Damping slows motion; it must not scale the loads, or statics would come out soft.
            const glm::vec3 force = forced ? m_forces[i] : glm::vec3(0.0f);
            glm::vec3 v = model.velocities[i] * damping + dt * (m_settings.gravity + w * force);
            if (supported && model.supports[i].slidingDrag > 0.0f) {
                // The gliding layer's viscous drag on sliding, implicit so any drag is stable.
                const glm::vec3& normal = model.supports[i].normal;
                const glm::vec3 along = glm::dot(v, normal) * normal;
                v = along + (v - along) / (1.0f + model.supports[i].slidingDrag * w * dt);
            }
            model.velocities[i] = v;
            model.positions[i] += dt * v;
        }
    });
    const float inverseDt2 = 1.0f / (dt * dt);
    m_lambdaLink.assign(model.links.size(), 0.0f);
    m_lambdaNormal.assign(supported ? n : 0, 0.0f);
    m_lambdaSliding.assign(supported ? n : 0, 0.0f);
    const int passes = std::max(1, m_settings.iterations);
    for (int pass = 0; pass < passes; ++pass) {
        solveLinks(model, inverseDt2);
        if (pass + 1 < passes)
            solveSupports(model, inverseDt2);
    }
    // The last pass's supports and the new velocities in one sweep over the particles.
    const float inverseDt = 1.0f / dt;
    m_pool->run(n, [&](size_t begin, size_t end) {
        if (supported)
            solveSupportRange(model, begin, end, inverseDt2);
        for (size_t i = begin; i < end; ++i)
            if (model.inverseMasses[i] > 0.0f)
                model.velocities[i] = (model.positions[i] - m_previous[i]) * inverseDt;
    });
}

} // namespace sim
