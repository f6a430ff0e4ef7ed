// sim: the therapist's tool as a rigid contact shape pressed on the body, and the loads it is
// used at.
#pragma once

#include "core/Result.h"
#include "sim/Parameters.h"

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

enum class Technique {
    Passive,       // sustained pressure at a point
    Active,        // a stroke along a path, back and forth
    Stretch,       // the tissue gripped and pulled along the surface, then held
    PinAndStretch, // held at a point while the client moves: the muscle slides beneath
};
// "passive", "active", "stretch", "pin-and-stretch"
std::string_view techniqueId(Technique technique);
std::optional<Technique> techniqueFromId(std::string_view id);

// The load a tool is applied with, after clamping to the tool's realistic range.
struct ToolLoad {
    float pressureKPa = 0.0f;
    float forceN = 0.0f;            // pressure x nominal contact area
    std::vector<std::string> notes; // what was clamped, in words
};

// From a pressure (kPa) or a force (N), exactly one of them. Impossible values (not a number,
// negative) are usage errors; values outside the tool's range are clamped with a note.
core::Result<ToolLoad> toolLoad(const ToolParameters& tool, std::optional<float> pressureKPa,
                                std::optional<float> forceN);

// The tool's pose: where it touches (the surface point under its centre), the outward normal
// there, and for a roller the direction it rolls in (its axis lies across it).
struct ToolPose {
    glm::vec3 contact{0.0f};
    glm::vec3 normal{0.0f, 0.0f, 1.0f};
    glm::vec3 rolling{1.0f, 0.0f, 0.0f};
};

// The tool's load on the web. The tool presses on the skin; the skin and fat between spread
// its footprint (the rigid shape's contact patch: a sphere's Hertzian disc, the palm's flat
// disc, the roller's band) a little wider by the time it reaches the fascia. Each frame the
// applied force is shared among the particles under that spread footprint, and friction (or
// the grip, in a stretch) carries them along with the tool's motion.
class ToolContact {
public:
    // spreadDepthM: how deep under the skin the fascia lies, which widens the footprint;
    // tissueModulusPa: the contact modulus E* = E / (1 - nu^2) of the tissue the tool sinks
    // into, which sets how wide a curved tool's contact is (Hertz). A moving roller drags the
    // tissue with `rollingResistance` x its pressure, any other tool with `friction` x it.
    ToolContact(const ToolParameters& tool, float forceN, float friction, float spreadDepthM,
                float tissueModulusPa = 0.0f, float rollingResistance = 0.0f);

    void placeAt(const ToolPose& pose) { m_pose = pose; }
    void setForce(float forceN) { m_force = forceN; }
    float force() const { return m_force; }
    const ToolPose& pose() const { return m_pose; }
    const ToolParameters& tool() const { return m_tool; }

    // Moves the tool to `pose` over a frame of `dt` and shares the force among `candidates`
    // (particles near the tool, by rest position), given their rest positions, outward normals
    // and areas. A rigid tool pressed on the skin touches only the tissue that faces it (its
    // outward normal towards the tool) and lies within its reach below the contact: on a limb
    // it presses the side it is on, not the tissue that curves away beneath it or faces the
    // other way. A moving tool drags the tissue its way with friction (a roller with its
    // rolling resistance) x the pressing force.
    void load(const ToolPose& pose, float dt, const std::vector<std::uint32_t>& candidates,
              const std::vector<glm::vec3>& homes, const std::vector<glm::vec3>& normals,
              const std::vector<float>& areas);
    // How far below the contact a tool reaches (m): the skin and fat over the fascia and about
    // as much again of the tissue's give under a firm press (assumed).
    float reachM() const { return 2.0f * m_spreadDepthM; }
    // The contact on the skin (m): a sphere's radius and a roller's half-width from Hertz's
    // contact of a rigid curved body pressed into an elastic half-space (a = (3FR / 4E*)^(1/3);
    // b = (4FR / (pi L E*))^(1/2)), so that an elbow and a ball pressed as hard differ; a flat
    // palm's is its own radius. Without a tissue modulus, the nominal contact area's.
    float contactRadiusM() const;

    // The forces on the particles for this frame (N), and the tool's pressure and shear at
    // each (kPa): what the release law reads.
    const std::vector<std::pair<std::uint32_t, glm::vec3>>& forces() const { return m_forces; }
    const std::vector<std::pair<std::uint32_t, glm::vec2>>& loadsKPa() const { return m_loads; }
    glm::vec3 motion() const { return m_motion; } // of the tool over the last frame

private:
    // Footprint weight (peak 1) of a point at `lateral` from the contact, in the pressing plane,
    // for a contact of radius (a roller: half-width) `contact`.
    float footprint(const glm::vec3& lateral, float contact) const;

    ToolParameters m_tool;
    float m_force = 0.0f, m_friction = 0.0f, m_spreadDepthM = 0.0f;
    float m_tissueModulusPa = 0.0f, m_rollingResistance = 0.0f;
    ToolPose m_pose;
    glm::vec3 m_motion{0.0f};
    std::vector<std::pair<std::uint32_t, glm::vec3>> m_forces;
    std::vector<std::pair<std::uint32_t, glm::vec2>> m_loads; // (pressure, shear) kPa
};

} // namespace sim
