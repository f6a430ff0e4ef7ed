#include "app/SimulateMode.h"

#include "app/SimulationSetup.h"

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_set>

namespace app {

namespace {

// No simulated fascia this close to a pressed point: the press misses (metres).
constexpr float kReachM = 0.03f;
// Fibre strokes: one per cell of this size over the restricted tissue, this long (metres).
constexpr float kFibreSpacingM = 0.009f;
constexpr float kFibreStrokeM = 0.008f;
// Tension below this share of the heat map's top is not coloured.
constexpr float kShownFraction = 0.1f;

// 1, 2 or 5 times a power of ten, at least `value`.
float niceCeiling(float value) {
    if (!(value > 0.0f))
        return 1.0f;
    const float power = std::pow(10.0f, std::floor(std::log10(value)));
    for (float step : {1.0f, 2.0f, 5.0f, 10.0f})
        if (step * power >= value)
            return step * power;
    return 10.0f * power;
}

// Two unit vectors spanning the plane across `normal`.
std::pair<glm::vec3, glm::vec3> tangentBasis(const glm::vec3& normal, const glm::vec3& hint) {
    glm::vec3 u = hint - glm::dot(hint, normal) * normal;
    if (glm::length(u) < 1e-6f)
        u = glm::cross(normal, std::abs(normal.y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0));
    u = glm::normalize(u);
    return {u, glm::cross(normal, u)};
}

std::string number(float value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, static_cast<double>(value));
    return buffer;
}

} // namespace

std::vector<std::string> simulationAssumptions(const sim::Parameters& p) {
    std::vector<std::string> lines;
    if (auto deep = p.tissues.find("deep-fascia"); deep != p.tissues.end()) {
        const sim::TissueParameters& t = deep->second;
        lines.push_back("Deep fascia: a sheet " + number(t.thicknessMm, 1) + " mm thick, " +
                        number(t.youngsModulusAlongMPa, 0) + " MPa along its fibres and " +
                        number(t.youngsModulusAcrossMPa, 0) +
                        " MPa across; viscous (relaxes with tau = " + number(t.relaxationTimeS, 0) +
                        " s).");
    }
    const sim::GlidingParameters& g = p.gliding;
    lines.push_back("Held from beneath by muscle and fat (" + number(g.foundationModulusKPa, 0) +
                    " kPa over " + number(g.foundationDepthMm, 0) +
                    " mm) and a gliding layer it slides on; attached where it lies within " +
                    number(g.anchorDistanceMm, 0) + " mm of bone.");
    const sim::RestrictionParameters& r = p.restriction;
    lines.push_back("A restriction at full severity: " + number(r.preStrainPercent, 1) +
                    " % shorter, " + number(1.0f + r.stiffnessIncrease, 0) + "x stiffer, " +
                    number(1.0f + r.glidingIncrease, 0) +
                    "x stickier and bound to the tissue beneath (" + number(r.adhesionKPaPerMm, 0) +
                    " kPa per mm of sliding), fibres turned " + number(r.fibreTwistDeg, 0) +
                    " degrees; a trigger point's fades over " + number(r.triggerPointRadiusMm, 0) +
                    " mm.");
    const sim::ReleaseParameters& l = p.release;
    lines.push_back(
        "Release (phenomenological, a teaching model of the fall in felt tension): driven by the "
        "gliding layer's shear under the fascia above " +
        number(l.glidingShearThresholdKPa, 0) + " kPa (at " +
        number(l.glidingShearReferenceKPa, 0) + " kPa what is left halves every " +
        number(l.glidingShearTimeConstantS * std::log(2.0f), 0) +
        " s) and by its tension above its resting tension by more than " +
        number(l.tensionThresholdKPa, 0) + " kPa (at " + number(l.tensionReferenceKPa, 0) +
        " kPa, every " + number(l.tensionTimeConstantS * std::log(2.0f), 0) + " s); at most " +
        number(l.maximumRateFactor, 0) + "x faster.");
    lines.push_back("Pin and stretch: the hand grips as hard as it presses (the sheet shifts " +
                    number(p.pin.slipMm, 0) +
                    " mm before it slides) while the muscle beneath slides along its fibres.");
    lines.push_back("A curved tool's contact from its shape and the tissue's give (Hertz); "
                    "skin and fat over the fascia (1 cm, assumed) spread it. A sliding tool "
                    "drags with friction " +
                    number(l.friction, 1) + ", a rolling roller with " +
                    number(l.rollingResistance, 2) +
                    "; a stretch grips and takes the tissue as far as the grip holds.");
    lines.push_back("Every value and its source: assets/sim/fascia.json and "
                    "docs/simulation.md.");
    return lines;
}

