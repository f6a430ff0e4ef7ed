#version 330 core
// Fast approximate anti-aliasing along luminance edges (after Lottes' FXAA), run only over the
// screen rectangle the body covers, reading a copy of that rectangle.
uniform sampler2D uScene;      // copy of the rectangle, bilinear
uniform ivec2 uRectOrigin;     // the rectangle's lower-left corner in framebuffer pixels
uniform vec2 uInverseSize;     // 1 / the copy's size in pixels
uniform bool uAntialias;
uniform bool uUnpremultiply;   // transparent background: colour was accumulated premultiplied
out vec4 fragColor;

const float kSpanMax = 8.0;
const float kReduceMultiplier = 1.0 / 8.0;
const float kReduceMinimum = 1.0 / 128.0;

float luma(vec4 c) { return dot(c.rgb, vec3(0.299, 0.587, 0.114)) + 0.2 * (1.0 - c.a); }

vec4 antialiased(vec2 uv) {
    // Whole-texel fetches for the neighbourhood (cheaper than filtered ones on a software
    // rasteriser); only edge pixels go on to the filtered samples below.
    ivec2 texel = ivec2(gl_FragCoord.xy) - uRectOrigin;
    vec4 centre = texelFetch(uScene, texel, 0);
    if (!uAntialias)
        return centre;
    ivec2 last = textureSize(uScene, 0) - 1;
    vec4 nw = texelFetch(uScene, clamp(texel + ivec2(-1, -1), ivec2(0), last), 0);
    vec4 ne = texelFetch(uScene, clamp(texel + ivec2(1, -1), ivec2(0), last), 0);
    vec4 sw = texelFetch(uScene, clamp(texel + ivec2(-1, 1), ivec2(0), last), 0);
    vec4 se = texelFetch(uScene, clamp(texel + ivec2(1, 1), ivec2(0), last), 0);
    float lNW = luma(nw), lNE = luma(ne), lSW = luma(sw), lSE = luma(se), lM = luma(centre);
    float lMin = min(lM, min(min(lNW, lNE), min(lSW, lSE)));
    float lMax = max(lM, max(max(lNW, lNE), max(lSW, lSE)));
    if (lMax - lMin < 0.04)
        return centre; // flat region: nothing to smooth
    vec2 direction = vec2(-((lNW + lNE) - (lSW + lSE)), (lNW + lSW) - (lNE + lSE));
    float reduce = max((lNW + lNE + lSW + lSE) * 0.25 * kReduceMultiplier, kReduceMinimum);
    float scale = 1.0 / (min(abs(direction.x), abs(direction.y)) + reduce);
    direction = clamp(direction * scale, vec2(-kSpanMax), vec2(kSpanMax)) * uInverseSize;
    vec4 a = 0.5 * (texture(uScene, uv + direction * (1.0 / 3.0 - 0.5)) +
                    texture(uScene, uv + direction * (2.0 / 3.0 - 0.5)));
    vec4 b = 0.5 * a + 0.25 * (texture(uScene, uv - direction * 0.5) +
                               texture(uScene, uv + direction * 0.5));
    float lB = luma(b);
    return (lB < lMin || lB > lMax) ? a : b;
}

void main() {
    vec2 uv = (gl_FragCoord.xy - vec2(uRectOrigin)) * uInverseSize;
    vec4 color = antialiased(uv);
    if (uUnpremultiply)
        color = vec4(color.a > 0.0 ? color.rgb / color.a : vec3(0.0), color.a);
    fragColor = color;
}
