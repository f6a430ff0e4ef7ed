#include "app/Viewer.h"

#include "anatomy/Bvh.h"
#include "anatomy/io/ModelLoader.h"
#include "annotate/MapFile.h"
#include "app/DefaultBody.h"
#include "app/FibreOverlay.h"
#include "app/Handout.h"
#include "app/MapEditor.h"
#include "app/MapRender.h"
#include "app/SimulateMode.h"
#include "core/Log.h"
#include "platform/Window.h"
#include "render/Image.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"
#include "render/WindowTarget.h"
#include "ui/ViewerUi.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <future>
#include <optional>
#include <utility>

namespace app {

static_assert(static_cast<int>(MapMode::Present) == ui::kPresentMapMode,
              "the panels number the presentation mode as the app does");
namespace {

// A readable TrueType font from Debian's fonts-dejavu-core; ImGui's bitmap font is the fallback.
void loadFont(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    for (const char* path :
         {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
          "/usr/local/share/fonts/DejaVuSans.ttf"}) {
        std::error_code ec;
        // Latin-1 plus the general punctuation the atlas text uses (dashes, bullets, quotes).
        static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0};
        if (std::filesystem::exists(path, ec) &&
            io.Fonts->AddFontFromFileTTF(path, 16.0f * scale, nullptr, kRanges)) {
            return;
        }
    }
    core::logWarning(
        "DejaVu Sans not found (install fonts-dejavu-core); using ImGui's built-in font");
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&config);
}

void applyStyle(float scale) {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.WindowBorderSize = 0.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 7);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.12f, 0.96f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.08f, 0.09f, 0.10f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.55f, 0.20f, 0.18f, 0.55f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.65f, 0.25f, 0.22f, 0.75f);
    c[ImGuiCol_CheckMark] = ImVec4(0.95f, 0.55f, 0.45f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.85f, 0.45f, 0.38f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.19f, 0.21f, 1.0f);
    style.ScaleAllSizes(scale);
}

std::string timestampedScreenshotName() {
    const std::time_t now = std::time(nullptr);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "fascialab-%Y%m%d-%H%M%S.png", std::localtime(&now));
    return buffer;
}

class ViewerApp {
public:
    explicit ViewerApp(platform::Window& window)
        : m_window(window), m_map(stateDirectory() / "untitled.fascia.json.recovery") {}

    core::Status initialise(const ViewerOptions& options) {
        auto renderer = render::Renderer::create();
        if (!renderer)
            return renderer.error();
        m_renderer = std::move(*renderer);
        if (options.modelPath.empty()) {
            // The first frame comes at once; the body follows when it is ready (from the
            // cache in well under a second, or built on the very first launch).
            m_pendingBody = std::async(std::launch::async, [choice = options.body] {
                std::string note;
                anatomy::Body body = loadChosenBody(choice, cacheDirectory(), &note);
                core::logInfo(note);
                return body;
            });
            m_status = "Preparing the default body...";
        } else {
            auto body = anatomy::io::loadModel(options.modelPath);
            if (!body)
                return body.error();
            setBody(std::move(*body));
        }
        if (!options.mapPath.empty()) {
            std::string report;
            if (auto opened = m_map.open(options.mapPath, &report); !opened)
                return opened.error();
            m_status = report.empty() ? "Opened " + options.mapPath : report;
        }
        // Work that a crash left unsaved: offer it back.
        std::error_code ec;
        if (std::filesystem::exists(m_map.recoveryFile(), ec))
            m_recoveryOffer = m_map.recoveryFile();
        return core::Ok{};
    }

    // Whether closing must wait for the user's answer about unsaved changes.
    bool holdClose() {
        if (!m_map.modified() || m_allowClose)
            return false;
        m_pendingAfterUnsaved = ui::CommandKind::Quit;
        return true;
    }

    // A clean exit leaves no recovery copy behind (unsaved work was saved or discarded).
    void shutDown() {
        if (!m_map.modified())
            m_map.discardRecovery();
    }

    // Waits for a body still being prepared (scripted screenshots need it).
    void waitForBody() {
        if (m_pendingBody.valid())
            m_pendingBody.wait();
    }

    void openModel(const std::string& path) {
        auto body = anatomy::io::loadModel(path);
        if (!body) {
            m_status = body.error().message;
            core::logError(body.error().message);
            return;
        }
        setBody(std::move(*body));
        m_status = "Opened " + path;
    }

    void setBody(anatomy::Body body) {
        if (m_simulating)
            leaveSimulate();
        m_body = std::move(body);
        m_bodyBounds = m_body.bounds();
        m_bvh = anatomy::BodyBvh(m_body);
        m_view.hoveredStructure = m_view.selectedStructure = -1;
        m_view.structures.clear();
        m_view.isolated.clear();
        m_view.clip.enabled = false;
        m_overlays.polylines.clear();
        m_fibreLinesBuilt = false;
        if (m_fibreLines)
            buildFibreLines();
        m_camera.setPreset(render::ViewPreset::Anterior);
        m_transition = {};
        m_needsFraming = true;
        m_window.setTitle("FasciaLab — " + m_body.sourcePath);
        const std::string moved = m_map.attachBody(&m_body, &m_bvh);
        if (!moved.empty())
            m_status = moved;
    }

