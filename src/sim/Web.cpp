#include "sim/Web.h"

#include "anatomy/Proximity.h"

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <queue>

namespace sim {
namespace {

// v turned by `angle` about the unit axis n (Rodrigues), for a v perpendicular to n.
glm::vec3 turnAbout(const glm::vec3& v, const glm::vec3& n, float angle) {
    return v * std::cos(angle) + glm::cross(n, v) * std::sin(angle);
}

// The incidence of `elements` on `particleCount` particles; `particlesOf` lists an element's
// particles (each once).
template <typename Element, typename ParticlesOf>
ParticleIncidence incidence(size_t particleCount, const std::vector<Element>& elements,
                            ParticlesOf particlesOf) {
    ParticleIncidence result;
    result.elementCount = elements.size();
    std::vector<std::uint32_t> next(particleCount + 1, 0);
    for (const Element& element : elements)
        for (std::uint32_t i : particlesOf(element))
            ++next[i + 1];
    for (size_t i = 0; i < particleCount; ++i)
        next[i + 1] += next[i];
    result.offsets = next;
    result.elements.resize(next.back());
    for (size_t e = 0; e < elements.size(); ++e)
        for (std::uint32_t i : particlesOf(elements[e]))
            result.elements[next[i]++] = static_cast<std::uint32_t>(e);
    return result;
}

// The ends of every triangle edge at each particle, with their rest distance (`homes`).
template <typename Neighbours>
Neighbours neighboursOf(size_t particleCount, const std::vector<Triangle>& triangles,
                        const std::vector<glm::vec3>& homes) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(6 * triangles.size());
    for (const Triangle& triangle : triangles)
        for (int k = 0; k < 3; ++k) {
            edges.emplace_back(triangle.v[k], triangle.v[(k + 1) % 3]);
            edges.emplace_back(triangle.v[(k + 1) % 3], triangle.v[k]);
        }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    Neighbours result;
    result.offsets.assign(particleCount + 1, 0);
    for (const auto& edge : edges) {
        ++result.offsets[edge.first + 1];
        result.particles.push_back(edge.second);
        result.lengths.push_back(glm::distance(homes[edge.first], homes[edge.second]));
    }
    for (size_t i = 0; i < particleCount; ++i)
        result.offsets[i + 1] += result.offsets[i];
    return result;
}

// The strain (Voigt, engineering shear) of a triangle in the fibre frame its rest inverse `to`
// has, from the same strain in the frame of `from`: both frames lie in the triangle's rest
// plane, so they differ by a turn R = from^-1 to, and E' = R^T E R.
glm::vec3 reframedStrain(const glm::vec3& strain, const glm::mat2& from, const glm::mat2& to) {
    const glm::dmat2 turn = glm::inverse(glm::dmat2(from)) * glm::dmat2(to);
    const glm::dvec3 e(strain);
    const glm::dmat2 tensor(e.x, 0.5 * e.z, 0.5 * e.z, e.y);
    const glm::dmat2 turned = glm::transpose(turn) * tensor * turn;
    return glm::vec3(glm::dvec3(turned[0][0], turned[1][1], 2.0 * turned[1][0]));
}

// The posterior layer of the thoracolumbar fascia is not attached to the spines beneath it as
// fascia on bone elsewhere is: its superficial lamina crosses the midline over them (Vleeming
// et al. 1995, in fascia.json's insertions), so a pull on one side reaches the other.
bool crossesMidline(std::string_view region) {
    return region == "Thoracolumbar fascia";
}

} // namespace

