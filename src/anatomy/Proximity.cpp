#include "anatomy/Proximity.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace anatomy {

glm::vec3 closestBarycentric(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                             const glm::vec3& c) {
    // Voronoi regions of the triangle's vertices, edges and face (after Ericson, Real-Time
    // Collision Detection, 5.1.5).
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0.0f && d2 <= 0.0f)
        return {1, 0, 0};
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0.0f && d4 <= d3)
        return {0, 1, 0};
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0.0f && d1 >= 0.0f && d3 <= 0.0f) {
        const float v = d1 / (d1 - d3);
        return {1.0f - v, v, 0};
    }
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0.0f && d5 <= d6)
        return {0, 0, 1};
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0.0f && d2 >= 0.0f && d6 <= 0.0f) {
        const float w = d2 / (d2 - d6);
        return {1.0f - w, 0, w};
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0.0f && (d4 - d3) >= 0.0f && (d5 - d6) >= 0.0f) {
        const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return {0, 1.0f - w, w};
    }
    const float denominator = va + vb + vc;
    if (!(std::abs(denominator) > 0.0f))
        return {1, 0, 0}; // degenerate triangle
    const float v = vb / denominator, w = vc / denominator;
    return {1.0f - v - w, v, w};
}

std::optional<SurfaceSample> sampleSurface(const Body& body, const SurfacePoint& point) {
    if (point.structure < 0 || point.structure >= static_cast<int>(body.structures().size()))
        return std::nullopt;
    const SurfaceMesh& mesh = body.structures()[static_cast<size_t>(point.structure)].mesh;
    if (point.triangle >= mesh.triangleCount())
        return std::nullopt;
    SurfaceSample sample;
    sample.point = point;
    glm::vec3 normal(0.0f);
    for (int corner = 0; corner < 3; ++corner) {
        const std::uint32_t v = mesh.indices[3 * point.triangle + static_cast<size_t>(corner)];
        sample.position += point.barycentric[corner] * mesh.positions[v];
        if (v < mesh.normals.size())
            normal += point.barycentric[corner] * mesh.normals[v];
    }
    const float length = glm::length(normal);
    if (length > 1e-12f)
        sample.normal = normal / length;
    return sample;
}

std::optional<SurfaceSample> nearestOnStructure(const Body& body, int structure,
                                                const glm::vec3& p) {
    if (structure < 0 || structure >= static_cast<int>(body.structures().size()))
        return std::nullopt;
    const SurfaceMesh& mesh = body.structures()[static_cast<size_t>(structure)].mesh;
    float bestSquared = INFINITY;
    SurfacePoint best{structure, 0, glm::vec3(1.0f / 3.0f)};
    for (std::uint32_t t = 0; t < mesh.triangleCount(); ++t) {
        const glm::vec3& a = mesh.positions[mesh.indices[3 * t]];
        const glm::vec3& b = mesh.positions[mesh.indices[3 * t + 1]];
        const glm::vec3& c = mesh.positions[mesh.indices[3 * t + 2]];
        const glm::vec3 weights = closestBarycentric(p, a, b, c);
        const glm::vec3 q = weights.x * a + weights.y * b + weights.z * c;
        const glm::vec3 d = q - p;
        const float squared = glm::dot(d, d);
        if (squared < bestSquared) {
            bestSquared = squared;
            best.triangle = t;
            best.barycentric = weights;
        }
    }
    if (!std::isfinite(bestSquared))
        return std::nullopt;
    auto sample = sampleSurface(body, best);
    if (sample)
        sample->distance = std::sqrt(bestSquared);
    return sample;
}

PointGrid::PointGrid(const std::vector<glm::vec3>& points, float cellSize)
    : m_points(&points), m_cellSize(cellSize) {
    for (std::uint32_t i = 0; i < points.size(); ++i)
        m_cells[cellKey(cellOf(points[i]))].push_back(i);
}

glm::ivec3 PointGrid::cellOf(const glm::vec3& p) const {
    return glm::ivec3(glm::floor(p / m_cellSize));
}

std::int64_t PointGrid::cellKey(const glm::ivec3& cell) const {
    // 21 bits a coordinate: ±10^6 cells, far beyond a body at millimetre cells.
    const auto part = [](int v) { return static_cast<std::int64_t>(v + (1 << 20)) & 0x1FFFFF; };
    return (part(cell.x) << 42) | (part(cell.y) << 21) | part(cell.z);
}

template <typename Visit>
void PointGrid::forEachNear(const glm::vec3& p, float reach, Visit visit) const {
    const glm::ivec3 lo = cellOf(p - glm::vec3(reach)), hi = cellOf(p + glm::vec3(reach));
    for (int x = lo.x; x <= hi.x; ++x)
        for (int y = lo.y; y <= hi.y; ++y)
            for (int z = lo.z; z <= hi.z; ++z) {
                const auto it = m_cells.find(cellKey({x, y, z}));
                if (it == m_cells.end())
                    continue;
                for (std::uint32_t i : it->second) {
                    const glm::vec3 d = (*m_points)[i] - p;
                    visit(i, glm::dot(d, d));
                }
            }
}

std::vector<std::uint32_t> PointGrid::within(const glm::vec3& p, float radius) const {
    std::vector<std::uint32_t> found;
    if (!m_points || !(radius >= 0.0f) || !std::isfinite(radius))
        return found;
    const float radiusSquared = radius * radius;
    forEachNear(p, radius, [&](std::uint32_t i, float squared) {
        if (squared <= radiusSquared)
            found.push_back(i);
    });
    std::sort(found.begin(), found.end());
    return found;
}

std::int64_t PointGrid::nearest(const glm::vec3& p, float maxDistance) const {
    if (!m_points || !std::isfinite(maxDistance))
        return -1;
    std::int64_t best = -1;
    float bestSquared = maxDistance * maxDistance;
    // Ties go to the lower index, so the answer does not depend on the cells' order.
    forEachNear(p, maxDistance, [&](std::uint32_t i, float squared) {
        if (squared < bestSquared ||
            (squared == bestSquared && best >= 0 && i < static_cast<std::uint32_t>(best))) {
            bestSquared = squared;
            best = i;
        }
    });
    return best;
}

} // namespace anatomy
