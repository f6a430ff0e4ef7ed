// anatomy: how far apart two points are when measured along a surface, as a finger would trace
// it over the skin, rather than straight through the body.
#pragma once

#include "anatomy/Body.h"

#include <optional>

namespace anatomy {

// The shortest path along the mesh's edges between the vertices nearest `from` and `to`, plus
// the straight steps from each point to its vertex. Paths along edges run at most about 8 %
// longer than the true geodesic on a regular triangulation (tests/SurfaceDistanceTest.cpp).
// nullopt when the two lie on unconnected pieces of the mesh or farther than `limitM` apart
// along it (the search stops there).
std::optional<float> surfaceDistance(const SurfaceMesh& mesh, const glm::vec3& from,
                                     const glm::vec3& to, float limitM = 1.0f);

} // namespace anatomy