std::vector<std::uint32_t>
ParticleIncidence::touching(const std::vector<std::uint32_t>& particles) const {
    // Marked in a bit set and read back in order: the particles' lists overlap heavily (each
    // triangle is listed at three corners), and a sort of them all took a tenth of a frame.
    std::vector<std::uint64_t> marked((elementCount + 63) / 64, 0);
    for (std::uint32_t i : particles)
        if (i + 1 < offsets.size())
            for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
                marked[elements[k] >> 6] |= std::uint64_t{1} << (elements[k] & 63);
    std::vector<std::uint32_t> found;
    for (size_t word = 0; word < marked.size(); ++word)
        for (std::uint64_t bits = marked[word]; bits != 0; bits &= bits - 1)
            found.push_back(static_cast<std::uint32_t>(64 * word) +
                            static_cast<std::uint32_t>(std::countr_zero(bits)));
    return found;
}

core::Result<FasciaWeb> FasciaWeb::build(const anatomy::Body& body, const Parameters& parameters,
                                         const WebOptions& options) {
    FasciaWeb web;
    web.m_parameters = parameters;
    const auto& structures = body.structures();
    std::vector<std::string_view> particleRegions; // views into the body, for this build only
    for (size_t s = 0; s < structures.size(); ++s) {
        const anatomy::Structure& structure = structures[s];
        const bool wanted =
            structure.layer == anatomy::LayerKind::DeepFascia ||
            (options.superficialFascia && structure.layer == anatomy::LayerKind::SuperficialFascia);
        // Look the tissue up in the web's own copy: the web keeps pointers to it.
        const TissueParameters* tissue = web.m_parameters.forLayer(structure.layer);
        if (!wanted || !tissue || structure.mesh.vertexCount() == 0 ||
            structure.mesh.triangleCount() == 0)
            continue;
        WeldedMesh welded = weldShortEdges(structure.mesh);
        const anatomy::SurfaceMesh& mesh = welded.mesh;
        const auto first = static_cast<std::uint32_t>(web.m_model.particleCount());
        // Constant-strain triangles: the tissue's moduli and Poisson ratio whichever way the
        // mesh's edges lie to the fibres.
        addMembrane(web.m_model, mesh, *tissue, MembraneElements::Triangles);
        for (std::uint32_t& v : welded.vertexOf)
            v += first;
        // The fascia region of each particle: the structure's labels, else the structure itself.
        particleRegions.resize(web.m_model.particleCount());
        for (std::uint32_t v = 0; v < welded.vertexOf.size(); ++v) {
            const std::string_view region = anatomy::regionAt(structure, v);
            particleRegions[welded.vertexOf[v]] =
                region.empty() ? std::string_view(structure.displayName) : region;
        }
        web.m_weldedVertexCount += structure.mesh.vertexCount() - mesh.vertexCount();
        web.m_structures.push_back({static_cast<int>(s), first,
                                    static_cast<std::uint32_t>(mesh.vertexCount()),
                                    std::move(welded.vertexOf)});
        std::vector<float> area(mesh.vertexCount(), 0.0f);
        for (size_t t = 0; t < mesh.triangleCount(); ++t) {
            const std::uint32_t* v = &mesh.indices[3 * t];
            const float a =
                0.5f * glm::length(glm::cross(mesh.positions[v[1]] - mesh.positions[v[0]],
                                              mesh.positions[v[2]] - mesh.positions[v[0]]));
            for (int k = 0; k < 3; ++k)
                area[v[k]] += a / 3.0f;
        }
        const bool hasFibres = mesh.fibres.size() == mesh.vertexCount();
        for (size_t v = 0; v < mesh.vertexCount(); ++v) {
            web.m_homes.push_back(mesh.positions[v]);
            glm::vec3 normal = v < mesh.normals.size() ? mesh.normals[v] : glm::vec3(0.0f);
            web.m_normals.push_back(glm::length(normal) > 1e-6f ? glm::normalize(normal)
                                                                : glm::vec3(0.0f, 0.0f, 1.0f));
            glm::vec3 fibre = hasFibres ? mesh.fibres[v] : glm::vec3(0.0f);
            fibre -= glm::dot(fibre, web.m_normals.back()) * web.m_normals.back();
            web.m_baseFibres.push_back(glm::length(fibre) > 1e-6f ? glm::normalize(fibre)
                                                                  : glm::vec3(0.0f));
            web.m_areas.push_back(area[v]);
            web.m_tissueOf.push_back(tissue);
        }
    }
    const size_t n = web.m_model.particleCount();
    if (n == 0)
        return core::badInput(
            (body.sourcePath.empty() ? std::string("the body") : body.sourcePath) +
            ": has no deep fascia to simulate (no structure is on the "
            "deep-fascia layer)");

    // The tissue beneath: a spring bed along the normal and the gliding layer along the surface.
    const GlidingParameters& gliding = parameters.gliding;
    const float normalPerArea =
        gliding.foundationModulusKPa * 1e3f / (gliding.foundationDepthMm * 1e-3f); // N/m^3
    const float slidingPerArea = gliding.slidingStiffnessKPaPerMm * 1e6f;
    const float dragPerArea = gliding.slidingViscosityKPaSPerMm * 1e6f;
    web.m_model.supports.resize(n);
    for (size_t i = 0; i < n; ++i) {
        Support& support = web.m_model.supports[i];
        support.home = web.m_homes[i];
        support.normal = web.m_normals[i];
        support.normalStiffness = normalPerArea * web.m_areas[i];
        support.slidingStiffness = slidingPerArea * web.m_areas[i];
        support.slidingDrag = dragPerArea * web.m_areas[i];
    }

    // Anchors: fascia lying on bone is attached to it.
    std::vector<glm::vec3> bonePoints;
    for (const anatomy::Structure& structure : structures)
        if (structure.layer == anatomy::LayerKind::Bone)
            bonePoints.insert(bonePoints.end(), structure.mesh.positions.begin(),
                              structure.mesh.positions.end());
    const float anchorDistance = gliding.anchorDistanceMm * 1e-3f;
    if (!bonePoints.empty() && anchorDistance > 0.0f) {
        const anatomy::PointGrid bones(bonePoints, std::max(anchorDistance, 0.005f));
        for (size_t i = 0; i < n; ++i)
            if (bones.nearest(web.m_homes[i], anchorDistance) >= 0 &&
                !crossesMidline(particleRegions[i])) {
                web.m_model.inverseMasses[i] = 0.0f;
                ++web.m_anchorCount;
            }
    }

    for (std::string_view region : particleRegions) {
        auto it = std::find(web.m_regionNames.begin(), web.m_regionNames.end(), region);
        if (it == web.m_regionNames.end())
            it = web.m_regionNames.insert(it, std::string(region));
        web.m_particleRegion.push_back(static_cast<std::uint16_t>(it - web.m_regionNames.begin()));
    }
    web.m_insertions = findInsertions(
        body, {web.m_homes, web.m_normals, web.m_areas, particleRegions}, parameters.insertions);
    web.m_pullN.assign(web.m_insertions.size(), 0.0f);

    colourTriangles(web.m_model); // reorders them: everything per triangle comes after
    const auto& triangles = web.m_model.triangles;
    web.m_baseTriangles = triangles;
    web.m_trianglesOfParticle =
        incidence(n, triangles, [](const Triangle& triangle) { return triangle.v; });
    web.m_neighbours = neighboursOf<Neighbours>(n, triangles, web.m_homes);
    web.m_bendsOfParticle = incidence(n, web.m_model.bends, [&web](const Bend& bend) {
        std::vector<std::uint32_t> particles;
        for (const BendTerm& term : web.m_model.terms(bend))
            particles.push_back(term.particle);
        return particles;
    });
    web.m_severity.assign(n, 0.0f);
    web.m_remaining.assign(n, 1.0f);
    web.m_restingTension.assign(n, 0.0f);
    return web;
}

