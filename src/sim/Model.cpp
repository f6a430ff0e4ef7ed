#include "sim/Model.h"

#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <algorithm>
#include <cmath>
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

float Model::length(const Link& link) const {
    return glm::distance(positions[link.a], positions[link.b]);
}

float Model::tension(const Link& link) const {
    const float current = length(link);
    return (current - link.restLength) * link.elasticStiffness +
           (current - link.maxwellLength) * link.maxwellStiffness;
}

double Model::strainEnergy() const {
    double energy = 0.0;
    for (const Link& link : links) {
        const double current = length(link);
        const double elastic = current - static_cast<double>(link.restLength);
        const double maxwell = current - static_cast<double>(link.maxwellLength);
        energy += 0.5 * (elastic * elastic * static_cast<double>(link.elasticStiffness) +
                         maxwell * maxwell * static_cast<double>(link.maxwellStiffness));
    }
    for (size_t i = 0; i < supports.size(); ++i) {
        const Support& s = supports[i];
        const glm::dvec3 offset = glm::dvec3(positions[i]) - glm::dvec3(s.home);
        const double normal = glm::dot(offset, glm::dvec3(s.normal));
        const double sliding = glm::dot(offset, offset) - normal * normal;
        energy += 0.5 * (normal * normal * static_cast<double>(s.normalStiffness) +
                         std::max(0.0, sliding) * static_cast<double>(s.slidingStiffness));
    }
    return energy;
}

double Model::kineticEnergy() const {
    double energy = 0.0;
    for (size_t i = 0; i < positions.size(); ++i)
        if (inverseMasses[i] > 0.0f)
            energy += 0.5 * static_cast<double>(glm::dot(velocities[i], velocities[i])) /
                      static_cast<double>(inverseMasses[i]);
    return energy;
}

void colourLinks(Model& model) {
    // Greedy: each link takes the lowest colour neither of its particles has used yet.
    std::vector<std::vector<std::uint32_t>> coloursOf(model.particleCount());
    std::vector<std::uint32_t> colour(model.links.size());
    std::uint32_t colours = 0;
    for (size_t i = 0; i < model.links.size(); ++i) {
        const auto& usedA = coloursOf[model.links[i].a];
        const auto& usedB = coloursOf[model.links[i].b];
        std::uint32_t c = 0;
        while (std::find(usedA.begin(), usedA.end(), c) != usedA.end() ||
               std::find(usedB.begin(), usedB.end(), c) != usedB.end())
            ++c;
        colour[i] = c;
        coloursOf[model.links[i].a].push_back(c);
        coloursOf[model.links[i].b].push_back(c);
        colours = std::max(colours, c + 1);
    }
    std::vector<Link> sorted;
    sorted.reserve(model.links.size());
    model.colourStarts.assign(1, 0);
    for (std::uint32_t c = 0; c < colours; ++c) {
        for (size_t i = 0; i < model.links.size(); ++i)
            if (colour[i] == c)
                sorted.push_back(model.links[i]);
        model.colourStarts.push_back(static_cast<std::uint32_t>(sorted.size()));
    }
    model.links = std::move(sorted);
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

Model buildMembrane(const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue) {
    Model model;
    addMembrane(model, mesh, tissue);
    colourLinks(model);
    return model;
}

void addMembrane(Model& model, const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue) {
    const auto firstParticle = static_cast<std::uint32_t>(model.particleCount());
    const float thicknessM = tissue.thicknessMm * 1e-3f;
    std::vector<float> vertexArea(mesh.vertexCount(), 0.0f);
    // Each edge once, with the area of the triangles it borders.
    std::map<std::pair<std::uint32_t, std::uint32_t>, float> edgeArea;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t v[3] = {mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]};
        const float area =
            0.5f * glm::length(glm::cross(mesh.positions[v[1]] - mesh.positions[v[0]],
                                          mesh.positions[v[2]] - mesh.positions[v[0]]));
        for (int k = 0; k < 3; ++k) {
            vertexArea[v[k]] += area / 3.0f;
            const std::uint32_t a = v[k], b = v[(k + 1) % 3];
            edgeArea[{std::min(a, b), std::max(a, b)}] += area;
        }
    }
    for (size_t i = 0; i < mesh.vertexCount(); ++i)
        model.addParticle(mesh.positions[i], tissue.densityKgM3 * thicknessM * vertexArea[i]);
    const bool hasFibres = mesh.fibres.size() == mesh.vertexCount();
    for (const auto& [edge, area] : edgeArea) {
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
}

} // namespace sim
