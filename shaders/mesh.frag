#version 330 core
// Studio lighting in view space, so the light rig follows the camera like a photographer's:
// a warm key light high on the left, a cool fill low on the right, a rim light from behind
// that separates the silhouette from the backdrop, and a sky/ground ambient term.
in vec3 vViewPosition;
in vec3 vViewNormal;

uniform vec3 uBaseColor;       // linear RGB
uniform float uOpacity;
uniform float uSpecular;       // strength of the glossy highlight
uniform float uShininess;      // Blinn-Phong exponent
uniform vec3 uHighlightColor;  // added for hover / selection
uniform float uHighlight;      // 0 = none

out vec4 fragColor;

const vec3 kKeyDirection = normalize(vec3(-0.60, 0.50, 0.60));
const vec3 kKeyColor = vec3(1.00, 0.96, 0.90) * 1.25;
const vec3 kFillDirection = normalize(vec3(0.65, -0.10, 0.75));
const vec3 kFillColor = vec3(0.80, 0.87, 1.00) * 0.30;
const vec3 kRimDirection = normalize(vec3(0.10, 0.35, -0.93));
const vec3 kRimColor = vec3(1.00, 1.00, 1.00) * 0.55;
const vec3 kSkyColor = vec3(0.26, 0.28, 0.32);
const vec3 kGroundColor = vec3(0.10, 0.09, 0.09);

// Wrapped diffuse softens the terminator, as a large soft box does.
float wrappedDiffuse(vec3 n, vec3 l) { return max((dot(n, l) + 0.25) * 0.8, 0.0); }

// Written with software rasterisers in mind (llvmpipe has no GPU to hide the cost): one
// specular power, for the key light only, and a square root as the display encoding.
void main() {
    vec3 n = normalize(vViewNormal);
    vec3 v = normalize(-vViewPosition);
    // Show inner faces of open meshes lit like outer ones.
    if (!gl_FrontFacing)
        n = -n;

    vec3 diffuse = mix(kGroundColor, kSkyColor, 0.5 + 0.5 * n.y);
    diffuse += kKeyColor * wrappedDiffuse(n, kKeyDirection);
    diffuse += kFillColor * wrappedDiffuse(n, kFillDirection);
    vec3 color = uBaseColor * diffuse;

    float keyFacing = dot(n, kKeyDirection);
    if (keyFacing > 0.0) {
        vec3 h = normalize(kKeyDirection + v);
        color += kKeyColor * (uSpecular * pow(max(dot(n, h), 0.0), uShininess));
    }
    // Rim: strongest where the surface turns away from the viewer.
    float edge = 1.0 - max(dot(n, v), 0.0);
    color += kRimColor * (edge * edge * edge) * max(dot(n, kRimDirection) + 0.6, 0.0);
    color = mix(color, uHighlightColor, uHighlight);

    // A soft shoulder so highlights roll off instead of clipping, then a gamma-2 encoding.
    color = color / (1.0 + 0.15 * color);
    fragColor = vec4(sqrt(max(color, vec3(0.0))), uOpacity);
}
