#include "render/WindowTarget.h"

#include <epoxy/gl.h>

#include <algorithm>

namespace render {

void clearWindow(glm::ivec2 windowSize) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, windowSize.x, windowSize.y);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.08f, 0.09f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void beginWindowViewport(glm::ivec2 origin, glm::ivec2 size) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(origin.x, origin.y, size.x, size.y);
    glEnable(GL_SCISSOR_TEST);
    glScissor(origin.x, origin.y, size.x, size.y);
}

void endWindowViewport(glm::ivec2 windowSize) {
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, windowSize.x, windowSize.y);
}

Image readWindowImage(glm::ivec2 windowSize) {
    Image image;
    image.width = windowSize.x;
    image.height = windowSize.y;
    image.rgba.resize(static_cast<size_t>(windowSize.x) * windowSize.y * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, windowSize.x, windowSize.y, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    const size_t row = static_cast<size_t>(windowSize.x) * 4;
    for (int y = 0; y < windowSize.y / 2; ++y)
        std::swap_ranges(image.rgba.begin() + static_cast<long>(y * row),
                         image.rgba.begin() + static_cast<long>((y + 1) * row),
                         image.rgba.begin() + static_cast<long>((windowSize.y - 1 - y) * row));
    for (size_t i = 3; i < image.rgba.size(); i += 4)
        image.rgba[i] = 255; // a window's alpha channel means nothing
    return image;
}

} // namespace render
