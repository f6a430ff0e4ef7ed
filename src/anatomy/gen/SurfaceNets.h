// anatomy/gen: meshing a signed distance field (negative inside) into a closed, consistently
// oriented triangle surface with surface nets; deterministic vertex order.
#pragma once

#include "anatomy/Body.h"

#include <functional>

namespace anatomy::gen {

using DistanceField = std::function<float(const glm::vec3&)>;

// Samples the field on a grid of `cellSizeM` over `box` (which must enclose the surface with a
// margin) and returns the zero level set with normals from the field's gradient.
SurfaceMesh meshDistanceField(const DistanceField& field, const core::Aabb& box, float cellSizeM);

} // namespace anatomy::gen
