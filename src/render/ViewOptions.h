// render: what the user has chosen to see — layer and structure visibility and opacity, peel,
// isolate, x-ray, the clipping plane, fibre and network display. Plain data plus the rules
// that edit it; no GL, so the ui, the CLI and tests share it.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace render {

struct Overlays;

// The three anatomical planes a clipping plane can lie in.
enum class ClipAxis {
    Sagittal,   // normal along X: cuts left from right
    Coronal,    // normal along Z: cuts front from back
    Transverse, // normal along Y: cuts upper from lower
};
std::optional<ClipAxis> clipAxisFromName(std::string_view name);
// The coordinate the axis's plane is perpendicular to: 0 (x), 1 (y) or 2 (z).
int clipAxisComponent(ClipAxis axis);
std::string_view clipAxisName(ClipAxis axis);

struct ClipPlane {
    bool enabled = false;
    ClipAxis axis = ClipAxis::Sagittal;
    float offsetM = 0.0f; // the plane's position along its axis, in world metres
    bool flipped = false; // keep the other half

    // World-space plane (n, d): points with dot(n, p) + d >= 0 are kept.
    glm::vec4 equation() const;
    bool keeps(const glm::vec3& p) const;
    // The stretch of the ray (distances along it) that lies in the kept half; empty (first >
    // second) when none does. Picking looks only there.
    std::pair<float, float> keptInterval(const core::Ray& ray) const;
};

// Per-structure choices on top of the layer's; defaults follow the layer.
struct StructureView {
    bool visible = true;
    float opacity = -1.0f; // < 0: the layer's opacity
};

struct ViewOptions {
    std::array<bool, anatomy::kAllLayers.size()> layerVisible{true, true, true, true, true, true};
    std::array<float, anatomy::kAllLayers.size()> layerOpacity{1, 1, 1, 1, 1, 1};
    // Indexed by structure; may be shorter than the body's list (missing entries are defaults).
    std::vector<StructureView> structures;
    // When not empty only these structures are drawn (isolate).
    std::vector<int> isolated;
    // X-ray: every visible layer except the innermost becomes a glass-like shell whose
    // silhouette stays visible while what lies beneath shows through.
    bool xray = false;
    ClipPlane clip;
    // Fascia shows its collagen direction as an anisotropic sheen along the fibres.
    bool fibreSheen = true;
    // Fascia drawn as the network of particles (vertices) and edges the simulation's triangles
    // join.
    bool fasciaNetwork = false;
    const Overlays* overlays = nullptr; // heat map, markers, zones, streamlines; not owned

    int hoveredStructure = -1;
    int selectedStructure = -1;
    // Drawn highlighted as the selection is (a lesson's step or a quiz question points them out).
    std::vector<int> highlighted;
    bool transparentBackground = false;
    bool antialiasing =
        true; // FXAA over the body's screen rectangle; cheap on software rasterisers

    bool visible(anatomy::LayerKind layer) const {
        return layerVisible[static_cast<size_t>(layer)];
    }
    float opacity(anatomy::LayerKind layer) const {
        return layerOpacity[static_cast<size_t>(layer)];
    }
    // The opacity structure `index` is drawn with, 0 when it is not drawn at all.
    float structureOpacity(const anatomy::Body& body, size_t index) const;
    StructureView& structure(size_t index); // grows the list as needed
};

// Hides the outermost layer that is still visible and has structures; returns it, or nothing
// when only one such layer is left (peeling never leaves an empty view).
std::optional<anatomy::LayerKind> peelOutermostLayer(ViewOptions& options,
                                                     const anatomy::Body& body);
// Shows every layer and structure again, fully opaque, and ends isolation and x-ray.
void restoreAllLayers(ViewOptions& options);
// Shows only these structures (empty: end isolation).
void isolateStructures(ViewOptions& options, std::vector<int> structures);

// Parses "skin,deep-fascia,muscle" (the CLI's --layers) into visibility flags.
core::Result<std::array<bool, anatomy::kAllLayers.size()>> parseLayerList(std::string_view list);
// Parses "skin=0.3,deep-fascia=0.5" (the CLI's --opacity) onto the options.
core::Status parseLayerOpacities(std::string_view list, ViewOptions& options);

} // namespace render
