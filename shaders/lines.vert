#version 330 core
// Lines and points in world space (fibre streamlines, network links and particles, the
// clipping plane's outline), clipped like the body.
layout(location = 0) in vec3 aPosition;
uniform mat4 uViewProjection;
uniform vec4 uClipPlane;
uniform float uPointSize;
void main() {
    gl_ClipDistance[0] = dot(uClipPlane, vec4(aPosition, 1.0));
    gl_PointSize = uPointSize;
    gl_Position = uViewProjection * vec4(aPosition, 1.0);
}
