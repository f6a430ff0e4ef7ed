#include "anatomy/atlas/MeshPreparation.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace anatomy::atlas {

void weldCoincidentVertices(SurfaceMesh& mesh, float toleranceM) {
    struct KeyHash {
        size_t operator()(const glm::i64vec3& k) const {
            // Unsigned arithmetic: wrapping is defined, and only the bits matter.
            return static_cast<size_t>(static_cast<std::uint64_t>(k.x) * 73856093ULL ^
                                       static_cast<std::uint64_t>(k.y) * 19349663ULL ^
                                       static_cast<std::uint64_t>(k.z) * 83492791ULL);
        }
    };
    std::unordered_map<glm::i64vec3, std::uint32_t, KeyHash> first;
    std::vector<std::uint32_t> remap(mesh.positions.size());
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> fibres;
    const bool hasFibres = mesh.fibres.size() == mesh.positions.size();
    for (size_t i = 0; i < mesh.positions.size(); ++i) {
        const glm::vec3 p = mesh.positions[i];
        const glm::i64vec3 key(std::llround(p.x / toleranceM), std::llround(p.y / toleranceM),
                               std::llround(p.z / toleranceM));
        auto [it, inserted] = first.emplace(key, static_cast<std::uint32_t>(positions.size()));
        if (inserted) {
            positions.push_back(p);
            if (hasFibres)
                fibres.push_back(mesh.fibres[i]);
        }
        remap[i] = it->second;
    }
    std::vector<std::uint32_t> indices;
    indices.reserve(mesh.indices.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t a = remap[mesh.indices[t]], b = remap[mesh.indices[t + 1]],
                            c = remap[mesh.indices[t + 2]];
        if (a == b || b == c || c == a)
            continue; // collapsed by the weld
        indices.insert(indices.end(), {a, b, c});
    }
    mesh.positions = std::move(positions);
    mesh.fibres = std::move(fibres);
    mesh.indices = std::move(indices);
    mesh.normals.clear();
}

float simplifySurface(SurfaceMesh& mesh, float maxErrorM, float minShare) {
    if (mesh.indices.empty())
        return 0.0f;
    const float* positions = &mesh.positions[0].x;
    const float scale = meshopt_simplifyScale(positions, mesh.positions.size(), sizeof(glm::vec3));
    if (!(scale > 0.0f))
        return 0.0f;
    std::vector<std::uint32_t> simplified(mesh.indices.size());
    float relativeError = 0.0f;
    const auto target =
        static_cast<size_t>(static_cast<float>(mesh.indices.size()) * minShare) / 3 * 3;
    const size_t count =
        meshopt_simplify(simplified.data(), mesh.indices.data(), mesh.indices.size(), positions,
                         mesh.positions.size(), sizeof(glm::vec3), target, maxErrorM / scale,
                         meshopt_SimplifyLockBorder, &relativeError);
    simplified.resize(count);
    // Drop the vertices no triangle uses any more, keeping their order.
    std::vector<std::uint32_t> remap(mesh.positions.size(), UINT32_MAX);
    std::vector<glm::vec3> kept;
    std::vector<glm::vec3> keptFibres;
    const bool hasFibres = mesh.fibres.size() == mesh.positions.size();
    for (std::uint32_t& index : simplified) {
        if (remap[index] == UINT32_MAX) {
            remap[index] = static_cast<std::uint32_t>(kept.size());
            kept.push_back(mesh.positions[index]);
            if (hasFibres)
                keptFibres.push_back(mesh.fibres[index]);
        }
        index = remap[index];
    }
    mesh.positions = std::move(kept);
    mesh.fibres = std::move(keptFibres);
    mesh.indices = std::move(simplified);
    mesh.normals.clear();
    return relativeError * scale;
}