void SimulationHistory::clear() {
    *this = SimulationHistory();
}

void SimulationHistory::record(const sim::Sample& sample) {
    if (++m_skipped < m_stride)
        return;
    m_skipped = 0;
    if (timeS.size() >= kCapacity) {
        // Keep every other point and record half as often from now on.
        auto halve = [](std::vector<float>& series) {
            for (size_t i = 0; 2 * i < series.size(); ++i)
                series[i] = series[2 * i];
            series.resize((series.size() + 1) / 2);
        };
        halve(timeS);
        halve(tensionUnderToolKPa);
        halve(meanTensionKPa);
        halve(strainEnergyJ);
        for (auto& series : releasedPercent)
            halve(series);
        m_stride *= 2;
    }
    timeS.push_back(static_cast<float>(sample.timeS));
    tensionUnderToolKPa.push_back(sample.tensionUnderToolKPa);
    meanTensionKPa.push_back(sample.meanTensionKPa);
    strainEnergyJ.push_back(static_cast<float>(sample.strainEnergyJ));
    releasedPercent.resize(sample.releasedPercent.size());
    for (size_t r = 0; r < sample.releasedPercent.size(); ++r)
        releasedPercent[r].push_back(sample.releasedPercent[r]);
}

SimulateMode::SimulateMode() {
    setTool(0);
}

SimulateMode::~SimulateMode() {
    waitUntilPrepared();
}

const std::vector<sim::ToolParameters>& SimulateMode::tools() const {
    return sim::defaultParameters().tools;
}

void SimulateMode::prepare(const anatomy::Body& body, const annotate::Session* session) {
    stop();
    m_message.clear();
    std::optional<annotate::Session> sessionCopy;
    if (session)
        sessionCopy = *session;
    m_body = std::make_shared<const anatomy::Body>(body);
    m_pending = std::async(std::launch::async, [body = m_body, sessionCopy] {
        std::vector<std::string> notes;
        auto web = settledWeb(*body, sim::defaultParameters(), {},
                              sessionCopy ? &*sessionCopy : nullptr, notes);
        std::string said;
        for (const std::string& note : notes)
            said += (said.empty() ? "" : "; ") + note;
        return std::pair{std::move(web), said};
    });
}

