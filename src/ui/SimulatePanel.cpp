#include "ui/SimulatePanel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ui {

namespace {

// In sim::Technique's order; short, so that the four fit on one line of the panel.
constexpr const char* kTechniqueNames[] = {"Passive", "Active", "Stretch", "Pin"};
constexpr const char* kTechniqueHelp[] = {
    "Sustained pressure where you press; the fascia unwinds by itself.",
    "Held still, the tool strokes along the fibres; drag to stroke your own path.",
    "The tool grips and pulls the tissue the way you drag (along the fibres if you do not).",
    "Pin and stretch: the tool holds the tissue where you press while the client moves (the "
    "head bends away "
    "for the upper trapezius, the knee straightens for the hamstrings): the muscle slides "
    "beneath the hold.",
};
constexpr int kTechniqueCount = 4;

Command valueCommand(CommandKind kind, float value) {
    Command c{kind};
    c.value = value;
    return c;
}

// A series as a line plot with its latest value, from zero to a little above its largest.
void plotSeries(const char* id, const char* title, const char* unit,
                const std::vector<float>* series, float height, float fixedTop = 0.0f) {
    if (!series || series->empty())
        return;
    const float latest = series->back();
    const float top =
        fixedTop > 0.0f ? fixedTop
                        : 1.1f * std::max(*std::max_element(series->begin(), series->end()), 1e-6f);
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%s: %.3g %s", title, static_cast<double>(latest), unit);
    ImGui::PlotLines(id, series->data(), static_cast<int>(series->size()), 0, overlay, 0.0f, top,
                     ImVec2(ImGui::GetContentRegionAvail().x, height));
}

void drawClock(const SimulateModel& sim, std::vector<Command>& commands) {
    if (ImGui::Button(sim.playing ? "Pause" : "Play"))
        commands.push_back([&] {
            Command c{CommandKind::SetSimPlaying};
            c.flag = !sim.playing;
            return c;
        }());
    ImGui::SameLine();
    if (ImGui::Button("Step"))
        commands.push_back({CommandKind::SimStep});
    ImGui::SameLine();
    if (ImGui::Button("Reset"))
        commands.push_back({CommandKind::SimReset});
    ImGui::SameLine();
    ImGui::Text("t = %.1f s", sim.timeS);
    float scale = sim.timeScale;
    if (ImGui::SliderFloat("Time scale", &scale, 0.25f, 8.0f, "%.2fx",
                           ImGuiSliderFlags_Logarithmic))
        commands.push_back(valueCommand(CommandKind::SetSimTimeScale, scale));
    if (sim.playing && sim.achievedRate > 0.0f) {
        if (sim.achievedRate + 0.05f < sim.timeScale)
            ImGui::TextWrapped("Running at %.2fx real time (as fast as this computer can)",
                               static_cast<double>(sim.achievedRate));
        else
            ImGui::TextDisabled("Running at %.2fx real time",
                                static_cast<double>(sim.achievedRate));
    }
}

void drawHand(const SimulateModel& sim, std::vector<Command>& commands) {
    int tool = sim.tool;
    if (!sim.tools.empty() &&
        ImGui::BeginCombo(
            "Tool", sim.tools[static_cast<size_t>(std::clamp(tool, 0, int(sim.tools.size()) - 1))]
                        .c_str())) {
        for (int i = 0; i < static_cast<int>(sim.tools.size()); ++i)
            if (ImGui::Selectable(sim.tools[static_cast<size_t>(i)].c_str(), i == tool)) {
                Command c{CommandKind::SetSimTool};
                c.index = i;
                commands.push_back(c);
            }
        ImGui::EndCombo();
    }
    if (!sim.toolNote.empty())
        ImGui::TextDisabled("%s", sim.toolNote.c_str());
    for (int t = 0; t < kTechniqueCount; ++t) {
        if (t > 0)
            ImGui::SameLine();
        if (ImGui::RadioButton(kTechniqueNames[t], sim.technique == t)) {
            Command c{CommandKind::SetSimTechnique};
            c.index = t;
            commands.push_back(c);
        }
    }
    ImGui::TextWrapped("%s", kTechniqueHelp[std::clamp(sim.technique, 0, kTechniqueCount - 1)]);
    float pressure = sim.pressureKPa;
    if (ImGui::SliderFloat("Pressure", &pressure, sim.minimumKPa, sim.maximumKPa, "%.0f kPa"))
        commands.push_back(valueCommand(CommandKind::SetSimPressure, pressure));
    ImGui::TextWrapped("= %.1f N on the tool; the wheel changes it while you press",
                       static_cast<double>(sim.forceN));
    float magnification = sim.magnification;
    if (ImGui::SliderFloat("Indentation shown", &magnification, 1.0f, 20.0f, "x%.0f"))
        commands.push_back(valueCommand(CommandKind::SetSimMagnification, magnification));
}

void drawFigures(const SimulateModel& sim) {
    if (ImGui::BeginTable("SimulationFigures", 2, ImGuiTableFlags_SizingStretchProp)) {
        auto row = [](const char* name, const char* unit, double value, int decimals) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name);
            ImGui::TableNextColumn();
            ImGui::Text("%.*f %s", decimals, value, unit);
        };
        if (sim.pressing) {
            row("Tissue pushes back", "N", static_cast<double>(sim.toolForceN), 1);
            row("Pressed in", "mm", static_cast<double>(sim.toolDepthMm), 2);
            row("Tension under the tool", "kPa", static_cast<double>(sim.tensionUnderToolKPa), 0);
        }
        row("Restricted tissue, mean", "kPa", static_cast<double>(sim.meanTensionKPa), 0);
        row("Largest anywhere", "kPa", static_cast<double>(sim.maxTensionKPa), 0);
        row("Strain energy", "mJ", 1e3 * sim.strainEnergyJ, 2);
        ImGui::EndTable();
    }
}

