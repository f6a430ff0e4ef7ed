// sim: the body's fascial web — every deep-fascia sheet of a body (and optionally the
// superficial fascia) as one model, held from underneath by the tissue it glides on, attached
// where it lies on bone, and carrying the client's restrictions: shortened, densified,
// stickier, twisted patches that are the tension the heat map shows and that treatment
// releases.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "sim/Equilibrium.h"
#include "sim/Insertions.h"
#include "sim/Model.h"
#include "sim/Parameters.h"

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

// Which elements (triangles, bends) touch each particle, as compressed rows: particle i's are
// elements[offsets[i] .. offsets[i + 1]).
struct ParticleIncidence {
    std::vector<std::uint32_t> offsets, elements;
    std::size_t elementCount = 0; // elements are numbered [0, elementCount)
    // The elements touching any of `particles`, ascending, each once.
    std::vector<std::uint32_t> touching(const std::vector<std::uint32_t>& particles) const;
    std::size_t bytes() const { return (offsets.size() + elements.size()) * sizeof(std::uint32_t); }
};

// Loads on touched particles: (pressure, shear) in kPa.
using ParticleLoads = std::vector<std::pair<std::uint32_t, glm::vec2>>;

struct WebOptions {
    bool superficialFascia = false; // the deep fascia always; the superficial layer on request
};

// Which particles stand for which structure's vertices. The structure's mesh is welded first
// (weldShortEdges), so a particle may stand for a few vertices: the structure's particles are
// [firstParticle, firstParticle + particleCount), and its vertex v is particleOfVertex[v].
struct WebStructure {
    int structure = -1; // index in the body
    std::uint32_t firstParticle = 0;
    std::uint32_t particleCount = 0;
    std::vector<std::uint32_t> particleOfVertex;
};

// One restriction of the client's map: a painted tension zone or the tissue around a trigger
// point, as a severity (0, 1] per particle.
struct Restriction {
    std::string id;    // the map's id: "tp-1", or the painted structure's key
    std::string label; // for people: "Upper trapezius TrP1 (left)"
    std::vector<std::pair<std::uint32_t, float>> particles;
};

class FasciaWeb {
public:
    // Fails (bad input naming the body) when the body has no fascia to simulate.
    static core::Result<FasciaWeb> build(const anatomy::Body& body, const Parameters& parameters,
                                         const WebOptions& options = {});

    Model& model() { return m_model; }
    const Model& model() const { return m_model; }
    const Parameters& parameters() const { return m_parameters; }
    const std::vector<WebStructure>& structures() const { return m_structures; }
    // The particle for a structure's vertex, if that structure is simulated.
    std::optional<std::uint32_t> particleOf(int structure, std::uint32_t vertex) const;
    int structureOf(std::uint32_t particle) const;
    // The triangles (bends) that touch any of `particles`, by index into the model's
    // triangles (bends), ascending.
    std::vector<std::uint32_t> trianglesOf(const std::vector<std::uint32_t>& particles) const {
        return m_trianglesOfParticle.touching(particles);
    }
    std::vector<std::uint32_t> bendsOf(const std::vector<std::uint32_t>& particles) const {
        return m_bendsOfParticle.touching(particles);
    }
    // Rest positions and outward normals of the particles (the body's own surface).
    const std::vector<glm::vec3>& homes() const { return m_homes; }
    const std::vector<glm::vec3>& normals() const { return m_normals; }
    const std::vector<float>& areas() const { return m_areas; } // m^2 per particle
    std::size_t anchorCount() const { return m_anchorCount; }
    std::size_t weldedVertexCount() const {
        return m_weldedVertexCount;
    } // vertices sharing a particle
    // Memory held by the web and its model (bytes).
    std::size_t memoryBytes() const;

    // The name of the fascia region a particle belongs to ("Thoracolumbar fascia"; the
    // structure's own name where it has no regions).
    const std::string& regionOf(std::uint32_t particle) const {
        return m_regionNames[m_particleRegion[particle]];
    }
    // Where muscles insert into the sheet (Insertions.h), found when the web is built.
    const std::vector<MuscleInsertion>& insertions() const { return m_insertions; }
    // A muscle pulling on the fascia it inserts into with `forceN` (a contraction, or the
    // muscle stretched by a movement), from now on; 0 lets go. The key is the insertion's
    // ("latissimus-dorsi/left"); an unknown one fails with a message listing those there are.
    // Set pulls before settle(), which brings the sheet within spreadMm of each insertion to
    // rest under its pull; those particles join the settled regions.
    core::Status pullMuscle(std::string_view key, float forceN);
    // The muscles' pulls on `particles` (those with any), for an equilibrium solve.
    ParticleForces pullForcesOn(const std::vector<std::uint32_t>& particles) const;
    // The particles within `spreadM` of the insertion along the sheet (through its edges).
    std::vector<std::uint32_t> spreadOf(const MuscleInsertion& insertion, float spreadM) const;

