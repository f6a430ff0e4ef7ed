// render: drawing into the window's default framebuffer: a viewport rectangle between the UI
// panels, and reading the window back for screenshots.
#pragma once

#include "render/Image.h"

#include <glm/vec2.hpp>

namespace render {

// Clears the whole window, then restricts drawing to the rectangle (GL pixels, origin
// bottom-left) until endWindowViewport().
void beginWindowViewport(glm::ivec2 windowSize, glm::ivec2 origin, glm::ivec2 size);
void endWindowViewport(glm::ivec2 windowSize);
// Reads the back buffer of the current window, top row first, opaque.
Image readWindowImage(glm::ivec2 windowSize);

} // namespace render
