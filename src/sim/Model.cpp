#include "sim/Model.h"

#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>

namespace sim {

void Model::addParticle(const glm::vec3& position, float massKg) {
    positions.push_back(position);
    velocities.emplace_back(0.0f);
    inverseMasses.push_back(massKg > 0.0f ? 1.0f / massKg : 0.0f);
}

void Model::addLink(std::uint32_t a, std::uint32_t b, float stiffnessNPerM, float maxwellRatio,
                    float relaxationTimeS, float crossSectionM2) {
    Link link;
    link.a = a;
    link.b = b;
    link.restLength = glm::distance(positions[a], positions[b]);
    link.maxwellLength = link.restLength;
    link.elasticStiffness = stiffnessNPerM;
    link.maxwellStiffness = std::max(0.0f, maxwellRatio) * stiffnessNPerM;
    link.relaxationTimeS = relaxationTimeS;
    link.crossSectionM2 = crossSectionM2;
    links.push_back(link);
}

namespace {

float branchTension(const Link& link, float length) {
    return (length - link.restLength) * link.elasticStiffness +
           (length - link.maxwellLength) * link.maxwellStiffness;
}

} // namespace

float Model::tension(const Link& link) const {
    return branchTension(link, length(link));
}

namespace {

// sum of term(i) over [0, count), in blocks of a fixed size summed in order: the same result
// however many threads do the blocks.
template <typename Term>
double blockedSum(std::size_t count, core::WorkerPool* workers, const Term& term) {
    constexpr std::size_t kBlock = 4096;
    std::vector<double> blocks((count + kBlock - 1) / kBlock, 0.0);
    const auto sumBlocks = [&](std::size_t begin, std::size_t end) {
        for (std::size_t b = begin; b < end; ++b)
            for (std::size_t i = b * kBlock; i < std::min(count, (b + 1) * kBlock); ++i)
                blocks[b] += term(i);
    };
    if (workers)
        workers->run(blocks.size(), sumBlocks, 1);
    else
        sumBlocks(0, blocks.size());
    double sum = 0.0;
    for (double block : blocks)
        sum += block;
    return sum;
}

} // namespace

Model::ElementMeasure Model::measureElements(core::WorkerPool* workers) const {
    ElementMeasure measure;
    measure.linkEnergyJ = measureLinks(measure.linkTensionN, workers);
    measure.triangleTensionPa.resize(triangles.size());
    measure.triangleEnergyJ.resize(triangles.size());
    const auto measureRange = [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t)
            measureTriangle(t, measure.triangleTensionPa[t], measure.triangleEnergyJ[t]);
    };
    if (workers)
        workers->run(triangles.size(), measureRange);
    else
        measureRange(0, triangles.size());
    measure.energyJ = measure.linkEnergyJ + sumEnergies(measure.triangleEnergyJ, workers);
    return measure;
}

void Model::measureTriangle(std::size_t t, float& tensionPa, double& energyJ) const {
    const glm::dvec3 strain = this->strain(triangles[t]).strain;
    tensionPa = principalTension(triangleStress(triangles[t], strain));
    energyJ = triangleEnergy(triangles[t], strain);
}

double Model::measureLinks(std::vector<float>& tensionN, core::WorkerPool* workers) const {
    tensionN.resize(links.size());
    return blockedSum(links.size(), workers, [&](std::size_t l) {
        const Link& link = links[l];
        const float current = length(link);
        tensionN[l] = branchTension(link, current);
        const double elastic = static_cast<double>(current) - static_cast<double>(link.restLength);
        const double maxwell =
            static_cast<double>(current) - static_cast<double>(link.maxwellLength);
        return 0.5 * (elastic * elastic * static_cast<double>(link.elasticStiffness) +
                      maxwell * maxwell * static_cast<double>(link.maxwellStiffness));
    });
}

double Model::sumEnergies(const std::vector<double>& energiesJ, core::WorkerPool* workers) {
    return blockedSum(energiesJ.size(), workers, [&](std::size_t i) { return energiesJ[i]; });
}

double Model::strainEnergy(core::WorkerPool* workers) const {
    return strainEnergy(measureElements(workers), workers);
}