    // Restrictions: adding one shortens, stiffens, sticks and twists its tissue at once.
    void addRestriction(Restriction restriction);
    const std::vector<Restriction>& restrictions() const { return m_restrictions; }
    // How much of a restriction is released, 0 to 1 (severity-weighted over its particles).
    float releasedFraction(std::size_t restriction) const;
    // Per particle: the strongest restriction's severity, and the fraction of it still left.
    const std::vector<float>& severity() const { return m_severity; }
    const std::vector<float>& remaining() const { return m_remaining; }

    // The release law over `dt` (ReleaseParameters), from the state the solvers left: the
    // gliding layer's shear stress and the tension above the settled state, per particle.
    void release(float dt);
    // The shear stress the gliding layer carries under a particle (kPa): its sliding stiffness
    // (with a restriction's adhesion) times how far the sheet lies along the surface from
    // where its bed holds it, per area.
    float glidingShearKPa(std::uint32_t particle) const;

    // Brings each restricted region to rest with its viscous branches relaxed (the state the
    // client's tissue has been in for a long time), and records each particle's resting
    // tension.
    void settle();
    // The regions settle() solved: the particles within kRegionMarginM of a restricted one
    // and those a muscle's pull spreads over, in groups joined by the sheet, each ascending. The
    // dynamic solver leaves them alone; they move only by equilibrium solves (solveRegion), so that
    // at rest and under a tool their tension is the same sheet's.
    const std::vector<std::vector<std::uint32_t>>& settledRegions() const { return m_regions; }
    static constexpr float kRegionMarginM = 0.03f;
    // Solves one region to equilibrium under the muscles' pulls on it (no other load), sliding
    // viscously over `dt`.
    EquilibriumReport solveRegion(PatchEquilibrium& solver,
                                  const std::vector<std::uint32_t>& region, float dt);

    // Tension per particle (kPa): the largest principal stress of the triangles around it,
    // averaged by their volume, not below zero. The second form takes the triangles' tensions
    // already measured (Model::measureElements).
    std::vector<float> tensionKPa(core::WorkerPool* workers = nullptr) const;
    std::vector<float> tensionKPa(const std::vector<float>& triangleTensionPa,
                                  core::WorkerPool* workers = nullptr) const;
    // One particle's, likewise.
    float tensionKPaAt(std::uint32_t particle, const std::vector<float>& triangleTensionPa) const;
    // Which triangles each particle is a corner of.
    const ParticleIncidence& trianglesOfParticles() const { return m_trianglesOfParticle; }
    // The triangles a restriction reshapes (release() changes them as it goes), ascending.
    const std::vector<std::uint32_t>& restrictedTriangles() const { return m_restrictedTriangles; }
    const std::vector<float>& restingTensionKPa() const { return m_restingTension; }
    // Fibre direction per particle now: the body's own, turned by what is left of the twist.
    std::vector<glm::vec3> fibres() const;
    glm::vec3 fibreAt(std::uint32_t particle) const;

private:
    FasciaWeb() = default;
    // Recomputes the triangles and supports of restricted particles from their current state.
    void applyRestrictions();
    std::vector<std::vector<std::uint32_t>> restrictedRegions() const;
    // From each triangle's tension (Pa) as `tensionOf(triangle index)` gives it.
    template <typename TriangleTension>
    float particleTensionKPa(std::uint32_t particle, const TriangleTension& tensionOf) const;
    float restrictionLevel(std::uint32_t particle) const {
        return m_severity[particle] * m_remaining[particle];
    }

    Parameters m_parameters;
    Model m_model;
    std::vector<WebStructure> m_structures;
    std::vector<glm::vec3> m_homes, m_normals, m_baseFibres;
    std::vector<float> m_areas;
    std::vector<const TissueParameters*> m_tissueOf; // per particle
    std::vector<Triangle> m_baseTriangles;           // as built, before restrictions
    ParticleIncidence m_trianglesOfParticle, m_bendsOfParticle;
    // Each particle's neighbours along the sheet (the ends of its triangles' edges) and how
    // far they lie at rest: neighbours[k], lengths[k] for k in offsets[i] .. offsets[i + 1].
    struct Neighbours {
        std::vector<std::uint32_t> offsets, particles;
        std::vector<float> lengths;
    } m_neighbours;
    std::size_t m_anchorCount = 0, m_weldedVertexCount = 0;
    std::vector<Restriction> m_restrictions;
    std::vector<float> m_severity, m_remaining, m_restingTension;
    std::vector<std::uint32_t> m_restrictedTriangles, m_restrictedParticles;
    std::vector<float> m_triangleTensionPa; // release()'s working values, per triangle
    std::vector<std::vector<std::uint32_t>> m_regions;
    std::vector<std::string> m_regionNames;
    std::vector<std::uint16_t> m_particleRegion; // per particle, into m_regionNames
    std::vector<MuscleInsertion> m_insertions;
    std::vector<float> m_pullN;         // per insertion
    std::vector<glm::vec3> m_pullForce; // per particle, empty while nothing pulls
};

} // namespace sim