bool SimulateMode::poll() {
    if (!m_pending.valid() ||
        m_pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    auto [web, notes] = m_pending.get();
    if (!web) {
        m_message = web.error().message;
        return false;
    }
    m_message = notes;
    m_settled = std::move(*web);
    reset();
    return true;
}

void SimulateMode::waitUntilPrepared() {
    if (m_pending.valid())
        m_pending.wait();
}

void SimulateMode::stop() {
    waitUntilPrepared();
    if (m_pending.valid())
        m_pending.get();
    m_simulation.reset();
    m_settled.reset();
    m_history.clear();
    m_pressing = false;
}

std::string SimulateMode::setTool(size_t index) {
    m_tool = std::min(index, tools().size() - 1);
    return setPressure(m_pressureKPa);
}

void SimulateMode::setTechnique(sim::Technique technique) {
    m_technique = technique;
    if (m_pressing)
        press(m_pressPoint); // the same place, held the new way
}

std::string SimulateMode::setPressure(float kPa) {
    const sim::ToolParameters& tool = tools()[m_tool];
    auto load = sim::toolLoad(tool, std::isfinite(kPa) ? std::max(kPa, 0.0f) : tool.typicalKPa,
                              std::nullopt);
    if (!load)
        return load.error().message;
    m_pressureKPa = load->pressureKPa;
    m_forceN = load->forceN;
    applyLoad();
    std::string notes;
    for (const std::string& note : load->notes)
        notes += (notes.empty() ? "" : " ") + note;
    return notes;
}

void SimulateMode::applyLoad() {
    if (m_simulation && m_simulation->treatment())
        m_simulation->setForce(m_forceN);
}

bool SimulateMode::press(const glm::vec3& point) {
    if (!m_simulation)
        return false;
    const std::uint32_t near = m_simulation->nearestParticle(point);
    if (glm::distance(m_simulation->web().homes()[near], point) > kReachM)
        return false;
    sim::Treatment treatment;
    treatment.tool = tools()[m_tool];
    treatment.technique = m_technique;
    if (m_technique == sim::Technique::PinAndStretch && m_body)
        treatment.movement = movementAt(*m_body, point, sim::defaultParameters());
    treatment.forceN = m_forceN;
    treatment.target = point;
    m_simulation->setTreatment(treatment);
    // An active technique held still strokes by itself; the others stay where the hand is.
    if (m_technique != sim::Technique::Active)
        m_simulation->guide(point);
    m_pressing = true;
    m_moved = false;
    m_pressPoint = point;
    return true;
}

std::optional<SimulateMode::Hold> SimulateMode::holdOn(size_t restriction) {
    if (!m_simulation || restriction >= m_simulation->web().restrictions().size())
        return std::nullopt;
    const sim::FasciaWeb& web = m_simulation->web();
    std::uint32_t centre = 0;
    float strongest = -1.0f;
    for (const auto& [particle, severity] : web.restrictions()[restriction].particles)
        if (severity > strongest) {
            strongest = severity;
            centre = particle;
        }
    if (strongest < 0.0f)
        return std::nullopt;
    const glm::vec3 point = web.homes()[centre];
    if (!press(point))
        return std::nullopt;
    return Hold{point, web.normals()[centre]};
}

void SimulateMode::drag(const glm::vec3& point) {
    if (!m_simulation || !m_pressing)
        return;
    const std::uint32_t near = m_simulation->nearestParticle(point);
    if (glm::distance(m_simulation->web().homes()[near], point) > kReachM)
        return; // off the fascia: the tool stays where it last was
    if (!m_simulation->guided())
        m_simulation->guide(m_pressPoint);
    m_simulation->guide(point);
    m_moved = true;
    m_pressPoint = point;
}

void SimulateMode::lift() {
    if (m_simulation)
        m_simulation->setTreatment(std::nullopt);
    m_pressing = false;
}

int SimulateMode::advance(double realSeconds, double budgetSeconds) {
    if (!m_simulation || !playing || !(realSeconds > 0.0))
        return 0;
    const double frameS = static_cast<double>(sim::Simulation::defaultSettings().timeStepS);
    m_owedSeconds += realSeconds * static_cast<double>(std::clamp(timeScale, 0.0f, 16.0f));
    const auto start = std::chrono::steady_clock::now();
    int frames = 0;
    // (A hair under a whole frame counts as one: 0.5 s is 30 frames, rounding or not.)
    while (m_owedSeconds >= frameS * (1.0 - 1e-4)) {
        stepOnce();
        m_owedSeconds -= frameS;
        ++frames;
        const double spent =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (spent >= budgetSeconds)
            break;
    }
    // What could not be done in time is owed to the next frames, up to the backlog's limit.
    const double backlogS = std::max(kLongestBacklogS, frameS);
    m_droppedSeconds += std::max(0.0, m_owedSeconds - backlogS);
    m_owedSeconds = std::clamp(m_owedSeconds, 0.0, backlogS);
    const float rate = static_cast<float>(frames * frameS / realSeconds);
    m_achievedRate = m_achievedRate == 0.0f ? rate : 0.9f * m_achievedRate + 0.1f * rate;
    return frames;
}

void SimulateMode::stepOnce() {
    if (!m_simulation)
        return;
    m_simulation->step();
    m_history.record(m_simulation->sample());
}

void SimulateMode::reset() {
    if (!m_settled)
        return;
    m_pressing = false;
    m_simulation = std::make_unique<sim::Simulation>(*m_settled);
    m_owedSeconds = 0.0;
    m_droppedSeconds = 0.0;
    m_achievedRate = 0.0f;
    started();
}

void SimulateMode::started() {
    m_history.clear();
    m_history.record(m_simulation->sample());
    const sim::FasciaWeb& web = m_simulation->web();
    const std::vector<float>& tension = m_simulation->tensionKPa();
    // The heat map's range: the restricted tissue's tension (or all of it, unrestricted),
    // up to a round number above nearly all of it, so a few extreme particles do not wash out
    // the rest.
    std::vector<float> values;
    for (size_t i = 0; i < tension.size(); ++i)
        if (web.severity()[i] > 0.0f || web.restrictions().empty())
            values.push_back(tension[i]);
    float top = 1.0f;
    if (!values.empty()) {
        const size_t at = std::min(values.size() - 1, values.size() * 98 / 100);
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at),
                         values.end());
        top = values[at];
    }
    m_heatMaximumKPa = niceCeiling(std::max(top, 10.0f));
    // Fibre strokes over the restricted tissue, one per cell, so they read as a texture.
    m_fibreParticles.clear();
    std::unordered_set<std::int64_t> taken;
    for (std::uint32_t i = 0; i < web.severity().size(); ++i) {
        if (web.severity()[i] <= 0.02f)
            continue;
        const glm::ivec3 cell(glm::floor(web.homes()[i] / kFibreSpacingM));
        const std::int64_t key = (std::int64_t(cell.x) * 73856093) ^
                                 (std::int64_t(cell.y) * 19349663) ^
                                 (std::int64_t(cell.z) * 83492791);
        if (taken.insert(key).second)
            m_fibreParticles.push_back(i);
    }
}

