#include "app/Viewer.h"

#include "anatomy/Bvh.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/ModelLoader.h"
#include "core/Log.h"
#include "platform/Window.h"
#include "render/Image.h"
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

namespace app {
namespace {

// A readable TrueType font from Debian's fonts-dejavu-core; ImGui's bitmap font is the fallback.
void loadFont(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    for (const char* path :
         {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
          "/usr/local/share/fonts/DejaVuSans.ttf"}) {
        std::error_code ec;
        if (std::filesystem::exists(path, ec) &&
            io.Fonts->AddFontFromFileTTF(path, 16.0f * scale)) {
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
    explicit ViewerApp(platform::Window& window) : m_window(window) {}

    core::Status initialise(const ViewerOptions& options) {
        auto renderer = render::Renderer::create();
        if (!renderer)
            return renderer.error();
        m_renderer = std::move(*renderer);
        if (options.modelPath.empty()) {
            setBody(anatomy::gen::generateBody());
        } else {
            auto body = anatomy::io::loadModel(options.modelPath);
            if (!body)
                return body.error();
            setBody(std::move(*body));
        }
        return core::Ok{};
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
        m_body = std::move(body);
        m_bvh = anatomy::BodyBvh(m_body);
        m_view.hoveredStructure = m_view.selectedStructure = -1;
        m_camera.setPreset(render::ViewPreset::Anterior);
        m_needsFraming = true;
        m_window.setTitle("FasciaLab — " + m_body.sourcePath);
    }

    void frame(float frameTimeMs, float uiScale) {
        ImGuiIO& io = ImGui::GetIO();
        for (const std::string& path : m_window.takeDroppedPaths())
            openModel(path);

        const ui::Layout layout = ui::computeLayout(io.DisplaySize, uiScale);
        const glm::vec2 viewportMin(layout.viewportMin.x, layout.viewportMin.y);
        const glm::vec2 viewportSize(layout.viewportMax.x - layout.viewportMin.x,
                                     layout.viewportMax.y - layout.viewportMin.y);
        if (m_needsFraming) {
            m_camera.frame(m_body.bounds(), viewportSize.x / std::max(viewportSize.y, 1.0f));
            m_needsFraming = false;
        }

        ui::UiModel model;
        model.body = &m_body;
        model.view = &m_view;
        model.hoveredStructure = m_view.hoveredStructure;
        model.selectedStructure = m_view.selectedStructure;
        model.frameTimeMs = frameTimeMs;
        model.statusMessage = m_status;
        for (const ui::Command& command : ui::drawViewerUi(model, m_uiState, uiScale))
            apply(command, viewportSize);

        handleKeyboard(io, viewportSize);
        handleMouse(io, viewportMin, viewportSize);

        // Draw the body into the viewport between the panels (GL's origin is bottom-left).
        const float fbScale = io.DisplayFramebufferScale.x;
        const int fbHeight = m_window.framebufferHeight();
        const glm::ivec2 pixelSize(std::max(1, int(viewportSize.x * fbScale)),
                                   std::max(1, int(viewportSize.y * fbScale)));
        const glm::ivec2 windowSize(m_window.framebufferWidth(), fbHeight);
        render::beginWindowViewport(windowSize,
                                    {int(viewportMin.x * fbScale),
                                     fbHeight - int((viewportMin.y + viewportSize.y) * fbScale)},
                                    pixelSize);
        m_renderer->draw(m_body, m_camera, pixelSize, m_view);
        render::endWindowViewport(windowSize);
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

    bool screenshotRequested() { return std::exchange(m_screenshotRequested, false); }
    const std::string& status() const { return m_status; }

private:
    void apply(const ui::Command& command, glm::vec2 viewportSize) {
        switch (command.kind) {
        case ui::CommandKind::OpenModel:
            if (command.path.empty())
                m_uiState.fileBrowser.open(std::filesystem::current_path());
            else
                openModel(command.path);
            break;
        case ui::CommandKind::OpenDefaultBody:
            setBody(anatomy::gen::generateBody());
            break;
        case ui::CommandKind::SaveScreenshot:
            m_screenshotRequested = true;
            break;
        case ui::CommandKind::Quit:
            m_window.requestClose();
            break;
        case ui::CommandKind::SetViewPreset:
            m_camera.setPreset(command.preset);
            m_camera.frame(m_body.bounds(), viewportSize.x / std::max(viewportSize.y, 1.0f));
            break;
        case ui::CommandKind::FrameAll:
            m_camera.frame(m_body.bounds(), viewportSize.x / std::max(viewportSize.y, 1.0f));
            break;
        case ui::CommandKind::SelectStructure:
            m_view.selectedStructure = command.structure;
            break;
        case ui::CommandKind::SetLayerVisible:
            m_view.layerVisible[static_cast<size_t>(command.layer)] = command.flag;
            break;
        case ui::CommandKind::SetLayerOpacity:
            m_view.layerOpacity[static_cast<size_t>(command.layer)] = command.value;
            break;
        }
    }

    void handleKeyboard(const ImGuiIO& io, glm::vec2 viewportSize) {
        if (io.WantCaptureKeyboard)
            return;
        auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
        const bool ctrl = io.KeyCtrl;
        if (ctrl && pressed(GLFW_KEY_O))
            apply({ui::CommandKind::OpenModel}, viewportSize);
        if (ctrl && pressed(GLFW_KEY_Q))
            m_window.requestClose();
        if (pressed(GLFW_KEY_F12))
            m_screenshotRequested = true;
        if (!ctrl && pressed(GLFW_KEY_F))
            apply({ui::CommandKind::FrameAll}, viewportSize);
        const render::ViewPreset presets[] = {
            render::ViewPreset::Anterior, render::ViewPreset::Posterior, render::ViewPreset::Left,
            render::ViewPreset::Right, render::ViewPreset::Superior};
        for (int i = 0; i < 5; ++i)
            if (!ctrl && pressed(GLFW_KEY_1 + i)) {
                ui::Command c{ui::CommandKind::SetViewPreset};
                c.preset = presets[i];
                apply(c, viewportSize);
            }
        // Arrow keys orbit, +/- zoom: the camera works without a mouse too.
        const float step = 0.04f;
        if (ImGui::IsKeyDown(GLFW_KEY_LEFT))
            m_camera.orbit(-step, 0);
        if (ImGui::IsKeyDown(GLFW_KEY_RIGHT))
            m_camera.orbit(step, 0);
        if (ImGui::IsKeyDown(GLFW_KEY_UP))
            m_camera.orbit(0, step);
        if (ImGui::IsKeyDown(GLFW_KEY_DOWN))
            m_camera.orbit(0, -step);
        if (ImGui::IsKeyDown(GLFW_KEY_EQUAL) || ImGui::IsKeyDown(GLFW_KEY_KP_ADD))
            m_camera.zoom(0.97f);
        if (ImGui::IsKeyDown(GLFW_KEY_MINUS) || ImGui::IsKeyDown(GLFW_KEY_KP_SUBTRACT))
            m_camera.zoom(1.03f);
    }

    void handleMouse(const ImGuiIO& io, glm::vec2 viewportMin, glm::vec2 viewportSize) {
        const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
        const glm::vec2 local = mouse - viewportMin;
        const bool inViewport =
            local.x >= 0 && local.y >= 0 && local.x < viewportSize.x && local.y < viewportSize.y;
        // ImGui gets the mouse first; the camera only sees what ImGui does not want.
        if (io.WantCaptureMouse || !inViewport) {
            if (!ImGui::IsAnyMouseDown())
                m_view.hoveredStructure = -1;
            return;
        }
        const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
        const bool panning = ImGui::IsMouseDown(ImGuiMouseButton_Right) ||
                             ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                             (ImGui::IsMouseDown(ImGuiMouseButton_Left) && io.KeyShift);
        if (panning)
            m_camera.pan(delta.x / viewportSize.y, delta.y / viewportSize.y);
        else if (ImGui::IsMouseDown(ImGuiMouseButton_Left))
            m_camera.orbit(-delta.x * 0.008f, delta.y * 0.008f);
        if (io.MouseWheel != 0.0f)
            m_camera.zoom(std::pow(0.88f, io.MouseWheel));

        // Picking: hover every frame the mouse moves, select on a click that did not drag.
        const core::Ray ray = m_camera.rayThroughPixel(local, viewportSize);
        auto visible = [this](int s) {
            const auto layer = m_body.structures()[static_cast<size_t>(s)].layer;
            return m_view.visible(layer) && m_view.opacity(layer) > 0.05f;
        };
        const auto hit = m_bvh.intersect(ray, visible);
        m_view.hoveredStructure = hit ? hit->point.structure : -1;
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
            ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0.0f &&
            ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0.0f)
            m_view.selectedStructure = m_view.hoveredStructure;
    }

    platform::Window& m_window;
    std::unique_ptr<render::Renderer> m_renderer;
    anatomy::Body m_body;
    anatomy::BodyBvh m_bvh;
    render::OrbitCamera m_camera;
    render::ViewOptions m_view;
    ui::UiState m_uiState;
    std::string m_status;
    bool m_needsFraming = true;
    bool m_screenshotRequested = false;
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
        while (result && !(*window)->shouldClose()) {
            (*window)->pollEvents();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            app.frame(frameTimeMs, scale);
            ImGui::Render();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ++frameIndex;
            // A few frames let ImGui settle its layout before a scripted screenshot.
            if (!options.screenshotAndQuit.empty() && frameIndex == 4) {
                app.saveScreenshot(options.screenshotAndQuit);
                if (app.status().rfind("Saved", 0) != 0)
                    result = core::badInput(app.status());
                (*window)->requestClose();
            }
            if (app.screenshotRequested())
                app.saveScreenshot(timestampedScreenshotName());
            (*window)->swapBuffers();
            const auto now = std::chrono::steady_clock::now();
            const float ms = std::chrono::duration<float, std::milli>(now - last).count();
            frameTimeMs = frameTimeMs == 0.0f ? ms : 0.9f * frameTimeMs + 0.1f * ms;
            last = now;
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return result;
}

} // namespace app
