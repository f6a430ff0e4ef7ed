#include "app/MapEditor.h"

#include "annotate/MapFile.h"
#include "app/MarksView.h"
#include "core/Log.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace app {

std::filesystem::path stateDirectory() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "fascialab";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "fascialab";
    return {};
}

MapEditor::MapEditor(std::filesystem::path untitledRecovery)
    : m_untitledRecovery(std::move(untitledRecovery)) {
    m_document = annotate::newDocument(annotate::today());
}

std::string MapEditor::attachBody(const anatomy::Body* body, const anatomy::BodyBvh* bvh) {
    m_body = body;
    m_bvh = bvh;
    m_library.reset();
    m_builder = body ? std::make_unique<MapOverlayBuilder>(*body) : nullptr;
    documentChanged();
    if (!body || body->structures().empty())
        return {};
    // Re-anchoring is not an edit the user made: it changes where marks are stored, and the
    // user is told; the map counts as changed only if something actually moved.
    const annotate::ReanchorReport report = annotate::reanchorDocument(*body, m_document);
    return report.changed() ? report.summary() : std::string();
}

void MapEditor::setSession(int session) {
    m_display.session = std::clamp(session, 0, static_cast<int>(m_document.sessions.size()) - 1);
    m_display.selectedId.clear();
}

std::string MapEditor::title() const {
    const std::string name = !m_document.info.clientName.empty() ? m_document.info.clientName
                             : !m_document.info.clientId.empty() ? m_document.info.clientId
                             : m_path.empty()                    ? std::string("Untitled map")
                                                                 : m_path.filename().string();
    const size_t n = m_document.sessions.size();
    return name + " — " + std::to_string(n) + (n == 1 ? " session" : " sessions") +
           (modified() ? " (unsaved)" : "");
}

void MapEditor::newDocument() {
    m_document = annotate::newDocument(annotate::today());
    m_history.clear();
    m_path.clear();
    m_display = {};
    documentChanged();
}

core::Status MapEditor::open(const std::filesystem::path& path, std::string* report) {
    auto loaded = annotate::loadMap(path);
    if (!loaded)
        return loaded.error();
    m_document = std::move(*loaded);
    m_history.clear();
    m_path = path;
    m_display = {};
    m_display.session = static_cast<int>(m_document.sessions.size()) - 1;
    documentChanged();
    if (m_body && !m_body->structures().empty()) {
        const annotate::ReanchorReport moved = annotate::reanchorDocument(*m_body, m_document);
        if (report)
            *report = moved.changed() ? moved.summary() : std::string();
    }
    return core::Ok{};
}

core::Status MapEditor::save(const std::filesystem::path& path) {
    const std::filesystem::path target = path.empty() ? m_path : path;
    if (target.empty())
        return core::usageError("the map has no file name yet: use Save as");
    const std::filesystem::path oldRecovery = recoveryFile();
    if (auto saved = annotate::saveMap(target, m_document); !saved)
        return saved;
    m_path = target;
    m_history.markSaved();
    std::error_code ignored;
    std::filesystem::remove(oldRecovery, ignored);
    std::filesystem::remove(recoveryFile(), ignored);
    return core::Ok{};
}

std::filesystem::path MapEditor::recoveryFile() const {
    return m_path.empty() ? m_untitledRecovery : annotate::recoveryPathFor(m_path);
}

bool MapEditor::autosaveIfDue(double nowSeconds) {
    if (m_lastAutosave < 0.0)
        m_lastAutosave = nowSeconds;
    if (nowSeconds - m_lastAutosave < kAutosaveIntervalS)
        return false;
    m_lastAutosave = nowSeconds;
    if (!modified() || m_autosavedRevision == m_documentRevision)
        return false;
    const std::filesystem::path file = recoveryFile();
    if (file.empty())
        return false;
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);
    if (auto saved = annotate::saveMap(file, m_document); !saved) {
        core::logError("autosave: " + saved.error().message);
        return false;
    }
    std::filesystem::remove(file.string() + ".bak", ignored); // one recovery copy is enough
    m_autosavedRevision = m_documentRevision;
    return true;
}

