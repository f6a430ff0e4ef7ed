// anatomy: exact ray picking against a Body through a bounding volume hierarchy over all of
// its triangles, and the SurfacePoint anchor that names a place on a structure's surface.
#pragma once

#include "anatomy/Body.h"

#include <cmath>
#include <functional>
#include <optional>

namespace anatomy {

// A place on a surface that survives view changes: which structure, which triangle, where in it.
struct SurfacePoint {
    int structure = -1;
    std::uint32_t triangle = 0;
    glm::vec3 barycentric{1.0f / 3.0f}; // weights of the triangle's three corners
};

struct RayHit {
    SurfacePoint point;
    glm::vec3 position{0.0f};
    float distance = 0.0f; // along the ray, in metres
};

// The nearest hit found by testing every triangle of the body, no hierarchy: the yardstick
// the BVH is measured against.
std::optional<float> intersectEveryTriangle(const Body& body, const core::Ray& ray);

class BodyBvh {
public:
    BodyBvh() = default;
    explicit BodyBvh(const Body& body);

    // Nearest hit along the ray between the two distances; `accept` filters structures (e.g.
    // hidden layers), the distances what a clipping plane cut away.
    std::optional<RayHit> intersect(const core::Ray& ray,
                                    const std::function<bool(int structure)>& accept = {},
                                    float minDistance = 0.0f, float maxDistance = INFINITY) const;
    bool empty() const { return m_nodes.empty(); }
    size_t triangleCount() const { return m_triangles.size(); }

private:
    struct Node {
        core::Aabb box;
        std::uint32_t firstOrRight = 0; // leaf: first triangle; inner: index of right child
        std::uint32_t count = 0;        // leaf: triangle count; inner: 0 (left child is next)
    };
    struct Triangle {
        glm::vec3 a, edge1, edge2;
        std::int32_t structure;
        std::uint32_t index;
    };

    std::uint32_t build(std::uint32_t first, std::uint32_t count,
                        std::vector<glm::vec3>& centroids);

    std::vector<Node> m_nodes;
    std::vector<Triangle> m_triangles;
};

} // namespace anatomy
