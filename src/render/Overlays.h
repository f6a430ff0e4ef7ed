// render: what other modules hand the renderer to draw on top of the body, as plain data —
// a scalar field shown as a heat map, trigger-point pins, referred-pain zones and polylines
// (fibre streamlines, the simulation's links). The renderer never computes any of it.
#pragma once

#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace render {

// Values on one structure's vertices (same count and order as its mesh's positions); NaN
// marks a vertex without a value.
struct StructureField {
    int structure = -1;
    std::vector<float> values;
};

// A per-vertex scalar such as fascial tension, shown through a perceptually uniform,
// colour-blind safe colour map between `minimum` and `maximum`.
struct HeatMap {
    std::string quantity = "Tension";
    std::string unit = "kPa";
    float minimum = 0.0f;
    float maximum = 1.0f;
    std::vector<StructureField> fields;
    // Where values stop (NaN), the map has an edge that must stay where it was drawn (painted
    // tension): such structures are drawn on their full mesh. False where the edge is only a
    // display threshold on a smooth field (a simulation's tension), which a level of detail
    // may move by a vertex or two.
    bool exactEdges = true;
    bool empty() const { return fields.empty(); }
};

// Referred pain as the trigger-point manuals draw it: the essential zone solid, the
// spillover zone stippled.
enum class ZoneKind : std::uint8_t { None = 0, Spillover = 1, Essential = 2 };
struct StructureZones {
    int structure = -1;
    std::vector<ZoneKind> perVertex; // same count as the structure's positions
};

// How far each vertex of a structure is moved from where its mesh has it (metres): the fascia
// pushed in under a tool. Drawn as given; the app decides whether to magnify it.
struct StructureOffsets {
    int structure = -1;
    std::vector<glm::vec3> offsets; // same count as the structure's positions
};

enum class MarkerState { Normal, Hovered, Selected };
struct Marker {
    glm::vec3 position{0.0f}; // on the surface, metres
    glm::vec3 normal{0.0f, 0.0f, 1.0f};
    std::string label;
    glm::vec3 color{0.95f, 0.30f, 0.20f}; // linear RGB
    MarkerState state = MarkerState::Normal;
};

// Pins keep one size on screen: a stem kPinLengthPerDistance of the camera's distance long
// along the marker's normal (a selected pin kSelectedPinScale times that), with a round head
// of kPinHeadRadius times the stem's length centred on its tip.
inline constexpr float kPinLengthPerDistance = 0.025f;
inline constexpr float kSelectedPinScale = 1.35f;
inline constexpr float kPinHeadRadius = 0.32f;

inline glm::vec3 pinDirection(const Marker& marker) {
    return glm::length(marker.normal) > 0.0f ? glm::normalize(marker.normal)
                                             : glm::vec3(0.0f, 0.0f, 1.0f);
}
inline float pinLengthM(const Marker& marker, float cameraDistanceM) {
    return kPinLengthPerDistance * cameraDistanceM *
           (marker.state == MarkerState::Selected ? kSelectedPinScale : 1.0f);
}
// The centre of the pin's head, where its label points.
inline glm::vec3 pinHead(const Marker& marker, float cameraDistanceM) {
    return marker.position + pinDirection(marker) * pinLengthM(marker, cameraDistanceM);
}

struct Polyline {
    std::vector<glm::vec3> points;
};
struct PolylineSet {
    std::vector<Polyline> lines;
    glm::vec3 color{1.0f};
    // The structure the lines lie on: they are hidden with it. -1: always shown.
    int structure = -1;
};

struct Overlays {
    HeatMap heatMap;
    std::vector<StructureZones> zones;
    glm::vec3 zoneColor{0.80f, 0.06f, 0.05f};
    std::vector<StructureOffsets> offsets;
    std::vector<Marker> markers;
    std::vector<PolylineSet> polylines;
    // Bump after changing heat-map, zone or offset data so GPU copies are refreshed; markers and
    // polylines are re-sent every frame (there are few of them).
    std::uint64_t revision = 1;
};

} // namespace render