double Model::strainEnergy(double elementEnergyJ, core::WorkerPool* workers) const {
    const double bending = blockedSum(
        bends.size(), workers, [this](std::size_t b) { return bendEnergy(*this, bends[b]); });
    const double supported = blockedSum(supports.size(), workers, [this](std::size_t i) {
        const Support& s = supports[i];
        const glm::dvec3 offset = glm::dvec3(positions[i]) - glm::dvec3(s.home);
        const double normal = glm::dot(offset, glm::dvec3(s.normal));
        const double sliding = glm::dot(offset, offset) - normal * normal;
        return 0.5 * (normal * normal * static_cast<double>(s.normalStiffness) +
                      std::max(0.0, sliding) * static_cast<double>(s.slidingStiffness));
    });
    return bending + elementEnergyJ + supported;
}

double Model::kineticEnergy() const {
    double energy = 0.0;
    for (size_t i = 0; i < positions.size(); ++i)
        if (inverseMasses[i] > 0.0f)
            energy += 0.5 * static_cast<double>(glm::dot(velocities[i], velocities[i])) /
                      static_cast<double>(inverseMasses[i]);
    return energy;
}

namespace {

// Greedy: each element takes the lowest colour none of its particles has used yet; then the
// elements are sorted by colour, in their order within one.
template <typename Element, typename Particles>
void colourElements(size_t particleCount, std::vector<Element>& elements,
                    std::vector<std::uint32_t>& colourStarts, const Particles& particlesOf) {
    std::vector<std::vector<std::uint32_t>> coloursOf(particleCount);
    std::vector<std::uint32_t> colour(elements.size());
    std::uint32_t colours = 0;
    for (size_t i = 0; i < elements.size(); ++i) {
        const auto particles = particlesOf(elements[i]);
        std::uint32_t c = 0;
        while (std::any_of(particles.begin(), particles.end(), [&](std::uint32_t p) {
            return std::find(coloursOf[p].begin(), coloursOf[p].end(), c) != coloursOf[p].end();
        }))
            ++c;
        colour[i] = c;
        for (std::uint32_t p : particles)
            coloursOf[p].push_back(c);
        colours = std::max(colours, c + 1);
    }
    std::vector<Element> sorted;
    sorted.reserve(elements.size());
    colourStarts.assign(1, 0);
    for (std::uint32_t c = 0; c < colours; ++c) {
        for (size_t i = 0; i < elements.size(); ++i)
            if (colour[i] == c)
                sorted.push_back(elements[i]);
        colourStarts.push_back(static_cast<std::uint32_t>(sorted.size()));
    }
    elements = std::move(sorted);
}

} // namespace

void colourLinks(Model& model) {
    colourElements(model.particleCount(), model.links, model.colourStarts, [](const Link& link) {
        return std::array<std::uint32_t, 2>{link.a, link.b};
    });
}

void colourTriangles(Model& model) {
    colourElements(model.particleCount(), model.triangles, model.triangleColourStarts,
                   [](const Triangle& triangle) { return triangle.v; });
}

float fibreCosine(const glm::vec3& fibreA, const glm::vec3& fibreB, const glm::vec3& direction) {
    const glm::vec3 fibre = fibreA + (glm::dot(fibreA, fibreB) < 0.0f ? -fibreB : fibreB);
    const float length = glm::length(fibre);
    return length > 1e-6f ? glm::dot(direction, fibre / length) : 0.0f;
}

float membraneLinkStiffness(const TissueParameters& tissue, float cosine, float thicknessM,
                            float area, float length) {
    return tissue.modulusPa(cosine) * thicknessM * area / (length * length);
}