core::Status MapEditor::recover(const std::filesystem::path& recovery,
                                const std::filesystem::path& originalPath) {
    auto loaded = annotate::loadMap(recovery);
    if (!loaded)
        return loaded.error();
    // Recovered work is unsaved: record it as one edit from the saved state (or an empty
    // map), so it can be undone and the user is asked before it is dropped.
    annotate::MapDocument before = annotate::newDocument(annotate::today());
    if (!originalPath.empty())
        if (auto saved = annotate::loadMap(originalPath))
            before = std::move(*saved);
    m_document = before;
    m_history.clear();
    m_path = originalPath;
    annotate::Edit edit{"Recovered unsaved work", 0, {}};
    for (size_t i = m_document.sessions.size(); i-- > 0;)
        edit.changes.push_back(
            annotate::Change<annotate::Session>{i, m_document.sessions[i], std::nullopt});
    for (size_t i = 0; i < loaded->sessions.size(); ++i)
        edit.changes.push_back(
            annotate::Change<annotate::Session>{i, std::nullopt, loaded->sessions[i]});
    edit.changes.push_back(
        annotate::Change<annotate::DocumentInfo>{0, m_document.info, loaded->info});
    m_history.perform(m_document, edit);
    m_display = {};
    m_display.session = static_cast<int>(m_document.sessions.size()) - 1;
    documentChanged();
    if (m_body && !m_body->structures().empty())
        annotate::reanchorDocument(*m_body, m_document);
    return core::Ok{};
}

void MapEditor::discardRecovery() {
    std::error_code ignored;
    std::filesystem::remove(recoveryFile(), ignored);
}

void MapEditor::perform(annotate::Edit edit) {
    if (edit.changes.empty())
        return;
    m_history.perform(m_document, std::move(edit));
    documentChanged();
}

bool MapEditor::undo() {
    const bool done = m_history.undo(m_document);
    if (done)
        documentChanged();
    return done;
}

bool MapEditor::redo() {
    const bool done = m_history.redo(m_document);
    if (done)
        documentChanged();
    return done;
}

void MapEditor::undoTo(size_t position) {
    while (m_history.position() > position && m_history.undo(m_document)) {
    }
    while (m_history.position() < position && m_history.redo(m_document)) {
    }
    documentChanged();
}

annotate::Session& MapEditor::currentSession() {
    m_display.session =
        std::clamp(m_display.session, 0, static_cast<int>(m_document.sessions.size()) - 1);
    return m_document.sessions[static_cast<size_t>(m_display.session)];
}

void MapEditor::documentChanged() {
    ++m_documentRevision;
    m_display.session =
        std::clamp(m_display.session, 0, static_cast<int>(m_document.sessions.size()) - 1);
}

std::optional<anatomy::RayHit> MapEditor::firstHit(const core::Ray& ray,
                                                   const std::function<bool(int)>& accept) const {
    if (!m_bvh || !m_body)
        return std::nullopt;
    return m_bvh->intersect(ray, accept);
}

std::optional<std::string> MapEditor::placeTriggerPoint(const core::Ray& ray) {
    // The click lands on whatever is shown (skin, fascia, muscle); the trigger point goes on
    // the first muscle along the same line of sight, under the surface that was clicked.
    auto muscle = firstHit(ray, [&](int s) {
        return m_body->structures()[static_cast<size_t>(s)].layer == anatomy::LayerKind::Muscle;
    });
    if (!muscle)
        return std::nullopt;
    const anatomy::Structure& on =
        m_body->structures()[static_cast<size_t>(muscle->point.structure)];
    const auto sample = anatomy::sampleSurface(*m_body, muscle->point);
    if (!sample)
        return std::nullopt;
    annotate::TriggerPoint point;
    point.id = annotate::nextTriggerPointId(m_document);
    const std::string side = on.side == anatomy::Side::Midline
                                 ? std::string()
                                 : " (" + std::string(anatomy::sideId(on.side)) + ")";
    point.name = annotate::nextTriggerPointName(currentSession(), on.displayName, side);
    point.anchor = annotate::anchorFor(*m_body, *sample);
    point.found = annotate::today();
    perform(annotate::edits::addTriggerPoint(m_document, m_display.session, point));
    m_display.selectedId = point.id;
    return point.id;
}

void MapEditor::beginMove(const std::string& id) {
    if (const annotate::TriggerPoint* point = annotate::findTriggerPoint(currentSession(), id))
        m_moving = *point;
}

void MapEditor::moveTo(const core::Ray& ray) {
    if (!m_moving)
        return;
    // Stays on muscle; may slide onto a neighbouring one (the name stays: the therapist named it).
    auto hit = firstHit(ray, [&](int s) {
        return m_body->structures()[static_cast<size_t>(s)].layer == anatomy::LayerKind::Muscle;
    });
    if (!hit)
        return;
    const auto sample = anatomy::sampleSurface(*m_body, hit->point);
    if (!sample)
        return;
    for (annotate::TriggerPoint& point : currentSession().triggerPoints)
        if (point.id == m_moving->id)
            point.anchor = annotate::anchorFor(*m_body, *sample);
    documentChanged();
}

