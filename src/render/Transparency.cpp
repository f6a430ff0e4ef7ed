#include "render/Transparency.h"

namespace render {

namespace {

GLuint sumTexture(GLint internalFormat, GLenum format, glm::ivec2 size) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexImage2D(GL_TEXTURE_2D, 0, internalFormat, size.x, size.y, 0, format, GL_FLOAT, nullptr);
    // Read back texel by texel (texelFetch): no filtering.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    return texture;
}

// Colour sums 0, revealage (a product of transparencies) 1; weight sums 0.
constexpr GLfloat kClearedSums[4] = {0.0f, 0.0f, 0.0f, 1.0f};
constexpr GLfloat kClearedWeights[4] = {0.0f, 0.0f, 0.0f, 0.0f};

} // namespace

TransparencyBuffers::~TransparencyBuffers() {
    glDeleteFramebuffers(1, &m_accumulateFramebuffer);
    glDeleteFramebuffers(1, &m_resolveFramebuffer);
    glDeleteTextures(1, &m_accumulated);
    glDeleteTextures(1, &m_weights);
}

core::Status TransparencyBuffers::init() {
    auto built = buildProgram("bands.vert", "oit_composite.frag");
    if (!built)
        return built.error();
    m_resolveProgram = std::move(*built);
    glUseProgram(m_resolveProgram.id());
    glUniform1i(m_resolveProgram.uniform("uAccumulated"), 0);
    glUniform1i(m_resolveProgram.uniform("uWeights"), 1);
    glUseProgram(0);
    // Reading a texel and writing it in the same pass is defined (one read and one write, by the
    // same fragment) once a texture barrier separates it from the draws that wrote the sums.
    m_resolveClears = epoxy_gl_version() >= 45 || epoxy_has_gl_extension("GL_ARB_texture_barrier");
    return core::Ok{};
}

void TransparencyBuffers::resize(glm::ivec2 size, GLuint sceneColor, GLuint sceneDepthStencil) {
    glDeleteTextures(1, &m_accumulated);
    glDeleteTextures(1, &m_weights);
    m_accumulated = sumTexture(GL_RGBA16F, GL_RGBA, size);
    m_weights = sumTexture(GL_R16F, GL_RED, size);
    if (!m_accumulateFramebuffer)
        glGenFramebuffers(1, &m_accumulateFramebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, m_accumulateFramebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_accumulated, 0);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, m_weights, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              sceneDepthStencil);
    const GLenum sums[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, sums);
    // Cleared once here; afterwards each resolve clears what the frame wrote.
    glDisable(GL_SCISSOR_TEST);
    glClearBufferfv(GL_COLOR, 0, kClearedSums);
    glClearBufferfv(GL_COLOR, 1, kClearedWeights);
    if (m_resolveClears) {
        if (!m_resolveFramebuffer)
            glGenFramebuffers(1, &m_resolveFramebuffer);
        glBindFramebuffer(GL_FRAMEBUFFER, m_resolveFramebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, sceneColor, 0);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, m_accumulated,
                               0);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT2, GL_TEXTURE_2D, m_weights, 0);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                                  sceneDepthStencil);
        const GLenum all[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1, GL_COLOR_ATTACHMENT2};
        glDrawBuffers(3, all);
    }
}

void TransparencyBuffers::beginAccumulation(glm::ivec2 rectOrigin, glm::ivec2 rectSize) {
    m_rectOrigin = rectOrigin;
    m_rectSize = rectSize;
    glBindFramebuffer(GL_FRAMEBUFFER, m_accumulateFramebuffer);
    // Only where the body is: no pass here covers the whole frame.
    glEnable(GL_SCISSOR_TEST);
    glScissor(rectOrigin.x, rectOrigin.y, rectSize.x, rectSize.y);
    if (!m_resolveClears) {
        glClearBufferfv(GL_COLOR, 0, kClearedSums);
        glClearBufferfv(GL_COLOR, 1, kClearedWeights);
    }
    glEnable(GL_DEPTH_TEST);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    // Colour channels add; alpha multiplies by (1 - a): one blend state serves both targets.
    glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
    // The pixels a translucent surface reaches: the resolve runs on those alone (on a software
    // rasteriser a pass costs by the pixel, and the body fills well under half its rectangle).
    glEnable(GL_STENCIL_TEST);
    glStencilMask(0xFF);
    glStencilFunc(GL_ALWAYS, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
}

void TransparencyBuffers::resolve(GLuint sceneFramebuffer, BodyRegion& region) {
    glDepthMask(GL_TRUE);
    glDisable(GL_DEPTH_TEST);
    glStencilFunc(GL_EQUAL, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
    glScissor(m_rectOrigin.x, m_rectOrigin.y, m_rectSize.x, m_rectSize.y);
    // The mean blended "over" the opaque image: out = mean * (1 - r) + under * r.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    if (m_resolveClears) {
        // The resolve also writes the cleared sums back into the pixels it reads, which are all
        // the pixels the frame wrote: the next frame starts from clear sums without a clearing
        // pass over the rectangle.
        glBindFramebuffer(GL_FRAMEBUFFER, m_resolveFramebuffer);
        glEnablei(GL_BLEND, 0);
        glDisablei(GL_BLEND, 1);
        glDisablei(GL_BLEND, 2);
        glTextureBarrier();
    } else {
        glBindFramebuffer(GL_FRAMEBUFFER, sceneFramebuffer);
    }
    glUseProgram(m_resolveProgram.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_accumulated);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_weights);
    region.draw(m_resolveProgram);
    glActiveTexture(GL_TEXTURE0);
    glBindFramebuffer(GL_FRAMEBUFFER, sceneFramebuffer);
    glDisable(GL_BLEND);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_SCISSOR_TEST);
}

} // namespace render