    void frame(float frameTimeMs, float uiScale) {
        ImGuiIO& io = ImGui::GetIO();
        if (m_pendingBody.valid() &&
            m_pendingBody.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            setBody(m_pendingBody.get());
            m_status.clear();
        }
        for (const std::string& path : m_window.takeDroppedPaths()) {
            ui::Command c{isMapFile(path) ? ui::CommandKind::OpenMap : ui::CommandKind::OpenModel};
            c.path = path;
            apply(c);
        }
        m_map.autosaveIfDue(ImGui::GetTime());
        if (m_simulating)
            advanceSimulation(io.DeltaTime);

        const ui::Layout layout =
            ui::computeLayout(io.DisplaySize, uiScale, m_map.mode == MapMode::Present);
        m_viewportMin = glm::vec2(layout.viewportMin.x, layout.viewportMin.y);
        m_viewportSize = glm::vec2(layout.viewportMax.x - layout.viewportMin.x,
                                   layout.viewportMax.y - layout.viewportMin.y);
        // Side by side: the earlier session on the left, the open one on the right (where
        // editing and picking happen); both halves share the camera.
        if (sideBySide()) {
            m_viewportSize.x = std::floor(m_viewportSize.x * 0.5f);
            m_besideMin = m_viewportMin;
            m_viewportMin.x += m_viewportSize.x;
        }
        if (m_needsFraming && !m_body.structures().empty()) {
            m_camera.frame(m_bodyBounds, aspect());
            m_needsFraming = false;
        }
        if (m_transition.active())
            m_camera = m_transition.advance(io.DeltaTime);

        ui::UiModel model;
        model.body = &m_body;
        model.view = &m_view;
        model.bodyBounds = m_bodyBounds;
        model.hoveredStructure = m_view.hoveredStructure;
        model.selectedStructure = m_view.selectedStructure;
        model.frameTimeMs = frameTimeMs;
        model.statusMessage = m_status;
        model.fibreLines = m_fibreLines;
        model.busy = m_pendingBody.valid();
        composeOverlays();
        model.labels = markerLabels(m_frameOverlays, m_viewportMin);
        if (sideBySide()) {
            composeThenOverlays();
            const std::vector<ui::ScreenLabel> then = markerLabels(m_thenOverlays, m_besideMin);
            model.labels.insert(model.labels.end(), then.begin(), then.end());
            const auto& sessions = m_map.document().sessions;
            model.captions = {
                {ImVec2(m_besideMin.x + m_viewportSize.x * 0.5f, m_besideMin.y + 8),
                 "Then: session " + std::to_string(m_compareSession + 1) + ", " +
                     sessions[static_cast<size_t>(m_compareSession)].date},
                {ImVec2(m_viewportMin.x + m_viewportSize.x * 0.5f, m_viewportMin.y + 8),
                 "Now: session " + std::to_string(m_map.session() + 1) + ", " +
                     sessions[static_cast<size_t>(m_map.session())].date,
                 true}};
        }
        fillMapModel(model.map);
        fillSimulateModel(model.simulate);
        for (const ui::Command& command : ui::drawViewerUi(model, m_uiState, uiScale))
            apply(command);

        handleKeyboard(io);
        handleMouse(io);

        // Draw the body into the viewport between the panels (GL's origin is bottom-left).
        const float fbScale = io.DisplayFramebufferScale.x;
        const int fbHeight = m_window.framebufferHeight();
        const glm::ivec2 pixelSize(std::max(1, int(m_viewportSize.x * fbScale)),
                                   std::max(1, int(m_viewportSize.y * fbScale)));
        const glm::ivec2 windowSize(m_window.framebufferWidth(), fbHeight);
        render::clearWindow(windowSize);
        render::beginWindowViewport(
            {int(m_viewportMin.x * fbScale),
             fbHeight - int((m_viewportMin.y + m_viewportSize.y) * fbScale)},
            pixelSize);
        composeOverlays();
        m_view.overlays = &m_frameOverlays;
        // Simulating, the tool's footprint shows where the hand is; a whole sheet lighting up
        // under the cursor would hide the heat map.
        const int hovered =
            std::exchange(m_view.hoveredStructure, m_simulating ? -1 : m_view.hoveredStructure);
        m_renderer->draw(m_body, m_camera, pixelSize, m_view);
        m_view.hoveredStructure = hovered;
        render::endWindowViewport(windowSize);
        if (sideBySide()) {
            render::beginWindowViewport(
                {int(m_besideMin.x * fbScale),
                 fbHeight - int((m_besideMin.y + m_viewportSize.y) * fbScale)},
                pixelSize);
            composeThenOverlays();
            render::ViewOptions then = m_view;
            then.overlays = &m_thenOverlays;
            then.hoveredStructure = -1;
            m_renderer->draw(m_body, m_camera, pixelSize, then);
            render::endWindowViewport(windowSize);
            m_view.overlays = &m_frameOverlays;
        }
    }

    void saveScreenshot(const std::string& path) {
        const render::Image image =
            render::readWindowImage({m_window.framebufferWidth(), m_window.framebufferHeight()});
        if (auto status = render::writePng(image, path); !status)
            m_status = status.error().message;
        else
            m_status = "Saved " + path;
        core::logInfo(m_status);
    }

    // The 3D view alone at any size (up to 8192 a side), rendered offscreen.
    void exportImage(const std::string& path, glm::ivec2 size, bool transparent) {
        auto target = render::OffscreenTarget::create(size.x, size.y, 1);
        if (!target) {
            m_status = target.error().message;
            return;
        }
        render::ViewOptions options = m_view;
        composeOverlays();
        options.overlays = &m_frameOverlays;
        options.transparentBackground = transparent;
        options.hoveredStructure = -1;
        render::OrbitCamera camera = m_camera;
        // Keep what the viewport shows: the same vertical field, wider or narrower sides.
        (*target)->bind();
        m_renderer->draw(m_body, camera, size, options);
        const render::Image image = (*target)->readImage();
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (auto status = render::writePng(image, path); !status)
            m_status = status.error().message;
        else
            m_status = "Exported " + path + " (" + std::to_string(size.x) + "x" +
                       std::to_string(size.y) + ")";
        core::logInfo(m_status);
    }

    bool screenshotRequested() { return std::exchange(m_screenshotRequested, false); }
    const std::string& status() const { return m_status; }
    std::optional<std::string> takeWindowExport() { return std::exchange(m_windowExport, {}); }

private:
    float aspect() const { return m_viewportSize.x / std::max(m_viewportSize.y, 1.0f); }

    void moveCameraTo(const render::OrbitCamera& destination) {
        m_transition = render::CameraTransition(m_camera, destination);
    }

    void frameStructure(int index) {
        if (index < 0 || index >= static_cast<int>(m_body.structures().size()))
            return;
        const core::Aabb box = m_body.structures()[static_cast<size_t>(index)].mesh.bounds();
        // A little context around a small structure: at least a hand's breadth in view.
        core::Aabb padded = box;
        const glm::vec3 grow = glm::max(glm::vec3(0.0f), glm::vec3(0.12f) - box.size()) * 0.5f;
        padded.min -= grow;
        padded.max += grow;
        moveCameraTo(m_camera.framing(padded, aspect()));
    }

    void buildFibreLines() {
        if (!m_fibreLinesBuilt) {
            m_overlays.polylines = fibreStreamlineOverlay(m_body);
            m_fibreLinesBuilt = true;
        }
    }

    // Whether the view shows two sessions side by side (not in presentation mode).
    bool sideBySide() const {
        const int sessions = static_cast<int>(m_map.document().sessions.size());
        return m_compareView == ui::CompareView::SideBySide && m_compareSession >= 0 &&
               m_compareSession < sessions && m_compareSession != m_map.session() &&
               m_map.mode != MapMode::Present;
    }

