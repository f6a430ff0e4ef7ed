// render: drawing into the window's default framebuffer: a viewport rectangle between the UI
// panels, and reading the window back for screenshots.
#pragma once

#include "render/Image.h"

#include <glm/vec2.hpp>

namespace render {

// Clears the whole window to the panels' background, once a frame before its viewports.
void clearWindow(glm::ivec2 windowSize);
// Restricts drawing to the rectangle (GL pixels, origin bottom-left) until
// endWindowViewport(); a frame may draw several (two sessions side by side).
void beginWindowViewport(glm::ivec2 origin, glm::ivec2 size);
void endWindowViewport(glm::ivec2 windowSize);
// Reads the back buffer of the current window, top row first, opaque.
Image readWindowImage(glm::ivec2 windowSize);

} // namespace render
