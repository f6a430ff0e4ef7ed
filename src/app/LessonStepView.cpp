#include "app/LessonStepView.h"

#include "annotate/History.h"
#include "app/MapOverlays.h"
#include "render/Camera.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace app {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

render::ViewPreset presetOf(const std::string& view) {
    return render::viewPresetFromName(view).value_or(render::ViewPreset::Anterior);
}

// The deep fascia's named regions as a one-colour heat map: 1 inside, nothing elsewhere.
render::HeatMap regionHighlight(const anatomy::Body& body,
                                const std::vector<std::string>& regions) {
    render::HeatMap map;
    map.quantity = "Fascia region";
    map.unit = "";
    map.minimum = 0.0f;
    map.maximum = 1.0f;
    std::vector<std::string> wanted;
    for (const std::string& r : regions)
        wanted.push_back(lower(r));
    const auto& structures = body.structures();
    for (int i = 0; i < static_cast<int>(structures.size()); ++i) {
        const anatomy::Structure& s = structures[static_cast<size_t>(i)];
        if (s.regionNames.empty() || s.vertexRegions.size() != s.mesh.positions.size())
            continue;
        render::StructureField field;
        field.structure = i;
        field.values.assign(s.mesh.positions.size(), std::numeric_limits<float>::quiet_NaN());
        bool any = false;
        for (size_t v = 0; v < s.vertexRegions.size(); ++v) {
            const size_t region = s.vertexRegions[v];
            if (region < s.regionNames.size() &&
                std::find(wanted.begin(), wanted.end(), lower(s.regionNames[region])) !=
                    wanted.end()) {
                field.values[v] = 1.0f;
                any = true;
            }
        }
        if (any)
            map.fields.push_back(std::move(field));
    }
    return map;
}

core::Aabb around(const glm::vec3& p, float half) {
    return {p - glm::vec3(half), p + glm::vec3(half)};
}

} // namespace

const annotate::PlacedPoint* findPlaced(const std::vector<annotate::PlacedPoint>& placed,
                                        const learn::PointRef& ref) {
    for (const annotate::PlacedPoint& p : placed)
        if (p.side == ref.side &&
            (p.entry->id == ref.id ||
             std::find(p.entry->formerIds.begin(), p.entry->formerIds.end(), ref.id) !=
                 p.entry->formerIds.end()))
            return &p;
    return nullptr;
}

StepView showLessonStep(const learn::LessonStep& step, const anatomy::Body& body,
                        const std::vector<annotate::PlacedPoint>& placed,
                        const render::OrbitCamera& current, float aspect,
                        render::ViewOptions& view) {
    StepView shown;
    if (step.layers)
        for (size_t l = 0; l < anatomy::kAllLayers.size(); ++l) {
            view.layerVisible[l] = (*step.layers)[l].visible;
            view.layerOpacity[l] = (*step.layers)[l].opacity;
        }
    view.highlighted.clear();
    for (const learn::StructureRef& ref : step.highlight)
        for (const int s : learn::resolveStructure(body, ref))
            view.highlighted.push_back(s);
    view.fasciaNetwork = step.showNetwork;
    shown.fibreLines = step.showFibres;

    // The step's trigger points as a map of their own: pins and zones drawn as a map draws them.
    annotate::MapDocument points = annotate::newDocument("");
    annotate::History history;
    for (const learn::PointRef& ref : step.triggerPoints)
        if (const annotate::PlacedPoint* p = findPlaced(placed, ref))
            history.perform(points, annotate::insertLibraryPoint(points, 0, body, *p, ""));
    if (!step.triggerPoints.empty()) {
        MapOverlayBuilder builder(body);
        MapDisplay display;
        display.tension = false;
        shown.overlays = builder.build(points, display);
    }
    if (!step.fasciaRegions.empty())
        shown.overlays.heatMap = regionHighlight(body, step.fasciaRegions);

    if (step.camera) {
        render::OrbitCamera camera = current;
        camera.setPreset(presetOf(step.camera->view));
        core::Aabb box = body.bounds();
        if (step.camera->focusStructure) {
            const auto parts = learn::resolveStructure(body, *step.camera->focusStructure);
            if (!parts.empty()) {
                box = body.structures()[static_cast<size_t>(parts.front())].mesh.bounds();
                for (const int s : parts)
                    box.extend(body.structures()[static_cast<size_t>(s)].mesh.bounds());
            }
        } else if (step.camera->focusPoint) {
            // The point and where it refers pain: a student sees both in one view.
            if (const annotate::PlacedPoint* p = findPlaced(placed, *step.camera->focusPoint)) {
                box = around(p->location.position, 0.08f);
                for (const auto* zone : {&p->essential, &p->spillover})
                    for (const annotate::ZoneSpot& spot : *zone)
                        box.extend(around(spot.centre.position, spot.radius));
            }
        }
        // With a focus, the step's trigger points and their zones are framed with it.
        if (step.camera->focusStructure || step.camera->focusPoint)
            for (const learn::PointRef& ref : step.triggerPoints)
                if (const annotate::PlacedPoint* p = findPlaced(placed, ref)) {
                    box.extend(around(p->location.position, 0.05f));
                    for (const auto* zone : {&p->essential, &p->spillover})
                        for (const annotate::ZoneSpot& spot : *zone)
                            box.extend(around(spot.centre.position, spot.radius));
                }
        camera.frame(box, aspect);
        if (step.camera->distanceM > 0.0f)
            camera.distanceM = step.camera->distanceM;
        // The near and far planes must still take in the whole body.
        const core::Aabb whole = body.bounds();
        camera.sceneRadiusM = std::max(
            camera.sceneRadiusM, whole.radius() + glm::length(camera.target - whole.center()));
        shown.camera = camera;
    }

    if (step.clip) {
        const learn::PointRef asPoint{step.clip->at, step.clip->side.value_or(anatomy::Side::Left)};
        if (const annotate::PlacedPoint* p = findPlaced(placed, asPoint)) {
            shown.clipTarget = p->location.position;
        } else {
            const auto parts = learn::resolveStructure(
                body, {step.clip->at, step.clip->side.value_or(anatomy::Side::Left)});
            if (!parts.empty()) {
                const anatomy::SurfaceMesh& mesh =
                    body.structures()[static_cast<size_t>(parts.front())].mesh;
                const glm::vec3 centre = mesh.bounds().center();
                // The surface point nearest the structure's centre.
                float best = std::numeric_limits<float>::max();
                for (const glm::vec3& v : mesh.positions)
                    if (const float d = glm::length(v - centre); d < best) {
                        best = d;
                        shown.clipTarget = v;
                    }
            }
        }
    }
    return shown;
}

} // namespace app
