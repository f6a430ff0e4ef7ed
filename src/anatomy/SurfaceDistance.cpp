#include "anatomy/SurfaceDistance.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <unordered_map>
#include <vector>

namespace anatomy {

namespace {

// Vertices at the same place (a seam split for its normals) are one node of the graph, so a
// path can cross the seam.
std::vector<std::uint32_t> weldedIds(const SurfaceMesh& mesh) {
    std::unordered_map<std::uint64_t, std::uint32_t> byCell;
    std::vector<std::uint32_t> ids(mesh.positions.size());
    constexpr float kCellM = 1e-5f;
    for (size_t v = 0; v < mesh.positions.size(); ++v) {
        const glm::vec3& p = mesh.positions[v];
        auto cell = [&](float c) {
            return static_cast<std::uint64_t>(static_cast<std::int64_t>(std::lround(c / kCellM)) &
                                              0x1FFFFF);
        };
        const std::uint64_t key = cell(p.x) | (cell(p.y) << 21) | (cell(p.z) << 42);
        const auto [it, inserted] = byCell.emplace(key, static_cast<std::uint32_t>(v));
        ids[v] = it->second;
    }
    return ids;
}

std::uint32_t nearestVertex(const SurfaceMesh& mesh, const glm::vec3& p) {
    std::uint32_t best = 0;
    float bestD = std::numeric_limits<float>::max();
    for (size_t v = 0; v < mesh.positions.size(); ++v) {
        const glm::vec3 d = mesh.positions[v] - p;
        const float d2 = glm::dot(d, d);
        if (d2 < bestD) {
            bestD = d2;
            best = static_cast<std::uint32_t>(v);
        }
    }
    return best;
}

} // namespace

std::optional<float> surfaceDistance(const SurfaceMesh& mesh, const glm::vec3& from,
                                     const glm::vec3& to, float limitM) {
    if (mesh.positions.empty() || mesh.indices.size() < 3)
        return std::nullopt;
    const std::vector<std::uint32_t> id = weldedIds(mesh);
    const std::uint32_t start = id[nearestVertex(mesh, from)];
    const std::uint32_t goal = id[nearestVertex(mesh, to)];
    const float ends = glm::length(mesh.positions[start] - from) +
                       glm::length(mesh.positions[goal] - to);

    // Edges of the welded mesh, as adjacency lists.
    std::vector<std::vector<std::uint32_t>> neighbours(mesh.positions.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int e = 0; e < 3; ++e) {
            const std::uint32_t a = id[mesh.indices[t + static_cast<size_t>(e)]];
            const std::uint32_t b = id[mesh.indices[t + static_cast<size_t>((e + 1) % 3)]];
            if (a != b) {
                neighbours[a].push_back(b);
                neighbours[b].push_back(a);
            }
        }

    // A*: the straight distance to the goal never overestimates the path left, so the first
    // time the goal is taken from the queue its path is the shortest along the edges.
    const glm::vec3 target = mesh.positions[goal];
    std::vector<float> best(mesh.positions.size(), std::numeric_limits<float>::max());
    using Entry = std::pair<float, std::uint32_t>; // (path so far + straight rest, vertex)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
    best[start] = 0.0f;
    open.push({glm::length(target - mesh.positions[start]), start});
    while (!open.empty()) {
        const auto [estimate, v] = open.top();
        open.pop();
        if (v == goal)
            return best[v] + ends;
        if (estimate > limitM)
            break;
        if (estimate > best[v] + glm::length(target - mesh.positions[v]) + 1e-7f)
            continue; // a stale entry: v was reached more cheaply since
        for (const std::uint32_t n : neighbours[v]) {
            const float through = best[v] + glm::length(mesh.positions[n] - mesh.positions[v]);
            if (through < best[n]) {
                best[n] = through;
                open.push({through + glm::length(target - mesh.positions[n]), n});
            }
        }
    }
    return std::nullopt;
}

} // namespace anatomy