namespace {

// The cotangent of the angle between u and w, capped: a sliver's near-zero angle would make its
// weight hundreds of times its neighbours' (cot 3 degrees = 19).
float cappedCotangent(const glm::vec3& u, const glm::vec3& w) {
    constexpr float kMaxCotangent = 19.0f;
    const float sine = glm::length(glm::cross(u, w));
    return sine > 1e-12f ? std::clamp(glm::dot(u, w) / sine, -kMaxCotangent, kMaxCotangent) : 0.0f;
}

std::uint32_t findRoot(std::vector<std::uint32_t>& parent, std::uint32_t v) {
    while (parent[v] != v)
        v = parent[v] = parent[parent[v]];
    return v;
}

glm::vec3 normalizedOrZero(const glm::vec3& v) {
    const float length = glm::length(v);
    return length > 1e-9f ? v / length : glm::vec3(0.0f);
}

WeldedMesh weldOnce(const anatomy::SurfaceMesh& mesh, float ratio) {
    const size_t n = mesh.vertexCount();
    // Each edge once, and the total length and count of the edges at each vertex.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = mesh.indices[t + k], b = mesh.indices[t + (k + 1) % 3];
            if (a != b && a < n && b < n)
                edges.emplace_back(std::min(a, b), std::max(a, b));
        }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    std::vector<float> lengthSum(n, 0.0f), lengths(edges.size());
    std::vector<std::uint32_t> degree(n, 0);
    for (size_t e = 0; e < edges.size(); ++e) {
        lengths[e] = glm::distance(mesh.positions[edges[e].first], mesh.positions[edges[e].second]);
        for (std::uint32_t v : {edges[e].first, edges[e].second}) {
            lengthSum[v] += lengths[e];
            ++degree[v];
        }
    }
    // Weld: shortest first, each vertex at most once, so a cluster stays small and local.
    std::vector<size_t> order(edges.size());
    for (size_t e = 0; e < order.size(); ++e)
        order[e] = e;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t x, size_t y) { return lengths[x] < lengths[y]; });
    std::vector<std::uint32_t> parent(n);
    for (std::uint32_t v = 0; v < n; ++v)
        parent[v] = v;
    std::vector<bool> welded(n, false);
    for (size_t e : order) {
        const auto [a, b] = edges[e];
        if (welded[a] || welded[b] || degree[a] < 2 || degree[b] < 2)
            continue;
        const float others = (lengthSum[a] + lengthSum[b] - 2.0f * lengths[e]) /
                             static_cast<float>(degree[a] + degree[b] - 2);
        if (!(lengths[e] < ratio * others))
            continue;
        parent[b] = a;
        welded[a] = welded[b] = true;
    }
    WeldedMesh out;
    out.vertexOf.assign(n, 0);
    std::vector<std::uint32_t> newIndex(n, UINT32_MAX), members(n, 0);
    const bool hasNormals = mesh.normals.size() == n, hasFibres = mesh.fibres.size() == n;
    for (std::uint32_t v = 0; v < n; ++v) {
        const std::uint32_t root = findRoot(parent, v);
        if (newIndex[root] == UINT32_MAX) {
            newIndex[root] = static_cast<std::uint32_t>(out.mesh.positions.size());
            out.mesh.positions.emplace_back(0.0f);
            if (hasNormals)
                out.mesh.normals.emplace_back(0.0f);
            if (hasFibres)
                out.mesh.fibres.emplace_back(0.0f);
        }
        const std::uint32_t w = newIndex[root];
        out.vertexOf[v] = w;
        ++members[w];
        out.mesh.positions[w] += mesh.positions[v];
        if (hasNormals)
            out.mesh.normals[w] += mesh.normals[v];
        if (hasFibres) // lines, not arrows: turn each to agree with the first
            out.mesh.fibres[w] += glm::dot(out.mesh.fibres[w], mesh.fibres[v]) < 0.0f
                                      ? -mesh.fibres[v]
                                      : mesh.fibres[v];
    }
    for (size_t w = 0; w < out.mesh.positions.size(); ++w) {
        out.mesh.positions[w] /= static_cast<float>(members[w]);
        if (hasNormals)
            out.mesh.normals[w] = normalizedOrZero(out.mesh.normals[w]);
        if (hasFibres)
            out.mesh.fibres[w] = normalizedOrZero(out.mesh.fibres[w]);
    }
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        std::uint32_t v[3];
        for (int k = 0; k < 3; ++k)
            v[k] = mesh.indices[t + k] < n ? out.vertexOf[mesh.indices[t + k]] : UINT32_MAX;
        if (v[0] == UINT32_MAX || v[1] == UINT32_MAX || v[2] == UINT32_MAX || v[0] == v[1] ||
            v[1] == v[2] || v[0] == v[2])
            continue; // collapsed by a weld
        out.mesh.indices.insert(out.mesh.indices.end(), v, v + 3);
    }
    return out;
}

} // namespace

