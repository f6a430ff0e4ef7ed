#version 330 core
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;

uniform mat4 uViewProjection;
uniform mat4 uView;

out vec3 vViewPosition;
out vec3 vViewNormal;

void main() {
    // Bodies are stored in world space (metres), so there is no model matrix.
    vec4 viewPosition = uView * vec4(aPosition, 1.0);
    vViewPosition = viewPosition.xyz;
    vViewNormal = mat3(uView) * aNormal;
    gl_Position = uViewProjection * vec4(aPosition, 1.0);
}
