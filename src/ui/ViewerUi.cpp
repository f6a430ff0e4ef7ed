#include "ui/ViewerUi.h"

#include "anatomy/Search.h"
#include "render/ColorMap.h"
#include "ui/Inspector.h"
#include "ui/LabelLayout.h"
#include "ui/LearnPanel.h"
#include "ui/MapPanels.h"
#include "ui/SimulatePanel.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <utility>

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

Command structureCommand(CommandKind kind, int structure) {
    Command c{kind};
    c.structure = structure;
    return c;
}

void pushFlag(std::vector<Command>& commands, CommandKind kind, bool flag) {
    Command c{kind};
    c.flag = flag;
    commands.push_back(c);
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
        if (ImGui::MenuItem("New map"))
            commands.push_back({CommandKind::NewMap});
        if (ImGui::MenuItem("Open map..."))
            commands.push_back({CommandKind::OpenMap});
        if (ImGui::MenuItem("Save map", "Ctrl+S", false, model.map.document != nullptr))
            commands.push_back({CommandKind::SaveMap});
        if (ImGui::MenuItem("Save map as...", nullptr, false, model.map.document != nullptr))
            state.showSaveAs = true;
        if (ImGui::MenuItem("Export annotated glTF", nullptr, false,
                            model.map.document != nullptr)) {
            Command c{CommandKind::ExportAnnotatedGltf};
            c.path = "fascialab-annotated.glb";
            commands.push_back(c);
        }
        if (ImGui::MenuItem("Write patient handout (PDF)...", nullptr, false,
                            model.map.document != nullptr))
            state.showHandout = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Save screenshot", "F12"))
            commands.push_back({CommandKind::SaveScreenshot});
        if (ImGui::MenuItem("Export image..."))
            state.showExport = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q"))
            commands.push_back({CommandKind::Quit});
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        const MapModel& map = model.map;
        const std::string undo =
            map.historyPosition > 0 ? "Undo " + map.history[map.historyPosition - 1] : "Undo";
        const std::string redo = map.historyPosition < map.history.size()
                                     ? "Redo " + map.history[map.historyPosition]
                                     : "Redo";
        if (ImGui::MenuItem(undo.c_str(), "Ctrl+Z", false, map.historyPosition > 0))
            commands.push_back({CommandKind::Undo});
        if (ImGui::MenuItem(redo.c_str(), "Ctrl+Shift+Z", false,
                            map.historyPosition < map.history.size()))
            commands.push_back({CommandKind::Redo});
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
        if (ImGui::MenuItem("Frame all", "A"))
            commands.push_back({CommandKind::FrameAll});
        if (ImGui::MenuItem("Frame selection", "F", false, model.selectedStructure >= 0)) {
            commands.push_back(
                structureCommand(CommandKind::FrameStructure, model.selectedStructure));
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Peel outermost layer", "P"))
            commands.push_back({CommandKind::PeelLayer});
        if (ImGui::MenuItem("Restore all layers", "R"))
            commands.push_back({CommandKind::RestoreLayers});
        if (model.view && ImGui::MenuItem("X-ray", "X", model.view->xray))
            pushFlag(commands, CommandKind::SetXray, !model.view->xray);
        if (ImGui::MenuItem("Find structure...", "Ctrl+F"))
            state.focusSearch = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Simulate release", nullptr, model.simulate.active,
                            model.body && !model.body->structures().empty())) {
            pushFlag(commands, CommandKind::SetSimulate, !model.simulate.active);
            state.showTab = 3;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About FasciaLab"))
            state.showAbout = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void drawLayerRows(const UiModel& model, std::vector<Command>& commands) {
    ImGui::TextDisabled("Layers, outermost first");
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
    if (ImGui::Button("Peel"))
        commands.push_back({CommandKind::PeelLayer});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Hide the outermost visible layer (P)");
    ImGui::SameLine();
    if (ImGui::Button("Restore"))
        commands.push_back({CommandKind::RestoreLayers});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Show every layer again (R)");
    ImGui::SameLine();
    bool xray = model.view->xray;
    if (ImGui::Checkbox("X-ray", &xray))
        pushFlag(commands, CommandKind::SetXray, xray);
    if (!model.view->isolated.empty()) {
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.45f, 1.0f), "Isolated: %zu",
                           model.view->isolated.size());
        ImGui::SameLine();
        if (ImGui::SmallButton("Show all"))
            commands.push_back({CommandKind::Isolate});
    }
}