void SimulateMode::fillOverlays(render::Overlays& overlays, float magnification) const {
    if (!m_simulation)
        return;
    const sim::FasciaWeb& web = m_simulation->web();
    const auto& positions = web.model().positions;
    const std::vector<float>& tension = m_simulation->tensionKPa();
    overlays.heatMap.quantity = "Fascial tension";
    overlays.heatMap.unit = "kPa";
    overlays.heatMap.minimum = 0.0f;
    overlays.heatMap.maximum = m_heatMaximumKPa;
    // Slack tissue is left out below a threshold of a smooth field: no painted edge to keep,
    // so the fascia may be drawn from its levels of detail.
    overlays.heatMap.exactEdges = false;
    overlays.heatMap.fields.clear();
    overlays.offsets.clear();
    for (const sim::WebStructure& s : web.structures()) {
        render::StructureField field;
        field.structure = s.structure;
        render::StructureOffsets moved;
        moved.structure = s.structure;
        field.values.resize(s.particleOfVertex.size());
        moved.offsets.resize(s.particleOfVertex.size());
        for (std::uint32_t v = 0; v < s.particleOfVertex.size(); ++v) {
            const std::uint32_t p = s.particleOfVertex[v];
            // Slack tissue keeps its own look, so the tension stands out where it is.
            field.values[v] = tension[p] >= kShownFraction * m_heatMaximumKPa
                                  ? tension[p]
                                  : std::numeric_limits<float>::quiet_NaN();
            moved.offsets[v] = (positions[p] - web.homes()[p]) * magnification;
        }
        overlays.heatMap.fields.push_back(std::move(field));
        overlays.offsets.push_back(std::move(moved));
    }
    // The fibres of the restricted tissue, lifted a little off the sheet so they are not
    // hidden in it, one set per structure so they hide with it.
    std::vector<render::PolylineSet> fibres;
    for (std::uint32_t p : m_fibreParticles) {
        const int structure = web.structureOf(p);
        auto set = std::find_if(fibres.begin(), fibres.end(), [&](const render::PolylineSet& s) {
            return s.structure == structure;
        });
        if (set == fibres.end()) {
            fibres.push_back({});
            set = fibres.end() - 1;
            set->structure = structure;
            set->color = glm::vec3(0.96f, 0.96f, 0.92f);
        }
        const glm::vec3 normal = web.normals()[p];
        const glm::vec3 centre =
            web.homes()[p] + (positions[p] - web.homes()[p]) * magnification + 0.0015f * normal;
        const glm::vec3 half = 0.5f * kFibreStrokeM * web.fibreAt(p);
        set->lines.push_back({{centre - half, centre + half}});
    }
    // The tool's footprint on the surface, where it is now.
    if (const auto pose = m_simulation->toolPose()) {
        const sim::ToolParameters& tool = m_simulation->treatment()->tool;
        const float area = tool.contactAreaCm2 * 1e-4f;
        const auto [u, w] = tangentBasis(pose->normal, pose->rolling);
        const glm::vec3 centre = pose->contact -
                                 m_simulation->toolDepthM() * magnification * pose->normal +
                                 0.002f * pose->normal;
        render::PolylineSet outline;
        outline.color = glm::vec3(1.0f, 0.55f, 0.15f);
        render::Polyline line;
        if (tool.shape == sim::ToolShape::Cylinder) {
            // The roller's band: its length across the rolling direction.
            const float halfLength = 0.5f * tool.lengthMm * 1e-3f;
            const float halfWidth = 0.5f * area / std::max(tool.lengthMm * 1e-3f, 1e-3f);
            for (auto [a, b] : {std::pair{-1.0f, -1.0f},
                                {1.0f, -1.0f},
                                {1.0f, 1.0f},
                                {-1.0f, 1.0f},
                                {-1.0f, -1.0f}})
                line.points.push_back(centre + a * halfWidth * u + b * halfLength * w);
        } else {
            const float radius = std::sqrt(area / glm::pi<float>());
            constexpr int kSegments = 40;
            for (int k = 0; k <= kSegments; ++k) {
                const float angle = glm::two_pi<float>() * float(k) / kSegments;
                line.points.push_back(centre +
                                      radius * (std::cos(angle) * u + std::sin(angle) * w));
            }
        }
        outline.lines.push_back(std::move(line));
        // And the way it pushes: a short stem along the normal.
        outline.lines.push_back({{centre, centre + 0.03f * pose->normal}});
        fibres.push_back(std::move(outline));
    }
    overlays.polylines.insert(overlays.polylines.end(), fibres.begin(), fibres.end());
    ++overlays.revision;
}

} // namespace app
