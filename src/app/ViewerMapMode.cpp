// app: the viewer's map work — commands, unsaved-changes and recovery questions, saving, the
// handout, the map's marks as drawn and labelled (no label where the body hides the pin),
// turning to a map's marks when it opens, framing and presenting trigger points.
#include "app/ViewerMapMode.h"

#include "anatomy/io/GltfWriter.h"
#include "annotate/MapFile.h"
#include "app/MapRender.h"
#include "app/PinSight.h"
#include "core/FileUtil.h"
#include "core/Log.h"

#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace app {

static_assert(static_cast<int>(MapMode::Present) == ui::kPresentMapMode,
              "the panels number the presentation mode as the app does");

bool isMapFile(const std::string& path) {
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

ViewerMapMode::ViewerMapMode(ViewerContext& context) : m_context(context), m_map(context.map) {}

core::Status ViewerMapMode::start(const std::string& mapPath) {
    if (!mapPath.empty()) {
        std::string report;
        if (auto opened = m_map.open(mapPath, &report); !opened)
            return opened.error();
        m_context.status = report.empty() ? "Opened " + mapPath : report;
        m_turnToMarks = true;
    }
    // Work that a crash left unsaved: offer it back.
    std::error_code ec;
    if (std::filesystem::exists(m_map.recoveryFile(), ec))
        m_recoveryOffer = m_map.recoveryFile();
    return core::Ok{};
}

bool ViewerMapMode::holdClose() {
    if (!m_map.modified() || m_allowClose)
        return false;
    m_pendingAfterUnsaved = ui::CommandKind::Quit;
    return true;
}

void ViewerMapMode::shutDown() {
    if (!m_map.modified())
        m_map.discardRecovery();
}

void ViewerMapMode::fillModel(ui::MapModel& model) {
    model.document = &m_map.document();
    model.title = m_map.title();
    model.session = m_map.session();
    model.mode = static_cast<int>(m_map.mode);
    model.selectedId = m_map.display().selectedId;
    model.history = m_map.history().labels();
    model.historyPosition = m_map.history().position();
    model.brush = m_map.brush();
    model.compareSession = m_compareSession;
    model.compareView = m_compareView;
    model.drawingZoneId = m_map.drawingZoneId;
    model.zonePen = {m_map.zonePen.essential, m_map.zonePen.radiusM, m_map.zonePen.erase};
    model.library = m_context.body.structures().empty() ? nullptr : &m_map.library();
    model.referrals = m_referrals;
    model.askUnsaved = m_pendingAfterUnsaved.has_value() && !m_unsavedAsked;
    if (model.askUnsaved)
        m_unsavedAsked = true;
    model.recoveryOffer = m_recoveryOffer ? m_recoveryOffer->string() : std::string();
    model.recoveryAge = m_recoveryOffer ? annotate::recoveryAge(*m_recoveryOffer) : std::string();
    model.time = static_cast<float>(ImGui::GetTime());
}

void ViewerMapMode::placeTriggerPoint(const core::Ray& ray) {
    if (const auto id = m_map.placeTriggerPoint(ray))
        m_context.status =
            "Placed " + annotate::findTriggerPoint(
                            m_map.document().sessions[static_cast<size_t>(m_map.session())], *id)
                            ->name;
    else
        m_context.status = "No muscle under the cursor";
}

void ViewerMapMode::showWhereItHurts(const core::Ray& ray) {
    m_referrals = m_map.whereItHurts(ray);
    m_context.uiState.showTab = 2;
    m_context.status = m_referrals.empty()
                           ? std::string("No trigger point in the library refers pain here")
                           : std::to_string(m_referrals.size()) +
                                 " trigger points can refer pain here (see the Library tab)";
}

// `target` is `source` with the fibre streamlines added; copied again only when either
// changed, or when the simulation drew into `target` meanwhile, with a revision of its own so
// the GPU copy follows.
void ViewerMapMode::withFibreLines(const render::Overlays& source, render::Overlays& target,
                                   Composed& composed) {
    if (source.revision != composed.source || target.revision != composed.target ||
        target.polylines.size() != m_context.fibreLines.size()) {
        target = source;
        target.polylines = m_context.fibreLines;
        target.revision = composed.target = m_context.nextOverlaysRevision();
        composed.source = source.revision;
    }
}

const render::Overlays& ViewerMapMode::mapOverlays() {
    // Painted tension shows on the outermost layer that would hide it.
    m_map.display().tensionShownOn = tensionSurfaceFor(m_context.view);
    return m_map.overlays();
}

void ViewerMapMode::composeOverlays() {
    const render::Overlays& map = mapOverlays();
    render::Overlays& frame = m_context.frameOverlays;
    withFibreLines(map, frame, m_composed);
    frame.markers = map.markers; // hover and selection change without a rebuild
    // Presentation: the selected point's zones pulse gently, so the eye goes from the
    // spot to where it hurts.
    const float pulse = m_map.mode == MapMode::Present
                            ? 0.75f + 0.25f * std::sin(static_cast<float>(ImGui::GetTime()) * 3.0f)
                            : 1.0f;
    frame.zoneColor = map.zoneColor * pulse;
}

void ViewerMapMode::composePinsOver() {
    m_context.frameOverlays.markers = mapOverlays().markers;
}

bool ViewerMapMode::sideBySide() const {
    const int sessions = static_cast<int>(m_map.document().sessions.size());
    return m_compareView == ui::CompareView::SideBySide && m_compareSession >= 0 &&
           m_compareSession < sessions && m_compareSession != m_map.session() &&
           m_map.mode != MapMode::Present;
}

const render::Overlays& ViewerMapMode::composeThenOverlays() {
    withFibreLines(m_map.overlaysForSession(m_compareSession), m_thenOverlays, m_thenComposed);
    return m_thenOverlays;
}

std::vector<ui::ScreenLabel> ViewerMapMode::markerLabels(const render::Overlays& overlays,
                                                         glm::vec2 origin) const {
    std::vector<ui::ScreenLabel> labels;
    const render::OrbitCamera& camera = m_context.camera;
    const glm::vec2 size = m_context.viewportSize;
    const glm::mat4 viewProjection = camera.projection(m_context.aspect()) * camera.view();
    std::optional<PinOccluders> occluders;
    for (const render::Marker& marker : overlays.markers) {
        if (marker.label.empty())
            continue;
        // A pin the body hides has no label; one just under the skin over it a faded one.
        if (!occluders)
            occluders.emplace(m_context.body, m_context.view);
        const PinSight sight = m_context.bvh.empty()
                                   ? PinSight::Seen
                                   : pinSight(m_context.bvh, *occluders, camera, marker);
        if (sight == PinSight::Hidden)
            continue;
        // The label points at the pin's head.
        const glm::vec4 clip =
            viewProjection * glm::vec4(render::pinHead(marker, camera.distanceM), 1.0f);
        if (clip.w <= 0.0f)
            continue;
        const glm::vec2 ndc = glm::vec2(clip) / clip.w;
        labels.push_back({ImVec2(origin.x + (ndc.x * 0.5f + 0.5f) * size.x,
                                 origin.y + (0.5f - ndc.y * 0.5f) * size.y),
                          marker.label, marker.state != render::MarkerState::Normal,
                          sight == PinSight::Covered});
    }
    return labels;
}

void ViewerMapMode::turnToMarks(bool immediately) {
    if (!m_turnToMarks || m_context.body.structures().empty())
        return; // not asked, or the body is still on its way: the turn waits for it
    m_turnToMarks = false;
    const auto view = m_map.viewOfMarks(m_context.camera, m_context.aspect());
    if (!view)
        return;
    if (immediately) {
        m_context.camera = *view;
        m_context.transition = {};
    } else {
        m_context.moveCameraTo(*view);
    }
}

std::vector<ui::ScreenLabel> ViewerMapMode::sideBySideCaptions(glm::vec2 thenOrigin) const {
    const auto& sessions = m_map.document().sessions;
    const glm::vec2 nowOrigin = m_context.viewportMin;
    const float halfWidth = m_context.viewportSize.x * 0.5f;
    return {{ImVec2(thenOrigin.x + halfWidth, thenOrigin.y + 8),
             "Then: session " + std::to_string(m_compareSession + 1) + ", " +
                 sessions[static_cast<size_t>(m_compareSession)].date},
            {ImVec2(nowOrigin.x + halfWidth, nowOrigin.y + 8),
             "Now: session " + std::to_string(m_map.session() + 1) + ", " +
                 sessions[static_cast<size_t>(m_map.session())].date,
             true}};
}

void ViewerMapMode::reportMap(const core::Status& status, const std::string& success) {
    m_context.status = status ? success : status.error().message;
    if (!status)
        core::logError(status.error().message);
}

void ViewerMapMode::saveMap(const std::string& path) {
    if (path.empty() && m_map.path().empty()) {
        m_context.uiState.showSaveAs = true;
        return;
    }
    std::filesystem::path target = path;
    if (!path.empty() && !isMapFile(path))
        target += std::string(annotate::kMapExtension);
    reportMap(m_map.save(target), "Saved " + m_map.path().string());
}

// Runs a command that would drop the open map, asking first when it has unsaved changes.
bool ViewerMapMode::confirmDrop(const ui::Command& command) {
    if (!m_map.modified())
        return true;
    m_pendingAfterUnsaved = command.kind;
    m_pendingCommand = command;
    m_unsavedAsked = false;
    return false;
}

void ViewerMapMode::applyCommand(const ui::Command& command) {
    using ui::CommandKind;
    switch (command.kind) {
    case CommandKind::NewMap:
        if (confirmDrop(command)) {
            m_map.newDocument();
            m_context.status = "New map";
        }
        break;
    case CommandKind::OpenMap:
        if (command.path.empty()) {
            m_context.uiState.fileBrowser.open(std::filesystem::current_path());
        } else if (confirmDrop(command)) {
            std::string report;
            const auto opened = m_map.open(command.path, &report);
            reportMap(opened, report.empty() ? "Opened " + command.path : report);
            m_turnToMarks = m_turnToMarks || opened.ok();
        }
        break;
    case CommandKind::SaveMap:
        saveMap(command.path);
        break;
    case CommandKind::SaveMapAs:
        m_context.uiState.showSaveAs = true;
        break;
    case CommandKind::ExportAnnotatedGltf: {
        const auto marks = markNodes(m_context.body, m_map.document(), m_map.session());
        reportMap(anatomy::io::saveGltf(m_context.body, command.path, marks),
                  "Exported " + command.path + " (" + std::to_string(marks.size()) + " marks)");
        break;
    }
    case CommandKind::WriteHandout:
        writeHandout(command.path);
        break;
    case CommandKind::SetMapMode:
        m_map.mode =
            static_cast<MapMode>(std::clamp(command.index, 0, static_cast<int>(MapMode::DrawZone)));
        if (m_map.mode == MapMode::Annotate || m_map.mode == MapMode::Paint ||
            m_map.mode == MapMode::DrawZone)
            m_context.uiState.showTab = 1;
        m_map.display().onlySelectedZones = m_map.mode == MapMode::Present;
        m_map.display().labels = m_map.mode != MapMode::Present;
        if (m_map.mode == MapMode::Present && m_map.display().selectedId.empty() &&
            !m_map.document().sessions[static_cast<size_t>(m_map.session())].triggerPoints.empty())
            m_map.display().selectedId = m_map.document()
                                             .sessions[static_cast<size_t>(m_map.session())]
                                             .triggerPoints.front()
                                             .id;
        if (m_map.mode == MapMode::Present)
            presentTriggerPoint(m_map.display().selectedId);
        m_referrals.clear();
        break;
    case CommandKind::SetSession:
        m_map.setSession(command.index);
        break;
    case CommandKind::AddSession:
        m_map.perform(annotate::edits::addFollowUpSession(
            m_map.document(), command.text.empty() ? annotate::today() : command.text));
        m_map.setSession(static_cast<int>(m_map.document().sessions.size()) - 1);
        break;
    case CommandKind::ChangeSessionHeader:
        m_map.perform(annotate::edits::changeSessionHeader(m_map.document(), m_map.session(),
                                                           {command.text, command.path}));
        break;
    case CommandKind::ChangeInfo:
        m_map.perform(
            annotate::edits::changeInfo(m_map.document(), command.info, "Edit client and plan"));
        break;
    case CommandKind::SelectTriggerPoint:
        m_map.display().selectedId = command.text;
        if (m_map.mode == MapMode::Present)
            presentTriggerPoint(command.text);
        break;
    case CommandKind::FrameTriggerPoint:
        frameTriggerPoint(command.text);
        break;
    case CommandKind::ChangeTriggerPoint:
        if (command.triggerPoint)
            m_map.changeTriggerPoint(*command.triggerPoint, command.path);
        break;
    case CommandKind::DeleteTriggerPoint:
        m_map.deleteTriggerPoint(command.text);
        break;
    case CommandKind::InsertLibraryPoint:
        if (command.index >= 0) {
            const std::string id = m_map.insertLibraryPoint(static_cast<size_t>(command.index));
            if (!id.empty())
                frameTriggerPoint(id);
        }
        break;
    case CommandKind::SetBrush:
        m_map.brush() = command.brush;
        break;
    case CommandKind::Undo:
        m_map.undo();
        break;
    case CommandKind::Redo:
        m_map.redo();
        break;
    case CommandKind::UndoTo:
        if (command.index >= 0)
            m_map.undoTo(static_cast<size_t>(command.index));
        break;
    case CommandKind::SetCompare:
        m_compareSession = command.index;
        m_compareView = command.compareView;
        m_map.display().differenceFrom =
            command.index >= 0 && command.compareView == ui::CompareView::Difference ? command.index
                                                                                     : -1;
        break;
    case CommandKind::NewZone:
        m_map.newZone();
        m_map.mode = MapMode::DrawZone;
        break;
    case CommandKind::SelectZone:
        m_map.drawingZoneId = command.text;
        break;
    case CommandKind::RenameZone:
        m_map.renameZone(command.text, command.path);
        break;
    case CommandKind::DeleteZone:
        m_map.deleteZone(command.text);
        break;
    case CommandKind::LinkZone:
        m_map.linkZone(command.text, command.path, command.flag);
        break;
    case CommandKind::SetZonePen:
        m_map.zonePen = {command.zonePen.essential, command.zonePen.radiusM, command.zonePen.erase};
        break;
    case CommandKind::AnswerUnsaved: {
        const auto pending = m_pendingCommand;
        const auto kind = m_pendingAfterUnsaved;
        m_pendingAfterUnsaved.reset();
        if (command.index == 2 || !kind)
            break; // cancel: nothing happens
        if (command.index == 0) {
            saveMap({});
            if (m_map.modified())
                break; // not saved (no name yet, or it failed): stay
        }
        if (*kind == CommandKind::Quit) {
            m_allowClose = true;
            if (command.index == 1)
                m_map.discardRecovery();
            m_context.window.requestClose();
        } else if (pending) {
            applyAfterDiscard(*pending);
        }
        break;
    }
    case CommandKind::AnswerRecovery:
        if (m_recoveryOffer) {
            if (command.flag) {
                const auto recovered = m_map.recover(*m_recoveryOffer, m_map.path());
                reportMap(recovered, "Restored unsaved work from " + m_recoveryOffer->string());
                m_turnToMarks = m_turnToMarks || recovered.ok();
            } else {
                m_map.discardRecovery();
            }
            m_recoveryOffer.reset();
        }
        break;
    default:
        break;
    }
}

// After "Discard changes": run the command that was waiting, without asking again.
void ViewerMapMode::applyAfterDiscard(const ui::Command& command) {
    m_map.discardRecovery();
    if (command.kind == ui::CommandKind::NewMap) {
        m_map.newDocument();
    } else if (command.kind == ui::CommandKind::OpenMap) {
        std::string report;
        const auto opened = m_map.open(command.path, &report);
        reportMap(opened, report.empty() ? "Opened " + command.path : report);
        m_turnToMarks = m_turnToMarks || opened.ok();
    }
}

// The same handout as `fascialab handout`, of the map as it is now, with the pins, zones and
// tension the therapist shows.
void ViewerMapMode::writeHandout(const std::string& path) {
    if (core::lowerExtension(path) != "pdf") {
        reportMap(core::usageError(path + ": the handout is a PDF; the file name must end in .pdf"),
                  "");
        return;
    }
    m_handout.emplace(path, m_map.document(), m_map.display());
    m_handoutBody = m_context.body.uid();
}

void ViewerMapMode::advanceHandout() {
    if (!m_handout)
        return;
    if (m_context.body.uid() != m_handoutBody) {
        m_handout.reset();
        reportMap(core::badInput("The body changed while the handout was drawn; nothing written"),
                  "");
        return;
    }
    const core::Status advanced = m_handout->advance(*m_context.renderer, m_context.body);
    // The handout is drawn offscreen; the window's own framebuffer is drawn into next.
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (!advanced || m_handout->finished()) {
        reportMap(advanced, "Wrote the handout " + m_handout->path().string());
        m_handout.reset();
    }
}

std::optional<ui::UiModel::BackgroundTask> ViewerMapMode::handoutTask() const {
    if (!m_handout)
        return std::nullopt;
    return ui::UiModel::BackgroundTask{"Writing the handout", m_handout->stage(),
                                       static_cast<float>(m_handout->done()), false};
}

void ViewerMapMode::cancelHandout() {
    if (!m_handout)
        return;
    m_handout.reset();
    m_context.status = "The handout was cancelled; nothing written";
}

void ViewerMapMode::frameTriggerPoint(const std::string& id) {
    const auto& session = m_map.document().sessions[static_cast<size_t>(m_map.session())];
    const annotate::TriggerPoint* point = annotate::findTriggerPoint(session, id);
    if (!point)
        return;
    m_map.display().selectedId = id;
    core::Aabb box;
    box.extend(point->anchor.position - glm::vec3(0.12f));
    box.extend(point->anchor.position + glm::vec3(0.12f));
    m_context.moveCameraTo(m_context.camera.framing(box, m_context.aspect()));
}

// Presenting: turn to the point and where it sends its pain, so the patient sees both.
void ViewerMapMode::presentTriggerPoint(const std::string& id) {
    if (const auto view = m_map.viewOfReferral(id, m_context.camera, m_context.aspect()))
        m_context.moveCameraTo(*view);
}

} // namespace app
