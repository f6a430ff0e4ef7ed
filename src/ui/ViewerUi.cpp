#include "ui/ViewerUi.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace ui {
namespace {

constexpr float kSidePanelWidth = 290.0f;
constexpr float kInspectorWidth = 300.0f;
constexpr float kStatusBarHeight = 28.0f;

constexpr ImGuiWindowFlags kFixedPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings;

float menuBarHeight() {
    return ImGui::GetFrameHeight();
}

bool containsIgnoringCase(const std::string& text, const char* needle) {
    if (!*needle)
        return true;
    auto it = std::search(
        text.begin(), text.end(), needle, needle + std::strlen(needle), [](char a, char b) {
            return std::tolower((unsigned char)a) == std::tolower((unsigned char)b);
        });
    return it != text.end();
}

void drawMenuBar(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    if (!ImGui::BeginMainMenuBar())
        return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open model...", "Ctrl+O"))
            commands.push_back({CommandKind::OpenModel});
        if (ImGui::MenuItem("Open default body"))
            commands.push_back({CommandKind::OpenDefaultBody});
        ImGui::Separator();
        if (ImGui::MenuItem("Save screenshot", "F12"))
            commands.push_back({CommandKind::SaveScreenshot});
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q"))
            commands.push_back({CommandKind::Quit});
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        const struct {
            const char* label;
            const char* shortcut;
            render::ViewPreset preset;
        } presets[] = {{"Anterior", "1", render::ViewPreset::Anterior},
                       {"Posterior", "2", render::ViewPreset::Posterior},
                       {"Left", "3", render::ViewPreset::Left},
                       {"Right", "4", render::ViewPreset::Right},
                       {"Superior", "5", render::ViewPreset::Superior}};
        for (const auto& p : presets)
            if (ImGui::MenuItem(p.label, p.shortcut)) {
                Command c{CommandKind::SetViewPreset};
                c.preset = p.preset;
                commands.push_back(c);
            }
        ImGui::Separator();
        if (ImGui::MenuItem("Frame all", "F"))
            commands.push_back({CommandKind::FrameAll});
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About FasciaLab"))
            state.showAbout = true;
        ImGui::EndMenu();
    }
    (void)model;
    ImGui::EndMainMenuBar();
}

void drawLayersPanel(const UiModel& model, UiState& state, float scale,
                     std::vector<Command>& commands) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = menuBarHeight();
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(
        ImVec2(kSidePanelWidth * scale, display.y - top - kStatusBarHeight * scale));
    ImGui::Begin("Layers", nullptr, kFixedPanel);
    if (!model.body || !model.view) {
        ImGui::TextDisabled("No model loaded.");
        ImGui::End();
        return;
    }
    ImGui::TextDisabled("Outermost first");
    for (anatomy::LayerKind layer : anatomy::kAllLayers) {
        const size_t count = model.body->structureCount(layer);
        if (count == 0)
            continue;
        ImGui::PushID(static_cast<int>(layer));
        bool visible = model.view->visible(layer);
        const std::string label =
            std::string(anatomy::layerDisplayName(layer)) + " (" + std::to_string(count) + ")";
        if (ImGui::Checkbox(label.c_str(), &visible)) {
            Command c{CommandKind::SetLayerVisible};
            c.layer = layer;
            c.flag = visible;
            commands.push_back(c);
        }
        float opacity = model.view->opacity(layer);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##opacity", &opacity, 0.0f, 1.0f, "opacity %.2f")) {
            Command c{CommandKind::SetLayerOpacity};
            c.layer = layer;
            c.value = opacity;
            commands.push_back(c);
        }
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::Text("Structures");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##filter", "filter by name", state.structureFilter,
                             sizeof state.structureFilter);
    ImGui::BeginChild("structures", ImVec2(0, 0), true);
    const auto& structures = model.body->structures();
    for (size_t i = 0; i < structures.size(); ++i) {
        const anatomy::Structure& s = structures[i];
        if (!containsIgnoringCase(s.displayName, state.structureFilter) &&
            !containsIgnoringCase(s.name, state.structureFilter))
            continue;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(s.displayName.c_str(),
                              model.selectedStructure == static_cast<int>(i))) {
            Command c{CommandKind::SelectStructure};
            c.structure = static_cast<int>(i);
            commands.push_back(c);
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::End();
}

