#include "anatomy/SurfaceNets.h"

#include "anatomy/MeshOps.h"
#include "core/Parallel.h"

#include <glm/geometric.hpp>

#include <array>
#include <cmath>

namespace anatomy {

SampleGrid emptyGrid(const core::Aabb& box, float cellSizeM) {
    SampleGrid grid;
    const glm::vec3 size = box.size();
    grid.origin = box.min;
    grid.cellM = cellSizeM;
    grid.nx = static_cast<int>(std::ceil(size.x / cellSizeM)) + 1;
    grid.ny = static_cast<int>(std::ceil(size.y / cellSizeM)) + 1;
    grid.nz = static_cast<int>(std::ceil(size.z / cellSizeM)) + 1;
    grid.values.assign(static_cast<size_t>(grid.nx) * grid.ny * grid.nz, 0.0f);
    return grid;
}

SampleGrid sampleField(const DistanceField& field, const core::Aabb& box, float cellSizeM) {
    SampleGrid grid = emptyGrid(box, cellSizeM);
    // Slices in parallel: every sample is independent, so any thread count gives the same bytes.
    core::parallelFor(static_cast<size_t>(grid.nz), [&](size_t z) {
        size_t i = z * static_cast<size_t>(grid.nx) * grid.ny;
        for (int y = 0; y < grid.ny; ++y)
            for (int x = 0; x < grid.nx; ++x)
                grid.values[i++] =
                    field(grid.origin + glm::vec3(float(x), float(y), float(z)) * cellSizeM);
    });
    return grid;
}

SurfaceMesh meshDistanceField(const DistanceField& field, const core::Aabb& box, float cellSizeM) {
    return meshSamples(sampleField(field, box, cellSizeM), field);
}

SurfaceMesh meshSamples(const SampleGrid& grid, const DistanceField& field) {
    SurfaceMesh mesh;
    const int nx = grid.nx, ny = grid.ny, nz = grid.nz;
    const float cellSizeM = grid.cellM;
    auto gridIndex = [&](int x, int y, int z) {
        return (static_cast<size_t>(z) * ny + y) * nx + x;
    };
    auto gridPoint = [&](int x, int y, int z) {
        return grid.origin + glm::vec3(float(x), float(y), float(z)) * cellSizeM;
    };
    const std::vector<float>& samples = grid.values;

    // Corner c of a cell sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1). Edges are corner pairs.
    static constexpr std::array<std::array<int, 2>, 12> kEdges = {{{0, 1},
                                                                   {2, 3},
                                                                   {4, 5},
                                                                   {6, 7},
                                                                   {0, 2},
                                                                   {1, 3},
                                                                   {4, 6},
                                                                   {5, 7},
                                                                   {0, 4},
                                                                   {1, 5},
                                                                   {2, 6},
                                                                   {3, 7}}};
    // The six faces, corners in cyclic order.
    static constexpr std::array<std::array<int, 4>, 6> kFaces = {
        {{0, 2, 6, 4}, {1, 3, 7, 5}, {0, 1, 5, 4}, {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 5, 7, 6}}};
    auto edgeOf = [](int c0, int c1) {
        for (int e = 0; e < 12; ++e)
            if ((kEdges[e][0] == c0 && kEdges[e][1] == c1) ||
                (kEdges[e][0] == c1 && kEdges[e][1] == c0))
                return e;
        return -1;
    };

    // Each sheet of surface crossing a cell gets its own vertex. Sheets are the connected groups
    // of the cell's crossed edges, joined across each face as the face's contour runs; on an
    // ambiguous face (corners alternating inside/outside) the bilinear saddle decides, and both
    // cells sharing the face decide alike. One vertex per sheet keeps the mesh manifold where
    // one vertex per cell would pinch two nearby surfaces together.
    constexpr std::uint32_t kNone = 0xffffffffu;
    std::vector<std::uint32_t> cellSlot(static_cast<size_t>(nx) * ny * nz, kNone);
    std::vector<std::array<std::uint32_t, 12>> slotEdgeVertex;
    for (int z = 0; z + 1 < nz; ++z)
        for (int y = 0; y + 1 < ny; ++y)
            for (int x = 0; x + 1 < nx; ++x) {
                std::array<float, 8> d;
                std::array<glm::vec3, 8> p;
                int insideCount = 0;
                for (int c = 0; c < 8; ++c) {
                    const int cx = x + (c & 1), cy = y + ((c >> 1) & 1), cz = z + ((c >> 2) & 1);
                    d[c] = samples[gridIndex(cx, cy, cz)];
                    p[c] = gridPoint(cx, cy, cz);
                    insideCount += d[c] < 0.0f ? 1 : 0;
                }
                if (insideCount == 0 || insideCount == 8)
                    continue;
                auto crossed = [&](int e) {
                    return (d[kEdges[e][0]] < 0.0f) != (d[kEdges[e][1]] < 0.0f);
                };
                std::array<int, 12> group;
                for (int e = 0; e < 12; ++e)
                    group[e] = e;
                auto find = [&](int e) {
                    while (group[e] != e)
                        e = group[e] = group[group[e]];
                    return e;
                };
                auto join = [&](int a, int b) { group[find(a)] = find(b); };
                for (const auto& face : kFaces) {
                    std::array<int, 4> faceEdges;
                    int crossings = 0;
                    for (int i = 0; i < 4; ++i) {
                        faceEdges[i] = edgeOf(face[i], face[(i + 1) % 4]);
                        crossings += crossed(faceEdges[i]) ? 1 : 0;
                    }
                    if (crossings == 2) {
                        int first = -1;
                        for (int i = 0; i < 4; ++i)
                            if (crossed(faceEdges[i]))
                                first < 0 ? void(first = faceEdges[i]) : join(first, faceEdges[i]);
                    } else if (crossings == 4) {
                        const float a = d[face[0]], b = d[face[1]], c = d[face[2]], e = d[face[3]];
                        const float denominator = a + c - b - e;
                        const float saddle = denominator != 0.0f ? (a * c - b * e) / denominator
                                                                 : 0.25f * (a + b + c + e);
                        // Join the two edges around each corner that the saddle's sign isolates.
                        const bool saddleInside = saddle < 0.0f;
                        for (int i = 0; i < 4; ++i)
                            if ((d[face[i]] < 0.0f) != saddleInside)
                                join(faceEdges[(i + 3) % 4], faceEdges[i]);
                    }
                }
                std::array<std::uint32_t, 12> edgeVertex;
                edgeVertex.fill(kNone);
                std::array<glm::vec3, 12> sum{};
                std::array<int, 12> count{};
                for (int e = 0; e < 12; ++e)
                    if (crossed(e)) {
                        const float a = d[kEdges[e][0]], b = d[kEdges[e][1]];
                        const float t = a / (a - b);
                        sum[find(e)] += p[kEdges[e][0]] + t * (p[kEdges[e][1]] - p[kEdges[e][0]]);
                        ++count[find(e)];
                    }
                std::array<std::uint32_t, 12> rootVertex;
                rootVertex.fill(kNone);
                for (int e = 0; e < 12; ++e) // in edge order: deterministic vertex order
                    if (crossed(e)) {
                        const int root = find(e);
                        if (rootVertex[root] == kNone) {
                            rootVertex[root] = static_cast<std::uint32_t>(mesh.positions.size());
                            mesh.positions.push_back(sum[root] / float(count[root]));
                        }
                        edgeVertex[e] = rootVertex[root];
                    }
                cellSlot[gridIndex(x, y, z)] = static_cast<std::uint32_t>(slotEdgeVertex.size());
                slotEdgeVertex.push_back(edgeVertex);
            }

    // The vertex of cell (cx, cy, cz) on the sheet that crosses the grid edge from grid point
    // (gx, gy, gz) along `axis`.
    auto vertexOn = [&](int cx, int cy, int cz, int gx, int gy, int gz, int axis) {
        const std::uint32_t slot = cellSlot[gridIndex(cx, cy, cz)];
        if (slot == kNone)
            return kNone;
        const int c0 = (gx - cx) | ((gy - cy) << 1) | ((gz - cz) << 2);
        const int c1 = c0 | (1 << axis);
        return slotEdgeVertex[slot][static_cast<size_t>(edgeOf(c0, c1))];
    };

    // One quad per grid edge the surface crosses, joining the sheets of the four cells around
    // that edge, wound so that it faces from inside to outside.
    auto emitQuad = [&](std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t e,
                        bool flip) {
        if (a == kNone || b == kNone || c == kNone || e == kNone)
            return;
        if (flip)
            std::swap(b, e);
        // Split along the diagonal whose smaller triangle is larger: a vertex that landed on
        // the line between two others would otherwise give a triangle with no area.
        const auto& P = mesh.positions;
        auto area = [&](std::uint32_t i, std::uint32_t j, std::uint32_t k) {
            return glm::length(glm::cross(P[j] - P[i], P[k] - P[i]));
        };
        if (std::min(area(a, b, c), area(a, c, e)) >= std::min(area(a, b, e), area(b, c, e)))
            mesh.indices.insert(mesh.indices.end(), {a, b, c, a, c, e});
        else
            mesh.indices.insert(mesh.indices.end(), {a, b, e, b, c, e});
    };
    for (int z = 1; z + 1 < nz; ++z)
        for (int y = 1; y + 1 < ny; ++y)
            for (int x = 1; x + 1 < nx; ++x) {
                const bool inside = samples[gridIndex(x, y, z)] < 0.0f;
                if (inside != (samples[gridIndex(x + 1, y, z)] < 0.0f))
                    emitQuad(vertexOn(x, y - 1, z - 1, x, y, z, 0),
                             vertexOn(x, y, z - 1, x, y, z, 0), vertexOn(x, y, z, x, y, z, 0),
                             vertexOn(x, y - 1, z, x, y, z, 0), !inside);
                if (inside != (samples[gridIndex(x, y + 1, z)] < 0.0f))
                    emitQuad(vertexOn(x - 1, y, z - 1, x, y, z, 1),
                             vertexOn(x - 1, y, z, x, y, z, 1), vertexOn(x, y, z, x, y, z, 1),
                             vertexOn(x, y, z - 1, x, y, z, 1), !inside);
                if (inside != (samples[gridIndex(x, y, z + 1)] < 0.0f))
                    emitQuad(vertexOn(x - 1, y - 1, z, x, y, z, 2),
                             vertexOn(x, y - 1, z, x, y, z, 2), vertexOn(x, y, z, x, y, z, 2),
                             vertexOn(x - 1, y, z, x, y, z, 2), !inside);
            }

    // Where two sheets still meet (a tunnel through one cell), give each its own vertices.
    separateTouchingSheets(mesh);

    mesh.normals.resize(mesh.positions.size());
    if (field) {
        // Normals from the field's gradient are smoother than any face average.
        const float h = 0.25f * cellSizeM;
        core::parallelFor(mesh.positions.size(), [&](size_t i) {
            const glm::vec3& q = mesh.positions[i];
            const glm::vec3 gradient(field(q + glm::vec3(h, 0, 0)) - field(q - glm::vec3(h, 0, 0)),
                                     field(q + glm::vec3(0, h, 0)) - field(q - glm::vec3(0, h, 0)),
                                     field(q + glm::vec3(0, 0, h)) - field(q - glm::vec3(0, 0, h)));
            const float len = glm::length(gradient);
            mesh.normals[i] = len > 0.0f ? gradient / len : glm::vec3(0, 1, 0);
        });
    } else {
        // No field to ask: the sampled values' gradient, trilinearly interpolated.
        auto sampleAt = [&](int x, int y, int z) {
            x = std::clamp(x, 0, nx - 1);
            y = std::clamp(y, 0, ny - 1);
            z = std::clamp(z, 0, nz - 1);
            return samples[gridIndex(x, y, z)];
        };
        auto gridGradient = [&](int x, int y, int z) {
            return glm::vec3(sampleAt(x + 1, y, z) - sampleAt(x - 1, y, z),
                             sampleAt(x, y + 1, z) - sampleAt(x, y - 1, z),
                             sampleAt(x, y, z + 1) - sampleAt(x, y, z - 1));
        };
        core::parallelFor(mesh.positions.size(), [&](size_t i) {
            const glm::vec3 g = (mesh.positions[i] - grid.origin) / cellSizeM;
            const glm::ivec3 c = glm::clamp(glm::ivec3(glm::floor(g)), glm::ivec3(0),
                                            glm::ivec3(nx - 2, ny - 2, nz - 2));
            const glm::vec3 f = glm::clamp(g - glm::vec3(c), glm::vec3(0.0f), glm::vec3(1.0f));
            glm::vec3 gradient(0.0f);
            for (int corner = 0; corner < 8; ++corner) {
                const int dx = corner & 1, dy = (corner >> 1) & 1, dz = (corner >> 2) & 1;
                const float w =
                    (dx ? f.x : 1.0f - f.x) * (dy ? f.y : 1.0f - f.y) * (dz ? f.z : 1.0f - f.z);
                gradient += w * gridGradient(c.x + dx, c.y + dy, c.z + dz);
            }
            const float len = glm::length(gradient);
            mesh.normals[i] = len > 0.0f ? gradient / len : glm::vec3(0, 1, 0);
        });
    }
    return mesh;
}

} // namespace anatomy