    // Labels for the markers of `overlays`, drawn in the viewport half starting at `origin`.
    std::vector<ui::ScreenLabel> markerLabels(const render::Overlays& overlays,
                                              glm::vec2 origin) const {
        std::vector<ui::ScreenLabel> labels;
        const glm::mat4 viewProjection = m_camera.projection(aspect()) * m_camera.view();
        for (const render::Marker& marker : overlays.markers) {
            if (marker.label.empty())
                continue;
            const glm::vec4 clip = viewProjection * glm::vec4(marker.position, 1.0f);
            if (clip.w <= 0.0f)
                continue;
            const glm::vec2 ndc = glm::vec2(clip) / clip.w;
            labels.push_back({ImVec2(origin.x + (ndc.x * 0.5f + 0.5f) * m_viewportSize.x,
                                     origin.y + (0.5f - ndc.y * 0.5f) * m_viewportSize.y),
                              marker.label, marker.state != render::MarkerState::Normal});
        }
        return labels;
    }

    static bool isMapFile(const std::string& path) {
        return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    }

    // The map's overlays and the fibre streamlines, as one set for the renderer.
    // `target` is `source` with the fibre streamlines added; copied again only when either
    // changed, with a revision of its own so the GPU copy follows.
    void withFibreLines(const render::Overlays& source, render::Overlays& target,
                        std::uint64_t& copiedRevision) {
        if (source.revision != copiedRevision ||
            target.polylines.size() != m_overlays.polylines.size()) {
            target = source;
            target.polylines = m_overlays.polylines;
            target.revision = ++m_composedCounter;
            copiedRevision = source.revision;
        }
    }

    void composeOverlays() {
        // Painted tension shows on the outermost layer that would hide it.
        m_map.display().tensionShownOn = tensionSurfaceFor(m_view);
        const render::Overlays& map = m_map.overlays();
        if (m_simulating && m_simulate.ready()) {
            // The simulation's tension replaces the painted map; the pins stay, to aim at.
            if (m_simulationDrawn != m_simulationChanged) {
                render::Overlays composed;
                composed.polylines = m_overlays.polylines;
                m_simulate.fillOverlays(composed, m_magnification);
                composed.revision = ++m_composedCounter;
                m_frameOverlays = std::move(composed);
                m_composedRevision = 0; // the map's overlays are copied again afterwards
                m_simulationDrawn = m_simulationChanged;
            }
            m_frameOverlays.markers = map.markers;
            return;
        }
        withFibreLines(map, m_frameOverlays, m_composedRevision);
        m_frameOverlays.markers = map.markers; // hover and selection change without a rebuild
        // Presentation: the selected point's zones pulse gently, so the eye goes from the
        // spot to where it hurts.
        const float pulse =
            m_map.mode == MapMode::Present
                ? 0.75f + 0.25f * std::sin(static_cast<float>(ImGui::GetTime()) * 3.0f)
                : 1.0f;
        m_frameOverlays.zoneColor = map.zoneColor * pulse;
    }

    // The earlier session's overlays for the left half, with the same fibre lines.
    void composeThenOverlays() {
        withFibreLines(m_map.overlaysForSession(m_compareSession), m_thenOverlays,
                       m_thenComposedRevision);
    }

    void fillMapModel(ui::MapModel& model) {
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
        model.library = m_body.structures().empty() ? nullptr : &m_map.library();
        model.referrals = m_referrals;
        model.askUnsaved = m_pendingAfterUnsaved.has_value() && !m_unsavedAsked;
        if (model.askUnsaved)
            m_unsavedAsked = true;
        model.recoveryOffer = m_recoveryOffer ? m_recoveryOffer->string() : std::string();
        model.time = static_cast<float>(ImGui::GetTime());
    }

    void reportMap(const core::Status& status, const std::string& success) {
        m_status = status ? success : status.error().message;
        if (!status)
            core::logError(status.error().message);
    }

    void saveMap(const std::string& path) {
        if (path.empty() && m_map.path().empty()) {
            m_uiState.showSaveAs = true;
            return;
        }
        std::filesystem::path target = path;
        if (!path.empty() && !isMapFile(path))
            target += std::string(annotate::kMapExtension);
        reportMap(m_map.save(target), "Saved " + m_map.path().string());
    }

    // Runs a command that would drop the open map, asking first when it has unsaved changes.
    bool confirmDrop(const ui::Command& command) {
        if (!m_map.modified())
            return true;
        m_pendingAfterUnsaved = command.kind;
        m_pendingCommand = command;
        m_unsavedAsked = false;
        return false;
    }

