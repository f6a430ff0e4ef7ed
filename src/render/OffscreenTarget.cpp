#include "render/OffscreenTarget.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace render {

core::Result<std::unique_ptr<OffscreenTarget>> OffscreenTarget::create(int width, int height,
                                                                       int samples) {
    GLint maxSize = 0, maxSamples = 1;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    if (width <= 0 || height <= 0 || width > maxSize || height > maxSize)
        return core::usageError("image size " + std::to_string(width) + "x" +
                                std::to_string(height) + " is not supported (1 to " +
                                std::to_string(maxSize) + " pixels a side)");
    std::unique_ptr<OffscreenTarget> target(new OffscreenTarget());
    target->m_width = width;
    target->m_height = height;
    target->m_samples = std::clamp(samples, 1, std::max(maxSamples, 1));
    const GLsizei s = target->m_samples > 1 ? target->m_samples : 0;

    glGenFramebuffers(1, &target->m_drawFramebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, target->m_drawFramebuffer);
    glGenRenderbuffers(1, &target->m_colorBuffer);
    glBindRenderbuffer(GL_RENDERBUFFER, target->m_colorBuffer);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              target->m_colorBuffer);
    glGenRenderbuffers(1, &target->m_depthBuffer);
    glBindRenderbuffer(GL_RENDERBUFFER, target->m_depthBuffer);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_DEPTH24_STENCIL8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              target->m_depthBuffer);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        return core::internalError("offscreen framebuffer is incomplete");

    glGenFramebuffers(1, &target->m_resolveFramebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, target->m_resolveFramebuffer);
    glGenRenderbuffers(1, &target->m_resolveColor);
    glBindRenderbuffer(GL_RENDERBUFFER, target->m_resolveColor);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              target->m_resolveColor);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        return core::internalError("offscreen resolve framebuffer is incomplete");
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return target;
}

OffscreenTarget::~OffscreenTarget() {
    glDeleteFramebuffers(1, &m_drawFramebuffer);
    glDeleteFramebuffers(1, &m_resolveFramebuffer);
    glDeleteRenderbuffers(1, &m_colorBuffer);
    glDeleteRenderbuffers(1, &m_depthBuffer);
    glDeleteRenderbuffers(1, &m_resolveColor);
}

void OffscreenTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, m_drawFramebuffer);
    glViewport(0, 0, m_width, m_height);
}

Image OffscreenTarget::readImage() const {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_drawFramebuffer);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolveFramebuffer);
    glBlitFramebuffer(0, 0, m_width, m_height, 0, 0, m_width, m_height, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolveFramebuffer);
    Image image;
    image.width = m_width;
    image.height = m_height;
    image.rgba.resize(static_cast<size_t>(m_width) * m_height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    // GL's rows start at the bottom; images start at the top.
    const size_t rowBytes = static_cast<size_t>(m_width) * 4;
    std::vector<std::uint8_t> row(rowBytes);
    for (int y = 0; y < m_height / 2; ++y) {
        std::uint8_t* top = image.rgba.data() + static_cast<size_t>(y) * rowBytes;
        std::uint8_t* bottom = image.rgba.data() + static_cast<size_t>(m_height - 1 - y) * rowBytes;
        std::memcpy(row.data(), top, rowBytes);
        std::memcpy(top, bottom, rowBytes);
        std::memcpy(bottom, row.data(), rowBytes);
    }
    return image;
}

} // namespace render
