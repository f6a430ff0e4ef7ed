// app: the viewer's Simulate mode — entering it (the skin and superficial fascia step aside)
// and leaving it (the layers come back), its commands, the clock each frame, the tool under the
// mouse, the panel's figures and the simulation drawn over the body. `SimulateMode` holds the
// simulation itself; this joins it to the window, the view and the map.
#pragma once

#include "anatomy/Layer.h"
#include "app/SimulateMode.h"
#include "app/ViewerContext.h"
#include "ui/ViewerUi.h"

#include <glm/vec3.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace app {

class ViewerMapMode;

class ViewerSimulateMode {
public:
    // `mapMode`: entering Simulate mode leaves any map mode but View.
    ViewerSimulateMode(ViewerContext& context, ViewerMapMode& mapMode);

    bool active() const { return m_active; }
    // The web is built and the fascia can be pressed on.
    bool ready() const { return m_simulate.ready(); }

    void applyCommand(const ui::Command& command);
    // Back to the map: the simulation dropped, the layers as they were.
    void leave();
    // Each frame in Simulate mode: takes a finished web and runs the clock for `realSeconds`.
    void advance(float realSeconds);
    void fillModel(ui::SimulateModel& model) const;
    // While the simulation is shown, draws it into `target` (only when it moved on since it
    // was last drawn) and returns true; otherwise leaves `target` alone and returns false.
    bool composeOverlays(render::Overlays& target);

    // The mouse as the hand: pressed on the body (false, with a word on the status line, when
    // no simulated fascia lies there), moved, lifted; the wheel sets how hard while pressing.
    bool press(const glm::vec3& point);
    void drag(const glm::vec3& point);
    void lift();
    void changePressure(float wheelNotches);
    void togglePlaying() { m_simulate.playing = !m_simulate.playing; }

private:
    void enter();
    void setPressure(float kPa);

    ViewerContext& m_context;
    ViewerMapMode& m_mapMode;
    SimulateMode m_simulate;
    bool m_active = false;
    // The map's session whose restrictions the web carries (-1: none, or already kept as a
    // new session), and how many sessions the map had then.
    int m_simulatedSession = -1;
    size_t m_sessionCount = 0;
    void addSimulatedSession();
    float m_magnification = 5.0f; // the fascia's motion, enlarged on screen to be seen
    // Counts changes of what the simulation draws; the overlays are rebuilt when it moves on.
    std::uint64_t m_changed = 1, m_drawn = 0;
    // The layers as they were before Simulate mode hid the skin over the fascia.
    std::array<bool, anatomy::kAllLayers.size()> m_layersBefore{};
    std::array<float, anatomy::kAllLayers.size()> m_opacityBefore{};
    std::vector<std::string> m_assumptions = simulationAssumptions(sim::defaultParameters());
};

} // namespace app
