// anatomy: nearest-point queries on surfaces — where a mark made on one body lies on another,
// which vertices a brush of some radius covers.
#pragma once

#include "anatomy/Bvh.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace anatomy {

// Barycentric weights of the point of triangle (a, b, c) closest to p.
glm::vec3 closestBarycentric(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                             const glm::vec3& c);

struct SurfaceSample {
    SurfacePoint point;
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 0.0f, 1.0f}; // interpolated vertex normal, unit length
    float distance = 0.0f;              // from the query point, metres
};

// Position and interpolated normal at an anchor; nullopt when the anchor's structure or
// triangle does not exist in this body.
std::optional<SurfaceSample> sampleSurface(const Body& body, const SurfacePoint& point);

// The point of one structure's surface nearest to p (every triangle is tested: structures
// are small, and this runs when marks are placed or re-anchored, not per frame).
std::optional<SurfaceSample> nearestOnStructure(const Body& body, int structure,
                                                const glm::vec3& p);

// Uniform grid over a set of points, for "which vertices lie within r of p".
class PointGrid {
public:
    PointGrid() = default;
    PointGrid(const std::vector<glm::vec3>& points, float cellSize);

    // Indices of the points within `radius` of p, in increasing index order.
    std::vector<std::uint32_t> within(const glm::vec3& p, float radius) const;
    // Index of the nearest point, searching no further than `maxDistance`; -1 when none.
    std::int64_t nearest(const glm::vec3& p, float maxDistance) const;

private:
    std::int64_t cellKey(const glm::ivec3& cell) const;
    glm::ivec3 cellOf(const glm::vec3& p) const;
    // Calls visit(index, squaredDistance) for every point in the cells within `reach` of p.
    template <typename Visit> void forEachNear(const glm::vec3& p, float reach, Visit visit) const;

    const std::vector<glm::vec3>* m_points = nullptr;
    float m_cellSize = 1.0f;
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> m_cells;
};

} // namespace anatomy
