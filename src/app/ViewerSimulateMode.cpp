// app: the viewer's Simulate mode — entering and leaving it, its commands, the clock, the tool
// under the mouse, the panel's figures and the simulation drawn over the body.
#include "app/ViewerSimulateMode.h"

#include "app/SimulationSetup.h"
#include "app/ViewerMapMode.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace app {

ViewerSimulateMode::ViewerSimulateMode(ViewerContext& context, ViewerMapMode& mapMode)
    : m_context(context), m_mapMode(mapMode) {}

// Simulate mode: the skin and the superficial fascia step aside so the deep fascia the
// simulation works on is seen, and the web of this body and session is built.
void ViewerSimulateMode::enter() {
    if (m_context.body.structures().empty())
        return;
    render::ViewOptions& view = m_context.view;
    const MapEditor& map = m_context.map;
    m_active = true;
    m_layersBefore = view.layerVisible;
    m_opacityBefore = view.layerOpacity;
    for (anatomy::LayerKind layer :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia})
        view.layerVisible[static_cast<size_t>(layer)] = false;
    view.layerVisible[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = true;
    view.layerOpacity[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = 1.0f;
    if (map.mode != MapMode::View) {
        ui::Command c{ui::CommandKind::SetMapMode};
        c.index = static_cast<int>(MapMode::View);
        m_mapMode.applyCommand(c);
    }
    const auto& sessions = map.document().sessions;
    m_simulatedSession = sessions.empty() ? -1 : map.session();
    m_sessionCount = sessions.size();
    m_simulate.prepare(m_context.body,
                       sessions.empty() ? nullptr : &sessions[static_cast<size_t>(map.session())]);
    m_context.uiState.showTab = 3;
    m_context.status = "Preparing the fascial web...";
}

void ViewerSimulateMode::leave() {
    m_simulate.stop();
    m_active = false;
    m_context.view.layerVisible = m_layersBefore;
    m_context.view.layerOpacity = m_opacityBefore;
    if (m_context.drag == ViewerDrag::Press)
        m_context.drag = ViewerDrag::None;
    m_context.status.clear();
}

void ViewerSimulateMode::advance(float realSeconds) {
    if (m_simulate.poll()) {
        ++m_changed;
        m_context.status = m_simulate.message().empty()
                               ? "Ready: press on the fascia (skin and superficial fascia hidden)"
                               : m_simulate.message();
    } else if (!m_simulate.ready() && !m_simulate.preparing() && !m_simulate.message().empty()) {
        m_context.status = m_simulate.message(); // preparing failed
    }
    // At most a frame's share of computing, so the view stays responsive; what is left is
    // caught up in later frames, and the clock slows down when the computer cannot keep up.
    const double seconds = std::min(static_cast<double>(realSeconds), SimulateMode::kLongestFrameS);
    if (m_simulate.advance(seconds, SimulateMode::budgetFor(seconds)) > 0)
        ++m_changed;
}

// The map gains a session right after the simulated one: its marks, its painted tension scaled
// by what the simulation left, and what released where (one undo step). Once only: the web
// carries the simulated session's restrictions, not the new one's.
void ViewerSimulateMode::addSimulatedSession() {
    const sim::Simulation* simulation = m_simulate.simulation();
    MapEditor& map = m_context.map;
    const auto& sessions = map.document().sessions;
    if (!simulation || m_simulatedSession < 0 || sessions.size() != m_sessionCount ||
        static_cast<size_t>(m_simulatedSession) >= sessions.size())
        return;
    const annotate::Session& simulated = sessions[static_cast<size_t>(m_simulatedSession)];
    char treatment[200];
    std::snprintf(treatment, sizeof treatment, "%s, %s, %.0f kPa, %.0f s simulated in the viewer",
                  m_simulate.tools()[m_simulate.toolIndex()].name.c_str(),
                  std::string(sim::techniqueId(m_simulate.technique())).c_str(),
                  static_cast<double>(m_simulate.pressureKPa()), simulation->timeS());
    const int position = m_simulatedSession + 1;
    annotate::Session next = sessionAfterSimulation(simulated, simulation->web(), m_context.body,
                                                    treatment, simulated.date);
    map.perform(annotate::edits::insertSession(map.document(), position, next,
                                               "Session from the simulation"));
    m_simulatedSession = -1;
    m_context.status = "Added session " + std::to_string(position + 1) +
                       " with what the simulation released; the earlier sessions are unchanged";
}

bool ViewerSimulateMode::composeOverlays(render::Overlays& target) {
    if (!m_active || !m_simulate.ready())
        return false;
    // The simulation's tension replaces the painted map; the map mode adds the pins after.
    if (m_drawn != m_changed) {
        render::Overlays composed;
        composed.polylines = m_context.fibreLines;
        m_simulate.fillOverlays(composed, m_magnification);
        composed.revision = m_context.nextOverlaysRevision();
        target = std::move(composed);
        m_drawn = m_changed;
    }
    return true;
}

bool ViewerSimulateMode::press(const glm::vec3& point) {
    if (!m_simulate.press(point)) {
        m_context.status = "No simulated fascia under the cursor";
        return false;
    }
    ++m_changed;
    return true;
}

void ViewerSimulateMode::drag(const glm::vec3& point) {
    m_simulate.drag(point);
    ++m_changed;
}

void ViewerSimulateMode::lift() {
    m_simulate.lift();
    ++m_changed;
}

// 5 kPa a wheel notch.
void ViewerSimulateMode::changePressure(float wheelNotches) {
    setPressure(m_simulate.pressureKPa() + 5.0f * wheelNotches);
}

void ViewerSimulateMode::setPressure(float kPa) {
    const std::string note = m_simulate.setPressure(kPa);
    if (!note.empty())
        m_context.status = note;
}

void ViewerSimulateMode::applyCommand(const ui::Command& command) {
    using ui::CommandKind;
    switch (command.kind) {
    case CommandKind::SetSimulate:
        if (command.flag && !m_active)
            enter();
        else if (!command.flag && m_active)
            leave();
        break;
    case CommandKind::SetSimTool:
        if (command.index >= 0)
            if (const std::string note = m_simulate.setTool(static_cast<size_t>(command.index));
                !note.empty())
                m_context.status = note;
        break;
    case CommandKind::SetSimTechnique:
        m_simulate.setTechnique(static_cast<sim::Technique>(std::clamp(command.index, 0, 3)));
        break;
    case CommandKind::SetSimPressure:
        setPressure(command.value);
        break;
    case CommandKind::SetSimPlaying:
        m_simulate.playing = command.flag;
        break;
    case CommandKind::SimStep:
        m_simulate.stepOnce();
        ++m_changed;
        break;
    case CommandKind::SimReset:
        m_simulate.reset();
        ++m_changed;
        break;
    case CommandKind::SimHoldOn:
        if (command.index < 0)
            break;
        if (const auto hold = m_simulate.holdOn(static_cast<size_t>(command.index))) {
            // Face the point, a hand's breadth around it, so the hold is seen.
            core::Aabb box;
            box.extend(hold->point - glm::vec3(0.08f));
            box.extend(hold->point + glm::vec3(0.08f));
            render::OrbitCamera view = m_context.camera;
            view.faceFrom(hold->normal);
            m_context.moveCameraTo(view.framing(box, m_context.aspect()));
            m_context.drag = ViewerDrag::None; // a mouse release elsewhere does not lift it
            ++m_changed;
            m_context.status = "Holding the tool; Lift the tool to stop";
        }
        break;
    case CommandKind::SimLift:
        m_simulate.lift();
        ++m_changed;
        m_context.status = "Tool lifted";
        break;
    case CommandKind::SimAddSession:
        addSimulatedSession();
        break;
    case CommandKind::SetSimTimeScale:
        m_simulate.timeScale = std::clamp(command.value, 0.05f, 16.0f);
        break;
    case CommandKind::SetSimMagnification:
        m_magnification = std::clamp(command.value, 1.0f, 50.0f);
        ++m_changed;
        break;
    default:
        break;
    }
}

void ViewerSimulateMode::fillModel(ui::SimulateModel& model) const {
    model.active = m_active;
    model.preparing = m_simulate.preparing();
    model.message = m_simulate.message();
    model.assumptions = m_assumptions;
    for (const sim::ToolParameters& tool : m_simulate.tools())
        model.tools.push_back(tool.name);
    const sim::ToolParameters& tool = m_simulate.tools()[m_simulate.toolIndex()];
    model.tool = static_cast<int>(m_simulate.toolIndex());
    char note[160];
    std::snprintf(note, sizeof note, "%.0f cm2 contact; used at %.0f-%.0f kPa",
                  static_cast<double>(tool.contactAreaCm2), static_cast<double>(tool.minimumKPa),
                  static_cast<double>(tool.maximumKPa));
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
    model.canAddSession = m_simulatedSession >= 0 && now.timeS > 0.0 &&
                          m_context.map.document().sessions.size() == m_sessionCount;
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
    model.triangles = web.model().triangles.size();
    model.anchors = web.anchorCount();
}

} // namespace app
