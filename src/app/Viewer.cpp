// app: the viewer's window and frame loop — the body loaded (off the UI thread), each frame's
// panels, commands dispatched to the map mode, Simulate mode and input, and the view drawn.
#include "app/Viewer.h"

#include "anatomy/io/ModelLoader.h"
#include "app/BackgroundBodyLoad.h"
#include "app/DefaultBody.h"
#include "app/FibreOverlay.h"
#include "app/ViewerContext.h"
#include "app/ViewerInput.h"
#include "app/ViewerLearnMode.h"
#include "app/ViewerMapMode.h"
#include "app/ViewerSimulateMode.h"
#include "core/Log.h"
#include "platform/Window.h"
#include "render/Image.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"
#include "render/WindowTarget.h"
#include "ui/ViewerUi.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <future>
#include <optional>
#include <utility>

namespace app {
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
        : m_ctx(window), m_mapMode(m_ctx), m_simulateMode(m_ctx, m_mapMode),
          m_learnMode(m_ctx, m_simulateMode,
                      [this](const ui::Command& command) { apply(command); }),
          m_input(m_ctx, m_mapMode, m_simulateMode,
                  [this](const ui::Command& command) { apply(command); }) {
        // A quiz question answered on the body takes the click before the map does.
        m_ctx.bodyClick = [this](int structure, const glm::vec3& point) {
            return m_learnMode.answerByClick(structure, point);
        };
    }

    core::Status initialise(const ViewerOptions& options) {
        auto renderer = render::Renderer::create();
        if (!renderer)
            return renderer.error();
        m_ctx.renderer = std::move(*renderer);
        if (options.modelPath.empty()) {
            // The first frame comes at once; the body follows when it is ready (from the
            // cache in well under a second, or built on the very first launch).
            loadDefaultBodyInBackground(options.body);
        } else {
            auto body = anatomy::io::loadModel(options.modelPath);
            if (!body)
                return body.error();
            setBody(std::move(*body));
        }
        m_lessonToOpen = options.lesson;
        return m_mapMode.start(options.mapPath);
    }

    // Whether closing must wait for the user's answer about unsaved changes.
    bool holdClose() { return m_mapMode.holdClose(); }
    void shutDown() { m_mapMode.shutDown(); }

    // Waits for a body still being prepared (scripted screenshots need it).
    void waitForBody() { m_bodyLoad.wait(); }

    // The default body (or the generated one the options chose), loaded, or built on the
    // very first launch, while the viewer keeps drawing.
    void loadDefaultBodyInBackground(const BodyChoice& choice) {
        startLoad("Preparing the default body", false, [choice](core::TaskProgress& progress) {
            std::string note;
            auto body = loadChosenBody(choice, cacheDirectory(), &note, &progress);
            if (body)
                core::logInfo(note);
            return body;
        });
    }

    // A model opened while the viewer keeps drawing; the body on screen stays until it is
    // ready, and stays for good if it fails or is cancelled.
    void openModel(const std::string& path) {
        startLoad("Opening " + std::filesystem::path(path).filename().string(), true,
                  [path](core::TaskProgress& progress) {
                      return anatomy::io::loadModel(path, &progress);
                  });
    }

    void startLoad(std::string title, bool modelFile, BackgroundBodyLoad::Load load) {
        if (!m_bodyLoad.start(title, std::move(load))) {
            m_ctx.status = m_bodyLoad.title() + " is still under way: cancel it first";
            return;
        }
        m_loadingModelFile = modelFile;
        m_ctx.status = title + "...";
    }

    // A finished load: its body shown, or what stopped it said (the body on screen stays).
    void finishLoad(core::Result<anatomy::Body> body) {
        if (!body) {
            const bool cancelled = body.error().kind == core::ErrorKind::Cancelled;
            m_ctx.status = cancelled ? m_bodyLoad.title() + ": cancelled" : body.error().message;
            if (!cancelled)
                core::logError(body.error().message);
            return;
        }
        const std::string source = body->sourcePath;
        setBody(std::move(*body));
        m_ctx.status = m_loadingModelFile ? "Opened " + source : "";
    }

    void setBody(anatomy::Body body) {
        m_learnMode.reset();
        if (m_simulateMode.active())
            m_simulateMode.leave();
        render::ViewOptions& view = m_ctx.view;
        m_ctx.body = std::move(body);
        m_ctx.bodyBounds = m_ctx.body.bounds();
        m_ctx.bvh = anatomy::BodyBvh(m_ctx.body);
        view.hoveredStructure = view.selectedStructure = -1;
        view.structures.clear();
        view.isolated.clear();
        view.clip.enabled = false;
        m_ctx.fibreLines.clear();
        m_fibreLinesBuilt = false;
        if (m_fibreLines)
            buildFibreLines();
        m_ctx.camera.setPreset(render::ViewPreset::Anterior);
        m_ctx.transition = {};
        m_needsFraming = true;
        m_mapMode.askToTurnToMarks(); // the map's marks, on the new body (if it has any)
        m_ctx.window.setTitle("FasciaLab — " + m_ctx.body.sourcePath);
        const std::string moved = m_ctx.map.attachBody(&m_ctx.body, &m_ctx.bvh);
        if (!moved.empty())
            m_ctx.status = moved;
    }

