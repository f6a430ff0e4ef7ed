// render: GPU mirrors of a Body's meshes and of the per-vertex overlay data drawn on them.
// Uploads happen lazily, only when a structure's revision (or the overlays' revision) differs
// from the one last uploaded.
#pragma once

#include "anatomy/Body.h"
#include "render/LevelsOfDetail.h"
#include "render/Overlays.h"

#include <epoxy/gl.h>

#include <array>
#include <optional>
#include <vector>

namespace render {

// A level's triangles on the CPU, from which each frame streams what it draws (see
// DrawBatches): their indices and, once a frame leaves out the faces turned away from the eye,
// each face's plane (unit normal, distance from the origin; zero for a degenerate face).
struct CpuTriangles {
    std::vector<std::uint32_t> indices;
    std::vector<glm::vec4> planes; // filled on first use
};

// A coarser level over the same vertices, within `errorM` of the full surface. The index
// buffer holds its triangles in the order drawn, as uploaded; frames draw them from the CPU's
// copy, less the faces turned away.
struct GpuLod {
    float errorM = 0.0f;
    GLuint indexBuffer = 0;
    GLsizei indexCount = 0;
    CpuTriangles triangles;
};

struct GpuMesh {
    // Attributes from the cache's one vertex buffer, starting at this mesh's first vertex, and
    // this mesh's overlay attributes.
    GLuint vertexArray = 0;
    GLuint vertexBuffer = 0;      // the cache's: interleaved position, normal, fibre of every mesh
    std::uint32_t baseVertex = 0; // this mesh's first vertex in it
    GLuint indexBuffer = 0;
    GLsizei indexCount = 0;
    CpuTriangles triangles; // the full mesh's, as in indexBuffer
    std::uint64_t revision = 0;
    core::Aabb bounds; // of the uploaded positions, so frames need not walk the vertices
    // A closed, consistently wound surface; known for skins at upload, for the others once a
    // clipping plane asks (the check sorts every edge).
    std::optional<bool> closed;
    bool hasFibres = false;
    // Heat value, has-value weight and zone per vertex (attribute 3); absent: constant zero.
    GLuint overlayBuffer = 0;
    bool hasOverlay = false;
    // Vertices moved by the overlay (the fascia pressed in): their faces may turn.
    bool hasOffsets = false;
    // Zones, or a heat map on part of the surface (so only with an overlay): edges a level of
    // detail would move, so the full mesh is drawn.
    bool overlayHasEdges = false;
    // The unique edges, for the network view; built on first use.
    GLuint edgeVertexArray = 0;
    GLuint edgeIndexBuffer = 0;
    GLsizei edgeIndexCount = 0;
    // Levels of detail, finest first; a level is kept only where it saves a good share of the
    // triangles. The same vertices serve every level, so overlays apply to all of them.
    std::vector<GpuLod> lods;
};

class MeshCache {
public:
    MeshCache() = default;
    MeshCache(const MeshCache&) = delete;
    MeshCache& operator=(const MeshCache&) = delete;
    ~MeshCache();

    // Brings the mirror up to date with `body` and `overlays` (may be null); cheap when
    // nothing changed.
    void sync(const anatomy::Body& body, const Overlays* overlays = nullptr);
    const GpuMesh& mesh(size_t structureIndex) const { return m_meshes[structureIndex]; }
    size_t size() const { return m_meshes.size(); }
    void clear();
    // How many uploads happened since creation (for tests of the revision logic).
    size_t uploadCount() const { return m_uploads; }

    // Whether structure `index` is a closed surface (computed once per revision).
    bool closed(const anatomy::Body& body, size_t index);
    // The triangles of the coarsest level of detail of structure `index` of `body` whose error
    // is at most `allowedErrorM` (the full mesh where none is), with their planes when
    // `withPlanes`.
    const CpuTriangles& level(const anatomy::Body& body, size_t index, float allowedErrorM,
                              bool withPlanes);
    // A vertex array over every mesh's vertices (attributes 0 to 2, no overlay): structures
    // without overlay attributes are drawn through it, each from its baseVertex, so that
    // drawing one after another changes no vertex state.
    GLuint sharedVertexArray() const { return m_sharedVertexArray; }
    // Binds a vertex array whose element buffer lists the mesh's unique edges; returns the
    // number of indices (two per edge).
    GLsizei bindEdges(const anatomy::Body& body, size_t index);

private:
    // `indices`: the mesh's triangles in the order to draw them.
    void upload(GpuMesh& gpu, const anatomy::SurfaceMesh& mesh, std::vector<std::uint32_t> indices);
    static void uploadLevels(GpuMesh& gpu, std::vector<LevelOfDetail> levels);
    // Rebuilds the one vertex buffer from every structure of `body` and points each mesh's
    // vertex array at its part.
    void uploadVertices(const anatomy::Body& body);
    void syncOverlays(const anatomy::Body& body, const Overlays* overlays);
    static void releaseEdges(GpuMesh& gpu);
    static void releaseLevels(GpuMesh& gpu);

    std::vector<GpuMesh> m_meshes;
    GLuint m_sharedVertexArray = 0, m_sharedVertexBuffer = 0;
    std::uint64_t m_bodyUid = 0;
    std::uint64_t m_overlayRevision = 0;
    const Overlays* m_overlaySource = nullptr;
    size_t m_uploads = 0;
};

} // namespace render
