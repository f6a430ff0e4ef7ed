// anatomy/atlas: the clearances the derived fascia layers keep from the tissue inside them.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/TriangleGrid.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace anatomy::atlas {

// Moves `layer` outwards wherever one of `points` (the vertices of the surfaces it must enclose)
// lies less than `clearanceM` inside it or outside it by up to `reachM`, by moving the nearest
// triangle's corners along their normals, each round by no more than a third of the way left to
// `outer`. Repeats up to `rounds` times; returns how many points are still short of half the
// clearance at the end.
size_t encloseWithClearance(SurfaceMesh& layer, const std::vector<glm::vec3>& points,
                            float clearanceM, const TriangleGrid& outer, float reachM, int rounds);

// A layer outside `inner`, each vertex moved out along its normal: to `depthBelowOuterM(p)`
// under the surface of `outer` where there is room, and always between a third and two thirds
// of the way from `inner` to `outer`, so the two never cross.
template <typename DepthAt>
SurfaceMesh offsetTowards(const SurfaceMesh& inner, const TriangleGrid& outer,
                          const DepthAt& depthBelowOuterM);

} // namespace anatomy::atlas

#include "anatomy/MeshOps.h"

namespace anatomy::atlas {

template <typename DepthAt>
SurfaceMesh offsetTowards(const SurfaceMesh& inner, const TriangleGrid& outer,
                          const DepthAt& depthBelowOuterM) {
    SurfaceMesh out = inner;
    for (size_t v = 0; v < out.positions.size(); ++v) {
        const glm::vec3 p = inner.positions[v];
        const auto above = outer.nearest(p, 0.1f);
        if (!above)
            continue;
        const float room = above->distance;
        const float wanted = room - depthBelowOuterM(p);
        out.positions[v] =
            p + inner.normals[v] * std::clamp(wanted, room / 3.0f, 2.0f * room / 3.0f);
    }
    computeSmoothNormals(out);
    return out;
}

} // namespace anatomy::atlas