void MapEditor::endMove() {
    if (!m_moving)
        return;
    const annotate::TriggerPoint before = *m_moving;
    m_moving.reset();
    const annotate::TriggerPoint* now = annotate::findTriggerPoint(currentSession(), before.id);
    if (!now || now->anchor == before.anchor)
        return;
    const annotate::TriggerPoint after = *now;
    // The document already shows the move: put the old anchor back and perform the edit, so
    // the history holds one step for the whole drag.
    for (annotate::TriggerPoint& point : currentSession().triggerPoints)
        if (point.id == before.id)
            point = before;
    perform(annotate::edits::changeTriggerPoint(m_document, m_display.session, after,
                                                "Move " + after.name));
}

void MapEditor::deleteTriggerPoint(const std::string& id) {
    perform(annotate::edits::removeTriggerPoint(m_document, m_display.session, id));
    if (m_display.selectedId == id)
        m_display.selectedId.clear();
}

void MapEditor::changeTriggerPoint(const annotate::TriggerPoint& after, const std::string& label) {
    perform(annotate::edits::changeTriggerPoint(m_document, m_display.session, after, label));
}

void MapEditor::beginStroke() {
    m_stroke = currentSession().tension;
}

void MapEditor::dab(const core::Ray& ray, const std::function<bool(int)>& visible) {
    if (!m_stroke || !m_builder)
        return;
    auto hit = firstHit(ray, [&](int s) {
        const anatomy::LayerKind layer = m_body->structures()[static_cast<size_t>(s)].layer;
        return (layer == anatomy::LayerKind::Skin ||
                layer == anatomy::LayerKind::SuperficialFascia ||
                layer == anatomy::LayerKind::DeepFascia) &&
               (!visible || visible(s));
    });
    if (!hit)
        return;
    const int structure = hit->point.structure;
    const anatomy::Structure& on = m_body->structures()[static_cast<size_t>(structure)];
    const std::string key = anatomy::structureKey(on);
    auto& fields = currentSession().tension;
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const annotate::TensionField& f) { return f.structure == key; });
    if (it == fields.end()) {
        if (m_brush.erase)
            return;
        fields.push_back({key, {}});
        it = fields.end() - 1;
    }
    const auto candidates = m_builder->verticesWithin(structure, hit->position, m_brush.radiusM);
    annotate::applyDab(*it, on.mesh, candidates, hit->position, m_brush);
    if (it->samples.empty())
        fields.erase(it);
    documentChanged();
}

void MapEditor::endStroke() {
    if (!m_stroke)
        return;
    std::vector<annotate::TensionField> before = std::move(*m_stroke);
    m_stroke.reset();
    std::vector<annotate::TensionField> after = currentSession().tension;
    if (after == before)
        return;
    // One edit for the stroke: the session's fields go back to how they were, then every
    // changed structure's field is set in one step.
    currentSession().tension = before;
    annotate::Edit edit{m_brush.erase ? "Erase tension" : "Paint tension", m_display.session, {}};
    std::vector<annotate::TensionField> working = before;
    auto indexOf = [](const std::vector<annotate::TensionField>& list, const std::string& key) {
        for (size_t i = 0; i < list.size(); ++i)
            if (list[i].structure == key)
                return std::optional<size_t>(i);
        return std::optional<size_t>();
    };
    // Removed fields first (from the back), then changed and added ones, tracking indices.
    for (size_t i = working.size(); i-- > 0;)
        if (!indexOf(after, working[i].structure)) {
            edit.changes.push_back(
                annotate::Change<annotate::TensionField>{i, working[i], std::nullopt});
            working.erase(working.begin() + static_cast<std::ptrdiff_t>(i));
        }
    for (const annotate::TensionField& field : after) {
        if (const auto i = indexOf(working, field.structure)) {
            if (!(working[*i] == field))
                edit.changes.push_back(
                    annotate::Change<annotate::TensionField>{*i, working[*i], field});
            working[*i] = field;
        } else {
            edit.changes.push_back(
                annotate::Change<annotate::TensionField>{working.size(), std::nullopt, field});
            working.push_back(field);
        }
    }
    perform(edit);
}

const std::vector<annotate::PlacedPoint>& MapEditor::library() {
    if (!m_library) {
        if (m_body && m_bvh)
            m_library = annotate::placeLibrary(*m_body, *m_bvh, annotate::referenceLibrary());
        else
            m_library.emplace();
    }
    return *m_library;
}