std::optional<std::uint32_t> FasciaWeb::particleOf(int structure, std::uint32_t vertex) const {
    for (const WebStructure& s : m_structures)
        if (s.structure == structure && vertex < s.particleOfVertex.size())
            return s.particleOfVertex[vertex];
    return std::nullopt;
}

int FasciaWeb::structureOf(std::uint32_t particle) const {
    for (const WebStructure& s : m_structures)
        if (particle >= s.firstParticle && particle < s.firstParticle + s.particleCount)
            return s.structure;
    return -1;
}

void FasciaWeb::addRestriction(Restriction restriction) {
    for (auto& [particle, severity] : restriction.particles) {
        severity = std::clamp(severity, 0.0f, 1.0f);
        if (particle >= m_severity.size() || severity <= 0.0f)
            continue;
        if (m_severity[particle] <= 0.0f)
            m_restrictedParticles.push_back(particle);
        m_severity[particle] = std::max(m_severity[particle], severity);
    }
    std::sort(m_restrictedParticles.begin(), m_restrictedParticles.end());
    m_restrictedTriangles = m_trianglesOfParticle.touching(m_restrictedParticles);
    m_restrictions.push_back(std::move(restriction));
    applyRestrictions();
}

float FasciaWeb::releasedFraction(std::size_t restriction) const {
    double total = 0.0, released = 0.0;
    for (const auto& [particle, severity] : m_restrictions.at(restriction).particles) {
        if (particle >= m_remaining.size())
            continue;
        total += static_cast<double>(severity);
        released += static_cast<double>(severity * (1.0f - m_remaining[particle]));
    }
    return total > 0.0 ? static_cast<float>(released / total) : 1.0f;
}

