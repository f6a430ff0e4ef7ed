#include "render/LevelsOfDetail.h"

#include "anatomy/TriangleGrid.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cmath>

namespace render {

namespace {

// Vertices sampled per level when its deviation is measured: enough to find a rim folded in
// (dozens of vertices), few enough that measuring every level of the default body adds a
// fraction of a second to the first frame.
constexpr size_t kDeviationSamples = 1024;
// A level whose surface lies this many times its target from the mesh's at a sampled vertex is
// not drawn (it has folded a thin part in); the search for the deviation stops there.
constexpr float kDeviationCap = 4.0f;

} // namespace

namespace {

// Up to `samples` of the vertices the mesh's triangles use, spread evenly through its vertex
// list: where each level's deviation is measured.
std::vector<std::uint32_t> sampledVertices(const anatomy::SurfaceMesh& mesh, size_t samples) {
    std::vector<bool> used(mesh.positions.size(), false);
    size_t usedCount = 0;
    for (std::uint32_t i : mesh.indices)
        if (!used[i]) {
            used[i] = true;
            ++usedCount;
        }
    const size_t stride = std::max<size_t>(1, usedCount / std::max<size_t>(samples, 1));
    std::vector<std::uint32_t> sampled;
    size_t seen = 0;
    for (size_t i = 0; i < mesh.positions.size(); ++i)
        if (used[i] && seen++ % stride == 0)
            sampled.push_back(static_cast<std::uint32_t>(i));
    return sampled;
}

// The largest distance from the sampled vertices to `level`'s triangles (over the same
// vertices), searched up to `capM`, which it returns where nothing lies nearer.
float deviationAt(const anatomy::SurfaceMesh& level, const std::vector<std::uint32_t>& sampled,
                  float capM) {
    if (level.indices.empty())
        return capM;
    // A grid cell about twice the level's mean edge, with at most a few million cells.
    double area = 0.0;
    for (size_t t = 0; t + 2 < level.indices.size(); t += 3) {
        const glm::vec3 a = level.positions[level.indices[t]],
                        b = level.positions[level.indices[t + 1]],
                        c = level.positions[level.indices[t + 2]];
        area += 0.5 * static_cast<double>(glm::length(glm::cross(b - a, c - a)));
    }
    const glm::vec3 size = level.bounds().size();
    const double volume = static_cast<double>(std::max(size.x, 1e-3f)) *
                          static_cast<double>(std::max(size.y, 1e-3f)) *
                          static_cast<double>(std::max(size.z, 1e-3f));
    const auto cell = static_cast<float>(
        std::max({2.0 * std::sqrt(2.0 * area / static_cast<double>(level.indices.size() / 3)), 1e-3,
                  std::cbrt(volume / 4e6)}));
    const anatomy::TriangleGrid grid({&level}, cell);
    float largest = 0.0f;
    for (std::uint32_t i : sampled) {
        const auto nearest = grid.nearest(level.positions[i], capM);
        largest = std::max(largest, nearest ? nearest->distance : capM);
        if (largest >= capM)
            break;
    }
    return largest;
}

} // namespace

std::vector<LevelOfDetail> levelsOfDetail(const anatomy::SurfaceMesh& mesh) {
    std::vector<LevelOfDetail> levels;
    const size_t vertexCount = mesh.positions.size();
    if (mesh.indices.size() < 3 * 64 || vertexCount == 0)
        return levels;
    // (The loaders reject indices out of range, so every index names a vertex here.)
    const float* positions = &mesh.positions[0].x;
    const float scale = meshopt_simplifyScale(positions, vertexCount, sizeof(glm::vec3));
    if (!(scale > 0.0f))
        return levels;
    // The levels are measured over one copy of the vertices, at the same sampled vertices.
    anatomy::SurfaceMesh level;
    level.positions = mesh.positions;
    const std::vector<std::uint32_t> sampled = sampledVertices(mesh, kDeviationSamples);
    size_t previous = mesh.indices.size();
    for (const float target : kLodErrorsM) {
        std::vector<std::uint32_t> simplified(mesh.indices.size());
        const size_t count = meshopt_simplify(
            simplified.data(), mesh.indices.data(), mesh.indices.size(), positions, vertexCount,
            sizeof(glm::vec3), 0, target / scale, meshopt_SimplifyLockBorder, nullptr);
        if (count == 0 || count * 5 > previous * 4)
            continue;
        simplified.resize(count);
        level.indices = std::move(simplified);
        const float capM = kDeviationCap * target;
        const float deviationM = deviationAt(level, sampled, capM);
        if (deviationM >= capM)
            continue;
        levels.push_back({std::move(level.indices), target, deviationM});
        previous = count;
    }
    return levels;
}

} // namespace render