std::string MapEditor::newZone(const std::string& name) {
    annotate::ReferredZone zone;
    zone.id = annotate::nextZoneId(m_document);
    zone.name = name.empty() ? "Zone " + zone.id.substr(zone.id.find('-') + 1) : name;
    const std::string linkTo = annotate::findTriggerPoint(currentSession(), m_display.selectedId)
                                   ? m_display.selectedId
                                   : std::string();
    perform(
        annotate::edits::setZone(m_document, m_display.session, zone, "New " + zone.name, linkTo));
    drawingZoneId = zone.id;
    return zone.id;
}

void MapEditor::renameZone(const std::string& id, const std::string& name) {
    const annotate::ReferredZone* zone = annotate::findZone(currentSession(), id);
    if (!zone || zone->name == name)
        return;
    annotate::ReferredZone after = *zone;
    after.name = name;
    perform(annotate::edits::setZone(m_document, m_display.session, after, "Rename " + zone->name));
}

void MapEditor::deleteZone(const std::string& id) {
    perform(annotate::edits::removeZone(m_document, m_display.session, id));
    if (drawingZoneId == id)
        drawingZoneId.clear();
}

void MapEditor::linkZone(const std::string& pointId, const std::string& zoneId, bool linked) {
    perform(annotate::edits::linkZone(m_document, m_display.session, pointId, zoneId, linked));
}

void MapEditor::beginZoneStroke() {
    if (const annotate::ReferredZone* zone = annotate::findZone(currentSession(), drawingZoneId))
        m_zoneStroke = *zone;
}

void MapEditor::zoneDab(const core::Ray& ray) {
    if (!m_zoneStroke)
        return;
    auto hit = firstHit(ray, [&](int s) {
        return m_body->structures()[static_cast<size_t>(s)].layer == anatomy::LayerKind::Skin;
    });
    if (!hit)
        return;
    for (annotate::ReferredZone& zone : currentSession().referredZones) {
        if (zone.id != m_zoneStroke->id)
            continue;
        std::vector<annotate::ZoneSpot>& spots =
            zonePen.essential ? zone.essential : zone.spillover;
        if (zonePen.erase) {
            // Erasing takes away every disc whose centre the pen covers, in either part.
            for (auto* part : {&zone.essential, &zone.spillover})
                std::erase_if(*part, [&](const annotate::ZoneSpot& spot) {
                    return glm::distance(spot.centre.position, hit->position) <= zonePen.radiusM;
                });
        } else {
            // Discs overlap by half a radius, so a dragged stroke reads as one band without
            // piling up discs where the pen rests.
            const bool covered =
                std::any_of(spots.begin(), spots.end(), [&](const annotate::ZoneSpot& spot) {
                    return glm::distance(spot.centre.position, hit->position) <
                           0.5f * std::min(spot.radius, zonePen.radiusM);
                });
            const auto sample = anatomy::sampleSurface(*m_body, hit->point);
            if (covered || !sample)
                return;
            spots.push_back({annotate::anchorFor(*m_body, *sample), zonePen.radiusM});
        }
        documentChanged();
    }
}

void MapEditor::endZoneStroke() {
    if (!m_zoneStroke)
        return;
    const annotate::ReferredZone before = std::move(*m_zoneStroke);
    m_zoneStroke.reset();
    const annotate::ReferredZone* now = annotate::findZone(currentSession(), before.id);
    if (!now || *now == before)
        return;
    const annotate::ReferredZone after = *now;
    // As with a drag of a pin: put the zone back and perform the whole stroke as one edit.
    for (annotate::ReferredZone& zone : currentSession().referredZones)
        if (zone.id == before.id)
            zone = before;
    perform(annotate::edits::setZone(m_document, m_display.session, after,
                                     (zonePen.erase ? "Erase " : "Draw ") + after.name));
}

std::string MapEditor::insertLibraryPoint(size_t placedIndex) {
    const auto& placed = library();
    if (placedIndex >= placed.size() || !m_body)
        return {};
    annotate::Edit edit = annotate::insertLibraryPoint(m_document, m_display.session, *m_body,
                                                       placed[placedIndex], annotate::today());
    std::string id;
    for (const annotate::AnyChange& change : edit.changes)
        if (const auto* added = std::get_if<annotate::Change<annotate::TriggerPoint>>(&change))
            id = added->after->id;
    perform(std::move(edit));
    m_display.selectedId = id;
    return id;
}

