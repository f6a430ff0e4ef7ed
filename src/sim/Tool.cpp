#include "sim/Tool.h"

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sim {

std::string_view techniqueId(Technique technique) {
    switch (technique) {
    case Technique::Passive:
        return "passive";
    case Technique::Active:
        return "active";
    case Technique::Stretch:
        return "stretch";
    case Technique::PinAndStretch:
        return "pin-and-stretch";
    }
    return "passive";
}

std::optional<Technique> techniqueFromId(std::string_view id) {
    for (Technique t :
         {Technique::Passive, Technique::Active, Technique::Stretch, Technique::PinAndStretch})
        if (techniqueId(t) == id)
            return t;
    return std::nullopt;
}

namespace {
std::string number(float value) {
    std::ostringstream out;
    out << value;
    return out.str();
}
} // namespace

core::Result<ToolLoad> toolLoad(const ToolParameters& tool, std::optional<float> pressureKPa,
                                std::optional<float> forceN) {
    if (pressureKPa.has_value() == forceN.has_value())
        return core::usageError("give the load as a pressure (kPa) or as a force (N), one of them");
    const float value = pressureKPa ? *pressureKPa : *forceN;
    const char* unit = pressureKPa ? " kPa" : " N";
    if (!std::isfinite(value) || value < 0.0f)
        return core::usageError("a tool's " + std::string(pressureKPa ? "pressure" : "force") +
                                " must be a number of zero or more, not " + number(value) + unit);
    const float areaM2 = tool.contactAreaCm2 * 1e-4f;
    ToolLoad load;
    const float asked = pressureKPa ? *pressureKPa : *forceN / areaM2 * 1e-3f;
    load.pressureKPa = std::clamp(asked, tool.minimumKPa, tool.maximumKPa);
    load.forceN = load.pressureKPa * 1e3f * areaM2;
    if (load.pressureKPa != asked) {
        const float limit = load.pressureKPa;
        std::string note = std::string(tool.name) + ": " + number(value) + unit + " is " +
                           (asked > limit ? "above" : "below") + " the realistic range for a " +
                           std::string(tool.name) + " (" + number(tool.minimumKPa) + "-" +
                           number(tool.maximumKPa) + " kPa over " + number(tool.contactAreaCm2) +
                           " cm2, " + number(tool.minimumKPa * 0.1f * tool.contactAreaCm2) + "-" +
                           number(tool.maximumKPa * 0.1f * tool.contactAreaCm2) + " N); using " +
                           number(load.pressureKPa) + " kPa (" + number(load.forceN) + " N)";
        load.notes.push_back(std::move(note));
    }
    return load;
}

ToolContact::ToolContact(const ToolParameters& tool, float forceN, float friction,
                         float spreadDepthM, float tissueModulusPa, float rollingResistance)
    : m_tool(tool), m_force(forceN), m_friction(friction), m_spreadDepthM(spreadDepthM),
      m_tissueModulusPa(tissueModulusPa), m_rollingResistance(rollingResistance) {}

float ToolContact::contactRadiusM() const {
    const float area = m_tool.contactAreaCm2 * 1e-4f;
    const float radius = m_tool.radiusMm * 1e-3f;
    const bool hertz = m_tissueModulusPa > 0.0f && radius > 0.0f;
    switch (m_tool.shape) {
    case ToolShape::Sphere:
        return hertz ? std::cbrt(3.0f * m_force * radius / (4.0f * m_tissueModulusPa))
                     : std::sqrt(area / glm::pi<float>());
    case ToolShape::Cylinder: {
        const float length = std::max(m_tool.lengthMm * 1e-3f, 1e-3f);
        return hertz ? std::sqrt(4.0f * m_force * radius /
                                 (glm::pi<float>() * length * m_tissueModulusPa))
                     : 0.5f * area / length;
    }
    case ToolShape::Disc:
        break;
    }
    return std::sqrt(area / glm::pi<float>());
}

float ToolContact::footprint(const glm::vec3& lateral, float contact) const {
    // The contact patch on the skin (contactRadiusM); the tissue above the fascia widens it
    // by about its depth on every side.
    const float spread = m_spreadDepthM;
    const auto bump = [](float x) { // smooth, 1 at the centre, 0 from |x| = 1
        const float t = std::max(0.0f, 1.0f - x * x);
        return t * t;
    };
    if (m_tool.shape == ToolShape::Cylinder) {
        // A band across the rolling direction, as long as the roller.
        const glm::vec3 axis = glm::normalize(glm::cross(m_pose.normal, m_pose.rolling));
        const float halfLength = 0.5f * m_tool.lengthMm * 1e-3f;
        const float across = glm::dot(lateral, m_pose.rolling) / (contact + spread);
        const float along = std::max(0.0f, std::abs(glm::dot(lateral, axis)) - halfLength);
        return bump(across) * bump(along / spread);
    }
    const float distance = glm::length(lateral);
    if (m_tool.shape == ToolShape::Disc) // a flat palm: even over its patch, then falling off
        return bump(std::max(0.0f, distance - contact) / spread);
    return bump(distance / (contact + spread));
}

void ToolContact::load(const ToolPose& pose, float dt, const std::vector<std::uint32_t>& candidates,
                       const std::vector<glm::vec3>& homes, const std::vector<glm::vec3>& normals,
                       const std::vector<float>& areas) {
    m_motion = pose.contact - m_pose.contact;
    m_pose = pose;
    m_forces.clear();
    m_loads.clear();
    const float contact = contactRadiusM(); // once per frame, not per particle
    std::vector<float> weights(candidates.size(), 0.0f);
    double total = 0.0;
    for (size_t k = 0; k < candidates.size(); ++k) {
        const std::uint32_t i = candidates[k];
        const glm::vec3 offset = homes[i] - pose.contact;
        const float below = -glm::dot(offset, pose.normal);
        // Tissue facing away from the tool (the far side of a limb) or out of its reach below
        // the contact (curving away under a rigid roller) is not pressed.
        if (glm::dot(normals[i], pose.normal) <= 0.0f || below > reachM())
            continue;
        weights[k] = footprint(offset + below * pose.normal, contact);
        total += static_cast<double>(weights[k] * areas[candidates[k]]);
    }
    if (!(total > 0.0))
        return;
    const float nominalKPa = 1e-3f * m_force / (m_tool.contactAreaCm2 * 1e-4f);
    // Friction drags the tissue the way the tool moves; a roller rolls, and drags with its
    // rolling resistance instead.
    const float speed = glm::length(m_motion) / std::max(dt, 1e-6f);
    const bool moving = speed > 1e-4f;
    const glm::vec3 along = moving ? m_motion / glm::length(m_motion) : glm::vec3(0.0f);
    const float sliding = m_tool.shape == ToolShape::Cylinder ? m_rollingResistance : m_friction;
    const float drag = moving ? sliding : 0.0f;
    for (size_t k = 0; k < candidates.size(); ++k) {
        if (weights[k] <= 0.0f)
            continue;
        const std::uint32_t i = candidates[k];
        const float share = static_cast<float>(static_cast<double>(weights[k] * areas[i]) / total);
        const float normal = m_force * share;
        glm::vec3 force = -normal * pose.normal + drag * normal * along;
        m_forces.emplace_back(i, force);
        // The release law reads the tool's own pressure, shaped by the footprint (its peak
        // under the tool), and the shear that friction puts on it.
        const float pressure = nominalKPa * weights[k];
        m_loads.emplace_back(i, glm::vec2(pressure, drag * pressure));
    }
}

} // namespace sim
