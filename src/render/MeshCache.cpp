#include "render/MeshCache.h"

#include "render/LevelsOfDetail.h"

#include "anatomy/MeshOps.h"
#include "core/Parallel.h"

#include <meshoptimizer.h>

#include <cmath>
#include <cstddef>

namespace render {

namespace {
constexpr GLuint kOverlayAttribute = 3;
constexpr GLuint kOffsetAttribute = 4;
constexpr size_t kFloatsPerVertex = 9; // position, normal, fibre
constexpr GLsizei kVertexStride = kFloatsPerVertex * sizeof(float);

// Attributes 0 to 2 (position, normal, fibre) of the bound vertex array from `buffer`, starting
// at vertex `first`.
void pointAtVertices(GLuint buffer, std::uint32_t first) {
    glBindBuffer(GL_ARRAY_BUFFER, buffer);
    for (GLuint attribute = 0; attribute < 3; ++attribute) {
        glEnableVertexAttribArray(attribute);
        glVertexAttribPointer(
            attribute, 3, GL_FLOAT, GL_FALSE, kVertexStride,
            reinterpret_cast<const void*>((size_t(first) * kFloatsPerVertex + attribute * 3) *
                                          sizeof(float)));
    }
}

// A structure's triangles as drawn: the whole mesh and its simplified levels of detail
// (kLodErrorsM), each in an order that reuses recently transformed vertices. On a software
// rasteriser every vertex shaded again costs the thread that feeds all the others. The FIFO
// optimiser is used for its speed: the viewer's first frame waits for it (about 50 ms for the
// default body against 250 ms for meshoptimizer's best, which shades 5 % fewer vertices).
struct DrawOrder {
    std::vector<std::uint32_t> full;
    std::vector<LevelOfDetail> levels;
};

std::vector<std::uint32_t> cacheOrdered(std::vector<std::uint32_t> indices, size_t vertexCount) {
    meshopt_optimizeVertexCacheFifo(indices.data(), indices.data(), indices.size(), vertexCount,
                                    16);
    return indices;
}

DrawOrder drawOrder(const anatomy::SurfaceMesh& mesh) {
    DrawOrder order;
    if (mesh.indices.empty() || mesh.positions.empty())
        return order; // nothing to draw
    order.full = cacheOrdered(mesh.indices, mesh.positions.size());
    order.levels = levelsOfDetail(mesh);
    for (LevelOfDetail& level : order.levels)
        level.indices = cacheOrdered(std::move(level.indices), mesh.positions.size());
    return order;
}
} // namespace

MeshCache::~MeshCache() {
    clear();
}

void MeshCache::releaseEdges(GpuMesh& gpu) {
    glDeleteVertexArrays(1, &gpu.edgeVertexArray);
    glDeleteBuffers(1, &gpu.edgeIndexBuffer);
    gpu.edgeVertexArray = gpu.edgeIndexBuffer = 0;
    gpu.edgeIndexCount = 0;
}

void MeshCache::releaseLevels(GpuMesh& gpu) {
    for (GpuLod& lod : gpu.lods)
        glDeleteBuffers(1, &lod.indexBuffer);
    gpu.lods.clear();
}

void MeshCache::clear() {
    for (GpuMesh& m : m_meshes) {
        releaseLevels(m);
        glDeleteVertexArrays(1, &m.vertexArray);
        glDeleteBuffers(1, &m.indexBuffer);
        glDeleteBuffers(1, &m.overlayBuffer);
        releaseEdges(m);
    }
    m_meshes.clear();
    glDeleteVertexArrays(1, &m_sharedVertexArray);
    glDeleteBuffers(1, &m_sharedVertexBuffer);
    m_sharedVertexArray = m_sharedVertexBuffer = 0;
    m_bodyUid = 0;
    m_overlayRevision = 0;
    m_overlaySource = nullptr;
}

void MeshCache::sync(const anatomy::Body& body, const Overlays* overlays) {
    if (m_bodyUid != body.uid() || m_meshes.size() != body.structures().size())
        clear();
    m_bodyUid = body.uid();
    m_meshes.resize(body.structures().size());
    bool meshChanged = false;
    // Simplification runs on the CPU for every changed structure at once, in parallel.
    std::vector<size_t> changed;
    for (size_t i = 0; i < m_meshes.size(); ++i)
        if (m_meshes[i].revision != body.structures()[i].revision)
            changed.push_back(i);
    std::vector<DrawOrder> orders(changed.size());
    core::parallelFor(changed.size(),
                      [&](size_t k) { orders[k] = drawOrder(body.structures()[changed[k]].mesh); });
    for (size_t k = 0; k < changed.size(); ++k) {
        const anatomy::Structure& s = body.structures()[changed[k]];
        GpuMesh& gpu = m_meshes[changed[k]];
        upload(gpu, s.mesh, std::move(orders[k].full));
        uploadLevels(gpu, std::move(orders[k].levels));
    }
    if (!changed.empty())
        uploadVertices(body);
    for (size_t i = 0; i < m_meshes.size(); ++i) {
        const anatomy::Structure& s = body.structures()[i];
        if (m_meshes[i].revision != s.revision) {
            m_meshes[i].closed.reset();
            // A closed skin hides everything beneath it, so skins are always asked.
            if (s.layer == anatomy::LayerKind::Skin)
                m_meshes[i].closed = anatomy::isClosedSurface(s.mesh);
            releaseEdges(m_meshes[i]);
            meshChanged = true;
        }
        m_meshes[i].revision = s.revision;
    }
    const std::uint64_t overlayRevision = overlays ? overlays->revision : 0;
    if (meshChanged || overlays != m_overlaySource || overlayRevision != m_overlayRevision)
        syncOverlays(body, overlays);
    m_overlaySource = overlays;
    m_overlayRevision = overlayRevision;
}

void MeshCache::syncOverlays(const anatomy::Body& body, const Overlays* overlays) {
    // Gather, per structure, the heat values, zones and offsets that apply to it: per vertex
    // (heat, has-heat weight, zone) and the offset, interleaved.
    struct VertexOverlay {
        glm::vec3 heatAndZone{0.0f};
        glm::vec3 offset{0.0f};
    };
    std::vector<std::vector<VertexOverlay>> data(m_meshes.size());
    auto slot = [&](int structure) -> std::vector<VertexOverlay>* {
        if (structure < 0 || static_cast<size_t>(structure) >= m_meshes.size())
            return nullptr;
        auto& values = data[static_cast<size_t>(structure)];
        values.resize(body.structures()[static_cast<size_t>(structure)].mesh.vertexCount());
        return &values;
    };
    if (overlays) {
        for (const StructureField& field : overlays->heatMap.fields)
            if (auto* values = slot(field.structure))
                for (size_t v = 0; v < values->size() && v < field.values.size(); ++v)
                    if (std::isfinite(field.values[v]))
                        (*values)[v].heatAndZone = {field.values[v], 1.0f,
                                                    (*values)[v].heatAndZone.z};
        for (const StructureZones& zones : overlays->zones)
            if (auto* values = slot(zones.structure))
                for (size_t v = 0; v < values->size() && v < zones.perVertex.size(); ++v)
                    (*values)[v].heatAndZone.z =
                        std::max((*values)[v].heatAndZone.z, float(zones.perVertex[v]));
        for (const StructureOffsets& moved : overlays->offsets)
            if (auto* values = slot(moved.structure))
                for (size_t v = 0; v < values->size() && v < moved.offsets.size(); ++v)
                    if (std::isfinite(moved.offsets[v].x + moved.offsets[v].y + moved.offsets[v].z))
                        (*values)[v].offset = moved.offsets[v];
    }
    for (size_t i = 0; i < m_meshes.size(); ++i) {
        GpuMesh& gpu = m_meshes[i];
        gpu.hasOverlay = !data[i].empty();
        // A zone, or a heat map over part of the surface, has edges at vertices; simplifying
        // the mesh would drop those vertices and move the edges. A field over the whole
        // surface is smooth, and a level of detail keeps its shape.
        const bool exactHeatEdges = overlays && overlays->heatMap.exactEdges;
        bool zoned = false, heated = false, unheated = false, moved = false;
        for (const VertexOverlay& v : data[i]) {
            zoned |= v.heatAndZone.z > 0.0f;
            heated |= v.heatAndZone.y > 0.0f;
            unheated |= v.heatAndZone.y == 0.0f;
            moved |= v.offset != glm::vec3(0.0f);
        }
        gpu.hasOffsets = moved;
        gpu.overlayHasEdges = zoned || (exactHeatEdges && heated && unheated);
        glBindVertexArray(gpu.vertexArray);
        if (!gpu.hasOverlay) {
            glDisableVertexAttribArray(kOverlayAttribute);
            glDisableVertexAttribArray(kOffsetAttribute);
            continue;
        }
        if (!gpu.overlayBuffer)
            glGenBuffers(1, &gpu.overlayBuffer);
        glBindBuffer(GL_ARRAY_BUFFER, gpu.overlayBuffer);
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(data[i].size() * sizeof(VertexOverlay)),
                     data[i].data(), GL_DYNAMIC_DRAW);
        glEnableVertexAttribArray(kOverlayAttribute);
        glVertexAttribPointer(kOverlayAttribute, 3, GL_FLOAT, GL_FALSE, sizeof(VertexOverlay),
                              nullptr);
        glEnableVertexAttribArray(kOffsetAttribute);
        glVertexAttribPointer(kOffsetAttribute, 3, GL_FLOAT, GL_FALSE, sizeof(VertexOverlay),
                              reinterpret_cast<const void*>(offsetof(VertexOverlay, offset)));
    }
    glBindVertexArray(0);
}