glm::vec3 FasciaWeb::fibreAt(std::uint32_t particle) const {
    return turnAbout(m_baseFibres[particle], m_normals[particle],
                     glm::radians(m_parameters.restriction.fibreTwistDeg) *
                         restrictionLevel(particle));
}

std::vector<glm::vec3> FasciaWeb::fibres() const {
    std::vector<glm::vec3> fibres = m_baseFibres;
    for (std::uint32_t i : m_restrictedParticles)
        fibres[i] = fibreAt(i);
    return fibres;
}

void FasciaWeb::applyRestrictions() {
    const RestrictionParameters& r = m_parameters.restriction;
    for (std::uint32_t i : m_restrictedParticles) {
        const float level = restrictionLevel(i);
        const float sticking = 1.0f + r.glidingIncrease * level;
        const GlidingParameters& gliding = m_parameters.gliding;
        // Densified, the loose layer binds the sheet to the tissue beneath: that bond, not
        // the bed's soft gliding, is what keeps a shortened patch from simply contracting.
        m_model.supports[i].slidingStiffness =
            (gliding.slidingStiffnessKPaPerMm * sticking + r.adhesionKPaPerMm * level) * 1e6f *
            m_areas[i];
        m_model.supports[i].slidingDrag =
            gliding.slidingViscosityKPaSPerMm * 1e6f * m_areas[i] * sticking;
    }
    // A restricted triangle: its tissue shortened alike in every direction (the densified
    // matrix draws in), stiffer, and its fibres turned; rebuilt from the one as built, so a
    // release takes it back exactly. The Maxwell branch keeps the strain it had, carried into
    // the turned fibres' frame.
    const float shortening = 0.01f * r.preStrainPercent;
    for (std::uint32_t t : m_restrictedTriangles) {
        const Triangle& base = m_baseTriangles[t];
        Triangle& triangle = m_model.triangles[t];
        float level = 0.0f;
        glm::vec3 fibre(0.0f);
        const glm::vec3 first = fibreAt(base.v[0]);
        for (std::uint32_t corner : base.v) {
            level += restrictionLevel(corner) / 3.0f;
            const glm::vec3 f = fibreAt(corner); // lines, not arrows, as when built
            fibre += glm::dot(first, f) < 0.0f ? -f : f;
        }
        const TissueParameters& tissue = *m_tissueOf[base.v[0]];
        Triangle restricted = makeTriangle(
            base.v, {m_homes[base.v[0]], m_homes[base.v[1]], m_homes[base.v[2]]}, fibre,
            tissue.thicknessMm * 1e-3f, base.law.scaled(1.0f + r.stiffnessIncrease * level),
            base.maxwellRatio, base.relaxationTimeS);
        const float stretch = 1.0f - shortening * level;
        const float green = 0.5f * (stretch * stretch - 1.0f);
        restricted.restStrain = glm::vec3(green, green, 0.0f);
        restricted.maxwellRatio = triangle.maxwellRatio; // settle() may have it off
        restricted.maxwellStrain =
            reframedStrain(triangle.maxwellStrain, triangle.restInverse, restricted.restInverse);
        triangle = restricted;
    }
}

