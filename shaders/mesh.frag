#version 330 core
// Studio lighting in view space, so the light rig follows the camera like a photographer's:
// a warm key light high on the left, a cool fill low on the right, a rim light from behind
// that separates the silhouette from the backdrop, and a sky/ground ambient term.
// Variants, #defined by the renderer (a software rasteriser pays for every branch it could
// take): FIBRES (anisotropic highlight along the fibres), OVERLAY (heat map and referred-pain
// zones), CAP (back faces of a cut closed surface drawn as the cut face), XRAY (glass-like
// shell), ACCUMULATE (write the weighted blended order-independent transparency buffers,
// McGuire and Bavoil 2013, instead of a colour).
in vec3 vViewNormal;
#ifdef FIBRES
in vec3 vViewFibre;
#endif
#ifdef OVERLAY
in vec3 vOverlay;
#endif

uniform vec3 uBaseColor;       // linear RGB
uniform float uOpacity;
uniform float uSpecular;       // strength of the glossy highlight
uniform float uShininess;      // Blinn-Phong exponent
uniform vec3 uHighlightColor;  // added for hover / selection
uniform float uHighlight;      // 0 = none
uniform float uFibreSheen;     // share of the highlight that follows the fibres
uniform vec3 uCapNormal;       // view-space normal of the cut faces
uniform vec2 uHeatRange;       // values mapped to the colour map's ends
uniform vec3 uColorMap[9];     // viridis, sRGB
uniform vec3 uZoneColor;       // linear RGB
uniform vec2 uDepthWeight;     // view depth of the scene's front, 1 / depth that halves the weight
// The view ray and depth come from gl_FragCoord rather than an interpolated position: on a
// software rasteriser each interpolated value costs more than this arithmetic.
uniform vec4 uViewRay;         // view-plane x, y at z = -1: gl_FragCoord.xy * .xy + .zw
uniform vec2 uNearFar;         // the projection's near and far planes, metres

layout(location = 0) out vec4 fragColor;
layout(location = 1) out vec4 fragWeight;

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

// pow(x, n) for x in [0, 1] and large n, as exp(n (x - 1)): one exponential instead of a
// logarithm and an exponential, and close where a highlight is visible (x near 1).
float power(float x, float n) { return exp2((x - 1.0) * n * 1.442695); }

#ifdef OVERLAY
vec3 colorMap(float t) {
    float scaled = clamp(t, 0.0, 1.0) * 8.0;
    int below = min(int(scaled), 7);
    vec3 srgb = mix(uColorMap[below], uColorMap[below + 1], scaled - float(below));
    return srgb * srgb; // to the shader's linear space (gamma 2, as the output encoding)
}
#endif

// Written with software rasterisers in mind (llvmpipe has no GPU to hide the cost): one
// specular power, for the key light only, and a square root as the display encoding.
void main() {
    vec3 n = normalize(vViewNormal);
    // Show inner faces of open meshes lit like outer ones.
    if (!gl_FrontFacing)
        n = -n;
    vec3 v = normalize(vec3(-(gl_FragCoord.xy * uViewRay.xy + uViewRay.zw), 1.0));
    vec3 base = uBaseColor;
    float lit = 1.0;
#ifdef CAP
    bool cap = !gl_FrontFacing;
    if (cap) {
        n = uCapNormal;
        base *= 0.72; // cut tissue reads darker than its surface, as in a section
        lit = 0.0;    // and flat: no highlight or rim
    }
#endif
#ifdef OVERLAY
    float heatWeight = vOverlay.y;
    if (heatWeight > 0.01) {
        float value = vOverlay.x / heatWeight;
        float t = (value - uHeatRange.x) / max(uHeatRange.y - uHeatRange.x, 1e-6);
        base = mix(base, colorMap(t), min(heatWeight, 1.0));
    }
#endif

    vec3 diffuse = mix(kGroundColor, kSkyColor, 0.5 + 0.5 * n.y) +
                   kKeyColor * wrappedDiffuse(n, kKeyDirection) +
                   kFillColor * wrappedDiffuse(n, kFillDirection);
#ifdef OVERLAY
    // The heat map keeps most of its colour in shadow so its values stay readable.
    if (heatWeight > 0.01)
        diffuse = mix(vec3(0.85), diffuse, 0.45);
#endif
    vec3 color = base * diffuse;

    float keyFacing = max(dot(n, kKeyDirection), 0.0);
    vec3 h = normalize(kKeyDirection + v);
    float specular = power(max(dot(n, h), 0.0), uShininess);
#ifdef FIBRES
    // Kajiya-Kay: a surface of parallel fibres reflects in a band across them, so the
    // highlight runs at right angles to the collagen and shows its direction.
    vec3 t = vViewFibre - n * dot(vViewFibre, n);
    float tLength = length(t);
    if (tLength > 1e-4) {
        float th = dot(t, h) / tLength;
        float band = power(max(1.0 - th * th, 0.0), uShininess * 2.0);
        specular = mix(specular, band * 0.6, uFibreSheen);
    }
#endif
    color += kKeyColor * (uSpecular * specular * min(keyFacing * 4.0, 1.0) * lit);
    // Rim: strongest where the surface turns away from the viewer.
    float edge = 1.0 - max(dot(n, v), 0.0);
    color += kRimColor * (edge * edge * edge * lit) * max(dot(n, kRimDirection) + 0.6, 0.0);

#ifdef OVERLAY
    // Referred pain: the essential zone solid, the spillover zone stippled in screen space.
    float zonePaint = 0.0;
    if (vOverlay.z > 1.5) {
        zonePaint = 0.85;
    } else if (vOverlay.z > 0.5) {
        vec2 cell = fract(gl_FragCoord.xy / 7.0) - 0.5;
        zonePaint = dot(cell, cell) < 0.09 ? 0.9 : 0.0;
    }
    color = mix(color, uZoneColor * diffuse, zonePaint);
#endif
    color = mix(color, uHighlightColor, uHighlight);

    // A soft shoulder so highlights roll off instead of clipping, then a gamma-2 encoding.
    color = color / (1.0 + 0.15 * color);
    vec3 encoded = sqrt(max(color, vec3(0.0)));

#ifdef ACCUMULATE
    float alpha = uOpacity;
#ifdef XRAY
    alpha = clamp(mix(uOpacity, 0.85, edge * edge * lit), 0.0, 1.0);
#endif
#ifdef OVERLAY
    alpha = max(alpha, zonePaint); // zones drawn on a translucent skin stay legible
#endif
    // Weighted blended OIT: nearer surfaces weigh more, so the front layer dominates where
    // layers overlap; the weight halves every 1 / uDepthWeight.y metres behind the scene's
    // front. The view depth from the window depth z: n f / (f - z (f - n)).
    float viewDepth = uNearFar.x * uNearFar.y /
                      (uNearFar.y - gl_FragCoord.z * (uNearFar.y - uNearFar.x));
    float behind = max(viewDepth - uDepthWeight.x, 0.0);
    float weight = alpha * clamp(exp2(-behind * uDepthWeight.y) * 1000.0, 0.01, 3000.0);
    fragColor = vec4(encoded * alpha * weight, alpha); // rgb summed; alpha: product of (1 - a)
    fragWeight = vec4(alpha * weight, 0.0, 0.0, 0.0);  // summed
#else
    fragColor = vec4(encoded, 1.0);
#endif
}
