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

// Splits every edge longer than `maxEdgeM` at its midpoint, longest first, until none is left,
// each triangle beside a split edge becoming two: the surface stays exactly where it was, but
// what is drawn per vertex (referred-pain zones on the skin, a painted heat map) can follow a
// shape a few centimetres wide where the simplifier left long flat triangles. A new vertex's
// normal and fibre are its edge's ends' mean (per-vertex regions are not carried). Returns the
// number of edges split.
size_t splitLongEdges(SurfaceMesh& mesh, float maxEdgeM);

// Turns triangles so that neighbours across every edge two triangles share run it in opposite
// directions (one winding over each connected piece), each piece facing out (positive volume).
// Returns how many triangles were turned.
size_t orientConsistently(SurfaceMesh& mesh);

// Smooths the surface without shrinking it (Taubin's lambda/mu filter over each vertex's
// neighbours), `iterations` pairs of passes.
void smoothSurface(SurfaceMesh& mesh, int iterations);

// Smooths a field of directions along the surface (each vertex's with its neighbours', signs
// aligned, laid back into the tangent plane), `iterations` times. Needs normals.
void smoothDirections(SurfaceMesh& mesh, std::vector<glm::vec3>& directions, int iterations);

// `wanted` laid into the plane of `normal`, as a unit vector; `fallback` where `wanted` stands
// along the normal, and any tangent where that does too.
glm::vec3 tangentDirection(const glm::vec3& wanted, const glm::vec3& normal,
                           const glm::vec3& fallback);

// Appends `part` to `mesh` (both without fibres, or both with).
void appendMesh(SurfaceMesh& mesh, const SurfaceMesh& part);

} // namespace anatomy::atlas
