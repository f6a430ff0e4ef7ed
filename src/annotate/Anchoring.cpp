#include "annotate/Anchoring.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace annotate {
namespace {

std::string layerPart(const std::string& key) {
    return key.substr(0, key.find('/'));
}

std::optional<anatomy::SurfaceSample> nearestAmong(const anatomy::Body& body, const glm::vec3& p,
                                                   const auto& accept) {
    std::optional<anatomy::SurfaceSample> best;
    const auto& structures = body.structures();
    for (int i = 0; i < static_cast<int>(structures.size()); ++i) {
        if (!accept(structures[static_cast<size_t>(i)]))
            continue;
        // Skip structures whose box is further than the best hit so far.
        if (best) {
            const core::Aabb box = structures[static_cast<size_t>(i)].mesh.bounds();
            const glm::vec3 outside = glm::max(glm::max(box.min - p, p - box.max), glm::vec3(0.0f));
            if (glm::length(outside) >= best->distance)
                continue;
        }
        auto sample = anatomy::nearestOnStructure(body, i, p);
        if (sample && (!best || sample->distance < best->distance))
            best = sample;
    }
    return best;
}

std::string formatMm(float metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f mm", static_cast<double>(metres * 1000.0f));
    return text;
}

// Re-anchors one anchor; records it as kept or moved.
void reanchor(const anatomy::Body& body, const StructureIndex& index, Anchor& anchor,
              const std::string& what, ReanchorReport& report) {
    if (resolveExact(body, index, anchor)) {
        ++report.kept;
        return;
    }
    const auto nearest = resolveNearest(body, index, anchor);
    if (!nearest) {
        report.lost.push_back(what);
        return;
    }
    report.moved.push_back({what, glm::length(nearest->position - anchor.position)});
    anchor = anchorFor(body, *nearest);
}

void reanchorTension(const anatomy::Body& body, const StructureIndex& index, TensionField& field,
                     const std::string& what, ReanchorReport& report) {
    if (field.samples.empty())
        return;
    const int structure = index.find(field.structure);
    auto matchesHere = [&] {
        if (structure < 0)
            return false;
        const auto& positions = body.structures()[static_cast<size_t>(structure)].mesh.positions;
        return std::all_of(field.samples.begin(), field.samples.end(), [&](const TensionSample& s) {
            return s.vertex < positions.size() &&
                   glm::length(positions[s.vertex] - s.position) <= 0.001f;
        });
    };
    if (matchesHere()) {
        ++report.kept;
        return;
    }
    // The structure to carry the field: the same one, else the nearest of the same layer to the
    // field's first sample.
    int target = structure;
    if (target < 0) {
        Anchor probe;
        probe.structure = field.structure;
        probe.position = field.samples.front().position;
        const auto nearest = resolveNearest(body, index, probe);
        if (!nearest) {
            report.lost.push_back(what);
            return;
        }
        target = nearest->point.structure;
    }
    const anatomy::Structure& carrier = body.structures()[static_cast<size_t>(target)];
    const anatomy::PointGrid grid(carrier.mesh.positions, 0.02f);
    std::map<std::uint32_t, TensionSample> mapped;
    float farthest = 0.0f;
    for (const TensionSample& sample : field.samples) {
        const std::int64_t v = grid.nearest(sample.position, 0.1f);
        if (v < 0)
            continue; // nothing within 10 cm: this part of the field has no place on this body
        const auto vertex = static_cast<std::uint32_t>(v);
        farthest =
            std::max(farthest, glm::length(carrier.mesh.positions[vertex] - sample.position));
        TensionSample& into = mapped[vertex];
        into.vertex = vertex;
        into.value = std::max(into.value, sample.value);
        into.position = carrier.mesh.positions[vertex];
    }
    field.structure = anatomy::structureKey(carrier);
    field.samples.clear();
    for (const auto& [vertex, sample] : mapped)
        field.samples.push_back(sample);
    report.moved.push_back({what, farthest});
}

// Fields that landed on one structure (two sheets of one body, one sheet of another) become
// one field, each vertex keeping its highest value.
void mergeFieldsOnOneStructure(Session& session) {
    std::vector<TensionField> merged;
    for (TensionField& field : session.tension) {
        auto same = std::find_if(merged.begin(), merged.end(), [&](const TensionField& f) {
            return f.structure == field.structure;
        });
        if (same == merged.end()) {
            merged.push_back(std::move(field));
            continue;
        }
        std::map<std::uint32_t, TensionSample> byVertex;
        for (const std::vector<TensionSample>* samples : {&same->samples, &field.samples})
            for (const TensionSample& sample : *samples) {
                auto [it, added] = byVertex.emplace(sample.vertex, sample);
                if (!added)
                    it->second.value = std::max(it->second.value, sample.value);
            }
        same->samples.clear();
        for (const auto& [vertex, sample] : byVertex)
            same->samples.push_back(sample);
    }
    session.tension = std::move(merged);
}

} // namespace