    void applyMapCommand(const ui::Command& command) {
        using ui::CommandKind;
        switch (command.kind) {
        case CommandKind::NewMap:
            if (confirmDrop(command)) {
                m_map.newDocument();
                m_status = "New map";
            }
            break;
        case CommandKind::OpenMap:
            if (command.path.empty()) {
                m_uiState.fileBrowser.open(std::filesystem::current_path());
            } else if (confirmDrop(command)) {
                std::string report;
                const auto opened = m_map.open(command.path, &report);
                reportMap(opened, report.empty() ? "Opened " + command.path : report);
            }
            break;
        case CommandKind::SaveMap:
            saveMap(command.path);
            break;
        case CommandKind::SaveMapAs:
            m_uiState.showSaveAs = true;
            break;
        case CommandKind::ExportAnnotatedGltf: {
            const auto marks = markNodes(m_body, m_map.document(), m_map.session());
            reportMap(anatomy::io::saveGltf(m_body, command.path, marks),
                      "Exported " + command.path + " (" + std::to_string(marks.size()) + " marks)");
            break;
        }
        case CommandKind::WriteHandout:
            writeHandout(command.path);
            break;
        case CommandKind::SetMapMode:
            m_map.mode = static_cast<MapMode>(
                std::clamp(command.index, 0, static_cast<int>(MapMode::DrawZone)));
            if (m_map.mode == MapMode::Annotate || m_map.mode == MapMode::Paint ||
                m_map.mode == MapMode::DrawZone)
                m_uiState.showTab = 1;
            m_map.display().onlySelectedZones = m_map.mode == MapMode::Present;
            m_map.display().labels = m_map.mode != MapMode::Present;
            if (m_map.mode == MapMode::Present && m_map.display().selectedId.empty() &&
                !m_map.document()
                     .sessions[static_cast<size_t>(m_map.session())]
                     .triggerPoints.empty())
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
            m_map.perform(annotate::edits::changeInfo(m_map.document(), command.info,
                                                      "Edit client and plan"));
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
                command.index >= 0 && command.compareView == ui::CompareView::Difference
                    ? command.index
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
            m_map.zonePen = {command.zonePen.essential, command.zonePen.radiusM,
                             command.zonePen.erase};
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
                m_window.requestClose();
            } else if (pending) {
                applyAfterDiscard(*pending);
            }
            break;
        }
        case CommandKind::AnswerRecovery:
            if (m_recoveryOffer) {
                if (command.flag)
                    reportMap(m_map.recover(*m_recoveryOffer, m_map.path()),
                              "Restored unsaved work from " + m_recoveryOffer->string());
                else
                    m_map.discardRecovery();
                m_recoveryOffer.reset();
            }
            break;
        default:
            break;
        }
    }

    // After "Discard changes": run the command that was waiting, without asking again.
    void applyAfterDiscard(const ui::Command& command) {
        m_map.discardRecovery();
        if (command.kind == ui::CommandKind::NewMap) {
            m_map.newDocument();
        } else if (command.kind == ui::CommandKind::OpenMap) {
            std::string report;
            reportMap(m_map.open(command.path, &report),
                      report.empty() ? "Opened " + command.path : report);
        }
    }

    // The same handout as `fascialab handout`, for the session on screen's map.
    void writeHandout(const std::string& path) {
        MapDisplay display = m_map.display();
        display.session = static_cast<int>(m_map.document().sessions.size()) - 1;
        display.labels = false;
        display.tensionShownOn = anatomy::LayerKind::Skin;
        display.selectedId.clear();
        display.hoveredId.clear();
        display.onlySelectedZones = false;
        display.differenceFrom = -1;
        HandoutImages images;
        for (auto [preset, image] : {std::pair{render::ViewPreset::Posterior, &images.posterior},
                                     std::pair{render::ViewPreset::Anterior, &images.anterior}}) {
            auto rendered = renderMapView(*m_renderer, m_body, m_map.document(), display,
                                          patientViewOptions(), preset, {760, 1240});
            if (!rendered) {
                reportMap(rendered.error(), "");
                return;
            }
            *image = std::move(*rendered);
        }
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        reportMap(writeHandoutPdf(path, m_map.document(), images), "Wrote the handout " + path);
    }

    void frameTriggerPoint(const std::string& id) {
        const auto& session = m_map.document().sessions[static_cast<size_t>(m_map.session())];
        const annotate::TriggerPoint* point = annotate::findTriggerPoint(session, id);
        if (!point)
            return;
        m_map.display().selectedId = id;
        core::Aabb box;
        box.extend(point->anchor.position - glm::vec3(0.12f));
        box.extend(point->anchor.position + glm::vec3(0.12f));
        moveCameraTo(m_camera.framing(box, aspect()));
    }

    // Presenting: turn to the point and where it sends its pain, so the patient sees both.
    void presentTriggerPoint(const std::string& id) {
        if (const auto view = m_map.viewOfReferral(id, m_camera, aspect()))
            moveCameraTo(*view);
    }

    void apply(const ui::Command& command) {
        using ui::CommandKind;
        const bool validStructure =
            command.structure >= 0 &&
            command.structure < static_cast<int>(m_body.structures().size());
        switch (command.kind) {
        case CommandKind::OpenModel:
            if (command.path.empty())
                m_uiState.fileBrowser.open(std::filesystem::current_path());
            else
                openModel(command.path);
            break;
        case CommandKind::OpenDefaultBody:
            setBody(loadDefaultBody(cacheDirectory()));
            break;
        case CommandKind::SaveScreenshot:
            m_screenshotRequested = true;
            break;
        case CommandKind::ExportImage:
            if (command.includeUi)
                m_windowExport = command.path;
            else
                exportImage(command.path, {command.width, command.height}, command.flag);
            break;
        case CommandKind::Quit:
            m_window.requestClose();
            break;
        case CommandKind::SetViewPreset: {
            render::OrbitCamera destination = m_camera;
            destination.setPreset(command.preset);
            destination.frame(m_bodyBounds, aspect());
            moveCameraTo(destination);
            break;
        }
        case CommandKind::FrameAll:
            moveCameraTo(m_camera.framing(m_bodyBounds, aspect()));
            break;
        case CommandKind::FrameStructure:
            frameStructure(command.structure);
            break;
        case CommandKind::SelectStructure:
            m_view.selectedStructure = validStructure ? command.structure : -1;
            break;
        case CommandKind::SetLayerVisible:
            m_view.layerVisible[static_cast<size_t>(command.layer)] = command.flag;
            break;
        case CommandKind::SetLayerOpacity:
            m_view.layerOpacity[static_cast<size_t>(command.layer)] =
                std::clamp(command.value, 0.0f, 1.0f);
            break;
        case CommandKind::SetStructureVisible:
            if (validStructure)
                m_view.structure(static_cast<size_t>(command.structure)).visible = command.flag;
            break;
        case CommandKind::SetStructureOpacity:
            if (validStructure)
                m_view.structure(static_cast<size_t>(command.structure)).opacity =
                    std::min(command.value, 1.0f);
            break;
        case CommandKind::Isolate:
            render::isolateStructures(m_view, command.structures);
            break;
        case CommandKind::PeelLayer:
            if (const auto peeled = render::peelOutermostLayer(m_view, m_body))
                m_status =
                    "Peeled " + std::string(anatomy::layerDisplayName(*peeled)) + " (R restores)";
            break;
        case CommandKind::RestoreLayers:
            render::restoreAllLayers(m_view);
            m_status = "All layers shown";
            break;
        case CommandKind::SetXray:
            m_view.xray = command.flag;
            break;
        case CommandKind::SetClip:
            m_view.clip = command.clip;
            break;
        case CommandKind::SetFibreSheen:
            m_view.fibreSheen = command.flag;
            break;
        case CommandKind::SetFibreLines:
            m_fibreLines = command.flag;
            if (m_fibreLines) {
                buildFibreLines();
            } else {
                m_overlays.polylines.clear();
                m_fibreLinesBuilt = false;
            }
            break;
        case CommandKind::SetFasciaNetwork:
            m_view.fasciaNetwork = command.flag;
            break;
        case CommandKind::SetSimulate:
        case CommandKind::SetSimTool:
        case CommandKind::SetSimTechnique:
        case CommandKind::SetSimPressure:
        case CommandKind::SetSimPlaying:
        case CommandKind::SimStep:
        case CommandKind::SimReset:
        case CommandKind::SimHoldOn:
        case CommandKind::SimLift:
        case CommandKind::SetSimTimeScale:
        case CommandKind::SetSimMagnification:
            applySimulateCommand(command);
            break;
        default:
            applyMapCommand(command);
            break;
        }
    }

    // Simulate mode: the skin and the superficial fascia step aside so the deep fascia the
    // simulation works on is seen, and the web of this body and session is built.
    void enterSimulate() {
        if (m_body.structures().empty())
            return;
        m_simulating = true;
        m_layersBeforeSimulate = m_view.layerVisible;
        m_opacityBeforeSimulate = m_view.layerOpacity;
        for (anatomy::LayerKind layer :
             {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia})
            m_view.layerVisible[static_cast<size_t>(layer)] = false;
        m_view.layerVisible[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = true;
        m_view.layerOpacity[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = 1.0f;
        if (m_map.mode != MapMode::View) {
            ui::Command c{ui::CommandKind::SetMapMode};
            c.index = static_cast<int>(MapMode::View);
            apply(c);
        }
        const auto& sessions = m_map.document().sessions;
        m_simulate.prepare(
            m_body, sessions.empty() ? nullptr : &sessions[static_cast<size_t>(m_map.session())]);
        m_uiState.showTab = 3;
        m_status = "Preparing the fascial web...";
    }

    void leaveSimulate() {
        m_simulate.stop();
        m_simulating = false;
        m_view.layerVisible = m_layersBeforeSimulate;
        m_view.layerOpacity = m_opacityBeforeSimulate;
        m_composedRevision = 0; // back to the map's own overlays
        if (m_drag == Drag::Press)
            m_drag = Drag::None;
        m_status.clear();
    }

    void advanceSimulation(float realSeconds) {
        if (m_simulate.poll()) {
            ++m_simulationChanged;
            m_status = m_simulate.message().empty()
                           ? "Ready: press on the fascia (skin and superficial fascia hidden)"
                           : m_simulate.message();
        } else if (!m_simulate.ready() && !m_simulate.preparing() &&
                   !m_simulate.message().empty()) {
            m_status = m_simulate.message(); // preparing failed
        }
        // At most a frame's worth of computing, so the view stays responsive; the clock
        // slows down instead when the computer cannot keep up.
        constexpr double kBudgetS = 0.025;
        if (m_simulate.advance(std::min(static_cast<double>(realSeconds), 0.1), kBudgetS) > 0)
            ++m_simulationChanged;
    }

    void setPressure(float kPa) {
        const std::string note = m_simulate.setPressure(kPa);
        if (!note.empty())
            m_status = note;
    }

    void applySimulateCommand(const ui::Command& command) {
        using ui::CommandKind;
        switch (command.kind) {
        case CommandKind::SetSimulate:
            if (command.flag && !m_simulating)
                enterSimulate();
            else if (!command.flag && m_simulating)
                leaveSimulate();
            break;
        case CommandKind::SetSimTool:
            if (command.index >= 0)
                if (const std::string note = m_simulate.setTool(static_cast<size_t>(command.index));
                    !note.empty())
                    m_status = note;
            break;
        case CommandKind::SetSimTechnique:
            m_simulate.setTechnique(static_cast<sim::Technique>(std::clamp(command.index, 0, 2)));
            break;
        case CommandKind::SetSimPressure:
            setPressure(command.value);
            break;
        case CommandKind::SetSimPlaying:
            m_simulate.playing = command.flag;
            break;
        case CommandKind::SimStep:
            m_simulate.stepOnce();
            ++m_simulationChanged;
            break;
        case CommandKind::SimReset:
            m_simulate.reset();
            ++m_simulationChanged;
            break;
        case CommandKind::SimHoldOn:
            if (command.index < 0)
                break;
            if (const auto hold = m_simulate.holdOn(static_cast<size_t>(command.index))) {
                // Face the point, a hand's breadth around it, so the hold is seen.
                core::Aabb box;
                box.extend(hold->point - glm::vec3(0.08f));
                box.extend(hold->point + glm::vec3(0.08f));
                render::OrbitCamera view = m_camera;
                view.faceFrom(hold->normal);
                moveCameraTo(view.framing(box, aspect()));
                m_drag = Drag::None; // a mouse release elsewhere does not lift it
                ++m_simulationChanged;
                m_status = "Holding the tool; Lift the tool to stop";
            }
            break;
        case CommandKind::SimLift:
            m_simulate.lift();
            ++m_simulationChanged;
            m_status = "Tool lifted";
            break;
        case CommandKind::SetSimTimeScale:
            m_simulate.timeScale = std::clamp(command.value, 0.05f, 16.0f);
            break;
        case CommandKind::SetSimMagnification:
            m_magnification = std::clamp(command.value, 1.0f, 50.0f);
            ++m_simulationChanged;
            break;
        default:
            break;
        }
    }

    void fillSimulateModel(ui::SimulateModel& model) const {
        model.active = m_simulating;
        model.preparing = m_simulate.preparing();
        model.message = m_simulate.message();
        model.assumptions = m_assumptions;
        for (const sim::ToolParameters& tool : m_simulate.tools())
            model.tools.push_back(tool.name);
        const sim::ToolParameters& tool = m_simulate.tools()[m_simulate.toolIndex()];
        model.tool = static_cast<int>(m_simulate.toolIndex());
        char note[160];
        std::snprintf(note, sizeof note, "%.0f cm2 contact; used at %.0f-%.0f kPa",
                      static_cast<double>(tool.contactAreaCm2),
                      static_cast<double>(tool.minimumKPa), static_cast<double>(tool.maximumKPa));
        model.toolNote = note;
        model.technique = static_cast<int>(m_simulate.technique());
        model.pressureKPa = m_simulate.pressureKPa();
        model.minimumKPa = tool.minimumKPa;
        model.maximumKPa = tool.maximumKPa;
        model.forceN = m_simulate.forceN();
        model.playing = m_simulate.playing;
        model.timeScale = m_simulate.timeScale;
        model.achievedRate = m_simulate.achievedRate();
        model.magnification = m_magnification;
        model.pressing = m_simulate.pressing();
        const sim::Simulation* simulation = m_simulate.simulation();
        if (!simulation)
            return;
        const sim::Sample& now = simulation->sample();
        model.timeS = now.timeS;
        model.toolForceN = now.toolForceN;
        model.toolDepthMm = now.toolDepthMm;
        model.tensionUnderToolKPa = now.tensionUnderToolKPa;
        model.meanTensionKPa = now.meanTensionKPa;
        model.maxTensionKPa = now.maxTensionKPa;
        model.strainEnergyJ = now.strainEnergyJ;
        const SimulationHistory& history = m_simulate.history();
        model.timeSeries = &history.timeS;
        model.tensionUnderTool = &history.tensionUnderToolKPa;
        model.meanTension = &history.meanTensionKPa;
        model.strainEnergy = &history.strainEnergyJ;
        const sim::FasciaWeb& web = simulation->web();
        for (size_t r = 0; r < web.restrictions().size(); ++r)
            model.restrictions.push_back(
                {web.restrictions()[r].label,
                 r < now.releasedPercent.size() ? now.releasedPercent[r] : 0.0f,
                 r < history.releasedPercent.size() ? &history.releasedPercent[r] : nullptr});
        model.particles = web.model().particleCount();
        model.links = web.model().links.size();
        model.anchors = web.anchorCount();
    }

    // The first structure the ray meets among those drawn (visible, not cut away): only what
    // is drawn can be picked or pressed on.
    std::optional<anatomy::RayHit> pick(const core::Ray& ray) const {
        const auto [from, to] = m_view.clip.keptInterval(ray);
        return m_bvh.intersect(
            ray,
            [this](int s) {
                return m_view.structureOpacity(m_body, static_cast<size_t>(s)) > 0.05f;
            },
            from, to);
    }

    std::optional<glm::vec3> surfaceUnder(const core::Ray& ray) const {
        const auto hit = pick(ray);
        return hit ? std::optional<glm::vec3>(hit->position) : std::nullopt;
    }

    void toggleClip() {
        ui::Command c{ui::CommandKind::SetClip};
        c.clip = m_view.clip;
        c.clip.enabled = !c.clip.enabled;
        if (c.clip.enabled && c.clip.offsetM == 0.0f)
            c.clip.offsetM = m_bodyBounds.center()[render::clipAxisComponent(c.clip.axis)];
        apply(c);
    }

    void handleKeyboard(const ImGuiIO& io) {
        if (io.WantCaptureKeyboard)
            return;
        auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
        const bool ctrl = io.KeyCtrl;
        if (ctrl && pressed(GLFW_KEY_O))
            apply({ui::CommandKind::OpenModel});
        if (ctrl && pressed(GLFW_KEY_Z))
            apply({io.KeyShift ? ui::CommandKind::Redo : ui::CommandKind::Undo});
        if (ctrl && pressed(GLFW_KEY_Y))
            apply({ui::CommandKind::Redo});
        if (ctrl && pressed(GLFW_KEY_S))
            apply({ui::CommandKind::SaveMap});
        if (pressed(GLFW_KEY_ESCAPE) && m_map.mode == MapMode::Present) {
            ui::Command c{ui::CommandKind::SetMapMode};
            c.index = 0;
            apply(c);
            return;
        }
        if (!ctrl && pressed(GLFW_KEY_DELETE) && !m_map.display().selectedId.empty())
            m_map.deleteTriggerPoint(m_map.display().selectedId);
        if (ctrl && pressed(GLFW_KEY_Q))
            m_window.requestClose();
        if (ctrl && pressed(GLFW_KEY_F))
            m_uiState.focusSearch = true;
        if (pressed(GLFW_KEY_F12))
            m_screenshotRequested = true;
        if (m_simulating && pressed(GLFW_KEY_SPACE))
            m_simulate.playing = !m_simulate.playing;
        if (!ctrl) {
            if (pressed(GLFW_KEY_F)) {
                if (m_view.selectedStructure >= 0)
                    frameStructure(m_view.selectedStructure);
                else
                    apply({ui::CommandKind::FrameAll});
            }
            if (pressed(GLFW_KEY_A))
                apply({ui::CommandKind::FrameAll});
            if (pressed(GLFW_KEY_P))
                apply({ui::CommandKind::PeelLayer});
            if (pressed(GLFW_KEY_R))
                apply({ui::CommandKind::RestoreLayers});
            if (pressed(GLFW_KEY_X))
                m_view.xray = !m_view.xray;
            if (pressed(GLFW_KEY_C))
                toggleClip();
            if (pressed(GLFW_KEY_I) && m_view.selectedStructure >= 0)
                render::isolateStructures(m_view, {m_view.selectedStructure});
            if (pressed(GLFW_KEY_H) && m_view.selectedStructure >= 0)
                m_view.structure(static_cast<size_t>(m_view.selectedStructure)).visible = false;
            if (pressed(GLFW_KEY_ESCAPE)) {
                if (!m_view.isolated.empty())
                    m_view.isolated.clear();
                else
                    m_view.selectedStructure = -1;
            }
        }
        const render::ViewPreset presets[] = {
            render::ViewPreset::Anterior, render::ViewPreset::Posterior, render::ViewPreset::Left,
            render::ViewPreset::Right, render::ViewPreset::Superior};
        for (int i = 0; i < 5; ++i)
            if (!ctrl && pressed(GLFW_KEY_1 + i)) {
                ui::Command c{ui::CommandKind::SetViewPreset};
                c.preset = presets[i];
                apply(c);
            }
        // Arrow keys orbit, +/- zoom, Shift+arrows pan: the camera works without a mouse too.
        const float step = 1.6f * io.DeltaTime;
        const bool shift = io.KeyShift;
        auto down = [](int key) { return ImGui::IsKeyDown(key); };
        if (shift) {
            const float panStep = 0.6f * io.DeltaTime;
            if (down(GLFW_KEY_LEFT))
                m_camera.pan(-panStep, 0);
            if (down(GLFW_KEY_RIGHT))
                m_camera.pan(panStep, 0);
            if (down(GLFW_KEY_UP))
                m_camera.pan(0, panStep);
            if (down(GLFW_KEY_DOWN))
                m_camera.pan(0, -panStep);
        } else {
            if (down(GLFW_KEY_LEFT))
                m_camera.orbit(-step, 0);
            if (down(GLFW_KEY_RIGHT))
                m_camera.orbit(step, 0);
            if (down(GLFW_KEY_UP))
                m_camera.orbit(0, step);
            if (down(GLFW_KEY_DOWN))
                m_camera.orbit(0, -step);
        }
        if (down(GLFW_KEY_EQUAL) || down(GLFW_KEY_KP_ADD))
            m_camera.zoom(1.0f - 1.2f * io.DeltaTime);
        if (down(GLFW_KEY_MINUS) || down(GLFW_KEY_KP_SUBTRACT))
            m_camera.zoom(1.0f + 1.2f * io.DeltaTime);
    }

    // Moves the clipping plane by a mouse drag: the plane's axis as seen on screen.
    void dragClipPlane(glm::vec2 delta) {
        const int axis = render::clipAxisComponent(m_view.clip.axis);
        glm::vec3 direction(0.0f);
        direction[axis] = 1.0f;
        const glm::vec3 right = glm::normalize(glm::cross(m_camera.forward(), m_camera.up()));
        const glm::vec2 onScreen(glm::dot(direction, right), -glm::dot(direction, m_camera.up()));
        const float viewHeightM = 2.0f * m_camera.distanceM * std::tan(0.5f * m_camera.fovYRad);
        const float metresPerPixel = viewHeightM / std::max(m_viewportSize.y, 1.0f);
        const float along = glm::length(onScreen) > 0.2f
                                ? glm::dot(delta, glm::normalize(onScreen))
                                : -delta.y; // the axis points at the viewer: drag up and down
        const core::Aabb& box = m_bodyBounds;
        m_view.clip.offsetM =
            std::clamp(m_view.clip.offsetM + along * metresPerPixel, box.min[axis], box.max[axis]);
    }

    void handleMouse(const ImGuiIO& io) {
        const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
        const glm::vec2 local = mouse - m_viewportMin;
        const bool inViewport = local.x >= 0 && local.y >= 0 && local.x < m_viewportSize.x &&
                                local.y < m_viewportSize.y;
        // ImGui gets the mouse first; the camera only sees what ImGui does not want.
        if (io.WantCaptureMouse || !inViewport || m_body.structures().empty()) {
            if (!ImGui::IsAnyMouseDown())
                m_view.hoveredStructure = -1;
            return;
        }
        const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
        const bool leftDown = ImGui::IsMouseDown(ImGuiMouseButton_Left);
        const bool panning = ImGui::IsMouseDown(ImGuiMouseButton_Right) ||
                             ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                             (leftDown && (io.KeyShift || io.KeyAlt));
        const bool anyMove = delta.x != 0.0f || delta.y != 0.0f;
        const core::Ray ray = m_camera.rayThroughPixel(local, m_viewportSize);
        auto visible = [this](int s) {
            return m_view.structureOpacity(m_body, static_cast<size_t>(s)) > 0.05f;
        };
        const std::string pin = pinUnder(mouse);
        m_map.display().hoveredId = pin;

        // What a left drag does depends on the mode and on where it started.
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !panning && !io.KeyCtrl) {
            m_drag = Drag::Camera;
            if (m_simulating) {
                // The tool goes where the fascia is pressed; beside the body the view turns.
                if (const auto point = surfaceUnder(ray); point && m_simulate.ready()) {
                    if (m_simulate.press(*point)) {
                        m_drag = Drag::Press;
                        ++m_simulationChanged;
                    } else {
                        m_status = "No simulated fascia under the cursor";
                    }
                }
            } else if (!pin.empty() &&
                       (m_map.mode == MapMode::Annotate || m_map.mode == MapMode::View)) {
                m_map.display().selectedId = pin;
                if (m_map.mode == MapMode::Annotate) {
                    m_map.beginMove(pin);
                    m_drag = Drag::MovePin;
                }
            } else if (m_map.mode == MapMode::Paint) {
                m_map.beginStroke();
                m_map.dab(ray, visible);
                m_drag = Drag::Paint;
            } else if (m_map.mode == MapMode::DrawZone) {
                // Drawing with no zone chosen starts a new one, linked to the selected point.
                const auto& session =
                    m_map.document().sessions[static_cast<size_t>(m_map.session())];
                if (!annotate::findZone(session, m_map.drawingZoneId) && !m_map.zonePen.erase)
                    m_map.newZone();
                m_map.beginZoneStroke();
                m_map.zoneDab(ray);
                m_drag = Drag::DrawZone;
            }
        }
        if (leftDown && anyMove && m_drag == Drag::MovePin)
            m_map.moveTo(ray);
        if (leftDown && anyMove && m_drag == Drag::Paint)
            m_map.dab(ray, visible);
        if (leftDown && anyMove && m_drag == Drag::DrawZone)
            m_map.zoneDab(ray);
        if (leftDown && anyMove && m_drag == Drag::Press)
            if (const auto point = surfaceUnder(ray)) {
                m_simulate.drag(*point);
                ++m_simulationChanged;
            }
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
            if (m_drag == Drag::Press) {
                m_simulate.lift();
                ++m_simulationChanged;
            }
            if (m_drag == Drag::MovePin)
                m_map.endMove();
            if (m_drag == Drag::Paint)
                m_map.endStroke();
            if (m_drag == Drag::DrawZone)
                m_map.endZoneStroke();
        }
        const bool cameraDrag = m_drag == Drag::Camera || !leftDown;

        if (anyMove && ((leftDown && cameraDrag) || panning))
            m_transition = {}; // the user takes over from a running camera move
        if (leftDown && io.KeyCtrl && m_view.clip.enabled)
            dragClipPlane(delta);
        else if (panning)
            m_camera.pan(delta.x / m_viewportSize.y, delta.y / m_viewportSize.y);
        else if (leftDown && cameraDrag)
            m_camera.orbit(-delta.x * 0.008f, delta.y * 0.008f);
        // Wheel zooms; a trackpad's sideways scroll orbits, Ctrl+scroll zooms finely.
        // While a tool is pressed the wheel sets how hard, 5 kPa a notch.
        if (io.MouseWheel != 0.0f && m_drag == Drag::Press && leftDown)
            setPressure(m_simulate.pressureKPa() + 5.0f * io.MouseWheel);
        else if (io.MouseWheel != 0.0f)
            m_camera.zoom(std::pow(io.KeyCtrl ? 0.97f : 0.88f, io.MouseWheel));
        if (io.MouseWheelH != 0.0f)
            m_camera.orbit(-io.MouseWheelH * 0.05f, 0.0f);

        // Picking: hover every frame, select on a click that did not drag.
        const auto hit = pick(ray);
        m_view.hoveredStructure = hit ? hit->point.structure : -1;
        const bool click = ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                           ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0.0f &&
                           ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0.0f;
        if (click && m_drag == Drag::Camera && pin.empty()) {
            switch (m_map.mode) {
            case MapMode::Annotate:
                if (const auto id = m_map.placeTriggerPoint(ray))
                    m_status =
                        "Placed " +
                        annotate::findTriggerPoint(
                            m_map.document().sessions[static_cast<size_t>(m_map.session())], *id)
                            ->name;
                else
                    m_status = "No muscle under the cursor";
                break;
            case MapMode::WhereItHurts: {
                m_referrals = m_map.whereItHurts(ray);
                m_uiState.showTab = 2;
                m_status = m_referrals.empty()
                               ? std::string("No trigger point in the library refers pain here")
                               : std::to_string(m_referrals.size()) +
                                     " trigger points can refer pain here (see the Library tab)";
                break;
            }
            default:
                m_view.selectedStructure = m_view.hoveredStructure;
                m_map.display().selectedId.clear();
                break;
            }
        }
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left))
            m_drag = Drag::None;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && m_view.hoveredStructure >= 0 &&
            m_map.mode == MapMode::View)
            frameStructure(m_view.hoveredStructure);
    }

    // The trigger point whose pin is under the mouse (within a fingertip), or "".
    std::string pinUnder(const glm::vec2& mouse) const {
        const auto& overlays = m_frameOverlays;
        const auto& session = m_map.document().sessions[static_cast<size_t>(m_map.session())];
        if (!m_map.display().pins || overlays.markers.size() != session.triggerPoints.size())
            return {};
        const glm::mat4 viewProjection = m_camera.projection(aspect()) * m_camera.view();
        float best = 14.0f; // pixels
        std::string found;
        for (size_t i = 0; i < overlays.markers.size(); ++i) {
            const glm::vec4 clip = viewProjection * glm::vec4(overlays.markers[i].position, 1.0f);
            if (clip.w <= 0.0f)
                continue;
            const glm::vec2 ndc = glm::vec2(clip) / clip.w;
            const glm::vec2 screen(m_viewportMin.x + (ndc.x * 0.5f + 0.5f) * m_viewportSize.x,
                                   m_viewportMin.y + (0.5f - ndc.y * 0.5f) * m_viewportSize.y);
            const float d = glm::length(screen - mouse);
            if (d < best) {
                best = d;
                found = session.triggerPoints[i].id;
            }
        }
        return found;
    }

    platform::Window& m_window;
    std::unique_ptr<render::Renderer> m_renderer;
    anatomy::Body m_body;
    core::Aabb m_bodyBounds; // computed once per body
    std::future<anatomy::Body> m_pendingBody;
    anatomy::BodyBvh m_bvh;
    render::OrbitCamera m_camera;
    render::CameraTransition m_transition;
    render::ViewOptions m_view;
    render::Overlays m_overlays;
    bool m_fibreLines = false;
    bool m_fibreLinesBuilt = false;
    ui::UiState m_uiState;
    std::string m_status;
    glm::vec2 m_viewportMin{0.0f}, m_viewportSize{1.0f};
    bool m_needsFraming = true;
    bool m_screenshotRequested = false;
    std::optional<std::string> m_windowExport;

    // Maps
    MapEditor m_map;
    render::Overlays m_frameOverlays; // the map's overlays plus fibre lines, as drawn
    std::uint64_t m_composedRevision = 0;
    std::uint64_t m_composedCounter = 0;
    int m_compareSession = -1;
    ui::CompareView m_compareView = ui::CompareView::SideBySide;
    glm::vec2 m_besideMin{0.0f}; // the left half's corner when two sessions are side by side
    render::Overlays m_thenOverlays;
    std::uint64_t m_thenComposedRevision = 0;
    std::vector<annotate::Referral> m_referrals;
    std::optional<ui::CommandKind> m_pendingAfterUnsaved; // waiting for save/discard/cancel
    std::optional<ui::Command> m_pendingCommand;
    bool m_unsavedAsked = false;
    bool m_allowClose = false;
    std::optional<std::filesystem::path> m_recoveryOffer;
    // Simulate mode
    SimulateMode m_simulate;
    bool m_simulating = false;
    float m_magnification = 5.0f; // the fascia's motion, enlarged on screen to be seen
    // Counts changes of what the simulation draws; the overlays are rebuilt when it moves on.
    std::uint64_t m_simulationChanged = 1, m_simulationDrawn = 0;
    // The layers as they were before Simulate mode hid the skin over the fascia.
    std::array<bool, anatomy::kAllLayers.size()> m_layersBeforeSimulate{};
    std::array<float, anatomy::kAllLayers.size()> m_opacityBeforeSimulate{};
    std::vector<std::string> m_assumptions = simulationAssumptions(sim::defaultParameters());
    enum class Drag { None, Camera, MovePin, Paint, DrawZone, Press };
    Drag m_drag = Drag::None;
};

} // namespace