template <typename TriangleTension>
float FasciaWeb::particleTensionKPa(std::uint32_t particle,
                                    const TriangleTension& tensionOf) const {
    // The triangles' stresses averaged by the volume of tissue each is: a sliver of the mesh
    // counts for little.
    double stressVolume = 0.0, volume = 0.0; // Pa m^3, m^3
    for (std::uint32_t k = m_trianglesOfParticle.offsets[particle];
         k < m_trianglesOfParticle.offsets[particle + 1]; ++k) {
        const std::uint32_t t = m_trianglesOfParticle.elements[k];
        const auto v = static_cast<double>(m_model.triangles[t].volume);
        stressVolume += static_cast<double>(tensionOf(t)) * v;
        volume += v;
    }
    return volume > 0.0 ? std::max(0.0f, static_cast<float>(1e-3 * stressVolume / volume)) : 0.0f;
}

float FasciaWeb::tensionKPaAt(std::uint32_t particle,
                              const std::vector<float>& triangleTensionPa) const {
    return particleTensionKPa(particle, [&](std::uint32_t t) { return triangleTensionPa[t]; });
}

void FasciaWeb::release(float dt) {
    const ReleaseParameters& law = m_parameters.release;
    // Each restricted triangle's tension once, not once for each of its corners.
    m_triangleTensionPa.resize(m_model.triangles.size());
    for (std::uint32_t t : m_restrictedTriangles) {
        const Triangle& triangle = m_model.triangles[t];
        m_triangleTensionPa[t] =
            principalTension(triangleStress(triangle, m_model.strain(triangle).strain));
    }
    for (std::uint32_t i : m_restrictedParticles) {
        const float tension =
            particleTensionKPa(i, [this](std::uint32_t t) { return m_triangleTensionPa[t]; });
        const float rise = std::max(0.0f, tension - m_restingTension[i]);
        m_remaining[i] *= std::exp(-law.rate(glidingShearKPa(i), rise) * dt);
    }
    if (!m_restrictedParticles.empty())
        applyRestrictions();
}

float FasciaWeb::glidingShearKPa(std::uint32_t particle) const {
    const Support& support = m_model.supports[particle];
    const glm::vec3 offset = m_model.positions[particle] - support.home;
    const glm::vec3 along = offset - glm::dot(offset, support.normal) * support.normal;
    return 1e-3f * support.slidingStiffness * glm::length(along) / m_areas[particle];
}

std::size_t FasciaWeb::memoryBytes() const {
    const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    std::size_t vertexMaps = 0;
    for (const WebStructure& s : m_structures)
        vertexMaps += bytes(s.particleOfVertex);
    return vertexMaps + bytes(m_model.positions) + bytes(m_model.velocities) +
           bytes(m_model.inverseMasses) + bytes(m_model.triangles) +
           bytes(m_model.triangleColourStarts) + bytes(m_model.supports) + bytes(m_model.bends) +
           bytes(m_model.bendTerms) + bytes(m_homes) + bytes(m_normals) + bytes(m_baseFibres) +
           bytes(m_areas) + bytes(m_tissueOf) + bytes(m_baseTriangles) +
           m_trianglesOfParticle.bytes() + bytes(m_neighbours.offsets) +
           bytes(m_neighbours.particles) + bytes(m_neighbours.lengths) + m_bendsOfParticle.bytes() +
           bytes(m_severity) + bytes(m_remaining) + bytes(m_restingTension) +
           bytes(m_restrictedTriangles) + bytes(m_restrictedParticles) + bytes(m_particleRegion) +
           bytes(m_pullForce);
}

