// anatomy: meshing a signed distance field (negative inside) into a closed, consistently
// oriented triangle surface with surface nets; deterministic vertex order.
#pragma once

#include "anatomy/Body.h"

#include <functional>

namespace anatomy {

using DistanceField = std::function<float(const glm::vec3&)>;

// A field sampled on a regular grid; values[(z * ny + y) * nx + x] at origin + (x, y, z) * cell.
struct SampleGrid {
    glm::vec3 origin{0.0f};
    float cellM = 0.01f;
    int nx = 0, ny = 0, nz = 0;
    std::vector<float> values;
};

SampleGrid sampleField(const DistanceField& field, const core::Aabb& box, float cellSizeM);
// The grid sampleField would use, with values zeroed, for callers that fill several at once.
SampleGrid emptyGrid(const core::Aabb& box, float cellSizeM);

// The zero level set of sampled values, with normals from `gradientField`'s gradient, or from
// the samples themselves when it is empty. Several surfaces can share one expensive sampling
// this way (values combined arithmetically).
SurfaceMesh meshSamples(const SampleGrid& grid, const DistanceField& gradientField);

// Samples the field on a grid of `cellSizeM` over `box` (which must enclose the surface with a
// margin) and returns the zero level set with normals from the field's gradient.
SurfaceMesh meshDistanceField(const DistanceField& field, const core::Aabb& box, float cellSizeM);

} // namespace anatomy