void drawPlots(const SimulateModel& sim, std::vector<Command>& commands) {
    if (!ImGui::CollapsingHeader("Plots", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    const float height = 56.0f * ImGui::GetIO().FontGlobalScale * ImGui::GetFontSize() / 16.0f;
    if (sim.timeSeries && !sim.timeSeries->empty())
        ImGui::TextDisabled("Last %.0f s",
                            static_cast<double>(sim.timeSeries->back() - sim.timeSeries->front()));
    plotSeries("##underTool", "Under the tool", "kPa", sim.tensionUnderTool, height);
    plotSeries("##meanTension", "Restricted, mean", "kPa", sim.meanTension, height);
    if (sim.strainEnergy && !sim.strainEnergy->empty()) {
        std::vector<float> millijoules(sim.strainEnergy->begin(), sim.strainEnergy->end());
        for (float& e : millijoules)
            e *= 1e3f;
        plotSeries("##energy", "Strain energy", "mJ", &millijoules, height);
    }
    if (sim.restrictions.empty()) {
        ImGui::TextWrapped("The open session has no trigger points or painted tension on the "
                           "fascia, so nothing is restricted: mark points or paint tension on "
                           "the Map tab, then Reset.");
        return;
    }
    ImGui::TextWrapped("Released (Hold: the tool on that point, hands-free)");
    for (size_t r = 0; r < sim.restrictions.size(); ++r) {
        const SimulateModel::Restriction& restriction = sim.restrictions[r];
        ImGui::PushID(static_cast<int>(r));
        if (ImGui::SmallButton("Hold"))
            commands.push_back([r] {
                Command c{CommandKind::SimHoldOn};
                c.index = static_cast<int>(r);
                return c;
            }());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Hold the tool here, hands-free, at the pressure set above");
        ImGui::SameLine();
        char overlay[160];
        std::snprintf(overlay, sizeof overlay, "%s: %.0f %%", restriction.label.c_str(),
                      static_cast<double>(restriction.releasedPercent));
        if (restriction.history && restriction.history->size() > 1)
            ImGui::PlotLines("##released", restriction.history->data(),
                             static_cast<int>(restriction.history->size()), 0, overlay, 0.0f,
                             100.0f, ImVec2(ImGui::GetContentRegionAvail().x, 0.6f * height));
        else
            ImGui::ProgressBar(restriction.releasedPercent / 100.0f, ImVec2(-1, 0), overlay);
        ImGui::PopID();
    }
}

} // namespace

void drawSimulateTab(const UiModel& model, std::vector<Command>& commands) {
    const SimulateModel& sim = model.simulate;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.80f, 0.55f, 1.0f));
    ImGui::TextWrapped("%s", kSimulationDisclaimer);
    ImGui::PopStyleColor();
    if (!sim.assumptions.empty() && ImGui::CollapsingHeader("Assumptions")) {
        for (const std::string& line : sim.assumptions)
            ImGui::BulletText("%s", line.c_str());
    }
    ImGui::Separator();
    if (!sim.active) {
        ImGui::TextWrapped("Builds the body's deep fascia as a web, with the open session's "
                           "trigger points and painted tension as restrictions; then press "
                           "on it with a tool.");
        if (ImGui::Button("Start simulating", ImVec2(-1, 0)) && model.body &&
            !model.body->structures().empty()) {
            Command c{CommandKind::SetSimulate};
            c.flag = true;
            commands.push_back(c);
        }
        if (!sim.message.empty())
            ImGui::TextWrapped("%s", sim.message.c_str());
        return;
    }
    if (ImGui::Button("Leave Simulate mode", ImVec2(-1, 0))) {
        Command c{CommandKind::SetSimulate};
        c.flag = false;
        commands.push_back(c);
    }
    if (!sim.message.empty())
        ImGui::TextWrapped("%s", sim.message.c_str());
    if (sim.preparing) {
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.45f, 1.0f), "Preparing the fascial web...");
        return;
    }
    ImGui::TextWrapped("%zu particles, %zu triangles, %zu anchored to bone", sim.particles,
                       sim.triangles, sim.anchors);
    ImGui::TextWrapped(
        "Press on the body with the left button: hold to press, drag to stroke. "
        "Drag from beside the body to turn the view, right-drag to pan; the wheel zooms.");
    // Leave room for the labels beside the sliders.
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.58f);
    drawHand(sim, commands);
    ImGui::Separator();
    drawClock(sim, commands);
    ImGui::PopItemWidth();
    ImGui::Separator();
    drawFigures(sim);
    if (sim.pressing && ImGui::Button("Lift the tool"))
        commands.push_back({CommandKind::SimLift});
    drawPlots(sim, commands);
    if (sim.canAddSession) {
        ImGui::Separator();
        if (ImGui::Button("Add as a new session"))
            commands.push_back({CommandKind::SimAddSession});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The map gains a session after the simulated one, with what the "
                              "simulation released where; earlier sessions stay as they are");
    }
}

} // namespace ui
