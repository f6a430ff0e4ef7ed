#include "anatomy/MeshOps.h"

#include <glm/geometric.hpp>
#include <glm/matrix.hpp>

#include <cmath>
#include <cstring>
#include <unordered_map>

namespace anatomy {
namespace {
struct PositionKey {
    glm::vec3 p;
    bool operator==(const PositionKey& o) const { return p == o.p; }
};
struct PositionHash {
    size_t operator()(const PositionKey& k) const {
        auto bits = [](float f) {
            std::uint32_t u;
            std::memcpy(&u, &f, sizeof u);
            return static_cast<size_t>(u);
        };
        return bits(k.p.x) * 73856093u ^ bits(k.p.y) * 19349663u ^ bits(k.p.z) * 83492791u;
    }
};
} // namespace

void computeSmoothNormals(SurfaceMesh& mesh) {
    const size_t n = mesh.positions.size();
    // Weld by exact position so vertices split only for UVs share one normal.
    std::vector<std::uint32_t> canonical(n);
    std::unordered_map<PositionKey, std::uint32_t, PositionHash> first;
    first.reserve(n);
    for (size_t i = 0; i < n; ++i)
        canonical[i] = first.emplace(PositionKey{mesh.positions[i]}, static_cast<std::uint32_t>(i))
                           .first->second;

    std::vector<glm::vec3> accumulated(n, glm::vec3(0.0f));
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
        // The cross product's length is twice the area: area weighting for free.
        const glm::vec3 faceNormal = glm::cross(mesh.positions[b] - mesh.positions[a],
                                                mesh.positions[c] - mesh.positions[a]);
        accumulated[canonical[a]] += faceNormal;
        accumulated[canonical[b]] += faceNormal;
        accumulated[canonical[c]] += faceNormal;
    }
    mesh.normals.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const glm::vec3 sum = accumulated[canonical[i]];
        const float len = glm::length(sum);
        mesh.normals[i] = len > 0.0f ? sum / len : glm::vec3(0.0f, 1.0f, 0.0f);
    }
}

void transformMesh(SurfaceMesh& mesh, const glm::mat4& transform) {
    const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(transform)));
    for (glm::vec3& p : mesh.positions)
        p = glm::vec3(transform * glm::vec4(p, 1.0f));
    for (glm::vec3& nrm : mesh.normals) {
        const glm::vec3 t = normalMatrix * nrm;
        const float len = glm::length(t);
        nrm = len > 0.0f ? t / len : glm::vec3(0.0f, 1.0f, 0.0f);
    }
    const glm::mat3 linear(transform);
    for (glm::vec3& f : mesh.fibres) {
        const glm::vec3 t = linear * f;
        const float len = glm::length(t);
        f = len > 0.0f ? t / len : f;
    }
    // A mirroring transform flips the winding; restore counter-clockwise-from-outside.
    if (glm::determinant(glm::mat3(transform)) < 0.0f)
        for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
            std::swap(mesh.indices[t + 1], mesh.indices[t + 2]);
}

size_t removeDegenerateTriangles(SurfaceMesh& mesh) {
    const size_t n = mesh.positions.size();
    std::vector<std::uint32_t> kept;
    kept.reserve(mesh.indices.size());
    size_t dropped = 0;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
        if (a >= n || b >= n || c >= n || a == b || b == c || a == c) {
            ++dropped;
            continue;
        }
        const glm::vec3 cross = glm::cross(mesh.positions[b] - mesh.positions[a],
                                           mesh.positions[c] - mesh.positions[a]);
        if (!(glm::dot(cross, cross) > 0.0f) || !std::isfinite(cross.x + cross.y + cross.z)) {
            ++dropped;
            continue;
        }
        kept.insert(kept.end(), {a, b, c});
    }
    mesh.indices = std::move(kept);
    return dropped;
}

} // namespace anatomy
