// anatomy: the nearest point on a set of surfaces, from a uniform grid of their triangles.
#pragma once

#include "anatomy/Body.h"

#include <array>
#include <optional>
#include <vector>

namespace anatomy {

class TriangleGrid {
public:
    TriangleGrid(const std::vector<const SurfaceMesh*>& meshes, float cellM);

    struct Nearest {
        glm::vec3 point{0.0f};
        glm::vec3 normal{0.0f}; // interpolated vertex normal at the point (0 without normals)
        float distance = 0.0f;
        // Positive on the side the normal faces (outside a closed surface).
        float signedDistance() const;
        glm::vec3 from{0.0f};
        const SurfaceMesh* mesh = nullptr;      // the surface it lies on
        std::array<std::uint32_t, 3> corners{}; // its triangle's vertices there
    };
    // The nearest point within `maxDistanceM` of p, if any.
    std::optional<Nearest> nearest(const glm::vec3& p, float maxDistanceM) const;

private:
    struct Triangle {
        const SurfaceMesh* mesh;
        std::uint32_t first; // index of its first corner in mesh->indices
    };
    std::vector<Triangle> m_triangles;
    glm::vec3 m_origin{0.0f};
    float m_cell;
    glm::ivec3 m_size{0};
    std::vector<std::uint32_t> m_cellStart; // per cell, into m_cellTriangles (CSR)
    std::vector<std::uint32_t> m_cellTriangles;
};

} // namespace anatomy