void drawInspector(const UiModel& model, float scale, std::vector<Command>& commands) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = menuBarHeight();
    ImGui::SetNextWindowPos(ImVec2(display.x - kInspectorWidth * scale, top));
    ImGui::SetNextWindowSize(
        ImVec2(kInspectorWidth * scale, display.y - top - kStatusBarHeight * scale));
    ImGui::Begin("Inspector", nullptr, kFixedPanel);
    if (model.body) {
        const core::Aabb box = model.body->bounds();
        const glm::vec3 size = box.size();
        ImGui::TextWrapped("%s", model.body->sourcePath.c_str());
        const size_t count = model.body->structures().size();
        ImGui::Text("%zu %s, %zu triangles", count, count == 1 ? "structure" : "structures",
                    model.body->triangleCount());
        ImGui::Text("%.2f x %.2f x %.2f m", static_cast<double>(size.x),
                    static_cast<double>(size.y), static_cast<double>(size.z));
        if (ImGui::CollapsingHeader("Import notes")) {
            for (const std::string& note : model.body->importNotes)
                ImGui::BulletText("%s", note.c_str());
        }
    }
    ImGui::Separator();
    const int selected = model.selectedStructure;
    if (model.body && selected >= 0 &&
        selected < static_cast<int>(model.body->structures().size())) {
        const anatomy::Structure& s = model.body->structures()[static_cast<size_t>(selected)];
        ImGui::TextWrapped("%s", s.displayName.c_str());
        ImGui::TextDisabled("%s", s.name.c_str());
        ImGui::Text("Layer: %s", std::string(anatomy::layerDisplayName(s.layer)).c_str());
        const char* side = s.side == anatomy::Side::Left    ? "left"
                           : s.side == anatomy::Side::Right ? "right"
                                                            : "midline";
        ImGui::Text("Side: %s", side);
        if (!s.info.latin.empty())
            ImGui::TextWrapped("Latin: %s", s.info.latin.c_str());
        if (!s.info.region.empty())
            ImGui::Text("Region: %s", s.info.region.c_str());
        for (const auto& [title, text] :
             {std::pair{"Origin", &s.info.origin}, std::pair{"Insertion", &s.info.insertion},
              std::pair{"Action", &s.info.action}, std::pair{"Innervation", &s.info.innervation}}) {
            if (text->empty())
                continue;
            ImGui::Spacing();
            ImGui::TextDisabled("%s", title);
            ImGui::TextWrapped("%s", text->c_str());
        }
        ImGui::Spacing();
        ImGui::Text("%zu triangles, %zu vertices", s.mesh.triangleCount(), s.mesh.vertexCount());
        if (ImGui::Button("Clear selection")) {
            Command c{CommandKind::SelectStructure};
            c.structure = -1;
            commands.push_back(c);
        }
    } else {
        ImGui::TextDisabled("Click a structure to inspect it.");
    }
    ImGui::End();
}

void drawStatusBar(const UiModel& model, float scale) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, display.y - kStatusBarHeight * scale));
    ImGui::SetNextWindowSize(ImVec2(display.x, kStatusBarHeight * scale));
    ImGui::Begin("Status", nullptr,
                 kFixedPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
    ImGui::Text("%.1f ms", static_cast<double>(model.frameTimeMs));
    ImGui::SameLine(90 * scale);
    std::string hovered = "—";
    if (model.body && model.hoveredStructure >= 0 &&
        model.hoveredStructure < static_cast<int>(model.body->structures().size()))
        hovered = model.body->structures()[static_cast<size_t>(model.hoveredStructure)].displayName;
    ImGui::Text("Under cursor: %s", hovered.c_str());
    ImGui::SameLine(430 * scale);
    if (!model.statusMessage.empty())
        ImGui::TextUnformatted(model.statusMessage.c_str());
    else
        ImGui::TextDisabled("%s", kDisclaimer);
    ImGui::End();
}

void drawAbout(UiState& state) {
    if (state.showAbout) {
        ImGui::OpenPopup("About FasciaLab");
        state.showAbout = false;
    }
    if (ImGui::BeginPopupModal("About FasciaLab", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("FasciaLab 0.1 — interactive 3D anatomy and fascia visualizer");
        ImGui::Spacing();
        ImGui::TextUnformatted(kDisclaimer);
        ImGui::TextUnformatted("It does not assess, diagnose or treat any condition.");
        ImGui::Spacing();
        ImGui::TextDisabled("Human Reference Atlas models: HuBMAP consortium, CC BY 4.0.");
        if (ImGui::Button("Close"))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

} // namespace

Layout computeLayout(ImVec2 displaySize, float uiScale) {
    const float top = ImGui::GetCurrentContext() ? menuBarHeight() : 0.0f;
    Layout layout;
    layout.viewportMin = ImVec2(kSidePanelWidth * uiScale, top);
    layout.viewportMax =
        ImVec2(std::max(layout.viewportMin.x + 1, displaySize.x - kInspectorWidth * uiScale),
               std::max(top + 1, displaySize.y - kStatusBarHeight * uiScale));
    return layout;
}

std::vector<Command> drawViewerUi(const UiModel& model, UiState& state, float uiScale) {
    std::vector<Command> commands;
    drawMenuBar(model, state, commands);
    drawLayersPanel(model, state, uiScale, commands);
    drawInspector(model, uiScale, commands);
    drawStatusBar(model, uiScale);
    drawAbout(state);
    if (auto path = state.fileBrowser.draw(uiScale)) {
        Command c{CommandKind::OpenModel};
        c.path = *path;
        commands.push_back(c);
    }
    return commands;
}

} // namespace ui