void MeshCache::upload(GpuMesh& gpu, const anatomy::SurfaceMesh& mesh,
                       std::vector<std::uint32_t> indices) {
    if (!gpu.vertexArray) {
        glGenVertexArrays(1, &gpu.vertexArray);
        glGenBuffers(1, &gpu.indexBuffer);
    }
    gpu.hasFibres = mesh.fibres.size() == mesh.positions.size() && !mesh.fibres.empty();
    glBindVertexArray(gpu.vertexArray);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.indexBuffer);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(indices.size() * sizeof(std::uint32_t)), indices.data(),
                 GL_STATIC_DRAW);
    glBindVertexArray(0);
    gpu.indexCount = static_cast<GLsizei>(indices.size());
    gpu.triangles = {std::move(indices), {}};
    gpu.bounds = mesh.bounds();
    ++m_uploads;
}

void MeshCache::uploadVertices(const anatomy::Body& body) {
    // Every mesh's vertices in one buffer. Interleaved position, normal and fibre: one fetch per
    // vertex.
    size_t total = 0;
    for (const anatomy::Structure& s : body.structures())
        total += s.mesh.positions.size();
    std::vector<float> interleaved;
    interleaved.reserve(total * kFloatsPerVertex);
    for (size_t i = 0; i < m_meshes.size(); ++i) {
        const anatomy::SurfaceMesh& mesh = body.structures()[i].mesh;
        GpuMesh& gpu = m_meshes[i];
        gpu.baseVertex = static_cast<std::uint32_t>(interleaved.size() / kFloatsPerVertex);
        for (size_t v = 0; v < mesh.positions.size(); ++v) {
            const glm::vec3 p = mesh.positions[v];
            const glm::vec3 n = v < mesh.normals.size() ? mesh.normals[v] : glm::vec3(0, 1, 0);
            const glm::vec3 f = gpu.hasFibres ? mesh.fibres[v] : glm::vec3(0.0f);
            interleaved.insert(interleaved.end(), {p.x, p.y, p.z, n.x, n.y, n.z, f.x, f.y, f.z});
        }
    }
    if (!m_sharedVertexBuffer) {
        glGenBuffers(1, &m_sharedVertexBuffer);
        glGenVertexArrays(1, &m_sharedVertexArray);
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, m_sharedVertexBuffer);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(interleaved.size() * sizeof(float)),
                 interleaved.data(), GL_STATIC_DRAW);
    glBindVertexArray(m_sharedVertexArray);
    pointAtVertices(m_sharedVertexBuffer, 0);
    // Each mesh's own vertex array starts at its first vertex, so that its indices and its
    // overlay attributes line up.
    for (GpuMesh& gpu : m_meshes) {
        gpu.vertexBuffer = m_sharedVertexBuffer;
        glBindVertexArray(gpu.vertexArray);
        pointAtVertices(m_sharedVertexBuffer, gpu.baseVertex);
        // The edges' vertex array points into the buffer too: rebuilt on next use.
        releaseEdges(gpu);
    }
    glBindVertexArray(0);
}

