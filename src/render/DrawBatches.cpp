#include "render/DrawBatches.h"

#include <algorithm>

namespace render {

DrawBatches::~DrawBatches() {
    glDeleteBuffers(1, &m_buffer);
}

void DrawBatches::clear() {
    m_indices.clear();
    m_batches.clear();
}

size_t DrawBatches::add(const BatchState& state, const CpuTriangles& triangles,
                        std::uint32_t vertexCount, std::uint32_t baseVertex, const glm::vec3* eye,
                        float margin) {
    const std::vector<std::uint32_t>& indices = triangles.indices;
    const size_t before = m_indices.size();
    const size_t count = indices.size() - indices.size() % 3;
    m_indices.resize(before + count);
    std::uint32_t* out = m_indices.data() + before;
    const std::uint32_t* in = indices.data();
    if (eye && triangles.planes.size() * 3 == count) {
        // A face is seen from the front where the eye lies on its outer side; within the margin
        // of its plane the GPU's own test decides, so that rounding never drops one it draws.
        // Every triangle is written and the end moves past the kept ones only: which way a
        // face turns is as good as random to the CPU's branch predictor.
        const glm::vec4 eyePoint(*eye, -1.0f);
        const glm::vec4* planes = triangles.planes.data();
        for (size_t t = 0; t < count / 3; ++t) {
            out[0] = in[3 * t] + baseVertex;
            out[1] = in[3 * t + 1] + baseVertex;
            out[2] = in[3 * t + 2] + baseVertex;
            out += glm::dot(planes[t], eyePoint) >= -margin ? 3 : 0;
        }
    } else {
        for (size_t k = 0; k < count; ++k)
            out[k] = in[k] + baseVertex;
        out += count;
    }
    m_indices.resize(size_t(out - m_indices.data()));
    const size_t added = m_indices.size() - before;
    if (added == 0)
        return 0;
    const std::uint32_t last = baseVertex + std::max(vertexCount, 1u) - 1;
    if (m_batches.empty() || !(m_batches.back().state == state))
        m_batches.push_back({state, before, 0, baseVertex, last});
    DrawBatch& batch = m_batches.back();
    batch.indexCount += added;
    batch.minVertex = std::min(batch.minVertex, baseVertex);
    batch.maxVertex = std::max(batch.maxVertex, last);
    return added / 3;
}

void DrawBatches::upload() {
    if (m_indices.empty())
        return;
    if (!m_buffer)
        glGenBuffers(1, &m_buffer);
    // A fresh store each pass (the driver may still read the last one), bound away from any
    // vertex array's element binding.
    glBindBuffer(GL_COPY_WRITE_BUFFER, m_buffer);
    glBufferData(GL_COPY_WRITE_BUFFER,
                 static_cast<GLsizeiptr>(m_indices.size() * sizeof(std::uint32_t)),
                 m_indices.data(), GL_STREAM_DRAW);
    glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
}

void DrawBatches::draw(const DrawBatch& batch) const {
    // The element buffer binding is part of the bound vertex array's state.
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_buffer);
    glDrawRangeElements(GL_TRIANGLES, batch.minVertex, batch.maxVertex,
                        static_cast<GLsizei>(batch.indexCount), GL_UNSIGNED_INT,
                        reinterpret_cast<const void*>(batch.firstIndex * sizeof(std::uint32_t)));
}

} // namespace render
