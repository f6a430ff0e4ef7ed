// anatomy/atlas: the nearest point on a set of surfaces, from a uniform grid of their triangles,
// and the clearances the derived fascia layers keep from the tissue inside them.
#pragma once

#include "anatomy/Body.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace anatomy::atlas {

class TriangleGrid {
public:
    TriangleGrid(const std::vector<const SurfaceMesh*>& meshes, float cellM);

    struct Nearest {
        glm::vec3 point{0.0f};
        glm::vec3 normal{0.0f}; // interpolated vertex normal at the point
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

// Moves `layer` outwards wherever one of `points` (the vertices of the surfaces it must enclose)
// lies less than `clearanceM` inside it or outside it by up to `reachM`, by moving the nearest
// triangle's corners along their normals, each round by no more than a third of the way left to
// `outer`. Repeats up to `rounds` times; returns how many points are still short of half the
// clearance at the end.
size_t encloseWithClearance(SurfaceMesh& layer, const std::vector<glm::vec3>& points,
                            float clearanceM, const TriangleGrid& outer, float reachM, int rounds);

// A layer outside `inner`, each vertex moved out along its normal: to `depthBelowOuterM(p)`
// under the surface of `outer` where there is room, and always between a third and two thirds
// of the way from `inner` to `outer`, so the two never cross.
template <typename DepthAt>
SurfaceMesh offsetTowards(const SurfaceMesh& inner, const TriangleGrid& outer,
                          const DepthAt& depthBelowOuterM);

} // namespace anatomy::atlas

#include "anatomy/MeshOps.h"

namespace anatomy::atlas {

template <typename DepthAt>
SurfaceMesh offsetTowards(const SurfaceMesh& inner, const TriangleGrid& outer,
                          const DepthAt& depthBelowOuterM) {
    SurfaceMesh out = inner;
    for (size_t v = 0; v < out.positions.size(); ++v) {
        const glm::vec3 p = inner.positions[v];
        const auto above = outer.nearest(p, 0.1f);
        if (!above)
            continue;
        const float room = above->distance;
        const float wanted = room - depthBelowOuterM(p);
        out.positions[v] =
            p + inner.normals[v] * std::clamp(wanted, room / 3.0f, 2.0f * room / 3.0f);
    }
    computeSmoothNormals(out);
    return out;
}

} // namespace anatomy::atlas
