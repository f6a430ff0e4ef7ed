#include "anatomy/atlas/SurfaceProximity.h"

#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "core/Parallel.h"

#include <algorithm>
#include <cmath>

namespace anatomy::atlas {

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
                        n.normal = w.x * m.normals[ia] + w.y * m.normals[ib] + w.z * m.normals[ic];
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

} // namespace anatomy::atlas

namespace anatomy::atlas {

size_t encloseWithClearance(SurfaceMesh& layer, const std::vector<glm::vec3>& points,
                            float clearanceM, const TriangleGrid& outer, float reachM, int rounds) {
    // Moving the layer out only takes it further from the points beneath it, so after the first
    // round only the points that were short need looking at again.
    std::vector<std::uint32_t> active(points.size());
    for (size_t i = 0; i < points.size(); ++i)
        active[i] = static_cast<std::uint32_t>(i);
    for (int round = 0; round < rounds && !active.empty(); ++round) {
        computeSmoothNormals(layer);
        const TriangleGrid grid({&layer}, 0.005f);
        // Each point's shortfall and the triangle corners to move, found in parallel.
        std::vector<float> shortfall(active.size(), 0.0f);
        std::vector<std::array<std::uint32_t, 3>> corners(active.size());
        core::parallelFor(active.size(), [&](size_t k) {
            const auto hit = grid.nearest(points[active[k]], reachM);
            if (!hit)
                return;
            // How far inside the layer the point lies (the layer's normals face out).
            const float depth = -hit->signedDistance();
            if (depth < clearanceM) {
                shortfall[k] = clearanceM - depth;
                corners[k] = hit->corners;
            }
        });
        std::vector<float> push(layer.positions.size(), 0.0f);
        std::vector<std::uint32_t> stillShort;
        for (size_t k = 0; k < active.size(); ++k) {
            if (shortfall[k] <= 0.0f)
                continue;
            stillShort.push_back(active[k]);
            for (std::uint32_t corner : corners[k])
                push[corner] = std::max(push[corner], shortfall[k]);
        }
        active = std::move(stillShort);
        if (active.empty())
            break;
        core::parallelFor(layer.positions.size(), [&](size_t v) {
            if (push[v] <= 0.0f)
                return;
            glm::vec3& q = layer.positions[v];
            const auto above = outer.nearest(q, 0.05f);
            const float room = above ? above->distance : 1.0f;
            q += layer.normals[v] * std::min(push[v], room / 3.0f);
        });
    }
    computeSmoothNormals(layer);
    // The count reported is taken over every point again: a point's nearest triangle may have
    // changed as the layer moved.
    const TriangleGrid grid({&layer}, 0.005f);
    std::vector<char> short_(points.size(), 0);
    core::parallelFor(points.size(), [&](size_t i) {
        const auto hit = grid.nearest(points[i], reachM);
        short_[i] = hit && -hit->signedDistance() < 0.5f * clearanceM;
    });
    return static_cast<size_t>(std::count(short_.begin(), short_.end(), 1));
}

} // namespace anatomy::atlas
