#include "app/MapRender.h"

#include "render/OffscreenTarget.h"

namespace app {

render::ViewOptions patientViewOptions() {
    render::ViewOptions view;
    view.transparentBackground = true; // printed on white paper
    return view;
}

core::Result<render::Image> renderMapView(render::Renderer& renderer, const anatomy::Body& body,
                                          const annotate::MapDocument& document,
                                          const MapDisplay& display, render::ViewOptions view,
                                          render::ViewPreset preset, glm::ivec2 size) {
    auto target = render::OffscreenTarget::create(size.x, size.y, 1);
    if (!target)
        return target.error();
    MapOverlayBuilder builder(body);
    const render::Overlays overlays = builder.build(document, display);
    view.overlays = &overlays;
    render::OrbitCamera camera;
    camera.setPreset(preset);
    camera.frame(body.bounds(), float(size.x) / float(size.y));
    (*target)->bind();
    renderer.draw(body, camera, size, view);
    return (*target)->readImage();
}

std::vector<anatomy::io::MarkNode> markNodes(const anatomy::Body& body,
                                             const annotate::MapDocument& document, int session) {
    std::vector<anatomy::io::MarkNode> marks;
    if (session < 0 || session >= static_cast<int>(document.sessions.size()))
        return marks;
    const annotate::Session& s = document.sessions[static_cast<size_t>(session)];
    const annotate::StructureIndex index(body);
    auto at = [&](const annotate::Anchor& anchor) {
        const auto sample = annotate::resolve(body, index, anchor);
        return sample ? sample->position : anchor.position;
    };
    for (const annotate::TriggerPoint& point : s.triggerPoints) {
        std::string zones;
        for (const std::string& zone : point.referredZones)
            zones += (zones.empty() ? "" : ",") + zone;
        marks.push_back({"trigger-point/" + point.name,
                         at(point.anchor),
                         {{"kind", std::string("trigger-point")},
                          {"id", point.id},
                          {"name", point.name},
                          {"state", std::string(annotate::stateId(point.state))},
                          {"severity", static_cast<double>(point.severity)},
                          {"pain", point.pain},
                          {"notes", point.notes},
                          {"found", point.found},
                          {"library", point.libraryId},
                          {"structure", point.anchor.structure},
                          {"referredZones", zones},
                          {"session", s.date}}});
    }
    for (const annotate::ReferredZone& zone : s.referredZones) {
        for (const auto& [spots, kind] :
             {std::pair{&zone.essential, "essential"}, std::pair{&zone.spillover, "spillover"}})
            for (size_t i = 0; i < spots->size(); ++i)
                marks.push_back(
                    {"referred-pain-zone/" + zone.name + "/" + kind + "-" + std::to_string(i + 1),
                     at((*spots)[i].centre),
                     {{"kind", std::string("referred-pain-zone")},
                      {"zone", zone.id},
                      {"name", zone.name},
                      {"part", std::string(kind)},
                      {"radiusM", static_cast<double>((*spots)[i].radius)},
                      {"structure", (*spots)[i].centre.structure},
                      {"session", s.date}}});
    }
    return marks;
}

} // namespace app
