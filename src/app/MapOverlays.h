// app: what a map shows on the body — trigger points as pins, referred-pain zones on the skin,
// painted tension as a heat map — turned into the renderer's plain overlays.
#pragma once

#include "annotate/Anchoring.h"
#include "annotate/MapDocument.h"
#include "render/Overlays.h"
#include "render/ViewOptions.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace app {

struct MapDisplay {
    int session = 0;
    bool pins = true;
    bool zones = true;
    bool tension = true;
    bool labels = true;     // pin labels (names); presentation mode shows plain words instead
    std::string selectedId; // trigger point shown selected
    std::string hoveredId;
    // When set, only this trigger point's zones are drawn (presentation: "where it comes from").
    bool onlySelectedZones = false;
    // Compare mode: show tension as the change from this session (-1: off).
    int differenceFrom = -1;
    // Show tension painted on deeper layers on this layer's surface above it: the outermost
    // layer on screen hides what lies beneath (patients see the body with its skin on).
    // Nothing: each field on its own structure.
    std::optional<anatomy::LayerKind> tensionShownOn;
    bool operator==(const MapDisplay&) const = default;
};

// Colour of a trigger point's pin: active red, latent amber.
glm::vec3 pinColour(annotate::TriggerPointState state);

// Builds overlays for one body; keeps per-structure vertex grids between calls.
class MapOverlayBuilder {
public:
    explicit MapOverlayBuilder(const anatomy::Body& body);
    render::Overlays build(const annotate::MapDocument& document, const MapDisplay& display);

    // Vertices of a structure within `radius` of p (for zones and the tension brush).
    std::vector<std::uint32_t> verticesWithin(int structure, const glm::vec3& p, float radius);
    const annotate::StructureIndex& index() const { return m_index; }

private:
    const anatomy::PointGrid& gridFor(int structure);
    std::map<int, std::vector<float>> liftedTo(anatomy::LayerKind layer,
                                               const std::map<int, std::vector<float>>& values);

    const anatomy::Body& m_body;
    annotate::StructureIndex m_index;
    std::map<int, std::unique_ptr<anatomy::PointGrid>> m_grids;
};

// Where painted tension has to be drawn to be seen with these view options: the outermost
// shown skin or fascia layer that is mostly opaque (at least half), or nothing when every
// layer over the fascia is see-through or hidden (or in x-ray).
std::optional<anatomy::LayerKind> tensionSurfaceFor(const render::ViewOptions& view);

// The painted restriction of one session as per-structure values (0-1) by structure index.
std::map<int, std::vector<float>> tensionValues(const anatomy::Body& body,
                                                const annotate::StructureIndex& index,
                                                const annotate::Session& session);

} // namespace app