void MeshCache::uploadLevels(GpuMesh& gpu, std::vector<LevelOfDetail> levels) {
    releaseLevels(gpu);
    glBindVertexArray(0); // element buffer bindings below must not land in a vertex array
    for (LevelOfDetail& level : levels) {
        GpuLod lod;
        lod.errorM = level.errorM;
        glGenBuffers(1, &lod.indexBuffer);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, lod.indexBuffer);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(level.indices.size() * sizeof(std::uint32_t)),
                     level.indices.data(), GL_STATIC_DRAW);
        lod.indexCount = static_cast<GLsizei>(level.indices.size());
        lod.triangles = {std::move(level.indices), {}};
        gpu.lods.push_back(std::move(lod));
    }
}

const CpuTriangles& MeshCache::level(const anatomy::Body& body, size_t index, float allowedErrorM,
                                     bool withPlanes) {
    GpuMesh& gpu = m_meshes[index];
    CpuTriangles* chosen = &gpu.triangles;
    for (GpuLod& lod : gpu.lods)
        if (lod.errorM <= allowedErrorM)
            chosen = &lod.triangles;
    if (withPlanes && chosen->planes.empty()) {
        const std::vector<glm::vec3>& positions = body.structures()[index].mesh.positions;
        const std::vector<std::uint32_t>& indices = chosen->indices;
        chosen->planes.resize(indices.size() / 3);
        for (size_t t = 0; t < chosen->planes.size(); ++t) {
            const glm::vec3 a = positions[indices[3 * t]];
            const glm::vec3 normal =
                glm::cross(positions[indices[3 * t + 1]] - a, positions[indices[3 * t + 2]] - a);
            const float length = glm::length(normal);
            const glm::vec3 unit = length > 0.0f ? normal / length : glm::vec3(0.0f);
            chosen->planes[t] = glm::vec4(unit, glm::dot(unit, a));
        }
    }
    return *chosen;
}

