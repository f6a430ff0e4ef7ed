#include "sim/Solver.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// One XPBD distance constraint |x_a - x_b| - rest = 0 with compliance alpha; `lambda` is its
// multiplier accumulated over this substep's passes:
// dLambda = (-C - alpha~ lambda) / (w_a + w_b + alpha~), alpha~ = alpha / dt^2.
void solveDistance(Model& model, std::uint32_t a, std::uint32_t b, float rest, float compliance,
                   float inverseDt2, float& lambda) {
    const float wa = model.inverseMasses[a], wb = model.inverseMasses[b];
    const float w = wa + wb;
    if (w <= 0.0f)
        return;
    const glm::vec3 d = model.positions[a] - model.positions[b];
    const float length = glm::length(d);
    if (!(length > 1e-9f))
        return;
    const glm::vec3 n = d / length;
    const float scaledCompliance = compliance * inverseDt2;
    const float deltaLambda =
        (-(length - rest) - scaledCompliance * lambda) / (w + scaledCompliance);
    lambda += deltaLambda;
    model.positions[a] += wa * deltaLambda * n;
    model.positions[b] -= wb * deltaLambda * n;
}

} // namespace

void Solver::step(Model& model, const ForceField& external) {
    const int substeps = std::max(1, m_settings.substeps);
    const float dt = m_settings.timeStepS / static_cast<float>(substeps);
    for (int s = 0; s < substeps; ++s)
        substep(model, dt, external);
    m_timeS += static_cast<double>(m_settings.timeStepS);
}

void Solver::substep(Model& model, float dt, const ForceField& external) {
    const size_t n = model.particleCount();
    m_forces.assign(n, glm::vec3(0.0f));
    if (external)
        external(model, m_forces);
    m_previous = model.positions;
    const float damping = std::exp(-m_settings.dampingPerS * dt);
    for (size_t i = 0; i < n; ++i) {
        const float w = model.inverseMasses[i];
        if (w <= 0.0f) {
            model.velocities[i] = glm::vec3(0.0f);
            continue;
        }
        // Damping slows motion; it must not scale the loads, or statics would come out soft.
        model.velocities[i] =
            model.velocities[i] * damping + dt * (m_settings.gravity + w * m_forces[i]);
        model.positions[i] += dt * model.velocities[i];
    }
    const float inverseDt2 = 1.0f / (dt * dt);
    m_lambdaElastic.assign(model.links.size(), 0.0f);
    m_lambdaMaxwell.assign(model.links.size(), 0.0f);
    for (int pass = 0; pass < std::max(1, m_settings.iterations); ++pass)
        for (size_t c = 0; c + 1 < model.colourStarts.size(); ++c)
            for (std::uint32_t l = model.colourStarts[c]; l < model.colourStarts[c + 1]; ++l) {
                const Link& link = model.links[l];
                solveDistance(model, link.a, link.b, link.restLength, link.elasticCompliance,
                              inverseDt2, m_lambdaElastic[l]);
                if (link.maxwellCompliance > 0.0f)
                    solveDistance(model, link.a, link.b, link.maxwellLength, link.maxwellCompliance,
                                  inverseDt2, m_lambdaMaxwell[l]);
            }
    for (size_t i = 0; i < n; ++i)
        if (model.inverseMasses[i] > 0.0f)
            model.velocities[i] = (model.positions[i] - m_previous[i]) / dt;
    // The dashpots: each Maxwell branch's rest length creeps towards the current length,
    // exactly for a length held over the substep.
    for (Link& link : model.links)
        if (link.maxwellCompliance > 0.0f) {
            const float current = model.length(link);
            link.maxwellLength =
                current + (link.maxwellLength - current) * std::exp(-dt / link.relaxationTimeS);
        }
}

} // namespace sim
