#include "anatomy/Bvh.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace anatomy {
namespace {
constexpr std::uint32_t kLeafSize = 4;
constexpr int kBins = 12;

float surfaceArea(const core::Aabb& box) {
    if (!box.valid())
        return 0.0f;
    const glm::vec3 d = box.size();
    return 2.0f * (d.x * d.y + d.y * d.z + d.z * d.x);
}

// Slab test; returns the entry distance or +inf when the ray misses within [0, maxT].
float rayBoxEntry(const core::Aabb& box, const glm::vec3& origin, const glm::vec3& inverseDir,
                  float maxT) {
    const glm::vec3 t0 = (box.min - origin) * inverseDir;
    const glm::vec3 t1 = (box.max - origin) * inverseDir;
    const glm::vec3 tNear = glm::min(t0, t1), tFar = glm::max(t0, t1);
    const float enter = std::max({tNear.x, tNear.y, tNear.z, 0.0f});
    const float exit = std::min({tFar.x, tFar.y, tFar.z, maxT});
    return enter <= exit ? enter : INFINITY;
}
} // namespace

BodyBvh::BodyBvh(const Body& body) {
    std::vector<glm::vec3> centroids;
    for (size_t s = 0; s < body.structures().size(); ++s) {
        const SurfaceMesh& mesh = body.structures()[s].mesh;
        for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
            const glm::vec3& a = mesh.positions[mesh.indices[t]];
            const glm::vec3& b = mesh.positions[mesh.indices[t + 1]];
            const glm::vec3& c = mesh.positions[mesh.indices[t + 2]];
            m_triangles.push_back(
                {a, b - a, c - a, static_cast<std::int32_t>(s), static_cast<std::uint32_t>(t / 3)});
            centroids.push_back((a + b + c) / 3.0f);
        }
    }
    if (m_triangles.empty())
        return;
    m_nodes.reserve(2 * m_triangles.size() / kLeafSize + 1);
    build(0, static_cast<std::uint32_t>(m_triangles.size()), centroids);
}

std::uint32_t BodyBvh::build(std::uint32_t first, std::uint32_t count,
                             std::vector<glm::vec3>& centroids) {
    const auto nodeIndex = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes.emplace_back();
    core::Aabb box, centroidBox;
    for (std::uint32_t i = first; i < first + count; ++i) {
        const Triangle& tri = m_triangles[i];
        box.extend(tri.a);
        box.extend(tri.a + tri.edge1);
        box.extend(tri.a + tri.edge2);
        centroidBox.extend(centroids[i]);
    }
    m_nodes[nodeIndex].box = box;

    // Binned surface-area heuristic along the centroids' widest axis.
    const glm::vec3 extent = centroidBox.size();
    const int axis =
        extent.x > extent.y ? (extent.x > extent.z ? 0 : 2) : (extent.y > extent.z ? 1 : 2);
    std::uint32_t splitCount = 0;
    if (count > kLeafSize && extent[axis] > 0.0f) {
        std::array<core::Aabb, kBins> binBoxes;
        std::array<std::uint32_t, kBins> binCounts{};
        const float scale = kBins / extent[axis];
        auto binOf = [&](const glm::vec3& c) {
            return std::min(kBins - 1, static_cast<int>((c[axis] - centroidBox.min[axis]) * scale));
        };
        for (std::uint32_t i = first; i < first + count; ++i) {
            const int b = binOf(centroids[i]);
            const Triangle& tri = m_triangles[i];
            binBoxes[b].extend(tri.a);
            binBoxes[b].extend(tri.a + tri.edge1);
            binBoxes[b].extend(tri.a + tri.edge2);
            ++binCounts[b];
        }
        float bestCost = INFINITY;
        int bestBin = -1;
        for (int split = 1; split < kBins; ++split) {
            core::Aabb left, right;
            std::uint32_t nLeft = 0, nRight = 0;
            for (int b = 0; b < split; ++b) {
                left.extend(binBoxes[b]);
                nLeft += binCounts[b];
            }
            for (int b = split; b < kBins; ++b) {
                right.extend(binBoxes[b]);
                nRight += binCounts[b];
            }
            if (nLeft == 0 || nRight == 0)
                continue;
            const float cost = surfaceArea(left) * nLeft + surfaceArea(right) * nRight;
            if (cost < bestCost) {
                bestCost = cost;
                bestBin = split;
            }
        }
        if (bestBin > 0) {
            // Partition triangles and their centroids together.
            std::uint32_t i = first, j = first + count;
            while (i < j) {
                if (binOf(centroids[i]) < bestBin) {
                    ++i;
                } else {
                    --j;
                    std::swap(m_triangles[i], m_triangles[j]);
                    std::swap(centroids[i], centroids[j]);
                }
            }
            splitCount = i - first;
        }
    }
    if (splitCount == 0 || splitCount == count) {
        m_nodes[nodeIndex].firstOrRight = first;
        m_nodes[nodeIndex].count = count;
        return nodeIndex;
    }
    build(first, splitCount, centroids);
    const std::uint32_t right = build(first + splitCount, count - splitCount, centroids);
    m_nodes[nodeIndex].firstOrRight = right;
    m_nodes[nodeIndex].count = 0;
    return nodeIndex;
}

