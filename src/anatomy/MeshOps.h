// anatomy: operations on surface meshes that loaders and generators share.
#pragma once

#include "anatomy/Body.h"

#include <glm/mat4x4.hpp>

namespace anatomy {

// Area-weighted smooth vertex normals. Vertices that share a position (UV seams in imported
// files) are averaged together so seams do not show as creases.
void computeSmoothNormals(SurfaceMesh& mesh);

// Applies an affine transform to positions, its linear part to fibre directions and its
// inverse-transpose to normals.
void transformMesh(SurfaceMesh& mesh, const glm::mat4& transform);

// Where two sheets of a surface touch at a vertex or along an edge (an edge used by four
// triangles), gives each sheet its own copy of the vertex, so every edge is used exactly twice.
// Returns how many vertices were added.
size_t separateTouchingSheets(SurfaceMesh& mesh);

// Edges that keep the mesh from being a closed, consistently oriented surface: each edge must
// be used exactly twice, once in each direction. Zero for a watertight, well-wound mesh.
size_t badEdgeCount(const SurfaceMesh& mesh);
inline bool isClosedSurface(const SurfaceMesh& mesh) {
    return !mesh.indices.empty() && badEdgeCount(mesh) == 0;
}

// Each edge of the triangles once, as index pairs (a < b), sorted: the links of the mesh seen
// as a network of particles.
std::vector<std::uint32_t> uniqueEdges(const SurfaceMesh& mesh);

// Drops triangles with out-of-range indices, repeated corners, or no more area than
// `minimumAreaM2`; returns how many were dropped.
size_t removeDegenerateTriangles(SurfaceMesh& mesh, float minimumAreaM2 = 0.0f);

// The triangles of a closed "pillow" over an nu x nv grid (index j * nu + i): a top and a bottom
// sheet of vertex indices that share the rim's vertices (top[k] == bottom[k] there), the top
// sheet facing outwards unless `flip`, each quad split along the diagonal that keeps an interior
// vertex in both of its triangles (one of three rim vertices would be shared by both sheets).
void appendPillowTriangles(SurfaceMesh& mesh, const std::vector<std::uint32_t>& top,
                           const std::vector<std::uint32_t>& bottom, int nu, int nv, bool flip);

} // namespace anatomy