void drawClipControls(const UiModel& model, std::vector<Command>& commands) {
    render::ClipPlane clip = model.view->clip;
    bool changed = ImGui::Checkbox("Cut (clipping plane)", &clip.enabled);
    if (clip.enabled) {
        const char* axes[] = {"Sagittal", "Coronal", "Transverse"};
        int axis = static_cast<int>(clip.axis);
        ImGui::SetNextItemWidth(120);
        if (ImGui::Combo("##axis", &axis, axes, 3)) {
            clip.axis = static_cast<render::ClipAxis>(axis);
            clip.offsetM = model.bodyBounds.center()[render::clipAxisComponent(clip.axis)];
            changed = true;
        }
        ImGui::SameLine();
        changed |= ImGui::Checkbox("Flip", &clip.flipped);
        const core::Aabb& box = model.bodyBounds;
        const int component = render::clipAxisComponent(clip.axis);
        ImGui::SetNextItemWidth(-1);
        changed |= ImGui::SliderFloat("##offset", &clip.offsetM, box.min[component],
                                      box.max[component], "at %.3f m");
        ImGui::TextDisabled("Ctrl+drag in the view moves the cut");
    }
    if (changed) {
        Command c{CommandKind::SetClip};
        c.clip = clip;
        commands.push_back(c);
    }
}

void drawFasciaControls(const UiModel& model, std::vector<Command>& commands) {
    bool sheen = model.view->fibreSheen;
    if (ImGui::Checkbox("Fibre sheen", &sheen))
        pushFlag(commands, CommandKind::SetFibreSheen, sheen);
    ImGui::SameLine();
    bool lines = model.fibreLines;
    if (ImGui::Checkbox("Fibre lines", &lines))
        pushFlag(commands, CommandKind::SetFibreLines, lines);
    bool network = model.view->fasciaNetwork;
    if (ImGui::Checkbox("Fascia as particles and edges", &network))
        pushFlag(commands, CommandKind::SetFasciaNetwork, network);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The network the fascia simulation works on");
}

