// anatomy/atlas: an atlas part's mesh made ready for the body: vertices the file split (at
// texture seams) joined again, and the surface simplified within a distance the eye and the
// tools cannot tell.
#pragma once

#include "anatomy/Body.h"

namespace anatomy::atlas {

// Joins vertices at the same position (within `toleranceM`), so the surface is connected where
// the file only split it for its texture coordinates. Normals are recomputed by the caller.
void weldCoincidentVertices(SurfaceMesh& mesh, float toleranceM = 1e-6f);

// Simplifies the surface while it stays within `maxErrorM` of the original and keeps at least
// `minShare` of its triangles; open borders stay where they are. Returns the error reached.
float simplifySurface(SurfaceMesh& mesh, float maxErrorM, float minShare);

// Appends `part` to `mesh` (both without fibres, or both with).
void appendMesh(SurfaceMesh& mesh, const SurfaceMesh& part);

} // namespace anatomy::atlas
