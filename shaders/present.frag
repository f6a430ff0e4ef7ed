#version 330 core
// Presents the rendered scene: fast approximate anti-aliasing along luminance edges (after
// Lottes' FXAA), then the studio backdrop composited behind the body. One pass, because on a
// software rasteriser every full-screen pass costs whole milliseconds.
in vec2 vUv;
uniform sampler2D uScene;     // premultiplied: rgb already weighted by coverage a
uniform vec2 uInverseSize;    // 1 / scene size in pixels
uniform bool uAntialias;
uniform bool uBackdrop;       // false: keep the scene's alpha (transparent background export)
uniform vec3 uTopColor;
uniform vec3 uBottomColor;
out vec4 fragColor;

const float kSpanMax = 8.0;
const float kReduceMultiplier = 1.0 / 8.0;
const float kReduceMinimum = 1.0 / 128.0;

float luma(vec3 c) { return dot(c, vec3(0.299, 0.587, 0.114)); }
// Luminance over a mid-grey stand-in for the backdrop, so the body's silhouette counts as an edge.
float sceneLuma(vec4 premultiplied) { return luma(premultiplied.rgb + vec3(0.2) * (1.0 - premultiplied.a)); }

vec4 antialiased() {
    vec4 centre = texture(uScene, vUv);
    if (!uAntialias)
        return centre;
    // Coverage is smoothed like colour, so silhouettes against the backdrop lose their stairs.
    vec4 nw = texture(uScene, vUv + vec2(-1.0, -1.0) * uInverseSize);
    vec4 ne = texture(uScene, vUv + vec2(1.0, -1.0) * uInverseSize);
    vec4 sw = texture(uScene, vUv + vec2(-1.0, 1.0) * uInverseSize);
    vec4 se = texture(uScene, vUv + vec2(1.0, 1.0) * uInverseSize);
    float lNW = sceneLuma(nw), lNE = sceneLuma(ne), lSW = sceneLuma(sw), lSE = sceneLuma(se);
    float lM = sceneLuma(centre);
    float lMin = min(lM, min(min(lNW, lNE), min(lSW, lSE)));
    float lMax = max(lM, max(max(lNW, lNE), max(lSW, lSE)));
    if (lMax - lMin < 0.04)
        return centre; // flat region: nothing to smooth
    vec2 direction = vec2(-((lNW + lNE) - (lSW + lSE)), (lNW + lSW) - (lNE + lSE));
    float reduce = max((lNW + lNE + lSW + lSE) * 0.25 * kReduceMultiplier, kReduceMinimum);
    float scale = 1.0 / (min(abs(direction.x), abs(direction.y)) + reduce);
    direction = clamp(direction * scale, vec2(-kSpanMax), vec2(kSpanMax)) * uInverseSize;
    vec4 a = 0.5 * (texture(uScene, vUv + direction * (1.0 / 3.0 - 0.5)) +
                    texture(uScene, vUv + direction * (2.0 / 3.0 - 0.5)));
    vec4 b = 0.5 * a + 0.25 * (texture(uScene, vUv - direction * 0.5) +
                               texture(uScene, vUv + direction * 0.5));
    float lB = sceneLuma(b);
    return (lB < lMin || lB > lMax) ? a : b;
}

void main() {
    vec4 scene = antialiased();
    if (!uBackdrop) {
        // PNG wants straight (not premultiplied) alpha.
        fragColor = vec4(scene.a > 0.0 ? scene.rgb / scene.a : vec3(0.0), scene.a);
        return;
    }
    // Studio backdrop: a soft vertical gradient with a gentle vignette.
    vec3 backdrop = mix(uBottomColor, uTopColor, smoothstep(0.0, 1.0, vUv.y));
    vec2 centered = vUv - vec2(0.5, 0.55);
    backdrop *= 1.0 - 0.35 * dot(centered, centered);
    fragColor = vec4(scene.rgb + backdrop * (1.0 - scene.a), 1.0);
}