std::vector<float> FasciaWeb::tensionKPa(core::WorkerPool* workers) const {
    return tensionKPa(m_model.measureElements(workers).triangleTensionPa, workers);
}

std::vector<float> FasciaWeb::tensionKPa(const std::vector<float>& triangleTensionPa,
                                         core::WorkerPool* workers) const {
    std::vector<float> tension(m_model.particleCount());
    const auto measure = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            tension[i] = tensionKPaAt(static_cast<std::uint32_t>(i), triangleTensionPa);
    };
    if (workers)
        workers->run(tension.size(), measure);
    else
        measure(0, tension.size());
    return tension;
}

std::vector<std::vector<std::uint32_t>> FasciaWeb::restrictedRegions() const {
    // Every particle within the margin of a restricted one, grouped by the sheet between
    // them: each group is solved as one patch.
    const anatomy::PointGrid grid(m_homes, kRegionMarginM);
    std::vector<std::int32_t> group(m_model.particleCount(), -1);
    std::vector<std::uint32_t> members;
    for (std::uint32_t i : m_restrictedParticles)
        for (std::uint32_t j : grid.within(m_homes[i], kRegionMarginM))
            if (group[j] < 0) {
                group[j] = 0;
                members.push_back(j);
            }
    // And the sheet a muscle's pull spreads over.
    for (size_t k = 0; k < m_insertions.size(); ++k)
        if (m_pullN[k] > 0.0f)
            for (std::uint32_t j :
                 spreadOf(m_insertions[k], m_parameters.insertions.spreadMm * 1e-3f))
                if (group[j] < 0) {
                    group[j] = 0;
                    members.push_back(j);
                }
    std::sort(members.begin(), members.end());
    std::vector<std::vector<std::uint32_t>> regions;
    std::vector<std::uint32_t> stack;
    for (std::uint32_t seed : members) {
        if (group[seed] != 0)
            continue;
        const auto id = static_cast<std::int32_t>(regions.size()) + 1;
        std::vector<std::uint32_t>& region = regions.emplace_back();
        group[seed] = id;
        stack.assign(1, seed);
        while (!stack.empty()) {
            const std::uint32_t i = stack.back();
            stack.pop_back();
            region.push_back(i);
            for (std::uint32_t k = m_neighbours.offsets[i]; k < m_neighbours.offsets[i + 1]; ++k) {
                const std::uint32_t other = m_neighbours.particles[k];
                if (group[other] == 0) {
                    group[other] = id;
                    stack.push_back(other);
                }
            }
        }
        std::sort(region.begin(), region.end());
    }
    return regions;
}

EquilibriumReport FasciaWeb::solveRegion(PatchEquilibrium& solver,
                                         const std::vector<std::uint32_t>& region, float dt) {
    solver.setPatch(m_model, region, {}, bendsOf(region), trianglesOf(region));
    return solver.solve(m_model, pullForcesOn(region), dt);
}

