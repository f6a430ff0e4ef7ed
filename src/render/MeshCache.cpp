#include "render/MeshCache.h"

#include "anatomy/MeshOps.h"

namespace render {

MeshCache::~MeshCache() {
    clear();
}

void MeshCache::clear() {
    for (GpuMesh& m : m_meshes) {
        glDeleteVertexArrays(1, &m.vertexArray);
        glDeleteBuffers(1, &m.vertexBuffer);
        glDeleteBuffers(1, &m.indexBuffer);
    }
    m_meshes.clear();
    m_bodyUid = 0;
}

void MeshCache::sync(const anatomy::Body& body) {
    if (m_bodyUid != body.uid() || m_meshes.size() != body.structures().size())
        clear();
    m_bodyUid = body.uid();
    m_meshes.resize(body.structures().size());
    for (size_t i = 0; i < m_meshes.size(); ++i) {
        const anatomy::Structure& s = body.structures()[i];
        if (m_meshes[i].revision != s.revision) {
            upload(m_meshes[i], s.mesh);
            // A closed skin hides everything beneath it; only skins are asked.
            m_meshes[i].closed =
                s.layer == anatomy::LayerKind::Skin && anatomy::isClosedSurface(s.mesh);
        }
        m_meshes[i].revision = s.revision;
    }
}

void MeshCache::upload(GpuMesh& gpu, const anatomy::SurfaceMesh& mesh) {
    if (!gpu.vertexArray) {
        glGenVertexArrays(1, &gpu.vertexArray);
        glGenBuffers(1, &gpu.vertexBuffer);
        glGenBuffers(1, &gpu.indexBuffer);
    }
    // Interleaved position + normal: one buffer, one fetch per vertex.
    std::vector<float> interleaved;
    interleaved.reserve(mesh.positions.size() * 6);
    for (size_t i = 0; i < mesh.positions.size(); ++i) {
        const glm::vec3 n = i < mesh.normals.size() ? mesh.normals[i] : glm::vec3(0, 1, 0);
        interleaved.insert(interleaved.end(), {mesh.positions[i].x, mesh.positions[i].y,
                                               mesh.positions[i].z, n.x, n.y, n.z});
    }
    glBindVertexArray(gpu.vertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, gpu.vertexBuffer);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(interleaved.size() * sizeof(float)),
                 interleaved.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indexBuffer);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(std::uint32_t)),
                 mesh.indices.data(), GL_STATIC_DRAW);
    constexpr GLsizei stride = 6 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(3 * sizeof(float)));
    glBindVertexArray(0);
    gpu.indexCount = static_cast<GLsizei>(mesh.indices.size());
    gpu.bounds = mesh.bounds();
    ++m_uploads;
}

} // namespace render
