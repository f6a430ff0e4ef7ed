// ui: the viewer's ImGui panels. They read a snapshot of app state (UiModel) and return the
// user's intentions as commands; they never touch GL or change app state themselves.
#pragma once

#include "anatomy/Body.h"
#include "render/Camera.h"
#include "render/Renderer.h"
#include "ui/FileBrowser.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ui {

enum class CommandKind {
    OpenModel, // path
    OpenDefaultBody,
    SaveScreenshot,
    Quit,
    SetViewPreset, // preset
    FrameAll,
    SelectStructure, // structure (-1 clears)
    SetLayerVisible, // layer, flag
    SetLayerOpacity, // layer, value
};

struct Command {
    Command(CommandKind k) : kind(k) {} // NOLINT: implicit so panels can push {kind}
    CommandKind kind;
    std::string path;
    render::ViewPreset preset = render::ViewPreset::Anterior;
    int structure = -1;
    anatomy::LayerKind layer = anatomy::LayerKind::Skin;
    bool flag = false;
    float value = 0.0f;
};

struct UiModel {
    const anatomy::Body* body = nullptr;
    const render::ViewOptions* view = nullptr;
    int hoveredStructure = -1;
    int selectedStructure = -1;
    float frameTimeMs = 0.0f;
    std::string statusMessage;
};

// Where the panels sit, so the app can fit the 3D viewport between them.
struct Layout {
    ImVec2 viewportMin, viewportMax; // in ImGui (window) coordinates
};
Layout computeLayout(ImVec2 displaySize, float uiScale);

// State the panels keep between frames (open dialogs, filters).
struct UiState {
    FileBrowser fileBrowser;
    char structureFilter[128] = "";
    bool showAbout = false;
};

// Draws every panel for one frame; returns what the user asked for.
std::vector<Command> drawViewerUi(const UiModel& model, UiState& state, float uiScale);

// The product's stance, shown in the About box and the status bar.
inline constexpr const char* kDisclaimer =
    "FasciaLab is a teaching and communication tool, not a diagnostic device.";

} // namespace ui
