// render: a structure's levels of detail, the simplified meshes distant structures are drawn from.
#pragma once

#include "anatomy/Body.h"

#include <array>
#include <cstdint>
#include <vector>

namespace render {

// The geometric errors the levels of detail are simplified to, in metres, finest first.
inline constexpr std::array<float, 6> kLodErrorsM = {0.0005f, 0.001f, 0.0015f,
                                                     0.002f,  0.004f, 0.008f};

struct LevelOfDetail {
    std::vector<std::uint32_t> indices; // triangles over the mesh's own vertices
    float errorM = 0.0f;                // the error it was simplified to (kLodErrorsM)
    // The farthest that 1024 of the mesh's vertices, spread over it, lie from its triangles.
    float deviationM = 0.0f;
};

// The mesh's levels of detail, finest first: quadric edge collapses onto the mesh's own vertices
// (so a vertex's overlay values serve every level), open borders locked so that neighbouring
// patches stay joined, one per kLodErrorsM. A level is kept only where it draws at most four
// fifths of the triangles of the one before (or of the mesh) and lies within four times its
// error of the mesh at every sampled vertex: the simplifier's quadric error misses where it folds
// a thin shell's rim in (a strip of intercostal muscle, the edge of a thin sheet), which moved the
// surface by centimetres at a few millimetres' error. None for a mesh of fewer than 64
// triangles.
std::vector<LevelOfDetail> levelsOfDetail(const anatomy::SurfaceMesh& mesh);

} // namespace render