void drawStructureRow(const UiModel& model, int index, std::vector<Command>& commands) {
    const anatomy::Structure& s = model.body->structures()[static_cast<size_t>(index)];
    ImGui::PushID(index);
    const size_t i = static_cast<size_t>(index);
    bool visible = i >= model.view->structures.size() || model.view->structures[i].visible;
    if (ImGui::Checkbox("##visible", &visible)) {
        Command c{CommandKind::SetStructureVisible};
        c.structure = index;
        c.flag = visible;
        commands.push_back(c);
    }
    ImGui::SameLine();
    std::string label = s.displayName;
    if (s.side != anatomy::Side::Midline)
        label += s.side == anatomy::Side::Left ? " (L)" : " (R)";
    if (ImGui::Selectable(label.c_str(), model.selectedStructure == index)) {
        commands.push_back(structureCommand(CommandKind::SelectStructure, index));
    }
    if (ImGui::BeginPopupContextItem("structure menu")) {
        if (ImGui::MenuItem("Frame")) {
            commands.push_back(structureCommand(CommandKind::FrameStructure, index));
        }
        if (ImGui::MenuItem("Isolate")) {
            Command c{CommandKind::Isolate};
            c.structures = {index};
            commands.push_back(c);
        }
        if (ImGui::MenuItem("Hide")) {
            commands.push_back(structureCommand(CommandKind::SetStructureVisible, index));
        }
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

void drawSearchBox(UiState& state) {
    ImGui::SetNextItemWidth(-1);
    if (state.focusSearch) {
        ImGui::SetKeyboardFocusHere();
        state.focusSearch = false;
    }
    state.searchEntered =
        ImGui::InputTextWithHint("##search", "Find a structure (Ctrl+F)", state.search,
                                 sizeof state.search, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Checkbox("Isolate what I find", &state.isolateOnJump);
}

// Search results while there is search text, every structure otherwise.
void drawStructureList(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    const bool searching = state.search[0] != '\0';
    const bool entered = std::exchange(state.searchEntered, false);
    auto jump = [&](int index) {
        commands.push_back(structureCommand(CommandKind::SelectStructure, index));
        commands.push_back(structureCommand(CommandKind::FrameStructure, index));
        if (state.isolateOnJump) {
            Command isolate{CommandKind::Isolate};
            isolate.structures = {index};
            commands.push_back(isolate);
        }
    };
    ImGui::BeginChild("structures", ImVec2(0, 0), true);
    if (searching) {
        UiState::SearchCache& cache = state.searchCache;
        if (cache.query != state.search || cache.bodyUid != model.body->uid() ||
            cache.structureCount != model.body->structures().size()) {
            cache.query = state.search;
            cache.bodyUid = model.body->uid();
            cache.structureCount = model.body->structures().size();
            cache.found = searchResults(*model.body, state.search);
        }
        const std::vector<int>& found = cache.found;
        if (found.empty())
            ImGui::TextDisabled("Nothing matches \"%s\"", state.search);
        if (entered && !found.empty())
            jump(found.front());
        for (int index : found) {
            ImGui::PushID(index);
            const anatomy::Structure& s = model.body->structures()[static_cast<size_t>(index)];
            std::string label = s.displayName;
            if (s.side != anatomy::Side::Midline)
                label += s.side == anatomy::Side::Left ? " (left)" : " (right)";
            if (ImGui::Selectable(label.c_str(), model.selectedStructure == index))
                jump(index);
            if (!s.info.latin.empty()) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", s.info.latin.c_str());
            }
            ImGui::PopID();
        }
    } else {
        for (size_t i = 0; i < model.body->structures().size(); ++i)
            drawStructureRow(model, static_cast<int>(i), commands);
    }
    ImGui::EndChild();
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
    drawSearchBox(state);
    ImGui::Separator();
    drawLayerRows(model, commands);
    ImGui::Separator();
    drawClipControls(model, commands);
    ImGui::Separator();
    drawFasciaControls(model, commands);
    ImGui::Separator();
    drawStructureList(model, state, commands);
    ImGui::End();
}

// Structures of the same muscle or region as `index` (a "group" to isolate).
std::vector<int> sameName(const anatomy::Body& body, int index) {
    std::vector<int> group;
    const auto& structures = body.structures();
    for (size_t i = 0; i < structures.size(); ++i)
        if (structures[i].name == structures[static_cast<size_t>(index)].name &&
            structures[i].layer == structures[static_cast<size_t>(index)].layer)
            group.push_back(static_cast<int>(i));
    return group;
}

std::vector<int> sameRegion(const anatomy::Body& body, int index) {
    std::vector<int> group;
    const auto& structures = body.structures();
    const std::string& region = structures[static_cast<size_t>(index)].info.region;
    for (size_t i = 0; i < structures.size(); ++i)
        if (!region.empty() && structures[i].info.region == region)
            group.push_back(static_cast<int>(i));
    return group;
}

void drawSelectionActions(const UiModel& model, int selected, std::vector<Command>& commands) {
    auto push = [&](CommandKind kind, std::vector<int> structures = {}) {
        Command c{kind};
        c.structure = selected;
        c.structures = std::move(structures);
        commands.push_back(c);
    };
    if (ImGui::Button("Frame"))
        push(CommandKind::FrameStructure);
    ImGui::SameLine();
    if (ImGui::Button("Isolate"))
        push(CommandKind::Isolate, {selected});
    ImGui::SameLine();
    if (ImGui::Button("Hide"))
        push(CommandKind::SetStructureVisible); // flag false: hide
    if (ImGui::Button("Isolate both sides"))
        push(CommandKind::Isolate, sameName(*model.body, selected));
    ImGui::SameLine();
    const auto region = sameRegion(*model.body, selected);
    if (!region.empty() && ImGui::Button("Isolate region"))
        push(CommandKind::Isolate, region);
    const size_t index = static_cast<size_t>(selected);
    float opacity =
        index < model.view->structures.size() && model.view->structures[index].opacity >= 0
            ? model.view->structures[index].opacity
            : model.view->opacity(model.body->structures()[index].layer);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##structure opacity", &opacity, 0.0f, 1.0f, "opacity %.2f")) {
        Command c{CommandKind::SetStructureOpacity};
        c.structure = selected;
        c.value = opacity;
        commands.push_back(c);
    }
    if (ImGui::Button("Clear selection")) {
        commands.push_back(structureCommand(CommandKind::SelectStructure, -1));
    }
}

void drawStructureTab(const UiModel& model, std::vector<Command>& commands);

void drawInspector(const UiModel& model, UiState& state, float scale,
                   std::vector<Command>& commands) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = menuBarHeight();
    ImGui::SetNextWindowPos(ImVec2(display.x - kInspectorWidth * scale, top));
    ImGui::SetNextWindowSize(
        ImVec2(kInspectorWidth * scale, display.y - top - kStatusBarHeight * scale));
    ImGui::Begin("Inspector", nullptr, kFixedPanel);
    if (!ImGui::BeginTabBar("InspectorTabs")) {
        ImGui::End();
        return;
    }
    auto flags = [&](int tab) {
        return state.showTab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    const int requested = std::exchange(state.showTab, -1);
    state.showTab = requested; // read by flags() below, cleared after this frame
    if (ImGui::BeginTabItem("Structure", nullptr, flags(0))) {
        drawStructureTab(model, commands);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Map", nullptr, flags(1))) {
        drawMapTab(model, state, commands);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Library", nullptr, flags(2))) {
        drawLibraryTab(model, state, commands);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Simulate", nullptr, flags(3))) {
        drawSimulateTab(model, commands);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Learn", nullptr, flags(4))) {
        drawLearnTab(model, state, commands);
        ImGui::EndTabItem();
    }
    state.showTab = -1;
    ImGui::EndTabBar();
    ImGui::End();
}

void drawStructureTab(const UiModel& model, std::vector<Command>& commands) {
    if (model.body) {
        const glm::vec3 size = model.bodyBounds.size();
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
    if (model.body && model.view && selected >= 0 &&
        selected < static_cast<int>(model.body->structures().size())) {
        const anatomy::Structure& s = model.body->structures()[static_cast<size_t>(selected)];
        ImGui::TextWrapped("%s", s.displayName.c_str());
        ImGui::TextDisabled("%s", s.name.c_str());
        for (const InspectorLine& line : inspectorLines(s)) {
            if (line.paragraph) {
                ImGui::Spacing();
                ImGui::TextDisabled("%s", line.label.c_str());
                ImGui::TextWrapped("%s", line.text.c_str());
            } else {
                ImGui::TextWrapped("%s: %s", line.label.c_str(), line.text.c_str());
            }
        }
        ImGui::Spacing();
        ImGui::Text("%zu triangles, %zu vertices", s.mesh.triangleCount(), s.mesh.vertexCount());
        drawSelectionActions(model, selected, commands);
    } else {
        ImGui::TextDisabled("Click a structure to inspect it.");
    }
}

void drawStatusBar(const UiModel& model, float scale, std::vector<Command>& commands) {
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
    if (model.task) {
        // Work that takes more than a frame: how far it is, and a way to stop it.
        const UiModel::BackgroundTask& task = *model.task;
        const std::string label = task.title + (task.stage.empty() ? "" : ": " + task.stage) +
                                  (task.cancelling ? " (cancelling...)" : "");
        ImGui::SetNextItemWidth(160 * scale);
        ImGui::ProgressBar(std::clamp(task.done, 0.0f, 1.0f), ImVec2(160 * scale, 0));
        ImGui::SameLine();
        ImGui::BeginDisabled(task.cancelling);
        if (ImGui::SmallButton("Cancel"))
            commands.push_back({CommandKind::CancelBackgroundTask});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.45f, 1.0f), "%s", label.c_str());
    } else if (!model.statusMessage.empty())
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

// The heat map's legend in the viewport's lower left corner: the colour map with its values
// in physical units.
void drawLegend(const UiModel& model, float scale) {
    if (!model.view || !model.view->overlays || model.view->overlays->heatMap.empty())
        return;
    const render::HeatMap& heat = model.view->overlays->heatMap;
    const Layout layout =
        computeLayout(ImGui::GetIO().DisplaySize, scale, model.map.mode == kPresentMapMode);
    const float width = 220 * scale, barHeight = 14 * scale, pad = 10 * scale;
    const ImVec2 origin(layout.viewportMin.x + pad, layout.viewportMax.y - pad - 58 * scale);
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(ImVec2(origin.x - 6 * scale, origin.y - 6 * scale),
                        ImVec2(origin.x + width + 6 * scale, origin.y + 52 * scale),
                        IM_COL32(20, 22, 26, 210), 4.0f * scale);
    const std::string title = heat.quantity + " (" + heat.unit + ")";
    draw->AddText(origin, IM_COL32(230, 230, 230, 255), title.c_str());
    const float barTop = origin.y + 18 * scale;
    constexpr int kSegments = 32;
    for (int i = 0; i < kSegments; ++i) {
        const glm::vec3 left = render::viridis(float(i) / kSegments);
        const glm::vec3 right = render::viridis(float(i + 1) / kSegments);
        auto color = [](const glm::vec3& c) {
            return IM_COL32(int(c.r * 255.0f + 0.5f), int(c.g * 255.0f + 0.5f),
                            int(c.b * 255.0f + 0.5f), 255);
        };
        const float x0 = origin.x + width * float(i) / kSegments;
        const float x1 = origin.x + width * float(i + 1) / kSegments;
        draw->AddRectFilledMultiColor(ImVec2(x0, barTop), ImVec2(x1, barTop + barHeight),
                                      color(left), color(right), color(right), color(left));
    }
    for (int tick = 0; tick <= 4; ++tick) {
        const float f = float(tick) / 4.0f;
        const float x = origin.x + width * f;
        draw->AddLine(ImVec2(x, barTop + barHeight), ImVec2(x, barTop + barHeight + 4 * scale),
                      IM_COL32(230, 230, 230, 255));
        char text[32];
        std::snprintf(text, sizeof text, "%.0f",
                      static_cast<double>(heat.minimum + f * (heat.maximum - heat.minimum)));
        const float textWidth = ImGui::CalcTextSize(text).x;
        draw->AddText(ImVec2(std::clamp(x - textWidth / 2, origin.x, origin.x + width - textWidth),
                             barTop + barHeight + 5 * scale),
                      IM_COL32(230, 230, 230, 255), text);
    }
}

void drawLabels(const UiModel& model, float scale) {
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    // Each label wants to sit up and to the right of its pin's head; the layout moves those
    // that would cover another, and a leader line joins a moved label to its pin.
    const float padX = 4 * scale, padY = 2 * scale;
    std::vector<LabelRequest> requests;
    requests.reserve(model.labels.size());
    for (const ScreenLabel& label : model.labels) {
        const ImVec2 size = ImGui::CalcTextSize(label.text.c_str());
        LabelRequest request;
        request.wanted.min = {label.position.x + 8 * scale - padX,
                              label.position.y - size.y - 4 * scale - padY};
        request.wanted.max = request.wanted.min + glm::vec2(size.x + 2 * padX, size.y + 2 * padY);
        // Pins in plain sight keep their labels by them; faded ones make way.
        request.priority = label.faded ? 0 : 1;
        requests.push_back(request);
    }
    const Layout layout = computeLayout(ImGui::GetIO().DisplaySize, scale);
    const LabelRect viewport{{layout.viewportMin.x, layout.viewportMin.y},
                             {layout.viewportMax.x, layout.viewportMax.y}};
    const std::vector<LabelPlacement> placed = layOutLabels(requests, 3 * scale, viewport);
    for (size_t i = 0; i < placed.size(); ++i) {
        if (!placed[i].moved)
            continue;
        const ScreenLabel& label = model.labels[i];
        const glm::vec2 pin(label.position.x, label.position.y);
        const glm::vec2 from = leaderStart(placed[i].box, pin);
        const ImU32 colour =
            label.faded ? IM_COL32(235, 235, 235, 90) : IM_COL32(235, 235, 235, 210);
        draw->AddLine(ImVec2(from.x, from.y), label.position, colour, 1.5f * scale);
        draw->AddCircleFilled(label.position, 2.5f * scale, colour);
    }
    for (size_t i = 0; i < placed.size(); ++i) {
        const ScreenLabel& label = model.labels[i];
        const LabelRect& box = placed[i].box;
        const ImU32 background = label.highlighted ? IM_COL32(30, 110, 200, label.faded ? 120 : 230)
                                 : label.faded     ? IM_COL32(20, 22, 26, 90)
                                                   : IM_COL32(20, 22, 26, 200);
        draw->AddRectFilled(ImVec2(box.min.x, box.min.y), ImVec2(box.max.x, box.max.y), background,
                            3.0f);
        draw->AddText(ImVec2(box.min.x + padX, box.min.y + padY),
                      label.faded ? IM_COL32(245, 245, 245, 120) : IM_COL32(245, 245, 245, 255),
                      label.text.c_str());
    }
    for (const ScreenLabel& caption : model.captions) {
        const ImVec2 size = ImGui::CalcTextSize(caption.text.c_str());
        const ImVec2 at(caption.position.x - size.x / 2, caption.position.y + 4);
        draw->AddRectFilled(
            ImVec2(at.x - 8, at.y - 4), ImVec2(at.x + size.x + 8, at.y + size.y + 4),
            caption.highlighted ? IM_COL32(30, 110, 200, 230) : IM_COL32(20, 22, 26, 220), 4.0f);
        draw->AddText(at, IM_COL32(245, 245, 245, 255), caption.text.c_str());
    }
}

void drawHoverTooltip(const UiModel& model) {
    if (!model.body || model.hoveredStructure < 0 ||
        model.hoveredStructure >= static_cast<int>(model.body->structures().size()) ||
        ImGui::GetIO().WantCaptureMouse)
        return;
    const anatomy::Structure& s =
        model.body->structures()[static_cast<size_t>(model.hoveredStructure)];
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(s.displayName.c_str());
    if (!s.info.latin.empty())
        ImGui::TextDisabled("%s", s.info.latin.c_str());
    ImGui::EndTooltip();
}

void drawExportDialog(UiState& state, std::vector<Command>& commands) {
    if (state.showExport) {
        ImGui::OpenPopup("Export image");
        state.showExport = false;
    }
    if (!ImGui::BeginPopupModal("Export image", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::InputText("File", state.exportPath, sizeof state.exportPath);
    ImGui::InputInt("Width", &state.exportWidth, 64);
    ImGui::InputInt("Height", &state.exportHeight, 64);
    state.exportWidth = std::clamp(state.exportWidth, 16, 8192);
    state.exportHeight = std::clamp(state.exportHeight, 16, 8192);
    const struct {
        const char* label;
        int w, h;
    } sizes[] = {{"HD", 1920, 1080}, {"4K", 3840, 2160}, {"Print A4", 2480, 3508}};
    for (const auto& size : sizes) {
        if (ImGui::SmallButton(size.label)) {
            state.exportWidth = size.w;
            state.exportHeight = size.h;
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Checkbox("Transparent background", &state.exportTransparent);
    ImGui::Checkbox("Include the panels (window size)", &state.exportIncludeUi);
    if (ImGui::Button("Export")) {
        Command c{CommandKind::ExportImage};
        c.path = state.exportPath;
        c.width = state.exportWidth;
        c.height = state.exportHeight;
        c.flag = state.exportTransparent;
        c.includeUi = state.exportIncludeUi;
        commands.push_back(c);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace

std::vector<int> searchResults(const anatomy::Body& body, const char* text) {
    std::vector<int> found;
    // A structure once, where it first ranks (the deep fascia may match by several regions).
    for (const anatomy::SearchHit& hit : anatomy::searchStructures(body, text, 40))
        if (std::find(found.begin(), found.end(), hit.structure) == found.end())
            found.push_back(hit.structure);
    return found;
}

Layout computeLayout(ImVec2 displaySize, float uiScale, bool presenting) {
    Layout layout;
    if (presenting) {
        layout.viewportMin = ImVec2(0, 0);
        layout.viewportMax =
            ImVec2(std::max(1.0f, displaySize.x),
                   std::max(1.0f, displaySize.y - kPresentationPanelHeight * uiScale));
        return layout;
    }
    const float top = ImGui::GetCurrentContext() ? menuBarHeight() : 0.0f;
    layout.viewportMin = ImVec2(kSidePanelWidth * uiScale, top);
    layout.viewportMax =
        ImVec2(std::max(layout.viewportMin.x + 1, displaySize.x - kInspectorWidth * uiScale),
               std::max(top + 1, displaySize.y - kStatusBarHeight * uiScale));
    return layout;
}

std::vector<Command> drawViewerUi(const UiModel& model, UiState& state, float uiScale) {
    std::vector<Command> commands;
    if (drawPresentation(model, state, uiScale, commands)) {
        // The patient sees the body, the marks and plain words; no clinical panels.
        drawLegend(model, uiScale);
        drawMapDialogs(model, state, commands);
        return commands;
    }
    drawMenuBar(model, state, commands);
    drawLayersPanel(model, state, uiScale, commands);
    drawInspector(model, state, uiScale, commands);
    drawStatusBar(model, uiScale, commands);
    drawLegend(model, uiScale);
    drawLabels(model, uiScale);
    drawHoverTooltip(model);
    drawAbout(state);
    drawExportDialog(state, commands);
    drawMapDialogs(model, state, commands);
    if (auto path = state.fileBrowser.draw(uiScale)) {
        const bool isMap = path->size() >= 5 && path->compare(path->size() - 5, 5, ".json") == 0;
        Command c{isMap ? CommandKind::OpenMap : CommandKind::OpenModel};
        c.path = *path;
        commands.push_back(c);
    }
    return commands;
}

} // namespace ui