    void frame(float frameTimeMs, float uiScale) {
        ImGuiIO& io = ImGui::GetIO();
        if (auto finished = m_bodyLoad.takeFinished())
            finishLoad(std::move(*finished));
        for (const std::string& path : m_ctx.window.takeDroppedPaths()) {
            ui::Command c{isMapFile(path) ? ui::CommandKind::OpenMap : ui::CommandKind::OpenModel};
            c.path = path;
            apply(c);
        }
        m_ctx.map.autosaveIfDue(ImGui::GetTime());
        m_mapMode.advanceHandout();
        if (m_simulateMode.active())
            m_simulateMode.advance(io.DeltaTime);
        m_learnMode.advance();

        const ui::Layout layout =
            ui::computeLayout(io.DisplaySize, uiScale, m_ctx.map.mode == MapMode::Present);
        m_ctx.viewportMin = glm::vec2(layout.viewportMin.x, layout.viewportMin.y);
        m_ctx.viewportSize = glm::vec2(layout.viewportMax.x - layout.viewportMin.x,
                                       layout.viewportMax.y - layout.viewportMin.y);
        // Side by side: the earlier session on the left, the open one on the right (where
        // editing and picking happen); both halves share the camera.
        const bool sideBySide = m_mapMode.sideBySide();
        if (sideBySide) {
            m_ctx.viewportSize.x = std::floor(m_ctx.viewportSize.x * 0.5f);
            m_besideMin = m_ctx.viewportMin;
            m_ctx.viewportMin.x += m_ctx.viewportSize.x;
        }
        const bool firstView = m_needsFraming && !m_ctx.body.structures().empty();
        if (firstView) {
            m_ctx.camera.frame(m_ctx.bodyBounds, m_ctx.aspect());
            m_needsFraming = false;
        }
        if (firstView && !m_lessonToOpen.empty()) {
            if (m_learnMode.openLesson(m_lessonToOpen))
                m_ctx.uiState.showTab = 4; // the Learn tab
            else
                m_ctx.status =
                    "No lesson \"" + m_lessonToOpen + "\" (fascialab lessons lists them)";
            m_lessonToOpen.clear();
        }
        // An open map's marks: the new body's first view is theirs; a map opened later eases
        // there.
        m_mapMode.turnToMarks(firstView);
        if (m_ctx.transition.active())
            m_ctx.camera = m_ctx.transition.advance(io.DeltaTime);

        ui::UiModel model;
        model.body = &m_ctx.body;
        model.view = &m_ctx.view;
        model.bodyBounds = m_ctx.bodyBounds;
        model.hoveredStructure = m_ctx.view.hoveredStructure;
        model.selectedStructure = m_ctx.view.selectedStructure;
        model.frameTimeMs = frameTimeMs;
        model.statusMessage = m_ctx.status;
        model.fibreLines = m_fibreLines;
        if (m_bodyLoad.running()) {
            const auto [stage, done] = m_bodyLoad.progress();
            model.task = ui::UiModel::BackgroundTask{m_bodyLoad.title(), stage, done,
                                                     m_bodyLoad.cancelling()};
        } else {
            model.task = m_mapMode.handoutTask();
        }
        composeOverlays();
        model.labels = m_mapMode.markerLabels(m_ctx.frameOverlays, m_ctx.viewportMin);
        if (sideBySide) {
            const std::vector<ui::ScreenLabel> then =
                m_mapMode.markerLabels(m_mapMode.composeThenOverlays(), m_besideMin);
            model.labels.insert(model.labels.end(), then.begin(), then.end());
            model.captions = m_mapMode.sideBySideCaptions(m_besideMin);
        }
        m_mapMode.fillModel(model.map);
        m_simulateMode.fillModel(model.simulate);
        m_learnMode.fillModel(model.learn);
        for (const ui::Command& command : ui::drawViewerUi(model, m_ctx.uiState, uiScale))
            apply(command);

        m_input.handleKeyboard(io);
        m_input.handleMouse(io);
        draw(io);
    }

    void saveScreenshot(const std::string& path) {
        const render::Image image = render::readWindowImage(
            {m_ctx.window.framebufferWidth(), m_ctx.window.framebufferHeight()});
        if (auto status = render::writePng(image, path); !status)
            m_ctx.status = status.error().message;
        else
            m_ctx.status = "Saved " + path;
        core::logInfo(m_ctx.status);
    }

