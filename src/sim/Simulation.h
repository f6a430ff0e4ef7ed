// sim: a treatment on the web over time — a tool, a technique and a load at a place — stepped
// frame by frame, with what the app plots and the batch run writes: the force under the tool,
// the tension in kPa, and how much of each restriction is released.
#pragma once

#include "anatomy/Proximity.h"
#include "sim/Equilibrium.h"
#include "sim/PinAndStretch.h"
#include "sim/Solver.h"
#include "sim/Tool.h"
#include "sim/Web.h"
#include "sim/WebMeasure.h"

#include <glm/vec3.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sim {

struct Treatment {
    ToolParameters tool;
    Technique technique = Technique::Passive;
    float forceN = 0.0f;    // from toolLoad: already within the tool's range
    glm::vec3 target{0.0f}; // near the body's surface; the nearest point of the web is used
    // Active: the stroke runs back and forth through the target along this direction (along
    // the fibres there when zero). Stretch: the direction of the pull.
    glm::vec3 direction{0.0f};
    float strokeLengthM = 0.06f;
    float strokeSpeedMPerS = 0.02f;
    float stretchM = 0.01f; // how far a stretch pulls, reached over two seconds and then held
    // Pin and stretch: what the client moves while the tool holds (the muscle beneath slides
    // along `direction`, by default its fibres).
    Movement movement;
};

// One frame's figures.
struct Sample {
    double timeS = 0.0;
    float toolForceN = 0.0f;               // the tissue pushing back on the tool
    float toolDepthMm = 0.0f;              // how far the tool has sunk below the surface
    float tensionUnderToolKPa = 0.0f;      // mean over the tissue the tool touches
    float glidingShearUnderToolKPa = 0.0f; // the gliding layer's shear there, likewise
    float bedOffsetMm = 0.0f;              // pin and stretch: how far the muscle has slid
    float meanTensionKPa = 0.0f;           // over the restricted tissue
    float maxTensionKPa = 0.0f;            // anywhere in the web
    double strainEnergyJ = 0.0;
    std::vector<float> releasedPercent; // per restriction
};

class Simulation {
public:
    // The web should be settled (FasciaWeb::settle) before the clock starts.
    explicit Simulation(FasciaWeb web, SolverSettings settings = defaultSettings());
    Simulation(const Simulation&) = delete; // the grid below points into the web
    Simulation& operator=(const Simulation&) = delete;
    static SolverSettings defaultSettings();

    // Starts a treatment now (replacing any); nullopt takes the tool away.
    void setTreatment(std::optional<Treatment> treatment);
    const std::optional<Treatment>& treatment() const { return m_treatment; }
    // Changes the load of the current treatment (N).
    void setForce(float forceN);
    // A hand-guided tool (the viewer's mouse): the tool follows `target` instead of the
    // treatment's own path, moving along the surface from frame to frame; nullopt gives the
    // path back. A move sets the direction of the stroke, or of the pull in a stretch.
    void guide(std::optional<glm::vec3> target);
    bool guided() const { return m_guide.has_value(); }

    void step(); // one frame
    double timeS() const { return m_solver.timeS(); }
    const Sample& sample() const { return m_sample; }
    // The particles the dynamic solver is still moving (the rest of the web lies at rest).
    const std::vector<std::uint32_t>& moving() const { return m_awake; }
    // Read only: the simulation changes the web in step() alone, which is what lets it
    // measure again only what changed (WebMeasure).
    const FasciaWeb& web() const { return m_web; }
    const std::vector<float>& tensionKPa() const { return m_measure.tensionKPa(); }
    // How many triangles the last frame measured again (the rest had not changed).
    std::size_t lastRemeasuredTriangles() const { return m_measure.lastRemeasured(); }
    // Memory held by the web, the dynamic solver's working arrays and what is measured
    // (bytes): what grows with the number of particles. The equilibrium solvers' patches are
    // left out.
    std::size_t memoryBytes() const {
        return m_web.memoryBytes() + m_solver.memoryBytes() + m_measure.memoryBytes();
    }
    std::optional<ToolPose> toolPose() const;
    // The free particles solved to equilibrium around the tool in the last frame.
    const std::vector<std::uint32_t>& patch() const { return m_equilibrium.particles(); }
    // How the tissue around the tool came to rest in the last frame.
    const EquilibriumReport& equilibrium() const { return m_equilibriumReport; }
    // How far the fascia under the tool is pushed in (m).
    float toolDepthM() const;
    // The tool's load on each touched particle over the last frame: (pressure, shear) in kPa.
    const ParticleLoads& loads() const { return m_loads; }