std::vector<annotate::Referral> MapEditor::whereItHurts(const core::Ray& ray) {
    auto hit = firstHit(ray, [&](int s) {
        return m_body->structures()[static_cast<size_t>(s)].layer == anatomy::LayerKind::Skin;
    });
    if (!hit)
        return {};
    return annotate::pointsReferringTo(library(), hit->position);
}

std::optional<render::OrbitCamera> MapEditor::viewOfReferral(const std::string& id,
                                                             const render::OrbitCamera& from,
                                                             float aspect) const {
    const annotate::TriggerPoint* point =
        m_body ? annotate::findTriggerPoint(
                     m_document.sessions[static_cast<size_t>(m_display.session)], id)
               : nullptr;
    if (!point || !m_builder)
        return std::nullopt;
    const annotate::StructureIndex& index = m_builder->index();
    const auto at = annotate::resolve(*m_body, index, point->anchor);
    if (!at)
        return std::nullopt;
    core::Aabb box;
    box.extend(at->position - glm::vec3(0.06f));
    box.extend(at->position + glm::vec3(0.06f));
    glm::vec3 zoneFacing(0.0f);
    const annotate::Session& session = m_document.sessions[static_cast<size_t>(m_display.session)];
    for (const std::string& zoneId : point->referredZones) {
        const annotate::ReferredZone* zone = annotate::findZone(session, zoneId);
        if (!zone)
            continue;
        for (const auto* part : {&zone->essential, &zone->spillover})
            for (const annotate::ZoneSpot& spot : *part)
                if (const auto centre = annotate::resolve(*m_body, index, spot.centre)) {
                    box.extend(centre->position - glm::vec3(spot.radius));
                    box.extend(centre->position + glm::vec3(spot.radius));
                    zoneFacing += centre->normal;
                }
    }
    // Look from between where the point faces and where its zones face; when they face
    // opposite ways (a point on the back, pain in front) the point's side wins.
    glm::vec3 facing = at->normal;
    if (glm::length(zoneFacing) > 1e-3f)
        facing += glm::normalize(zoneFacing);
    facing = glm::length(facing) > 0.2f ? glm::normalize(facing) : at->normal;
    // Some body around the marks, so the patient sees where on the body they are.
    const glm::vec3 margin = 0.25f * box.size() + glm::vec3(0.03f);
    box.min -= margin;
    box.max += margin;
    render::OrbitCamera view = from;
    view.faceFrom(facing);
    return view.framing(box, aspect);
}

std::optional<render::OrbitCamera> MapEditor::viewOfMarks(const render::OrbitCamera& from,
                                                          float aspect) const {
    if (!m_body || !m_builder || m_body->structures().empty())
        return std::nullopt;
    const auto marks = app::viewOfMarks(
        *m_body, m_builder->index(), m_document.sessions[static_cast<size_t>(m_display.session)]);
    if (!marks)
        return std::nullopt;
    return cameraOnMarks(*marks, from, aspect);
}

std::optional<int> MapEditor::severityIn(int session, const std::string& id) const {
    if (session < 0 || session >= static_cast<int>(m_document.sessions.size()))
        return std::nullopt;
    if (const annotate::TriggerPoint* point =
            annotate::findTriggerPoint(m_document.sessions[static_cast<size_t>(session)], id))
        return point->severity;
    return std::nullopt;
}

const render::Overlays& MapEditor::overlays() {
    if (!m_builder) {
        m_overlays = {};
        return m_overlays;
    }
    if (m_builtRevision != m_documentRevision || !(m_builtDisplay == m_display)) {
        const std::uint64_t revision = m_overlays.revision + 1;
        m_overlays = m_builder->build(m_document, m_display);
        m_overlays.revision = revision;
        m_builtRevision = m_documentRevision;
        m_builtDisplay = m_display;
    }
    return m_overlays;
}

const render::Overlays& MapEditor::overlaysForSession(int session) {
    MapDisplay display = m_display;
    display.session = session;
    display.differenceFrom = -1;
    display.selectedId.clear();
    display.hoveredId.clear();
    if (!m_builder || session < 0 || session >= static_cast<int>(m_document.sessions.size())) {
        m_other.overlays = {};
        return m_other.overlays;
    }
    if (m_other.documentRevision != m_documentRevision || !(m_other.display == display)) {
        const std::uint64_t revision = m_other.overlays.revision + 1;
        m_other.overlays = m_builder->build(m_document, display);
        m_other.overlays.revision = revision;
        m_other.documentRevision = m_documentRevision;
        m_other.display = display;
    }
    return m_other.overlays;
}

} // namespace app