StructureIndex::StructureIndex(const anatomy::Body& body) {
    const auto& structures = body.structures();
    for (int i = 0; i < static_cast<int>(structures.size()); ++i)
        m_byKey.emplace(anatomy::structureKey(structures[static_cast<size_t>(i)]), i);
}

int StructureIndex::find(const std::string& key) const {
    const auto it = m_byKey.find(key);
    return it == m_byKey.end() ? -1 : it->second;
}

Anchor anchorFor(const anatomy::Body& body, const anatomy::SurfaceSample& sample) {
    Anchor anchor;
    anchor.structure =
        anatomy::structureKey(body.structures()[static_cast<size_t>(sample.point.structure)]);
    anchor.triangle = sample.point.triangle;
    anchor.barycentric = sample.point.barycentric;
    anchor.position = sample.position;
    return anchor;
}

std::optional<anatomy::SurfaceSample> resolveExact(const anatomy::Body& body,
                                                   const StructureIndex& index,
                                                   const Anchor& anchor, float toleranceM) {
    const int structure = index.find(anchor.structure);
    if (structure < 0)
        return std::nullopt;
    auto sample = anatomy::sampleSurface(
        body, anatomy::SurfacePoint{structure, anchor.triangle, anchor.barycentric});
    if (!sample || glm::length(sample->position - anchor.position) > toleranceM)
        return std::nullopt;
    return sample;
}

std::optional<anatomy::SurfaceSample>
resolveNearest(const anatomy::Body& body, const StructureIndex& index, const Anchor& anchor) {
    if (const int structure = index.find(anchor.structure); structure >= 0)
        return anatomy::nearestOnStructure(body, structure, anchor.position);
    const std::string layer = layerPart(anchor.structure);
    auto sameLayer = nearestAmong(body, anchor.position, [&](const anatomy::Structure& s) {
        return anatomy::layerId(s.layer) == layer;
    });
    if (sameLayer)
        return sameLayer;
    return nearestAmong(body, anchor.position, [](const anatomy::Structure&) { return true; });
}

std::optional<anatomy::SurfaceSample> resolve(const anatomy::Body& body,
                                              const StructureIndex& index, const Anchor& anchor) {
    if (auto exact = resolveExact(body, index, anchor))
        return exact;
    return resolveNearest(body, index, anchor);
}

std::string ReanchorReport::summary() const {
    if (!changed())
        return "All marks are in place on this body.";
    std::string text;
    if (!moved.empty()) {
        const auto largest = std::max_element(
            moved.begin(), moved.end(),
            [](const MovedMark& a, const MovedMark& b) { return a.distanceM < b.distanceM; });
        text = std::to_string(moved.size()) + (moved.size() == 1 ? " mark" : " marks") +
               " moved to the nearest surface of this body (largest " +
               formatMm(largest->distanceM) + ": " + largest->what + ").";
    }
    if (!lost.empty())
        text += (text.empty() ? "" : " ") + std::to_string(lost.size()) +
                " could not be placed (the body has no surface).";
    return text;
}

ReanchorReport reanchorDocument(const anatomy::Body& body, MapDocument& document) {
    const StructureIndex index(body);
    ReanchorReport report;
    for (Session& session : document.sessions) {
        const std::string when = " (session " + session.date + ")";
        for (TriggerPoint& point : session.triggerPoints)
            reanchor(body, index, point.anchor, point.name + when, report);
        for (ReferredZone& zone : session.referredZones) {
            for (ZoneSpot& spot : zone.essential)
                reanchor(body, index, spot.centre, "zone " + zone.name + when, report);
            for (ZoneSpot& spot : zone.spillover)
                reanchor(body, index, spot.centre, "zone " + zone.name + when, report);
        }
        for (TensionField& field : session.tension)
            reanchorTension(body, index, field, "tension on " + field.structure + when, report);
        mergeFieldsOnOneStructure(session);
    }
    return report;
}

} // namespace annotate
