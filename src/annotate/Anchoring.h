// annotate: keeping marks glued to the body. An anchor names a structure, a triangle and where
// in it; on the body it was made on that is exact. On another body (a different model, or a
// regenerated default body) each mark is moved to the nearest surface and the user is told
// what moved and how far.
#pragma once

#include "anatomy/Proximity.h"
#include "annotate/MapDocument.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace annotate {

// Structure keys ("muscle/trapezius-upper/left") to indices, built once per body.
class StructureIndex {
public:
    explicit StructureIndex(const anatomy::Body& body);
    int find(const std::string& key) const; // -1 when absent
private:
    std::map<std::string, int> m_byKey;
};

Anchor anchorFor(const anatomy::Body& body, const anatomy::SurfaceSample& sample);

// The anchor on this body when its structure and triangle exist and the stored position agrees
// within `toleranceM` (so a different body with the same names is not mistaken for this one).
std::optional<anatomy::SurfaceSample> resolveExact(const anatomy::Body& body,
                                                   const StructureIndex& index,
                                                   const Anchor& anchor, float toleranceM = 0.001f);

// The nearest surface to the anchor's position: on the same structure if this body has it,
// else on the same layer, else anywhere.
std::optional<anatomy::SurfaceSample>
resolveNearest(const anatomy::Body& body, const StructureIndex& index, const Anchor& anchor);

// Exact where possible, nearest otherwise.
std::optional<anatomy::SurfaceSample> resolve(const anatomy::Body& body,
                                              const StructureIndex& index, const Anchor& anchor);

struct MovedMark {
    std::string what; // "Upper trapezius TrP1 (session 2026-11-03)"
    float distanceM = 0.0f;
};
struct ReanchorReport {
    size_t kept = 0;               // marks that were exact on this body
    std::vector<MovedMark> moved;  // re-anchored, with how far they moved
    std::vector<std::string> lost; // nothing to anchor to (an empty body)
    bool changed() const { return !moved.empty() || !lost.empty(); }
    // "3 marks moved to the nearest surface (largest 4.2 mm: ...)" — for the status line.
    std::string summary() const;
};

// Re-anchors every mark of every session to this body, in place.
ReanchorReport reanchorDocument(const anatomy::Body& body, MapDocument& document);

} // namespace annotate
