#include "anatomy/MeshOps.h"

#include <algorithm>
#include <glm/geometric.hpp>
#include <glm/matrix.hpp>

#include <array>
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
    for (std::vector<glm::vec3>* directions : {&mesh.fibres, &mesh.deepLaminaFibres})
        for (glm::vec3& f : *directions) {
            const glm::vec3 t = linear * f;
            const float len = glm::length(t);
            f = len > 0.0f ? t / len : f;
        }
    // A mirroring transform flips the winding; restore counter-clockwise-from-outside.
    if (glm::determinant(glm::mat3(transform)) < 0.0f)
        for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
            std::swap(mesh.indices[t + 1], mesh.indices[t + 2]);
}

size_t separateTouchingSheets(SurfaceMesh& mesh) {
    const size_t triangles = mesh.triangleCount();
    // How often each undirected edge is used.
    std::unordered_map<std::uint64_t, int> edgeUse;
    auto edgeKey = [](std::uint32_t a, std::uint32_t b) {
        return (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
    };
    for (size_t t = 0; t < triangles; ++t)
        for (int e = 0; e < 3; ++e)
            ++edgeUse[edgeKey(mesh.indices[t * 3 + e], mesh.indices[t * 3 + (e + 1) % 3])];
    // Triangles around each vertex.
    std::vector<std::vector<std::uint32_t>> around(mesh.positions.size());
    for (size_t t = 0; t < triangles; ++t)
        for (int c = 0; c < 3; ++c)
            around[mesh.indices[t * 3 + c]].push_back(static_cast<std::uint32_t>(t));

    // Fans are found on the original connectivity; copies only change the output.
    const std::vector<std::uint32_t> original = mesh.indices;
    size_t added = 0;
    for (size_t v = 0; v < around.size(); ++v) {
        const auto& fan = around[v];
        if (fan.size() < 2)
            continue;
        // Group the triangles at v that are joined through an ordinary (two-use) edge at v.
        std::vector<size_t> group(fan.size());
        for (size_t i = 0; i < group.size(); ++i)
            group[i] = i;
        auto find = [&](size_t i) {
            while (group[i] != i)
                i = group[i] = group[group[i]];
            return i;
        };
        auto otherCorners = [&](std::uint32_t t, std::uint32_t vertex) {
            std::array<std::uint32_t, 2> out{};
            int k = 0;
            for (int c = 0; c < 3; ++c)
                if (original[t * 3 + c] != vertex && k < 2)
                    out[static_cast<size_t>(k++)] = original[t * 3 + c];
            return out;
        };
        for (size_t i = 0; i < fan.size(); ++i)
            for (size_t j = i + 1; j < fan.size(); ++j) {
                const auto a = otherCorners(fan[i], static_cast<std::uint32_t>(v));
                const auto b = otherCorners(fan[j], static_cast<std::uint32_t>(v));
                for (std::uint32_t x : a)
                    for (std::uint32_t y : b)
                        if (x == y && edgeUse[edgeKey(static_cast<std::uint32_t>(v), x)] == 2)
                            group[find(i)] = find(j);
            }
        // Every group after the first gets its own copy of the vertex.
        std::unordered_map<size_t, std::uint32_t> copyOf;
        const size_t firstRoot = find(0);
        for (size_t i = 0; i < fan.size(); ++i) {
            const size_t root = find(i);
            if (root == firstRoot)
                continue;
            auto [it, inserted] =
                copyOf.emplace(root, static_cast<std::uint32_t>(mesh.positions.size()));
            if (inserted) {
                mesh.positions.push_back(mesh.positions[v]);
                if (!mesh.normals.empty())
                    mesh.normals.push_back(mesh.normals[v]);
                if (!mesh.fibres.empty())
                    mesh.fibres.push_back(mesh.fibres[v]);
                if (!mesh.deepLaminaFibres.empty())
                    mesh.deepLaminaFibres.push_back(mesh.deepLaminaFibres[v]);
                ++added;
            }
            for (int c = 0; c < 3; ++c)
                if (mesh.indices[fan[i] * 3 + c] == v)
                    mesh.indices[fan[i] * 3 + c] = it->second;
        }
    }
    return added;
}

size_t badEdgeCount(const SurfaceMesh& mesh) {
    // Directed edges packed into one 64-bit key; a sorted list beats a tree of pairs here.
    std::vector<std::uint64_t> directed;
    directed.reserve(mesh.indices.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int e = 0; e < 3; ++e)
            directed.push_back(std::uint64_t(mesh.indices[t + e]) << 32 |
                               mesh.indices[t + (e + 1) % 3]);
    std::sort(directed.begin(), directed.end());
    size_t bad = 0;
    for (size_t i = 0; i < directed.size(); ++i) {
        const std::uint64_t edge = directed[i];
        const bool repeated = (i > 0 && directed[i - 1] == edge) ||
                              (i + 1 < directed.size() && directed[i + 1] == edge);
        const std::uint64_t reverse = (edge & 0xffffffffu) << 32 | edge >> 32;
        if (repeated || !std::binary_search(directed.begin(), directed.end(), reverse))
            ++bad;
    }
    return bad;
}

std::vector<std::uint32_t> uniqueEdges(const SurfaceMesh& mesh) {
    std::vector<std::uint64_t> keys;
    keys.reserve(mesh.indices.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int e = 0; e < 3; ++e) {
            const std::uint32_t a = mesh.indices[t + e], b = mesh.indices[t + (e + 1) % 3];
            if (a != b)
                keys.push_back(std::uint64_t(std::min(a, b)) << 32 | std::max(a, b));
        }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<std::uint32_t> pairs;
    pairs.reserve(keys.size() * 2);
    for (const std::uint64_t key : keys)
        pairs.insert(pairs.end(), {std::uint32_t(key >> 32), std::uint32_t(key & 0xffffffffu)});
    return pairs;
}

size_t removeDegenerateTriangles(SurfaceMesh& mesh, float minimumAreaM2) {
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
        const float area = 0.5f * glm::length(cross);
        if (!(area > minimumAreaM2) || !std::isfinite(area)) {
            ++dropped;
            continue;
        }
        kept.insert(kept.end(), {a, b, c});
    }
    mesh.indices = std::move(kept);
    return dropped;
}

