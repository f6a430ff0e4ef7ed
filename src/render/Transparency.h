// render: the buffers of weighted blended order-independent transparency (McGuire and Bavoil
// 2013) and their resolve over the opaque image. Translucent surfaces, drawn in any order, add
// their weighted colour and coverage into half-float sums that share the opaque image's depth;
// the resolve divides the sums out and blends the mean over the opaque image.
#pragma once

#include "core/Result.h"
#include "render/BodyRegion.h"
#include "render/ShaderLibrary.h"

#include <epoxy/gl.h>
#include <glm/glm.hpp>

namespace render {

class TransparencyBuffers {
public:
    TransparencyBuffers() = default;
    TransparencyBuffers(const TransparencyBuffers&) = delete;
    TransparencyBuffers& operator=(const TransparencyBuffers&) = delete;
    ~TransparencyBuffers();

    // Builds the resolve program; needs a current context.
    core::Status init();
    // (Re)creates the sums at `size`, cleared, beside the opaque image's colour texture and
    // depth-stencil renderbuffer (the frame's own targets, of the same size).
    void resize(glm::ivec2 size, GLuint sceneColor, GLuint sceneDepthStencil);

    // Binds the sums for translucent surfaces drawn within the rectangle (lower-left origin,
    // size): depth tested against the opaque image, not written; blended into the sums; each
    // pixel a surface reaches marked in the stencil (cleared with the depth each frame).
    void beginAccumulation(glm::ivec2 rectOrigin, glm::ivec2 rectSize);
    // Blends the mean over the opaque image where the stencil marks a translucent surface
    // (drawing `region`, which holds every such pixel), then leaves `sceneFramebuffer` bound and
    // blending, depth, stencil and scissor tests off.
    void resolve(GLuint sceneFramebuffer, BodyRegion& region);

private:
    ShaderProgram m_resolveProgram;
    GLuint m_accumulateFramebuffer = 0, m_accumulated = 0, m_weights = 0;
    // The opaque image and the sums in one framebuffer, so the resolve can clear the sums
    // where it reads them (see resolve()); 0 where the context cannot.
    GLuint m_resolveFramebuffer = 0;
    bool m_resolveClears = false;
    glm::ivec2 m_rectOrigin{0, 0}, m_rectSize{0, 0};
};

} // namespace render