WeldedMesh weldShortEdges(const anatomy::SurfaceMesh& mesh, float ratio) {
    // Each pass welds a vertex at most once; a fan of many coincident vertices (a pole) takes
    // a few passes.
    constexpr int kMaximumPasses = 8;
    WeldedMesh result = weldOnce(mesh, ratio);
    for (int pass = 1; pass < kMaximumPasses; ++pass) {
        WeldedMesh next = weldOnce(result.mesh, ratio);
        if (next.mesh.vertexCount() == result.mesh.vertexCount())
            break;
        for (std::uint32_t& v : result.vertexOf)
            v = next.vertexOf[v];
        result.mesh = std::move(next.mesh);
    }
    return result;
}

Model buildMembrane(const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue,
                    MembraneElements elements) {
    Model model;
    addMembrane(model, mesh, tissue, elements);
    colourLinks(model);
    colourTriangles(model);
    return model;
}

namespace {

// A triangle flatter than 1:100 (twice its area under a hundredth of its longest edge squared;
// an equilateral one is 0.87): the meshing's slivers and caps. Its area, and so its part in the
// sheet, is negligible, while its strain across its tiny height would be hundreds of times
// more sensitive to its corners' motion than its neighbours', beyond what one solver pass can
// take. Left out, its corners stay joined through the triangles around it.
bool flat(const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
    const float longest = std::max({glm::distance(a, b), glm::distance(b, c), glm::distance(c, a)});
    return !(glm::length(glm::cross(b - a, c - a)) >= 0.01f * longest * longest) ||
           !(longest > 0.0f);
}

void addTriangles(Model& model, std::uint32_t firstParticle, const anatomy::SurfaceMesh& mesh,
                  const TissueParameters& tissue) {
    const bool hasFibres = mesh.fibres.size() == mesh.vertexCount();
    const OrthotropicLaw law = OrthotropicLaw::of(tissue, hasFibres);
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::array<std::uint32_t, 3> v = {mesh.indices[t], mesh.indices[t + 1],
                                                mesh.indices[t + 2]};
        glm::vec3 fibre(0.0f);
        if (hasFibres) // lines, not arrows: each corner's turned to agree with the first
            for (std::uint32_t corner : v)
                fibre += glm::dot(mesh.fibres[v[0]], mesh.fibres[corner]) < 0.0f
                             ? -mesh.fibres[corner]
                             : mesh.fibres[corner];
        Triangle triangle = makeTriangle(
            {firstParticle + v[0], firstParticle + v[1], firstParticle + v[2]},
            {mesh.positions[v[0]], mesh.positions[v[1]], mesh.positions[v[2]]}, fibre,
            tissue.thicknessMm * 1e-3f, law, tissue.maxwellRatio, tissue.relaxationTimeS);
        if (!flat(mesh.positions[v[0]], mesh.positions[v[1]], mesh.positions[v[2]]))
            model.triangles.push_back(triangle);
    }
}

} // namespace

