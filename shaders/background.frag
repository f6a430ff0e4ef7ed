#version 330 core
// Studio backdrop: a soft vertical gradient with a gentle vignette keeps the body the brightest
// thing on screen without the harshness of flat black or white.
in vec2 vUv;
uniform vec3 uTopColor;
uniform vec3 uBottomColor;
out vec4 fragColor;
void main() {
    vec3 color = mix(uBottomColor, uTopColor, smoothstep(0.0, 1.0, vUv.y));
    vec2 centered = vUv - vec2(0.5, 0.55);
    color *= 1.0 - 0.35 * dot(centered, centered);
    fragColor = vec4(color, 1.0);
}