namespace {

// Möller–Trumbore, two-sided (picking must hit open and inward-facing meshes too): the distance
// along the ray and the barycentric u, v of the hit, if the ray meets the triangle ahead.
std::optional<glm::vec3> rayTriangle(const core::Ray& ray, const glm::vec3& a,
                                     const glm::vec3& edge1, const glm::vec3& edge2) {
    const glm::vec3 p = glm::cross(ray.direction, edge2);
    const float det = glm::dot(edge1, p);
    if (std::abs(det) < 1e-12f)
        return std::nullopt;
    const float invDet = 1.0f / det;
    const glm::vec3 s = ray.origin - a;
    const float u = glm::dot(s, p) * invDet;
    if (u < 0.0f || u > 1.0f)
        return std::nullopt;
    const glm::vec3 q = glm::cross(s, edge1);
    const float v = glm::dot(ray.direction, q) * invDet;
    if (v < 0.0f || u + v > 1.0f)
        return std::nullopt;
    const float t = glm::dot(edge2, q) * invDet;
    if (t <= 0.0f)
        return std::nullopt;
    return glm::vec3(t, u, v);
}

} // namespace

std::optional<float> intersectEveryTriangle(const Body& body, const core::Ray& ray) {
    std::optional<float> nearest;
    for (const Structure& s : body.structures())
        for (size_t t = 0; t + 2 < s.mesh.indices.size(); t += 3) {
            const glm::vec3 a = s.mesh.positions[s.mesh.indices[t]];
            const auto hit = rayTriangle(ray, a, s.mesh.positions[s.mesh.indices[t + 1]] - a,
                                         s.mesh.positions[s.mesh.indices[t + 2]] - a);
            if (hit && (!nearest || hit->x < *nearest))
                nearest = hit->x;
        }
    return nearest;
}

std::optional<RayHit> BodyBvh::intersect(const core::Ray& ray,
                                         const std::function<bool(int)>& accept, float minDistance,
                                         float maxDistance) const {
    if (m_nodes.empty() || !(maxDistance > minDistance))
        return std::nullopt;
    const glm::vec3 inverseDir = 1.0f / ray.direction;
    float bestT = maxDistance;
    std::optional<RayHit> best;

    std::vector<std::uint32_t> stack;
    stack.reserve(64);
    stack.push_back(0);
    while (!stack.empty()) {
        const Node& node = m_nodes[stack.back()];
        stack.pop_back();
        if (rayBoxEntry(node.box, ray.origin, inverseDir, bestT) == INFINITY)
            continue;
        if (node.count > 0) {
            for (std::uint32_t i = node.firstOrRight; i < node.firstOrRight + node.count; ++i) {
                const Triangle& tri = m_triangles[i];
                const auto tuv = rayTriangle(ray, tri.a, tri.edge1, tri.edge2);
                if (!tuv)
                    continue;
                const float t = tuv->x, u = tuv->y, v = tuv->z;
                if (t <= minDistance || t >= bestT)
                    continue;
                if (accept && !accept(tri.structure))
                    continue;
                bestT = t;
                best = RayHit{{tri.structure, tri.index, glm::vec3(1.0f - u - v, u, v)},
                              ray.origin + t * ray.direction,
                              t};
            }
            continue;
        }
        // Visit the nearer child first so the far one is usually culled by bestT.
        std::uint32_t nearChild = static_cast<std::uint32_t>(&node - m_nodes.data()) + 1;
        std::uint32_t farChild = node.firstOrRight;
        const float tNear = rayBoxEntry(m_nodes[nearChild].box, ray.origin, inverseDir, bestT);
        const float tFar = rayBoxEntry(m_nodes[farChild].box, ray.origin, inverseDir, bestT);
        if (tFar < tNear)
            std::swap(nearChild, farChild);
        stack.push_back(farChild);
        stack.push_back(nearChild);
    }
    return best;
}

} // namespace anatomy