void addMembrane(Model& model, const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue,
                 MembraneElements elements) {
    const auto firstParticle = static_cast<std::uint32_t>(model.particleCount());
    const float thicknessM = tissue.thicknessMm * 1e-3f;
    std::vector<float> vertexArea(mesh.vertexCount(), 0.0f);
    // Each edge once, with the area of the triangles it borders and their far corners.
    std::map<std::pair<std::uint32_t, std::uint32_t>, float> edgeArea;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> farCorners;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t v[3] = {mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]};
        const float area =
            0.5f * glm::length(glm::cross(mesh.positions[v[1]] - mesh.positions[v[0]],
                                          mesh.positions[v[2]] - mesh.positions[v[0]]));
        for (int k = 0; k < 3; ++k) {
            vertexArea[v[k]] += area / 3.0f;
            const std::uint32_t a = v[k], b = v[(k + 1) % 3];
            edgeArea[{std::min(a, b), std::max(a, b)}] += area;
            farCorners[{std::min(a, b), std::max(a, b)}].push_back(v[(k + 2) % 3]);
        }
    }
    for (size_t i = 0; i < mesh.vertexCount(); ++i)
        model.addParticle(mesh.positions[i], tissue.densityKgM3 * thicknessM * vertexArea[i]);
    const bool hasFibres = mesh.fibres.size() == mesh.vertexCount();
    if (elements == MembraneElements::Triangles)
        addTriangles(model, firstParticle, mesh, tissue);
    for (const auto& [edge, area] : edgeArea) {
        if (elements != MembraneElements::Links)
            break;
        const glm::vec3 d = mesh.positions[edge.second] - mesh.positions[edge.first];
        const float length = glm::length(d);
        if (!(length > 1e-6f) || !(area > 0.0f))
            continue; // a degenerate edge carries nothing
        // No fibre direction known: the softer, across-fibre modulus.
        const float cosine =
            hasFibres ? fibreCosine(mesh.fibres[edge.first], mesh.fibres[edge.second], d / length)
                      : 0.0f;
        model.addLink(firstParticle + edge.first, firstParticle + edge.second,
                      membraneLinkStiffness(tissue, cosine, thicknessM, area, length),
                      tissue.maxwellRatio, tissue.relaxationTimeS, thicknessM * area / length);
    }
    // Bending at each interior vertex (see Bend): each edge's cotangent weight, half the sum of
    // the cotangents of the two angles facing it, to the vertex's neighbours.
    const float rigidity = std::sqrt(tissue.youngsModulusAlongMPa * tissue.youngsModulusAcrossMPa) *
                           1e6f * thicknessM * thicknessM * thicknessM / 12.0f; // N m
    std::vector<bool> onBoundary(mesh.vertexCount(), false);
    std::vector<std::vector<std::pair<std::uint32_t, float>>> ring(mesh.vertexCount());
    for (const auto& [edge, corners] : farCorners) {
        if (corners.size() != 2) { // a boundary edge (or a non-manifold one)
            onBoundary[edge.first] = onBoundary[edge.second] = true;
            continue;
        }
        float weight = 0.0f;
        for (std::uint32_t c : corners)
            weight += 0.5f * cappedCotangent(mesh.positions[edge.first] - mesh.positions[c],
                                             mesh.positions[edge.second] - mesh.positions[c]);
        ring[edge.first].emplace_back(edge.second, weight);
        ring[edge.second].emplace_back(edge.first, weight);
    }
    for (std::uint32_t i = 0; i < mesh.vertexCount(); ++i) {
        // A free edge bends freely (no moment there), and the Laplacian of a boundary vertex
        // would not vanish for a rigid turn: boundary vertices carry no bend.
        if (onBoundary[i] || ring[i].empty() || !(vertexArea[i] > 0.0f))
            continue;
        Bend bend;
        bend.firstTerm = static_cast<std::uint32_t>(model.bendTerms.size());
        bend.termCount = static_cast<std::uint32_t>(ring[i].size() + 1);
        bend.stiffness = rigidity / vertexArea[i];
        float centre = 0.0f;
        for (const auto& [j, weight] : ring[i])
            centre -= weight;
        model.bendTerms.push_back({firstParticle + i, centre});
        for (const auto& [j, weight] : ring[i])
            model.bendTerms.push_back({firstParticle + j, weight});
        bend.restSum = bendSum(model, bend); // the particles are at rest now
        model.bends.push_back(bend);
    }
}

glm::dvec3 bendSum(const Model& model, const Bend& bend) {
    glm::dvec3 sum(0.0);
    for (const BendTerm& term : model.terms(bend))
        sum += static_cast<double>(term.weight) * glm::dvec3(model.positions[term.particle]);
    return sum;
}

glm::dvec3 bendCurvature(const Model& model, const Bend& bend) {
    return bendSum(model, bend) - bend.restSum;
}

double bendEnergy(const Model& model, const Bend& bend) {
    const glm::dvec3 c = bendCurvature(model, bend);
    return 0.5 * static_cast<double>(bend.stiffness) * glm::dot(c, c);
}

} // namespace sim