    // The particle nearest to p (by rest position).
    std::uint32_t nearestParticle(const glm::vec3& p) const;

private:
    ToolPose poseAt(double treatmentTimeS) const;
    std::vector<std::uint32_t> candidates(const ToolPose& pose) const;
    float toolExtentM() const; // from the tool's centre to the edge of what it may load
    // Measures what the frame changed: the triangles the dynamic step relaxed
    // (`steppedTriangles`), those the restrictions reshape, and those that moved.
    void measure(const std::vector<std::uint32_t>& steppedTriangles);
    // The dynamic solver leaves the tool's patch and the settled regions alone: the patch
    // comes to equilibrium under the tool, and a region the tool has moved comes back to
    // equilibrium once the tool has left it (settleDisturbedRegions). Of the rest it moves
    // only the sheet still in motion and the sheet around what the equilibrium solves moved
    // (dynamicPart); the web beyond lies at rest, and stepping it would only repeat that.
    // Returns the triangles it stepped.
    std::vector<std::uint32_t> stepDynamics(const std::vector<std::uint32_t>& patch);
    StepPart dynamicPart(const std::vector<std::uint32_t>& patch) const;
    // After a step: which of the part's particles moved, and which triangles still creep.
    void noteMotion(const StepPart& part, const std::vector<glm::vec3>& before);
    void settleDisturbedRegions(const std::vector<std::uint32_t>& patch, float dt);
    // The tissue around the tool is solved to equilibrium (PatchEquilibrium) out to this far
    // beyond what the tool loads: the dip under a thumb spans about 3 cm, and the sheet past
    // twice that barely moves (assumed, checked against larger patches in the tests).
    static constexpr float kPatchMarginM = 0.04f;
    // How far a moving tool may go before its patch is gathered again: a 2 cm/s stroke keeps
    // one patch for half a second. Below kStillToolM a frame's move counts as holding still.
    static constexpr float kPatchTravelM = 0.01f;
    static constexpr float kStillToolM = 1e-5f;
    // Keeps, or gathers anew, the patch solved to equilibrium around the tool at `contact`.
    void keepPatchAround(const glm::vec3& contact);
    // Skin and fat over the deep fascia, which spread the tool's footprint (assumed, 1 cm).
    static constexpr float kTissueAboveFasciaM = 0.01f;

    FasciaWeb m_web;
    anatomy::PointGrid m_grid; // over the web's rest positions
    Solver m_solver;
    std::optional<Treatment> m_treatment;
    std::optional<ToolContact> m_contact;
    std::optional<PinAndStretch> m_pin;
    std::optional<glm::vec3> m_guide;
    glm::vec3 m_handStart{0.0f}; // where the tool touched when the treatment started
    std::uint32_t m_targetParticle = 0;
    glm::vec3 m_direction{0.0f};
    double m_treatmentStartS = 0.0;
    WebMeasure m_measure;
    PatchEquilibrium m_equilibrium;
    std::vector<std::uint32_t> m_patchReach; // the particles the patch was last set from
    std::optional<glm::vec3> m_patchCentre;  // where the tool was when the patch was gathered
    float m_patchTravelM = 0.0f;             // how far from there the patch still serves
    std::optional<glm::vec3> m_lastContact;  // the tool's contact in the last frame
    // A particle that moved more than kStillParticleM in a frame stays in the dynamic part for
    // kAwakeFrames more; a triangle whose viscous branch is still creeping (its Maxwell strain
    // more than kCreepStrain from its strain: a stress of 150 Pa at most) keeps its corners
    // in it.
    static constexpr float kStillParticleM = 1e-7f;
    static constexpr std::uint8_t kAwakeFrames = 30;
    static constexpr double kCreepStrain = 1e-6;
    std::vector<std::uint8_t> m_awakeFrames;    // per particle
    std::vector<std::uint32_t> m_awake;         // those with frames left, ascending
    std::vector<std::uint32_t> m_creeping;      // triangles, ascending
    std::vector<std::uint32_t> m_lastPatch;     // the patch of the last frame
    std::vector<std::uint32_t> m_solvedRegions; // settled regions solved in the last frame
    struct Region {
        // Solved closely: after a press its viscous branches creep back for a while, with
        // forces far below a tool's.
        PatchEquilibrium solver{EquilibriumSettings{8, 1e-5f}};
        bool disturbed = false; // moved by the tool since it was last at rest
    };
    std::vector<Region> m_regions;        // per FasciaWeb::settledRegions()
    std::vector<std::int32_t> m_regionOf; // per particle: its settled region or -1
    EquilibriumReport m_equilibriumReport;
    ParticleLoads m_loads;
    float m_reaction = 0.0f;
    Sample m_sample;
};

// The CSV of a run: a header, then one row per sample.
void writeCsvHeader(std::ostream& out, const FasciaWeb& web);
void writeCsvRow(std::ostream& out, const Sample& sample);

} // namespace sim