namespace {

// Each vertex's neighbours along the triangles' edges (each listed once).
std::vector<std::vector<std::uint32_t>> neighbours(const SurfaceMesh& mesh) {
    std::vector<std::vector<std::uint32_t>> out(mesh.positions.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = mesh.indices[t + static_cast<size_t>(k)];
            const std::uint32_t b = mesh.indices[t + static_cast<size_t>((k + 1) % 3)];
            out[a].push_back(b);
            out[b].push_back(a);
        }
    for (auto& list : out) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

} // namespace

size_t splitLongEdges(SurfaceMesh& mesh, float maxEdgeM) {
    auto key = [](std::uint32_t a, std::uint32_t b) {
        return (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
    };
    const float maxSquared = maxEdgeM * maxEdgeM;
    size_t splits = 0;
    // Each pass splits the long edges it finds, each once; a split edge's halves, and the new
    // edges across the triangles, are looked at again in the next pass.
    for (;;) {
        std::unordered_map<std::uint64_t, std::uint32_t> midpoint;
        std::vector<std::pair<float, std::uint64_t>> longEdges;
        const size_t triangles = mesh.indices.size() / 3;
        for (size_t t = 0; t < triangles; ++t)
            for (int e = 0; e < 3; ++e) {
                const std::uint32_t a = mesh.indices[3 * t + size_t(e)];
                const std::uint32_t b = mesh.indices[3 * t + size_t((e + 1) % 3)];
                const glm::vec3 d = mesh.positions[a] - mesh.positions[b];
                const float squared = glm::dot(d, d);
                if (squared > maxSquared)
                    longEdges.emplace_back(squared, key(a, b));
            }
        if (longEdges.empty())
            return splits;
        // Longest first; a triangle splits along one edge per pass (its longest), so that it is
        // cut into two and never into slivers.
        std::sort(longEdges.rbegin(), longEdges.rend());
        std::vector<char> triangleSplit(triangles, 0);
        std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> trianglesOfEdge;
        for (size_t t = 0; t < triangles; ++t)
            for (int e = 0; e < 3; ++e)
                trianglesOfEdge[key(mesh.indices[3 * t + size_t(e)],
                                    mesh.indices[3 * t + size_t((e + 1) % 3)])]
                    .push_back(static_cast<std::uint32_t>(t));
        std::vector<std::uint32_t> added;
        for (const auto& [squared, edge] : longEdges) {
            if (midpoint.count(edge))
                continue;
            const auto& sharing = trianglesOfEdge[edge];
            if (std::any_of(sharing.begin(), sharing.end(),
                            [&](std::uint32_t t) { return triangleSplit[t] != 0; }))
                continue; // a neighbour already split this pass; next pass
            const std::uint32_t a = static_cast<std::uint32_t>(edge >> 32);
            const std::uint32_t b = static_cast<std::uint32_t>(edge & 0xffffffffu);
            const std::uint32_t m = static_cast<std::uint32_t>(mesh.positions.size());
            mesh.positions.push_back(0.5f * (mesh.positions[a] + mesh.positions[b]));
            for (std::vector<glm::vec3>* field : {&mesh.normals, &mesh.fibres})
                if (!field->empty())
                    field->push_back(glm::normalize((*field)[a] + (*field)[b] + glm::vec3(1e-9f)));
            midpoint[edge] = m;
            ++splits;
            for (const std::uint32_t t : sharing) {
                triangleSplit[t] = 1;
                // The corners from the split edge's first end round to its second: (p, q, r)
                // with p-q the edge becomes (p, m, r) and (m, q, r), keeping the winding.
                std::uint32_t* corner = &mesh.indices[3 * size_t(t)];
                int e = 0;
                while (key(corner[e], corner[(e + 1) % 3]) != edge)
                    ++e;
                const std::uint32_t p = corner[e], q = corner[(e + 1) % 3], r = corner[(e + 2) % 3];
                corner[0] = p;
                corner[1] = m;
                corner[2] = r;
                added.insert(added.end(), {m, q, r});
            }
        }
        mesh.indices.insert(mesh.indices.end(), added.begin(), added.end());
    }
}

size_t orientConsistently(SurfaceMesh& mesh) {
    const size_t triangles = mesh.indices.size() / 3;
    // The triangles on each undirected edge.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> onEdge;
    for (size_t t = 0; t < triangles; ++t)
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = mesh.indices[3 * t + static_cast<size_t>(k)];
            const std::uint32_t b = mesh.indices[3 * t + static_cast<size_t>((k + 1) % 3)];
            onEdge[{std::min(a, b), std::max(a, b)}].push_back(static_cast<std::uint32_t>(t));
        }
    auto runs = [&](size_t t, std::uint32_t a, std::uint32_t b) {
        for (int k = 0; k < 3; ++k)
            if (mesh.indices[3 * t + static_cast<size_t>(k)] == a &&
                mesh.indices[3 * t + static_cast<size_t>((k + 1) % 3)] == b)
                return true;
        return false;
    };
    std::vector<char> seen(triangles, 0);
    size_t turned = 0;
    for (size_t start = 0; start < triangles; ++start) {
        if (seen[start])
            continue;
        // Breadth first over the piece, each neighbour made to run the shared edge the other way.
        std::vector<std::uint32_t> piece{static_cast<std::uint32_t>(start)}, turnedHere;
        seen[start] = 1;
        for (size_t next = 0; next < piece.size(); ++next) {
            const size_t t = piece[next];
            for (int k = 0; k < 3; ++k) {
                const std::uint32_t a = mesh.indices[3 * t + static_cast<size_t>(k)];
                const std::uint32_t b = mesh.indices[3 * t + static_cast<size_t>((k + 1) % 3)];
                const auto& shared = onEdge[{std::min(a, b), std::max(a, b)}];
                if (shared.size() != 2)
                    continue; // an open or non-manifold edge says nothing
                const std::uint32_t other = shared[0] == t ? shared[1] : shared[0];
                if (seen[other])
                    continue;
                seen[other] = 1;
                if (runs(other, a, b)) {
                    std::swap(mesh.indices[3 * other + 1], mesh.indices[3 * other + 2]);
                    turnedHere.push_back(other);
                }
                piece.push_back(other);
            }
        }
        // The piece faces out.
        double volume = 0.0;
        for (std::uint32_t t : piece) {
            const glm::dvec3 a(mesh.positions[mesh.indices[3 * t]]);
            const glm::dvec3 b(mesh.positions[mesh.indices[3 * t + 1]]);
            const glm::dvec3 c(mesh.positions[mesh.indices[3 * t + 2]]);
            volume += glm::dot(a, glm::cross(b, c));
        }
        if (volume < 0.0) {
            for (std::uint32_t t : piece)
                std::swap(mesh.indices[3 * t + 1], mesh.indices[3 * t + 2]);
            turned += piece.size() - turnedHere.size();
        } else {
            turned += turnedHere.size();
        }
    }
    return turned;
}

void smoothSurface(SurfaceMesh& mesh, int iterations) {
    const auto around = neighbours(mesh);
    std::vector<glm::vec3> next(mesh.positions.size());
    auto pass = [&](float factor) {
        for (size_t v = 0; v < mesh.positions.size(); ++v) {
            if (around[v].empty()) {
                next[v] = mesh.positions[v];
                continue;
            }
            glm::vec3 mean(0.0f);
            for (std::uint32_t n : around[v])
                mean += mesh.positions[n];
            mean /= static_cast<float>(around[v].size());
            next[v] = mesh.positions[v] + factor * (mean - mesh.positions[v]);
        }
        mesh.positions.swap(next);
    };
    for (int i = 0; i < iterations; ++i) {
        pass(0.5f);   // lambda: smooth
        pass(-0.53f); // mu: inflate back what lambda shrank
    }
    mesh.normals.clear();
}

void smoothDirections(SurfaceMesh& mesh, std::vector<glm::vec3>& directions, int iterations) {
    const auto around = neighbours(mesh);
    std::vector<glm::vec3> next(directions.size());
    for (int i = 0; i < iterations; ++i) {
        for (size_t v = 0; v < directions.size(); ++v) {
            glm::vec3 sum = directions[v];
            for (std::uint32_t n : around[v])
                sum +=
                    glm::dot(directions[n], directions[v]) >= 0.0f ? directions[n] : -directions[n];
            const glm::vec3 normal = mesh.normals[v];
            sum -= normal * glm::dot(sum, normal);
            next[v] = glm::length(sum) > 1e-6f ? glm::normalize(sum) : directions[v];
        }
        directions.swap(next);
    }
}

glm::vec3 tangentDirection(const glm::vec3& wanted, const glm::vec3& normal,
                           const glm::vec3& fallback) {
    glm::vec3 d = wanted - normal * glm::dot(wanted, normal);
    if (glm::length(d) < 1e-4f)
        d = fallback - normal * glm::dot(fallback, normal);
    if (glm::length(d) < 1e-4f)
        d = glm::cross(normal, glm::vec3(1, 0, 0));
    return glm::normalize(d);
}

void appendMesh(SurfaceMesh& mesh, const SurfaceMesh& part) {
    const auto base = static_cast<std::uint32_t>(mesh.positions.size());
    mesh.positions.insert(mesh.positions.end(), part.positions.begin(), part.positions.end());
    mesh.normals.insert(mesh.normals.end(), part.normals.begin(), part.normals.end());
    mesh.fibres.insert(mesh.fibres.end(), part.fibres.begin(), part.fibres.end());
    for (std::uint32_t index : part.indices)
        mesh.indices.push_back(base + index);
}

} // namespace anatomy::atlas
