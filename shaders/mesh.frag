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

const vec3 kKeyDirection = normalize(vec3(-0.45, 0.55, 0.70));
const vec3 kKeyColor = vec3(1.00, 0.96, 0.90) * 1.05;
const vec3 kFillDirection = normalize(vec3(0.65, -0.10, 0.75));
const vec3 kFillColor = vec3(0.80, 0.87, 1.00) * 0.38;
const vec3 kRimDirection = normalize(vec3(0.10, 0.35, -0.93));
const vec3 kRimColor = vec3(1.00, 1.00, 1.00) * 0.55;
const vec3 kSkyColor = vec3(0.36, 0.38, 0.42);
const vec3 kGroundColor = vec3(0.20, 0.18, 0.17);

vec3 lightContribution(vec3 n, vec3 v, vec3 l, vec3 lightColor) {
    // Wrapped diffuse softens the terminator, as a large soft box does.
    float diffuse = max((dot(n, l) + 0.25) / 1.25, 0.0);
    vec3 h = normalize(l + v);
    float specular = pow(max(dot(n, h), 0.0), uShininess) * uSpecular;
    return lightColor * (uBaseColor * diffuse + vec3(specular) * step(0.0, dot(n, l)));
}

void main() {
    vec3 n = normalize(vViewNormal);
    vec3 v = normalize(-vViewPosition);
    // Show inner faces of open meshes lit like outer ones.
    if (!gl_FrontFacing)
        n = -n;

    vec3 color = uBaseColor * mix(kGroundColor, kSkyColor, 0.5 + 0.5 * n.y);
    color += lightContribution(n, v, kKeyDirection, kKeyColor);
    color += lightContribution(n, v, kFillDirection, kFillColor);
    // Rim: strongest where the surface turns away from the viewer.
    float fresnel = pow(1.0 - max(dot(n, v), 0.0), 3.0);
    color += kRimColor * fresnel * max(dot(n, kRimDirection) + 0.6, 0.0);
    color = mix(color, uHighlightColor, uHighlight);

    // Filmic-ish shoulder so highlights roll off instead of clipping, then sRGB encode.
    color = color / (1.0 + 0.15 * color);
    color = pow(max(color, vec3(0.0)), vec3(1.0 / 2.2));
    fragColor = vec4(color, uOpacity);
}
