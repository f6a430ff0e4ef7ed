// render: the part of the frame the body's structures can cover, as bands of rows, each as wide
// as the structures' screen rectangles that cross it. The passes that run over the frame pixel
// by pixel (the transparency resolve, the anti-aliasing) draw these bands instead of the body's
// whole rectangle: on a software rasteriser such a pass costs by the pixel, and beside the arms
// and legs most of the rectangle is backdrop, where neither pass would change a pixel.
#pragma once

#include "core/MathUtil.h"
#include "render/ShaderLibrary.h"

#include <epoxy/gl.h>
#include <glm/glm.hpp>

#include <vector>

namespace render {

class BodyRegion {
public:
    BodyRegion() = default;
    BodyRegion(const BodyRegion&) = delete;
    BodyRegion& operator=(const BodyRegion&) = delete;
    ~BodyRegion();

    // The bands over `boxes` (world space) seen through `viewProjection` in a viewport
    // `viewportSize` large, each rectangle padded by `padPixels`; the whole viewport where a box
    // reaches behind the eye.
    void build(const std::vector<core::Aabb>& boxes, const glm::mat4& viewProjection,
               glm::ivec2 viewportSize, int padPixels);
    // One band: the rectangle (lower-left origin, size) as it is, in a viewport `viewportSize`
    // large.
    void setRectangle(glm::ivec2 origin, glm::ivec2 size, glm::ivec2 viewportSize);
    bool empty() const { return m_vertices.empty(); }

    // Draws the bands with the bound program, whose vertex shader is bands.vert (it is given
    // the viewport's size here); the viewport is the one the bands were built for.
    void draw(const ShaderProgram& program);

private:
    void addRectangle(int x0, int y0, int x1, int y1); // pixel edges, exclusive ends

    glm::ivec2 m_viewportSize{1, 1};
    std::vector<glm::vec2> m_vertices; // two triangles per band, in pixels
    bool m_uploaded = false;
    GLuint m_vertexArray = 0, m_vertexBuffer = 0;
};

} // namespace render
