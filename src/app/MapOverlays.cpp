#include "app/MapOverlays.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace app {

glm::vec3 pinColour(annotate::TriggerPointState state) {
    return state == annotate::TriggerPointState::Active ? glm::vec3(0.90f, 0.12f, 0.10f)
                                                        : glm::vec3(0.95f, 0.62f, 0.10f);
}

MapOverlayBuilder::MapOverlayBuilder(const anatomy::Body& body) : m_body(body), m_index(body) {}

const anatomy::PointGrid& MapOverlayBuilder::gridFor(int structure) {
    auto& grid = m_grids[structure];
    if (!grid)
        grid = std::make_unique<anatomy::PointGrid>(
            m_body.structures()[static_cast<size_t>(structure)].mesh.positions, 0.02f);
    return *grid;
}

std::vector<std::uint32_t> MapOverlayBuilder::verticesWithin(int structure, const glm::vec3& p,
                                                             float radius) {
    if (structure < 0 || structure >= static_cast<int>(m_body.structures().size()))
        return {};
    return gridFor(structure).within(p, radius);
}

std::map<int, std::vector<float>> tensionValues(const anatomy::Body& body,
                                                const annotate::StructureIndex& index,
                                                const annotate::Session& session) {
    std::map<int, std::vector<float>> values;
    for (const annotate::TensionField& field : session.tension) {
        const int structure = index.find(field.structure);
        if (structure < 0)
            continue; // re-anchoring on open moves fields onto this body; nothing to show here
        auto& perVertex = values[structure];
        perVertex.assign(body.structures()[static_cast<size_t>(structure)].mesh.vertexCount(),
                         0.0f);
        for (const annotate::TensionSample& sample : field.samples)
            if (sample.vertex < perVertex.size())
                perVertex[sample.vertex] = sample.value;
    }
    return values;
}

std::map<int, std::vector<float>>
MapOverlayBuilder::liftedTo(anatomy::LayerKind layer,
                            const std::map<int, std::vector<float>>& values) {
    // Within this distance a surface vertex counts as "above" a painted vertex beneath it:
    // more than the deepest subcutaneous layer (18 mm), less than the width of a thumb.
    constexpr float kReachM = 0.025f;
    std::map<int, std::vector<float>> lifted;
    const auto& structures = m_body.structures();
    for (const auto& [structure, perVertex] : values) {
        const anatomy::Structure& from = structures[static_cast<size_t>(structure)];
        // Fields on the layer itself, or on one above it (hidden anyway), stay where they are.
        if (static_cast<int>(from.layer) <= static_cast<int>(layer)) {
            auto& into = lifted[structure];
            into.resize(perVertex.size(), 0.0f);
            for (size_t v = 0; v < perVertex.size(); ++v)
                into[v] = std::max(into[v], perVertex[v]);
            continue;
        }
        for (int onto = 0; onto < static_cast<int>(structures.size()); ++onto) {
            if (structures[static_cast<size_t>(onto)].layer != layer)
                continue;
            auto& into = lifted[onto];
            into.resize(structures[static_cast<size_t>(onto)].mesh.vertexCount(), 0.0f);
            for (size_t v = 0; v < perVertex.size(); ++v) {
                if (!(perVertex[v] > 0.0f))
                    continue;
                for (std::uint32_t s : verticesWithin(onto, from.mesh.positions[v], kReachM))
                    into[s] = std::max(into[s], perVertex[v]);
            }
        }
    }
    return lifted;
}

