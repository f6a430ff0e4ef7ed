#version 330 core
// Resolves weighted blended transparency over the opaque image: the weighted mean colour of
// the translucent surfaces, covering the background by 1 - (product of their transparencies).
uniform sampler2D uAccumulated; // rgb: sum of colour * alpha * weight; a: product of (1 - alpha)
uniform sampler2D uWeights;     // r: sum of alpha * weight
out vec4 fragColor;
void main() {
    ivec2 texel = ivec2(gl_FragCoord.xy);
    vec4 accumulated = texelFetch(uAccumulated, texel, 0);
    float revealage = accumulated.a;
    if (revealage >= 0.999)
        discard; // nothing translucent here
    float weights = max(texelFetch(uWeights, texel, 0).r, 1e-5);
    vec3 average = accumulated.rgb / weights;
    // Blended "over" the opaque image: out = average * (1 - r) + under * r.
    fragColor = vec4(average, 1.0 - revealage);
}
