#include "anatomy/gen/SurfaceNets.h"

#include <glm/geometric.hpp>

#include <array>
#include <cmath>

namespace anatomy::gen {

SurfaceMesh meshDistanceField(const DistanceField& field, const core::Aabb& box, float cellSizeM) {
    SurfaceMesh mesh;
    const glm::vec3 size = box.size();
    const int nx = static_cast<int>(std::ceil(size.x / cellSizeM)) + 1;
    const int ny = static_cast<int>(std::ceil(size.y / cellSizeM)) + 1;
    const int nz = static_cast<int>(std::ceil(size.z / cellSizeM)) + 1;
    auto gridIndex = [&](int x, int y, int z) {
        return (static_cast<size_t>(z) * ny + y) * nx + x;
    };
    auto gridPoint = [&](int x, int y, int z) {
        return box.min + glm::vec3(float(x), float(y), float(z)) * cellSizeM;
    };

    std::vector<float> samples(static_cast<size_t>(nx) * ny * nz);
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx; ++x)
                samples[gridIndex(x, y, z)] = field(gridPoint(x, y, z));

    // One vertex per cell the surface crosses, at the mean of its edges' zero crossings.
    constexpr std::uint32_t kNone = 0xffffffffu;
    std::vector<std::uint32_t> cellVertex(static_cast<size_t>(nx) * ny * nz, kNone);
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
                glm::vec3 sum(0.0f);
                int crossings = 0;
                for (const auto& e : kEdges) {
                    const float a = d[e[0]], b = d[e[1]];
                    if ((a < 0.0f) == (b < 0.0f))
                        continue;
                    const float t = a / (a - b);
                    sum += p[e[0]] + t * (p[e[1]] - p[e[0]]);
                    ++crossings;
                }
                cellVertex[gridIndex(x, y, z)] = static_cast<std::uint32_t>(mesh.positions.size());
                mesh.positions.push_back(sum / float(crossings));
            }

    // One quad per grid edge the surface crosses, joining the four cells around that edge,
    // wound so that it faces from inside to outside.
    auto emitQuad = [&](std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t e,
                        bool flip) {
        if (a == kNone || b == kNone || c == kNone || e == kNone)
            return;
        if (flip)
            std::swap(b, e);
        mesh.indices.insert(mesh.indices.end(), {a, b, c, a, c, e});
    };
    for (int z = 1; z + 1 < nz; ++z)
        for (int y = 1; y + 1 < ny; ++y)
            for (int x = 1; x + 1 < nx; ++x) {
                const bool inside = samples[gridIndex(x, y, z)] < 0.0f;
                if (inside != (samples[gridIndex(x + 1, y, z)] < 0.0f))
                    emitQuad(cellVertex[gridIndex(x, y - 1, z - 1)],
                             cellVertex[gridIndex(x, y, z - 1)], cellVertex[gridIndex(x, y, z)],
                             cellVertex[gridIndex(x, y - 1, z)], !inside);
                if (inside != (samples[gridIndex(x, y + 1, z)] < 0.0f))
                    emitQuad(cellVertex[gridIndex(x - 1, y, z - 1)],
                             cellVertex[gridIndex(x - 1, y, z)], cellVertex[gridIndex(x, y, z)],
                             cellVertex[gridIndex(x, y, z - 1)], !inside);
                if (inside != (samples[gridIndex(x, y, z + 1)] < 0.0f))
                    emitQuad(cellVertex[gridIndex(x - 1, y - 1, z)],
                             cellVertex[gridIndex(x, y - 1, z)], cellVertex[gridIndex(x, y, z)],
                             cellVertex[gridIndex(x - 1, y, z)], !inside);
            }

    // Normals from the field's gradient are smoother than any face average.
    const float h = 0.25f * cellSizeM;
    mesh.normals.resize(mesh.positions.size());
    for (size_t i = 0; i < mesh.positions.size(); ++i) {
        const glm::vec3& q = mesh.positions[i];
        const glm::vec3 gradient(field(q + glm::vec3(h, 0, 0)) - field(q - glm::vec3(h, 0, 0)),
                                 field(q + glm::vec3(0, h, 0)) - field(q - glm::vec3(0, h, 0)),
                                 field(q + glm::vec3(0, 0, h)) - field(q - glm::vec3(0, 0, h)));
        const float len = glm::length(gradient);
        mesh.normals[i] = len > 0.0f ? gradient / len : glm::vec3(0, 1, 0);
    }
    return mesh;
}

} // namespace anatomy::gen
