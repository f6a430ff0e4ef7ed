// anatomy/atlas: signed distance fields of the atlas body's surfaces on a regular grid, for the
// layers derived between them. Near a surface the distance is exact (to its triangles); further
// out it is the distance transform of those values. A sample is inside a surface when ray parity
// along the grid lines says so for two of the three axes (a line slipping through a small hole
// is outvoted); a shell modelled as a thin solid, like the atlas's skin, encloses what it lies
// around along all three axes.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/SurfaceNets.h"

#include <vector>

namespace anatomy::atlas {

// The signed distance (negative inside) to the union of `structures`, sampled on the points of
// `grid` (its values are replaced). `bandCells`: how many cells from a surface the distance is
// exact.
void signedDistanceToUnion(const Body& body, const std::vector<int>& structures, SampleGrid& grid,
                           int bandCells = 2, bool enclosedRule = false);

// The signed distance to the space a closed shell encloses, such as a skin modelled as a thin
// solid (its outer and inner surfaces a millimetre or two apart, joined at the lips and eyes):
// negative where the shell lies on both sides of a sample along each of the three axes,
// positive elsewhere (a fold between the legs or under the chin is open along some axis).
void signedDistanceToEnclosure(const Body& body, int structure, SampleGrid& grid);

// For each sample, the Euclidean distance (metres) to the nearest sample where `inside` is
// false; 0 where it is false itself.
std::vector<float> distanceToOutside(const SampleGrid& grid, const std::vector<char>& inside);

} // namespace anatomy::atlas