void appendPillowTriangles(SurfaceMesh& mesh, const std::vector<std::uint32_t>& top,
                           const std::vector<std::uint32_t>& bottom, int nu, int nv, bool flip) {
    auto at = [&](int i, int j) {
        return static_cast<size_t>(j) * static_cast<size_t>(nu) + static_cast<size_t>(i);
    };
    auto isRim = [&](size_t k) { return top[k] == bottom[k]; };
    for (int j = 0; j + 1 < nv; ++j)
        for (int i = 0; i + 1 < nu; ++i) {
            const size_t a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
            const bool otherDiagonal =
                (isRim(a) && isRim(b) && isRim(c)) || (isRim(a) && isRim(c) && isRim(d));
            auto quad = [&](const std::vector<std::uint32_t>& vtx, bool reverse) {
                std::array<std::uint32_t, 6> t =
                    otherDiagonal ? std::array<std::uint32_t, 6>{vtx[a], vtx[b], vtx[d],
                                                                 vtx[b], vtx[c], vtx[d]}
                                  : std::array<std::uint32_t, 6>{vtx[a], vtx[b], vtx[c],
                                                                 vtx[a], vtx[c], vtx[d]};
                if (reverse) {
                    std::swap(t[1], t[2]);
                    std::swap(t[4], t[5]);
                }
                mesh.indices.insert(mesh.indices.end(), t.begin(), t.end());
            };
            quad(top, flip);
            quad(bottom, !flip);
        }
}

} // namespace anatomy