    // The 3D view alone at any size (up to 8192 a side), rendered offscreen.
    void exportImage(const std::string& path, glm::ivec2 size, bool transparent) {
        auto target = render::OffscreenTarget::create(size.x, size.y, 1);
        if (!target) {
            m_ctx.status = target.error().message;
            return;
        }
        render::ViewOptions options = m_ctx.view;
        composeOverlays();
        options.overlays = &m_ctx.frameOverlays;
        options.transparentBackground = transparent;
        options.hoveredStructure = -1;
        render::OrbitCamera camera = m_ctx.camera;
        // Keep what the viewport shows: the same vertical field, wider or narrower sides.
        (*target)->bind();
        m_ctx.renderer->draw(m_ctx.body, camera, size, options);
        const render::Image image = (*target)->readImage();
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (auto status = render::writePng(image, path); !status)
            m_ctx.status = status.error().message;
        else
            m_ctx.status = "Exported " + path + " (" + std::to_string(size.x) + "x" +
                           std::to_string(size.y) + ")";
        core::logInfo(m_ctx.status);
    }

    bool screenshotRequested() { return std::exchange(m_ctx.screenshotRequested, false); }
    const std::string& status() const { return m_ctx.status; }
    std::optional<std::string> takeWindowExport() { return std::exchange(m_windowExport, {}); }

private:
    // Draws the body into the viewport between the panels (GL's origin is bottom-left), and
    // the earlier session into the left half when two are shown side by side.
    void draw(const ImGuiIO& io) {
        render::ViewOptions& view = m_ctx.view;
        const float fbScale = io.DisplayFramebufferScale.x;
        const int fbHeight = m_ctx.window.framebufferHeight();
        const glm::ivec2 pixelSize(std::max(1, int(m_ctx.viewportSize.x * fbScale)),
                                   std::max(1, int(m_ctx.viewportSize.y * fbScale)));
        const glm::ivec2 windowSize(m_ctx.window.framebufferWidth(), fbHeight);
        render::clearWindow(windowSize);
        render::beginWindowViewport(
            {int(m_ctx.viewportMin.x * fbScale),
             fbHeight - int((m_ctx.viewportMin.y + m_ctx.viewportSize.y) * fbScale)},
            pixelSize);
        composeOverlays();
        view.overlays = &m_ctx.frameOverlays;
        // Simulating, the tool's footprint shows where the hand is; a whole sheet lighting up
        // under the cursor would hide the heat map.
        const int hovered = std::exchange(view.hoveredStructure,
                                          m_simulateMode.active() ? -1 : view.hoveredStructure);
        m_ctx.renderer->draw(m_ctx.body, m_ctx.camera, pixelSize, view);
        view.hoveredStructure = hovered;
        render::endWindowViewport(windowSize);
        if (m_mapMode.sideBySide()) {
            render::beginWindowViewport(
                {int(m_besideMin.x * fbScale),
                 fbHeight - int((m_besideMin.y + m_ctx.viewportSize.y) * fbScale)},
                pixelSize);
            render::ViewOptions then = view;
            then.overlays = &m_mapMode.composeThenOverlays();
            then.hoveredStructure = -1;
            m_ctx.renderer->draw(m_ctx.body, m_ctx.camera, pixelSize, then);
            render::endWindowViewport(windowSize);
            view.overlays = &m_ctx.frameOverlays;
        }
    }

    // What the viewport draws over the body: the simulation while it runs (with the map's
    // pins to aim at), otherwise the map's marks.
    void composeOverlays() {
        if (m_simulateMode.composeOverlays(m_ctx.frameOverlays))
            m_mapMode.composePinsOver();
        else if (!m_simulateMode.active() && m_learnMode.composeOverlays(m_ctx.frameOverlays))
            return; // a lesson step's or a quiz question's marks
        else
            m_mapMode.composeOverlays();
    }

    void buildFibreLines() {
        if (!m_fibreLinesBuilt) {
            m_ctx.fibreLines = fibreStreamlineOverlay(m_ctx.body);
            m_fibreLinesBuilt = true;
        }
    }

