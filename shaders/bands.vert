#version 330 core
// Rectangles of the frame given in pixels of the viewport (see BodyRegion).
layout(location = 0) in vec2 aPixel;
uniform vec2 uViewportSize;
void main() {
    gl_Position = vec4(aPixel / uViewportSize * 2.0 - 1.0, 0.0, 1.0);
}
