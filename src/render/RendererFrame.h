// render internals: what every pass of the renderer's frame needs, shared by Renderer.cpp (the
// frame, overlays and presentation) and StructurePasses.cpp (the body's structures).
#pragma once

#include "render/Renderer.h"

#include <array>

namespace render {

// Per-frame values every pass needs.
struct Renderer::FrameContext {
    glm::mat4 view{1.0f};
    glm::mat4 viewProjection{1.0f};
    glm::vec4 clipPlane{0.0f, 0.0f, 0.0f, 1.0f}; // keeps everything when clipping is off
    glm::vec3 capNormalView{0.0f, 0.0f, 1.0f};
    glm::vec2 depthWeight{0.0f, 10.0f}; // the scene's front, 1 / the depth that halves the weight
    float cameraDistance = 3.0f;
    glm::vec3 eye{0.0f};
    float pixelSizePerMetre = 0.001f; // a pixel's size in metres, per metre of distance
    std::uint64_t serial = 0;         // tells programs whether this frame's uniforms are set
    glm::vec4 viewRay{0.0f};          // pixel -> view-plane point at z = -1 (see mesh.frag)
    glm::vec2 nearFar{0.1f, 10.0f};
    int xrayCore = -1; // x-ray: the innermost visible layer, drawn as usual
    // Which layers have structures drawn opaque: simplified surfaces of two neighbouring
    // opaque layers must not show crossing, translucent ones may (the crossing is under a
    // pixel).
    std::array<bool, anatomy::kAllLayers.size()> opaqueLayer{};
    // kTranslucentDepthToleranceM at the camera's distance, in polygon-offset units (steps
    // of a 24-bit depth buffer).
    float translucentDepthToleranceUnits = 0.0f;
    // How much deeper each opaque layer is drawn, in polygon-offset units: where simplified
    // surfaces of neighbouring opaque layers cross, the outer one stays in front (see draw()).
    std::array<float, anatomy::kAllLayers.size()> opaqueDepthOffsetUnits{};
    // The screen rectangle the visible structures cover (lower-left origin, size), padded
    // for anti-aliasing: full-screen passes only need to run there.
    glm::ivec2 bodyRectOrigin{0, 0}, bodyRectSize{0, 0};
    core::Aabb sceneBox; // of every structure, shown or not
};

// The gap between each layer and the next one inwards (skin | superficial fascia | deep fascia
// | muscle | bone): deep fascia lies 1 mm over muscle, the others at least 2 mm apart.
constexpr std::array<float, 4> kGapBelowLayerM = {0.002f, 0.002f, 0.001f, 0.002f};
// Beside an opaque neighbouring layer a structure is simplified within this share of the gap
// between them. Two such surfaces may cross by half the gap; the depth offsets hide that.
constexpr float kNestedErrorShareOfGap = 0.75f;
// An inner opaque layer is also pushed back in proportion to its depth slope on screen (the
// polygon offset's factor). A flat triangle of the outer layer spanning a curve dips under it
// by a fraction of a millimetre, enough to cross a muscle that lies that close beneath (the
// atlas's sartorius at the inside of the knee, 0.2-0.6 mm under its fascia); seen edge-on, from
// behind, that fraction is many pixels of depth along the ray, which a constant offset cannot
// cover. Eight slopes keep the fascia in front there; a part that truly comes out through
// its layer (the finger bones) still shows.
constexpr float kNestedDepthSlopeFactor = 8.0f;

} // namespace render
