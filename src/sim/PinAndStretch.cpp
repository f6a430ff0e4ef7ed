#include "sim/PinAndStretch.h"

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>

namespace sim {

PinAndStretch::PinAndStretch(const PinParameters& pin, const Movement& movement,
                             const glm::vec3& centre, const glm::vec3& direction, float bedRadiusM,
                             const std::vector<glm::vec3>& homes,
                             const std::vector<glm::vec3>& normals)
    : m_movement(movement), m_gripFactor(pin.gripFactor), m_slipM(pin.slipMm * 1e-3f) {
    for (size_t i = 0; i < homes.size(); ++i) {
        const float distance = glm::distance(homes[i], centre);
        if (distance >= bedRadiusM)
            continue;
        // The muscle slides as one near the hold, less towards the edge of what moves.
        const float x = distance / bedRadiusM;
        const float weight = (1.0f - x * x) * (1.0f - x * x);
        glm::vec3 along = direction - glm::dot(direction, normals[i]) * normals[i];
        if (glm::length(along) < 1e-6f)
            continue;
        along = glm::normalize(along);
        m_bed.push_back({static_cast<std::uint32_t>(i), weight * along});
        m_bedHomes.push_back(homes[i]);
    }
}

float PinAndStretch::bedOffsetM(double treatmentTimeS) const {
    const double phase = treatmentTimeS / static_cast<double>(m_movement.periodS);
    const double outAndBack = 0.5 * (1.0 - std::cos(2.0 * glm::pi<double>() * phase));
    return m_movement.excursionMm * 1e-3f * static_cast<float>(outAndBack);
}

void PinAndStretch::apply(Model& model, double treatmentTimeS,
                          const std::vector<std::pair<std::uint32_t, glm::vec3>>& toolForces,
                          const glm::vec3& toolNormal) {
    const float offset = bedOffsetM(treatmentTimeS);
    for (size_t k = 0; k < m_bed.size(); ++k)
        model.supports[m_bed[k].particle].home = m_bedHomes[k] + offset * m_bed[k].shift;
    for (std::uint32_t particle : m_gripped) // held only while the tool presses it
        model.supports[particle].pinStiffness = 0.0f;
    for (const auto& [particle, force] : toolForces) {
        const float pressing = std::max(0.0f, -glm::dot(force, toolNormal)); // N
        Support& support = model.supports[particle];
        // Held where it was when the hand first took it; as stiff as lets the grip's full
        // strength (gripFactor x the pressing force) hold it at the slip distance.
        const auto [grip, isNew] =
            m_grips.try_emplace(particle, model.positions[particle] - m_handShift);
        if (isNew)
            m_gripped.push_back(particle);
        support.pinHome = grip->second + m_handShift;
        support.pinStiffness = m_gripFactor * pressing / m_slipM;
    }
}

void PinAndStretch::slip(const Model& model) {
    for (auto& [particle, held] : m_grips) {
        const Support& support = model.supports[particle];
        glm::vec3 offset = model.positions[particle] - (held + m_handShift);
        offset -= glm::dot(offset, support.normal) * support.normal;
        const float distance = glm::length(offset);
        if (distance > m_slipM)
            held += offset * (1.0f - m_slipM / distance);
    }
}

void PinAndStretch::end(Model& model, const std::vector<glm::vec3>& homes) const {
    for (const BedParticle& b : m_bed)
        model.supports[b.particle].home = homes[b.particle];
    for (std::uint32_t particle : m_gripped)
        model.supports[particle].pinStiffness = 0.0f;
}

} // namespace sim
