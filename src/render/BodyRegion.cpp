#include "render/BodyRegion.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace render {

namespace {
constexpr int kBandRows = 8;
} // namespace

BodyRegion::~BodyRegion() {
    glDeleteVertexArrays(1, &m_vertexArray);
    glDeleteBuffers(1, &m_vertexBuffer);
}

void BodyRegion::addRectangle(int x0, int y0, int x1, int y1) {
    const glm::vec2 a{float(x0), float(y0)}, b{float(x1), float(y0)};
    const glm::vec2 c{float(x1), float(y1)}, d{float(x0), float(y1)};
    m_vertices.insert(m_vertices.end(), {a, b, c, a, c, d});
}

void BodyRegion::setRectangle(glm::ivec2 origin, glm::ivec2 size, glm::ivec2 viewportSize) {
    m_viewportSize = glm::max(viewportSize, glm::ivec2(1));
    m_vertices.clear();
    m_uploaded = false;
    if (size.x > 0 && size.y > 0)
        addRectangle(origin.x, origin.y, origin.x + size.x, origin.y + size.y);
}

void BodyRegion::build(const std::vector<core::Aabb>& boxes, const glm::mat4& viewProjection,
                       glm::ivec2 viewportSize, int padPixels) {
    m_viewportSize = glm::max(viewportSize, glm::ivec2(1));
    m_vertices.clear();
    m_uploaded = false;
    const int bands = (m_viewportSize.y + kBandRows - 1) / kBandRows;
    std::vector<int> left(size_t(bands), INT_MAX), right(size_t(bands), INT_MIN);
    const glm::vec2 size(m_viewportSize);
    for (const core::Aabb& box : boxes) {
        if (!box.valid())
            continue;
        glm::vec2 lo(INFINITY), hi(-INFINITY);
        for (int corner = 0; corner < 8; ++corner) {
            const glm::vec4 clip =
                viewProjection * glm::vec4((corner & 1) ? box.max.x : box.min.x,
                                           (corner & 2) ? box.max.y : box.min.y,
                                           (corner & 4) ? box.max.z : box.min.z, 1.0f);
            if (clip.w <= 1e-6f) { // reaches behind the eye: everything
                setRectangle({0, 0}, m_viewportSize, m_viewportSize);
                return;
            }
            lo = glm::min(lo, glm::vec2(clip) / clip.w);
            hi = glm::max(hi, glm::vec2(clip) / clip.w);
        }
        const glm::ivec2 first =
            glm::clamp(glm::ivec2(glm::floor((lo * 0.5f + 0.5f) * size)) - padPixels, glm::ivec2(0),
                       m_viewportSize);
        const glm::ivec2 end =
            glm::clamp(glm::ivec2(glm::ceil((hi * 0.5f + 0.5f) * size)) + padPixels, glm::ivec2(0),
                       m_viewportSize);
        if (first.x >= end.x || first.y >= end.y)
            continue;
        for (int band = first.y / kBandRows; band <= (end.y - 1) / kBandRows; ++band) {
            left[size_t(band)] = std::min(left[size_t(band)], first.x);
            right[size_t(band)] = std::max(right[size_t(band)], end.x);
        }
    }
    // Consecutive bands of one width become one rectangle.
    for (int band = 0; band < bands;) {
        const size_t b = size_t(band);
        int next = band + 1;
        while (next < bands && left[size_t(next)] == left[b] && right[size_t(next)] == right[b])
            ++next;
        if (left[b] < right[b])
            addRectangle(left[b], band * kBandRows, right[b],
                         std::min(next * kBandRows, m_viewportSize.y));
        band = next;
    }
}

void BodyRegion::draw(const ShaderProgram& program) {
    if (m_vertices.empty())
        return;
    if (!m_vertexArray) {
        glGenVertexArrays(1, &m_vertexArray);
        glGenBuffers(1, &m_vertexBuffer);
        glBindVertexArray(m_vertexArray);
        glBindBuffer(GL_ARRAY_BUFFER, m_vertexBuffer);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(glm::vec2), nullptr);
    }
    glBindVertexArray(m_vertexArray);
    if (!m_uploaded) {
        glBindBuffer(GL_ARRAY_BUFFER, m_vertexBuffer);
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(m_vertices.size() * sizeof(glm::vec2)),
                     m_vertices.data(), GL_STREAM_DRAW);
        m_uploaded = true;
    }
    glUniform2f(program.uniform("uViewportSize"), float(m_viewportSize.x), float(m_viewportSize.y));
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_vertices.size()));
}

} // namespace render
