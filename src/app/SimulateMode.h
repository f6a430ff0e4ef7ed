// app: the viewer's Simulate mode, without GL or ImGui so it is tested directly — the web of
// the body and the open session built in the background; the mouse's press, drag and lift
// turned into a hand-guided treatment; the clock (play, pause, step, reset, time scale, within
// a frame's time budget); the history the plots show; and what is drawn on the body: the
// tension heat map, the fascia pressed in, the fibres turning back, the tool's footprint.
#pragma once

#include "anatomy/Body.h"
#include "annotate/MapDocument.h"
#include "render/Overlays.h"
#include "sim/Simulation.h"

#include <glm/vec3.hpp>

#include <algorithm>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace app {

// The figures over time, thinned as they grow so a long run keeps a bounded history.
struct SimulationHistory {
    std::vector<float> timeS;
    std::vector<float> tensionUnderToolKPa;
    std::vector<float> meanTensionKPa; // of the restricted tissue
    std::vector<float> strainEnergyJ;
    std::vector<std::vector<float>> releasedPercent; // per restriction
    static constexpr size_t kCapacity = 1024;

    void clear();
    void record(const sim::Sample& sample);
    size_t size() const { return timeS.size(); }

private:
    int m_stride = 1; // record every m_stride-th sample
    int m_skipped = 0;
};

// The model's assumptions in words, with the values of `parameters`, for the app to show.
std::vector<std::string> simulationAssumptions(const sim::Parameters& parameters);

class SimulateMode {
public:
    SimulateMode();
    ~SimulateMode();
    SimulateMode(const SimulateMode&) = delete;
    SimulateMode& operator=(const SimulateMode&) = delete;

    // Builds the web of `body` with the restrictions of `session` (none when null) in the
    // background; the body and session are copied, so either may change meanwhile.
    void prepare(const anatomy::Body& body, const annotate::Session* session);
    // Takes a finished preparation; true when the simulation became ready this call.
    bool poll();
    // Waits for a preparation in flight (tests and scripted screenshots).
    void waitUntilPrepared();
    bool preparing() const { return m_pending.valid(); }
    bool ready() const { return m_simulation != nullptr; }
    void stop(); // leaves the mode: drops the simulation
    // What preparing said: an error, or what of the map could not be used.
    const std::string& message() const { return m_message; }

    // The tool, the technique and the pressure. A pressure outside the tool's realistic range
    // is clamped; the returned text says so (empty when the value was used as given).
    const std::vector<sim::ToolParameters>& tools() const;
    size_t toolIndex() const { return m_tool; }
    sim::Technique technique() const { return m_technique; }
    float pressureKPa() const { return m_pressureKPa; }
    float forceN() const { return m_forceN; }
    std::string setTool(size_t index);
    void setTechnique(sim::Technique technique);
    std::string setPressure(float kPa);

    // The hand: pressed on a point of the body's surface, moved, lifted. Held still, the tool
    // presses where it is (an active technique strokes along the fibres by itself); moved, it
    // follows the hand and strokes the tissue; in a stretch it grips and pulls the way the
    // hand moves; in pin and stretch it holds while the client makes the movement for the
    // muscle beneath. Returns false (and touches nothing) when no simulated fascia lies within
    // 3 cm of the point.
    bool press(const glm::vec3& point);
    // Hands-free: the tool pressed and held on a restriction's centre (its most restricted
    // tissue, a trigger point's own place) until lifted, as when explaining a hold to a
    // patient. Returns where and which way the surface faces there, or nullopt (and touches
    // nothing) with no such restriction.
    struct Hold {
        glm::vec3 point, normal;
    };
    std::optional<Hold> holdOn(size_t restriction);
    void drag(const glm::vec3& point);
    void lift();
    bool pressing() const { return m_pressing; }

    // The clock. `advance` runs the frames `realSeconds` x time scale calls for, while
    // `budgetSeconds` of computing lasts. What a frame's budget leaves undone is owed to the
    // next frames, up to `kLongestBacklogS`, so a slow moment is caught up; past that it is
    // dropped, so a machine that cannot keep up runs the simulation slower than asked instead
    // of falling ever further behind. Returns the frames run.
    bool playing = true;
    float timeScale = 1.0f;
    // What the viewer gives the simulation of a frame that took `frameSeconds`, so that the
    // view stays responsive: 25 ms, or 30 % of a slower frame (drawing close up on a software
    // renderer takes a tenth of a second, and a quarter of that leaves the clock behind).
    static constexpr double kFrameBudgetS = 0.025;
    static constexpr double kFrameShare = 0.3;
    static double budgetFor(double frameSeconds) {
        return std::max(kFrameBudgetS, kFrameShare * frameSeconds);
    }
    // The longest frame the viewer's clock follows in full: a longer one (the window dragged,
    // the machine stalled) is not caught up. Drawing close up on a software renderer takes
    // about 0.1 s a frame, which the clock should still follow.
    static constexpr double kLongestFrameS = 0.25;
    // The most simulated time the clock owes across frames: a quarter of a second behind the
    // hand at worst, and no more to catch up than one long frame.
    static constexpr double kLongestBacklogS = 0.25;
    int advance(double realSeconds, double budgetSeconds);
    void stepOnce();
    void reset(); // back to the settled state at the start, history cleared
    // Simulated seconds per real second over the last moments (what the computer manages).
    float achievedRate() const { return m_achievedRate; }
    // Simulated time let go since the start because the backlog was full (s).
    double droppedSeconds() const { return m_droppedSeconds; }
    // Simulated time owed to the next frames (s): less than a frame when the clock keeps up.
    double owedSeconds() const { return m_owedSeconds; }

    const sim::Simulation* simulation() const { return m_simulation.get(); }
    const SimulationHistory& history() const { return m_history; }
    // The heat map's top (kPa), fixed when the web is ready so cooling shows as a change.
    float heatMaximumKPa() const { return m_heatMaximumKPa; }

    // The simulation drawn on the body: tension as the heat map, the fascia's motion
    // multiplied by `magnification` (it is a millimetre or two), the fibres of the
    // restricted tissue as short strokes, and the tool's footprint. Bumps the revision.
    void fillOverlays(render::Overlays& overlays, float magnification) const;

private:
    void started(); // a fresh simulation: plots, heat range, fibre strokes
    void applyLoad();

    std::future<std::pair<core::Result<sim::FasciaWeb>, std::string>> m_pending;
    // The body simulated (a copy, shared with the preparation): pin and stretch chooses the
    // client's movement by the muscle under the hand.
    std::shared_ptr<const anatomy::Body> m_body;
    std::optional<sim::FasciaWeb> m_settled; // the state reset returns to
    std::unique_ptr<sim::Simulation> m_simulation;
    std::string m_message;
    size_t m_tool = 0;
    sim::Technique m_technique = sim::Technique::Passive;
    float m_pressureKPa = 40.0f, m_forceN = 0.0f;
    bool m_pressing = false, m_moved = false;
    glm::vec3 m_pressPoint{0.0f};
    double m_owedSeconds = 0.0;
    double m_droppedSeconds = 0.0;
    float m_achievedRate = 0.0f;
    SimulationHistory m_history;
    float m_heatMaximumKPa = 1.0f;
    std::vector<std::uint32_t> m_fibreParticles; // where fibre strokes are drawn
};

} // namespace app
