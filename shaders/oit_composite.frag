#version 330 core
// Resolves weighted blended transparency over the opaque image: the weighted mean colour of
// the translucent surfaces, covering the background by 1 - (product of their transparencies).
// Drawn only where a translucent surface reached (the stencil marks those pixels); where the
// context allows, it also writes the cleared sums back for the next frame (outputs 1 and 2,
// dropped otherwise).
uniform sampler2D uAccumulated; // rgb: sum of colour * alpha * weight; a: product of (1 - alpha)
uniform sampler2D uWeights;     // r: sum of alpha * weight
layout(location = 0) out vec4 fragColor;
layout(location = 1) out vec4 clearedAccumulated;
layout(location = 2) out vec4 clearedWeights;
void main() {
    ivec2 texel = ivec2(gl_FragCoord.xy);
    vec4 accumulated = texelFetch(uAccumulated, texel, 0);
    float revealage = accumulated.a;
    float weights = max(texelFetch(uWeights, texel, 0).r, 1e-5);
    // Blended "over" the opaque image: out = average * (1 - r) + under * r. Next to nothing
    // translucent here: alpha 0 leaves the image beneath exactly as it was.
    fragColor = revealage >= 0.999 ? vec4(0.0)
                                   : vec4(accumulated.rgb / weights, 1.0 - revealage);
    clearedAccumulated = vec4(0.0, 0.0, 0.0, 1.0);
    clearedWeights = vec4(0.0);
}
