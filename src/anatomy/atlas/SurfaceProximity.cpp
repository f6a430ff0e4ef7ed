#include "anatomy/atlas/SurfaceProximity.h"

#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "core/Parallel.h"

#include <algorithm>
#include <cmath>

namespace anatomy::atlas {

size_t encloseWithClearance(SurfaceMesh& layer, const std::vector<glm::vec3>& points,
                            float clearanceM, const TriangleGrid& outer, float reachM, int rounds) {
    // Moving the layer out only takes it further from the points beneath it, so after the first
    // round only the points that were short need looking at again.
    std::vector<std::uint32_t> active(points.size());
    for (size_t i = 0; i < points.size(); ++i)
        active[i] = static_cast<std::uint32_t>(i);
    for (int round = 0; round < rounds && !active.empty(); ++round) {
        computeSmoothNormals(layer);
        const TriangleGrid grid({&layer}, 0.005f);
        // Each point's shortfall and the triangle corners to move, found in parallel.
        std::vector<float> shortfall(active.size(), 0.0f);
        std::vector<std::array<std::uint32_t, 3>> corners(active.size());
        core::parallelFor(active.size(), [&](size_t k) {
            const auto hit = grid.nearest(points[active[k]], reachM);
            if (!hit)
                return;
            // How far inside the layer the point lies (the layer's normals face out).
            const float depth = -hit->signedDistance();
            if (depth < clearanceM) {
                shortfall[k] = clearanceM - depth;
                corners[k] = hit->corners;
            }
        });
        std::vector<float> push(layer.positions.size(), 0.0f);
        std::vector<std::uint32_t> stillShort;
        for (size_t k = 0; k < active.size(); ++k) {
            if (shortfall[k] <= 0.0f)
                continue;
            stillShort.push_back(active[k]);
            for (std::uint32_t corner : corners[k])
                push[corner] = std::max(push[corner], shortfall[k]);
        }
        active = std::move(stillShort);
        if (active.empty())
            break;
        core::parallelFor(layer.positions.size(), [&](size_t v) {
            if (push[v] <= 0.0f)
                return;
            glm::vec3& q = layer.positions[v];
            const auto above = outer.nearest(q, 0.05f);
            const float room = above ? above->distance : 1.0f;
            q += layer.normals[v] * std::min(push[v], room / 3.0f);
        });
    }
    computeSmoothNormals(layer);
    // The count reported is taken over every point again: a point's nearest triangle may have
    // changed as the layer moved.
    const TriangleGrid grid({&layer}, 0.005f);
    std::vector<char> short_(points.size(), 0);
    core::parallelFor(points.size(), [&](size_t i) {
        const auto hit = grid.nearest(points[i], reachM);
        short_[i] = hit && -hit->signedDistance() < 0.5f * clearanceM;
    });
    return static_cast<size_t>(std::count(short_.begin(), short_.end(), 1));
}

} // namespace anatomy::atlas
