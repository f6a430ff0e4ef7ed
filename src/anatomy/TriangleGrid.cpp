#include "anatomy/TriangleGrid.h"

#include "anatomy/Proximity.h"

#include <algorithm>
#include <cmath>

namespace anatomy {

float TriangleGrid::Nearest::signedDistance() const {
    return glm::dot(from - point, normal) >= 0.0f ? distance : -distance;
}

TriangleGrid::TriangleGrid(const std::vector<const SurfaceMesh*>& meshes, float cellM)
    : m_cell(cellM) {
    core::Aabb box;
    for (const SurfaceMesh* m : meshes) {
        box.extend(m->bounds());
        for (size_t t = 0; t + 2 < m->indices.size(); t += 3)
            m_triangles.push_back({m, static_cast<std::uint32_t>(t)});
    }
    if (!box.valid())
        return;
    m_origin = box.min;
    m_size = glm::ivec3(glm::floor(box.size() / cellM)) + 1;
    const size_t cells = static_cast<size_t>(m_size.x) * static_cast<size_t>(m_size.y) *
                         static_cast<size_t>(m_size.z);
    // Each triangle listed in every cell its bounding box touches (counted, then filled).
    auto cellRange = [&](const Triangle& tri, glm::ivec3& lo, glm::ivec3& hi) {
        const SurfaceMesh& m = *tri.mesh;
        const glm::vec3 a = m.positions[m.indices[tri.first]];
        const glm::vec3 b = m.positions[m.indices[tri.first + 1]];
        const glm::vec3 c = m.positions[m.indices[tri.first + 2]];
        lo = glm::clamp(glm::ivec3(glm::floor((glm::min(a, glm::min(b, c)) - m_origin) / cellM)),
                        glm::ivec3(0), m_size - 1);
        hi = glm::clamp(glm::ivec3(glm::floor((glm::max(a, glm::max(b, c)) - m_origin) / cellM)),
                        glm::ivec3(0), m_size - 1);
    };
    auto cellIndex = [&](int x, int y, int z) {
        return (static_cast<size_t>(z) * static_cast<size_t>(m_size.y) + static_cast<size_t>(y)) *
                   static_cast<size_t>(m_size.x) +
               static_cast<size_t>(x);
    };
    m_cellStart.assign(cells + 1, 0);
    for (const Triangle& tri : m_triangles) {
        glm::ivec3 lo, hi;
        cellRange(tri, lo, hi);
        for (int z = lo.z; z <= hi.z; ++z)
            for (int y = lo.y; y <= hi.y; ++y)
                for (int x = lo.x; x <= hi.x; ++x)
                    m_cellStart[cellIndex(x, y, z) + 1]++;
    }
    for (size_t i = 0; i < cells; ++i)
        m_cellStart[i + 1] += m_cellStart[i];
    m_cellTriangles.resize(m_cellStart[cells]);
    std::vector<std::uint32_t> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (size_t t = 0; t < m_triangles.size(); ++t) {
        glm::ivec3 lo, hi;
        cellRange(m_triangles[t], lo, hi);
        for (int z = lo.z; z <= hi.z; ++z)
            for (int y = lo.y; y <= hi.y; ++y)
                for (int x = lo.x; x <= hi.x; ++x)
                    m_cellTriangles[fill[cellIndex(x, y, z)]++] = static_cast<std::uint32_t>(t);
    }
}

std::optional<TriangleGrid::Nearest> TriangleGrid::nearest(const glm::vec3& p,
                                                           float maxDistanceM) const {
    if (m_triangles.empty())
        return std::nullopt;
    // Boxes of growing size around p, until the nearest triangle found lies within the box.
    std::optional<Nearest> best;
    float bestDistance = maxDistanceM;
    for (float reach = std::min(m_cell, maxDistanceM);;
         reach = std::min(2.0f * reach, maxDistanceM)) {
        const glm::ivec3 lo = glm::clamp(glm::ivec3(glm::floor((p - reach - m_origin) / m_cell)),
                                         glm::ivec3(0), m_size - 1);
        const glm::ivec3 hi = glm::clamp(glm::ivec3(glm::floor((p + reach - m_origin) / m_cell)),
                                         glm::ivec3(0), m_size - 1);
        for (int z = lo.z; z <= hi.z; ++z)
            for (int y = lo.y; y <= hi.y; ++y)
                for (int x = lo.x; x <= hi.x; ++x) {
                    const size_t cell = (static_cast<size_t>(z) * static_cast<size_t>(m_size.y) +
                                         static_cast<size_t>(y)) *
                                            static_cast<size_t>(m_size.x) +
                                        static_cast<size_t>(x);
                    for (std::uint32_t k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                        const Triangle& tri = m_triangles[m_cellTriangles[k]];
                        const SurfaceMesh& m = *tri.mesh;
                        const std::uint32_t ia = m.indices[tri.first],
                                            ib = m.indices[tri.first + 1],
                                            ic = m.indices[tri.first + 2];
                        const glm::vec3 w = closestBarycentric(p, m.positions[ia], m.positions[ib],
                                                               m.positions[ic]);
                        const glm::vec3 q =
                            w.x * m.positions[ia] + w.y * m.positions[ib] + w.z * m.positions[ic];
                        const float d = glm::distance(p, q);
                        if (d >= bestDistance)
                            continue;
                        bestDistance = d;
                        Nearest n;
                        n.point = q;
                        if (!m.normals.empty())
                            n.normal =
                                w.x * m.normals[ia] + w.y * m.normals[ib] + w.z * m.normals[ic];
                        n.distance = d;
                        n.from = p;
                        n.mesh = &m;
                        n.corners = {ia, ib, ic};
                        best = n;
                    }
                }
        // A triangle listed in a cell of the box may be nearer than one outside it only while
        // the nearest found lies within the box's reach.
        if ((best && bestDistance <= reach) || reach >= maxDistanceM)
            return best;
    }
}

} // namespace anatomy
