#include "app/PalpationTissue.h"

#include "anatomy/Proximity.h"
#include "annotate/Anchoring.h"
#include "app/SimulationSetup.h"
#include "sim/Simulation.h"
#include "sim/Tool.h"

#include <algorithm>

namespace app {

namespace {

constexpr float kReachM = 0.02f;
constexpr float kPressSeconds = 0.5f;

} // namespace

int deepFasciaStructure(const anatomy::Body& body) {
    int best = -1;
    size_t most = 0;
    const auto& structures = body.structures();
    for (size_t i = 0; i < structures.size(); ++i)
        if (structures[i].layer == anatomy::LayerKind::DeepFascia &&
            structures[i].mesh.positions.size() > most) {
            most = structures[i].mesh.positions.size();
            best = static_cast<int>(i);
        }
    return best;
}

std::function<bool(const annotate::PlacedPoint&)> palpableOn(const anatomy::Body& body) {
    struct Fascia {
        std::vector<glm::vec3> points;
        anatomy::PointGrid grid;
    };
    auto fascia = std::make_shared<Fascia>();
    if (const int s = deepFasciaStructure(body); s >= 0)
        fascia->points = body.structures()[static_cast<size_t>(s)].mesh.positions;
    fascia->grid = anatomy::PointGrid(fascia->points, kReachM);
    return [fascia](const annotate::PlacedPoint& p) {
        return p.entry->depth != "cavity" && !fascia->points.empty() &&
               fascia->grid.nearest(p.location.position, kReachM) >= 0;
    };
}

core::Result<PalpationTissue> PalpationTissue::build(const anatomy::Body& body,
                                                     const learn::PalpationExercise& exercise) {
    const int fascia = deepFasciaStructure(body);
    if (fascia < 0)
        return core::badInput(body.sourcePath + ": the body has no deep fascia to palpate");
    // The hidden restrictions as a session's trigger points: the simulation restricts the
    // fascia around each by its severity, as it does a client's map.
    annotate::Session hidden;
    for (size_t i = 0; i < exercise.hidden.size(); ++i) {
        annotate::TriggerPoint point;
        point.id = "hidden-" + std::to_string(i + 1);
        point.name = point.id;
        point.anchor.position = exercise.hidden[i].at;
        point.severity = exercise.hidden[i].severity;
        hidden.triggerPoints.push_back(point);
    }
    std::vector<std::string> notes;
    auto web = settledWeb(body, sim::defaultParameters(), {}, &hidden, notes);
    if (!web)
        return web.error();
    if (web->restrictions().size() != exercise.hidden.size())
        return core::badInput(body.sourcePath + ": a hidden restriction lies off the simulated "
                                                "fascia");
    PalpationTissue tissue;
    tissue.m_settled = std::make_shared<const sim::FasciaWeb>(std::move(*web));
    tissue.m_surface = &body.structures()[static_cast<size_t>(fascia)].mesh;
    return tissue;
}

bool PalpationTissue::reaches(const glm::vec3& at) const {
    const auto& homes = m_settled->homes();
    return std::any_of(homes.begin(), homes.end(),
                       [&](const glm::vec3& h) { return glm::length(h - at) <= kReachM; });
}

core::Result<Feel> PalpationTissue::press(const glm::vec3& at, float pressureKPa) const {
    if (!reaches(at))
        return core::badInput("no simulated fascia lies under that spot to feel");
    const sim::ToolParameters* thumb = nullptr;
    for (const sim::ToolParameters& tool : m_settled->parameters().tools)
        if (tool.id == "thumb")
            thumb = &tool;
    if (!thumb)
        return core::internalError("the simulation's parameters have no thumb");
    auto load = sim::toolLoad(*thumb, pressureKPa, std::nullopt);
    if (!load)
        return load.error();
    // A fresh copy each time: one press must not change what the next one feels.
    sim::Simulation simulation(*m_settled);
    sim::Treatment treatment;
    treatment.tool = *thumb;
    treatment.technique = sim::Technique::Passive;
    treatment.forceN = load->forceN;
    treatment.target = at;
    simulation.setTreatment(treatment);
    const double until = static_cast<double>(kPressSeconds);
    while (simulation.timeS() < until)
        simulation.step();
    const float give = simulation.sample().toolDepthMm;
    // Below a twentieth of a millimetre the give is within the solver's tolerance: as firm as
    // the model can tell.
    return Feel{give, load->pressureKPa / std::max(give, 0.05f)};
}

} // namespace app