render::Overlays MapOverlayBuilder::build(const annotate::MapDocument& document,
                                          const MapDisplay& display) {
    render::Overlays overlays;
    if (display.session < 0 || display.session >= static_cast<int>(document.sessions.size()))
        return overlays;
    const annotate::Session& session = document.sessions[static_cast<size_t>(display.session)];

    if (display.pins) {
        for (const annotate::TriggerPoint& point : session.triggerPoints) {
            const auto at = annotate::resolve(m_body, m_index, point.anchor);
            if (!at)
                continue;
            render::Marker marker;
            marker.position = at->position;
            marker.normal = at->normal;
            marker.label = display.labels ? point.name : std::string();
            marker.color = pinColour(point.state);
            marker.state = point.id == display.selectedId  ? render::MarkerState::Selected
                           : point.id == display.hoveredId ? render::MarkerState::Hovered
                                                           : render::MarkerState::Normal;
            overlays.markers.push_back(marker);
        }
    }

    if (display.zones) {
        std::set<std::string> shown;
        for (const annotate::TriggerPoint& point : session.triggerPoints)
            if (!display.onlySelectedZones || point.id == display.selectedId)
                shown.insert(point.referredZones.begin(), point.referredZones.end());
        std::map<int, std::vector<render::ZoneKind>> perStructure;
        auto paint = [&](const annotate::ZoneSpot& spot, render::ZoneKind kind) {
            const auto centre = annotate::resolve(m_body, m_index, spot.centre);
            if (!centre)
                return;
            const int structure = centre->point.structure;
            auto& kinds = perStructure[structure];
            kinds.resize(m_body.structures()[static_cast<size_t>(structure)].mesh.vertexCount(),
                         render::ZoneKind::None);
            for (std::uint32_t v : verticesWithin(structure, centre->position, spot.radius))
                kinds[v] = std::max(kinds[v], kind); // essential wins over spillover
        };
        for (const annotate::ReferredZone& zone : session.referredZones) {
            if (!shown.count(zone.id))
                continue;
            for (const annotate::ZoneSpot& spot : zone.spillover)
                paint(spot, render::ZoneKind::Spillover);
            for (const annotate::ZoneSpot& spot : zone.essential)
                paint(spot, render::ZoneKind::Essential);
        }
        for (auto& [structure, kinds] : perStructure)
            overlays.zones.push_back({structure, std::move(kinds)});
    }

    if (display.tension) {
        auto values = tensionValues(m_body, m_index, session);
        if (display.tensionShownOn)
            values = liftedTo(*display.tensionShownOn, values);
        const bool difference = display.differenceFrom >= 0 &&
                                display.differenceFrom < static_cast<int>(document.sessions.size());
        if (difference) {
            auto before = tensionValues(
                m_body, m_index, document.sessions[static_cast<size_t>(display.differenceFrom)]);
            if (display.tensionShownOn)
                before = liftedTo(*display.tensionShownOn, before);
            for (const auto& [structure, old] : before) {
                auto& now = values[structure];
                now.resize(old.size(), 0.0f);
                for (size_t v = 0; v < old.size(); ++v)
                    now[v] -= old[v];
            }
            overlays.heatMap.quantity = "Restriction change";
            overlays.heatMap.minimum = -100.0f;
        } else {
            overlays.heatMap.quantity = "Restriction (painted)";
            overlays.heatMap.minimum = 0.0f;
        }
        overlays.heatMap.unit = "%";
        overlays.heatMap.maximum = 100.0f;
        for (auto& [structure, perVertex] : values) {
            render::StructureField field;
            field.structure = structure;
            field.values.resize(perVertex.size());
            bool any = false;
            for (size_t v = 0; v < perVertex.size(); ++v) {
                // Untouched vertices carry no value, so the tissue's own colour shows there.
                const bool touched =
                    difference ? std::abs(perVertex[v]) > 1e-4f : perVertex[v] > 0.0f;
                field.values[v] = touched ? perVertex[v] * 100.0f : NAN;
                any = any || touched;
            }
            if (any)
                overlays.heatMap.fields.push_back(std::move(field));
        }
    }
    return overlays;
}

std::optional<anatomy::LayerKind> tensionSurfaceFor(const render::ViewOptions& view) {
    if (view.xray)
        return std::nullopt; // the outer layers are glass: the fascia shows through
    for (anatomy::LayerKind layer :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia,
          anatomy::LayerKind::DeepFascia})
        if (view.visible(layer) && view.opacity(layer) >= 0.5f)
            return layer == anatomy::LayerKind::DeepFascia ? std::nullopt : std::optional(layer);
    return std::nullopt;
}

} // namespace app