    // Commands from the panels, dropped files and shortcuts: the view's own here, the rest to
    // the mode they belong to.
    void apply(const ui::Command& command) {
        using ui::CommandKind;
        render::ViewOptions& view = m_ctx.view;
        const bool validStructure =
            command.structure >= 0 &&
            command.structure < static_cast<int>(m_ctx.body.structures().size());
        switch (command.kind) {
        case CommandKind::OpenModel:
            if (command.path.empty())
                m_ctx.uiState.fileBrowser.open(std::filesystem::current_path());
            else
                openModel(command.path);
            break;
        case CommandKind::OpenDefaultBody:
            loadDefaultBodyInBackground({});
            break;
        case CommandKind::CancelBackgroundTask: // the task the status bar shows
            if (m_bodyLoad.running())
                m_bodyLoad.cancel();
            else
                m_mapMode.cancelHandout();
            break;
        case CommandKind::SaveScreenshot:
            m_ctx.screenshotRequested = true;
            break;
        case CommandKind::ExportImage:
            if (command.includeUi)
                m_windowExport = command.path;
            else
                exportImage(command.path, {command.width, command.height}, command.flag);
            break;
        case CommandKind::Quit:
            m_ctx.window.requestClose();
            break;
        case CommandKind::SetViewPreset: {
            render::OrbitCamera destination = m_ctx.camera;
            destination.setPreset(command.preset);
            destination.frame(m_ctx.bodyBounds, m_ctx.aspect());
            m_ctx.moveCameraTo(destination);
            break;
        }
        case CommandKind::FrameAll:
            m_ctx.moveCameraTo(m_ctx.camera.framing(m_ctx.bodyBounds, m_ctx.aspect()));
            break;
        case CommandKind::FrameStructure:
            m_ctx.frameStructure(command.structure);
            break;
        case CommandKind::SelectStructure:
            view.selectedStructure = validStructure ? command.structure : -1;
            break;
        case CommandKind::SetLayerVisible:
            view.layerVisible[static_cast<size_t>(command.layer)] = command.flag;
            break;
        case CommandKind::SetLayerOpacity:
            view.layerOpacity[static_cast<size_t>(command.layer)] =
                std::clamp(command.value, 0.0f, 1.0f);
            break;
        case CommandKind::SetStructureVisible:
            if (validStructure)
                view.structure(static_cast<size_t>(command.structure)).visible = command.flag;
            break;
        case CommandKind::SetStructureOpacity:
            if (validStructure)
                view.structure(static_cast<size_t>(command.structure)).opacity =
                    std::min(command.value, 1.0f);
            break;
        case CommandKind::Isolate:
            render::isolateStructures(view, command.structures);
            break;
        case CommandKind::PeelLayer:
            if (const auto peeled = render::peelOutermostLayer(view, m_ctx.body))
                m_ctx.status =
                    "Peeled " + std::string(anatomy::layerDisplayName(*peeled)) + " (R restores)";
            break;
        case CommandKind::RestoreLayers:
            render::restoreAllLayers(view);
            m_ctx.status = "All layers shown";
            break;
        case CommandKind::SetXray:
            view.xray = command.flag;
            break;
        case CommandKind::SetClip:
            view.clip = command.clip;
            break;
        case CommandKind::SetFibreSheen:
            view.fibreSheen = command.flag;
            break;
        case CommandKind::SetFibreLines:
            m_fibreLines = command.flag;
            if (m_fibreLines) {
                buildFibreLines();
            } else {
                m_ctx.fibreLines.clear();
                m_fibreLinesBuilt = false;
            }
            break;
        case CommandKind::SetFasciaNetwork:
            view.fasciaNetwork = command.flag;
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
        case CommandKind::SimAddSession:
        case CommandKind::SetSimTimeScale:
        case CommandKind::SetSimMagnification:
            m_simulateMode.applyCommand(command);
            break;
        case CommandKind::StartLesson:
        case CommandKind::GoToStep:
        case CommandKind::LeaveLesson:
        case CommandKind::StartQuiz:
        case CommandKind::AnswerQuestion:
        case CommandKind::NextQuestion:
        case CommandKind::LeaveQuiz:
        case CommandKind::SetProfile:
        case CommandKind::StartPalpation:
        case CommandKind::SetPalpationPressure:
        case CommandKind::MarkRestriction:
        case CommandKind::SetMarkSeverity:
        case CommandKind::DeleteMark:
        case CommandKind::RevealPalpation:
        case CommandKind::LeavePalpation:
            m_learnMode.applyCommand(command);
            break;
        default:
            m_mapMode.applyCommand(command);
            break;
        }
    }

    ViewerContext m_ctx;
    ViewerMapMode m_mapMode;
    ViewerSimulateMode m_simulateMode;
    ViewerLearnMode m_learnMode;
    ViewerInput m_input;
    BackgroundBodyLoad m_bodyLoad;
    bool m_loadingModelFile = false; // the load under way opens a file (not the default body)
    bool m_fibreLines = false;       // the fibre streamlines are shown
    bool m_fibreLinesBuilt = false;
    bool m_needsFraming = true;
    std::string m_lessonToOpen;  // from the command line, opened with the body's first view
    glm::vec2 m_besideMin{0.0f}; // the left half's corner when two sessions are side by side
    std::optional<std::string> m_windowExport;
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