core::Status runViewer(const ViewerOptions& options) {
    auto window = platform::Window::create({});
    if (!window)
        return window.error();
    const float scale = (*window)->contentScale();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // the layout is fixed; nothing to remember
    loadFont(scale);
    applyStyle(scale);
    ImGui_ImplGlfw_InitForOpenGL((*window)->handle(), true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    core::Status result = core::Ok{};
    {
        ViewerApp app(**window);
        result = app.initialise(options);
        int frameIndex = 0;
        auto last = std::chrono::steady_clock::now();
        float frameTimeMs = 0.0f;
        while (result && !((*window)->shouldClose() && !app.holdClose())) {
            if ((*window)->shouldClose())
                (*window)->cancelClose(); // unsaved map: the app asks first
            (*window)->pollEvents();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            app.frame(frameTimeMs, scale);
            ImGui::Render();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ++frameIndex;
            // A few frames let ImGui settle its layout before a scripted screenshot.
            if (!options.screenshotAndQuit.empty() && frameIndex == 2)
                app.waitForBody();
            if (!options.screenshotAndQuit.empty() && frameIndex == 6) {
                app.saveScreenshot(options.screenshotAndQuit);
                if (app.status().rfind("Saved", 0) != 0)
                    result = core::badInput(app.status());
                (*window)->requestClose();
            }
            if (app.screenshotRequested())
                app.saveScreenshot(timestampedScreenshotName());
            if (const auto path = app.takeWindowExport())
                app.saveScreenshot(*path);
            (*window)->swapBuffers();
            const auto now = std::chrono::steady_clock::now();
            const float ms = std::chrono::duration<float, std::milli>(now - last).count();
            frameTimeMs = frameTimeMs == 0.0f ? ms : 0.9f * frameTimeMs + 0.1f * ms;
            last = now;
        }
        app.shutDown();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return result;
}

} // namespace app
