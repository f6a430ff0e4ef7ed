// render: GPU mirrors of a Body's meshes. Uploads happen lazily, only when a structure's
// revision differs from the one last uploaded.
#pragma once

#include "anatomy/Body.h"

#include <epoxy/gl.h>

#include <vector>

namespace render {

struct GpuMesh {
    GLuint vertexArray = 0;
    GLuint vertexBuffer = 0;
    GLuint indexBuffer = 0;
    GLsizei indexCount = 0;
    std::uint64_t revision = 0;
    core::Aabb bounds;   // of the uploaded positions, so frames need not walk the vertices
    bool closed = false; // a closed, consistently wound surface (checked for skins only)
};

class MeshCache {
public:
    MeshCache() = default;
    MeshCache(const MeshCache&) = delete;
    MeshCache& operator=(const MeshCache&) = delete;
    ~MeshCache();

    // Brings the mirror up to date with `body`; cheap when nothing changed.
    void sync(const anatomy::Body& body);
    const GpuMesh& mesh(size_t structureIndex) const { return m_meshes[structureIndex]; }
    size_t size() const { return m_meshes.size(); }
    void clear();
    // How many uploads happened since creation (for tests of the revision logic).
    size_t uploadCount() const { return m_uploads; }

private:
    void upload(GpuMesh& gpu, const anatomy::SurfaceMesh& mesh);

    std::vector<GpuMesh> m_meshes;
    std::uint64_t m_bodyUid = 0;
    size_t m_uploads = 0;
};

} // namespace render