core::Status FasciaWeb::pullMuscle(std::string_view key, float forceN) {
    const auto it = std::find_if(m_insertions.begin(), m_insertions.end(),
                                 [&](const MuscleInsertion& m) { return m.key() == key; });
    if (it == m_insertions.end()) {
        std::string known;
        for (const MuscleInsertion& m : m_insertions)
            known += (known.empty() ? "" : ", ") + m.key();
        return core::badInput("no muscle inserts into this body's fascia as \"" + std::string(key) +
                              "\" (there are: " + (known.empty() ? std::string("none") : known) +
                              ")");
    }
    if (!std::isfinite(forceN) || forceN < 0.0f)
        return core::badInput("a muscle's pull must be a force of zero or more newtons");
    m_pullN[static_cast<size_t>(it - m_insertions.begin())] = forceN;
    m_pullForce.assign(m_model.particleCount(), glm::vec3(0.0f));
    bool any = false;
    for (size_t k = 0; k < m_insertions.size(); ++k)
        if (m_pullN[k] > 0.0f) {
            any = true;
            for (const auto& [particle, force] : pullForces(m_insertions[k], m_pullN[k]))
                m_pullForce[particle] += force;
        }
    if (!any)
        m_pullForce.clear();
    return core::Ok{};
}

ParticleForces FasciaWeb::pullForcesOn(const std::vector<std::uint32_t>& particles) const {
    ParticleForces forces;
    if (m_pullForce.empty())
        return forces;
    for (std::uint32_t i : particles)
        if (i < m_pullForce.size() && m_pullForce[i] != glm::vec3(0.0f))
            forces.emplace_back(i, m_pullForce[i]);
    return forces;
}

std::vector<std::uint32_t> FasciaWeb::spreadOf(const MuscleInsertion& insertion,
                                               float spreadM) const {
    // Distances along the sheet from the insertion (Dijkstra over its edges' rest lengths).
    std::vector<float> distance(m_model.particleCount(), INFINITY);
    using Entry = std::pair<float, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (std::uint32_t i : insertion.particles) {
        distance[i] = 0.0f;
        queue.emplace(0.0f, i);
    }
    std::vector<std::uint32_t> reached;
    while (!queue.empty()) {
        const auto [d, i] = queue.top();
        queue.pop();
        if (d > distance[i])
            continue;
        reached.push_back(i);
        for (std::uint32_t k = m_neighbours.offsets[i]; k < m_neighbours.offsets[i + 1]; ++k) {
            const std::uint32_t other = m_neighbours.particles[k];
            const float through = d + m_neighbours.lengths[k];
            if (through < distance[other] && through <= spreadM) {
                distance[other] = through;
                queue.emplace(through, other);
            }
        }
    }
    std::sort(reached.begin(), reached.end());
    return reached;
}

void FasciaWeb::settle() {
    // The state the client's tissue has been in for a long time: each restricted region at
    // rest (its viscous branches relaxed, its sliding long done), solved to equilibrium. The
    // dynamic solver could not find it: one pass per substep makes an element only as stiff as
    // its particles' mass over the substep squared, so it would rest where the bed, not the
    // sheet, decides, with a tension that is an artefact of the time step.
    std::vector<float> maxwellRatio(m_model.triangles.size());
    for (size_t t = 0; t < m_model.triangles.size(); ++t) {
        maxwellRatio[t] = m_model.triangles[t].maxwellRatio;
        m_model.triangles[t].maxwellRatio = 0.0f;
    }
    constexpr float kLongAgoS = 1e4f; // long enough that the bed's drag has nothing left
    m_regions = restrictedRegions();
    for (const std::vector<std::uint32_t>& region : m_regions) {
        PatchEquilibrium solver({20, 1e-4f});
        solveRegion(solver, region, kLongAgoS);
    }
    for (size_t t = 0; t < m_model.triangles.size(); ++t) {
        Triangle& triangle = m_model.triangles[t];
        triangle.maxwellRatio = maxwellRatio[t];
        triangle.maxwellStrain = glm::vec3(m_model.strain(triangle).strain);
    }
    std::fill(m_model.velocities.begin(), m_model.velocities.end(), glm::vec3(0.0f));
    m_restingTension = tensionKPa();
}

} // namespace sim
