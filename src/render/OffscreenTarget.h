// render: an offscreen framebuffer with multisampling, resolved for read-back and screenshots.
#pragma once

#include "core/Result.h"
#include "render/Image.h"

#include <epoxy/gl.h>

#include <memory>

namespace render {

class OffscreenTarget {
public:
    // samples = 1 disables multisampling.
    static core::Result<std::unique_ptr<OffscreenTarget>> create(int width, int height,
                                                                 int samples);
    OffscreenTarget(const OffscreenTarget&) = delete;
    OffscreenTarget& operator=(const OffscreenTarget&) = delete;
    ~OffscreenTarget();

    // Binds the (multisampled) framebuffer and sets the viewport to it.
    void bind() const;
    // Resolves multisampling and reads the image back, top row first.
    Image readImage() const;
    int width() const { return m_width; }
    int height() const { return m_height; }
    int samples() const { return m_samples; }

private:
    OffscreenTarget() = default;
    int m_width = 0, m_height = 0, m_samples = 1;
    GLuint m_drawFramebuffer = 0, m_colorBuffer = 0, m_depthBuffer = 0;
    GLuint m_resolveFramebuffer = 0, m_resolveColor = 0;
};

} // namespace render