bool MeshCache::closed(const anatomy::Body& body, size_t index) {
    GpuMesh& gpu = m_meshes[index];
    if (!gpu.closed)
        gpu.closed = anatomy::isClosedSurface(body.structures()[index].mesh);
    return *gpu.closed;
}

GLsizei MeshCache::bindEdges(const anatomy::Body& body, size_t index) {
    GpuMesh& gpu = m_meshes[index];
    if (!gpu.edgeVertexArray) {
        const std::vector<std::uint32_t> edges =
            anatomy::uniqueEdges(body.structures()[index].mesh);
        glGenVertexArrays(1, &gpu.edgeVertexArray);
        glGenBuffers(1, &gpu.edgeIndexBuffer);
        glBindVertexArray(gpu.edgeVertexArray);
        glBindBuffer(GL_ARRAY_BUFFER, gpu.vertexBuffer);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, kVertexStride,
                              reinterpret_cast<const void*>(size_t(gpu.baseVertex) *
                                                            kFloatsPerVertex * sizeof(float)));
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.edgeIndexBuffer);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(edges.size() * sizeof(std::uint32_t)), edges.data(),
                     GL_STATIC_DRAW);
        gpu.edgeIndexCount = static_cast<GLsizei>(edges.size());
    }
    glBindVertexArray(gpu.edgeVertexArray);
    return gpu.edgeIndexCount;
}

} // namespace render
