// sim: where muscles insert into the deep fascia (the latissimus dorsi into the thoracolumbar
// fascia, the tensor fasciae latae into the iliotibial tract), and the pull a muscle puts on the
// sheet there when it contracts or is stretched.
#pragma once

#include "anatomy/Body.h"
#include "sim/Equilibrium.h"
#include "sim/Parameters.h"

#include <glm/vec3.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// One muscle on one side and the fascia it inserts into (one region or several: the gluteus
// maximus into both the thoracolumbar fascia and the iliotibial tract).
struct MuscleInsertion {
    std::string muscle; // the muscle's id: "latissimus-dorsi"
    anatomy::Side side = anatomy::Side::Midline;
    std::vector<std::string> fasciae;     // the regions: "Thoracolumbar fascia"
    std::vector<std::uint32_t> particles; // ascending
    std::vector<float> shares;            // per particle: its part of the pull (by area), sum 1
    // Per particle: the muscle's line of pull there, in the sheet's plane, away from the fascia
    // towards the muscle's belly (its fibres where it has them).
    std::vector<glm::vec3> directions;

    // "latissimus-dorsi/left": how the command line names it.
    std::string key() const;
};

// What the web knows of each particle: where it lies, which way it faces, its area and the
// name of the fascia region it belongs to.
struct ParticleSites {
    const std::vector<glm::vec3>& homes;
    const std::vector<glm::vec3>& normals;
    const std::vector<float>& areas;
    const std::vector<std::string_view>& regions;
};

// Each muscle of `parameters`' insertions that the body has, per side: the particles of the
// regions it inserts into (names compared without regard to case) within reach of the muscle.
// Muscles the body lacks, and those with no such fascia within reach, are left out.
std::vector<MuscleInsertion> findInsertions(const anatomy::Body& body, const ParticleSites& sites,
                                            const InsertionParameters& parameters);

// The muscle's pull of `forceN`, shared over its insertion along the lines of pull.
ParticleForces pullForces(const MuscleInsertion& insertion, float forceN);

} // namespace sim
