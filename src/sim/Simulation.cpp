#include "sim/Simulation.h"

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sim {

SolverSettings Simulation::defaultSettings() {
    SolverSettings settings;
    settings.timeStepS = 1.0f / 60.0f;
    settings.substeps = 4;
    settings.iterations = 1;
    settings.dampingPerS = 5.0f;
    settings.threads = 0;
    return settings;
}

Simulation::Simulation(FasciaWeb web, SolverSettings settings)
    : m_web(std::move(web)), m_grid(m_web.homes(), 0.02f), m_solver(settings) {
    const auto& regions = m_web.settledRegions();
    m_regions.resize(regions.size());
    m_regionOf.assign(m_web.model().particleCount(), -1);
    for (size_t r = 0; r < regions.size(); ++r)
        for (std::uint32_t i : regions[r])
            m_regionOf[i] = static_cast<std::int32_t>(r);
    m_measure.measureAll(m_web, &m_solver.workers());
    measure({});
}

std::uint32_t Simulation::nearestParticle(const glm::vec3& p) const {
    const std::int64_t near = m_grid.nearest(p, 0.05f);
    if (near >= 0)
        return static_cast<std::uint32_t>(near);
    std::uint32_t best = 0;
    float bestDistance = INFINITY;
    for (size_t i = 0; i < m_web.homes().size(); ++i) {
        const float d = glm::distance(m_web.homes()[i], p);
        if (d < bestDistance) {
            bestDistance = d;
            best = static_cast<std::uint32_t>(i);
        }
    }
    return best;
}

void Simulation::setTreatment(std::optional<Treatment> treatment) {
    if (m_pin)
        m_pin->end(m_web.model(), m_web.homes());
    m_pin.reset();
    m_treatment = std::move(treatment);
    m_patchReach.clear();
    m_patchCentre.reset();
    m_lastContact.reset();
    m_patchTravelM = 0.0f;
    m_contact.reset();
    m_guide.reset();
    m_reaction = 0.0f;
    m_loads.clear();
    if (!m_treatment)
        return;
    m_targetParticle = nearestParticle(m_treatment->target);
    const glm::vec3 normal = m_web.normals()[m_targetParticle];
    // The direction of the stroke or pull, in the surface: as given, else along the fibres.
    glm::vec3 direction = m_treatment->direction;
    if (glm::length(direction) < 1e-6f)
        direction = m_web.fibreAt(m_targetParticle);
    direction -= glm::dot(direction, normal) * normal;
    if (glm::length(direction) < 1e-6f)
        direction =
            glm::cross(normal, std::abs(normal.y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0));
    m_direction = glm::normalize(direction);
    // In a stretch the hand does not slide over the skin: it grips the tissue and takes it
    // along (the grip below), so the tool itself drags nothing.
    const bool stretch = m_treatment->technique == Technique::Stretch;
    const ReleaseParameters& release = m_web.parameters().release;
    // The tissue a tool sinks into: the muscle and fat of the bed, incompressible (nu = 0.5).
    const float tissueModulusPa =
        m_web.parameters().gliding.foundationModulusKPa * 1e3f / (1.0f - 0.25f);
    m_contact.emplace(m_treatment->tool, m_treatment->forceN, stretch ? 0.0f : release.friction,
                      kTissueAboveFasciaM, tissueModulusPa, release.rollingResistance);
    m_treatmentStartS = timeS();
    m_contact->placeAt(poseAt(0.0));
    m_handStart = m_contact->pose().contact;
    if (stretch) // the grip of pin and stretch, with the bed at rest and the hand moving
        m_pin.emplace(m_web.parameters().pin, Movement{"stretch", "none", 0.0f, 1.0f, {}},
                      m_handStart, m_direction, 0.0f, m_web.homes(), m_web.normals());
    if (m_treatment->technique == Technique::PinAndStretch) {
        // The bed moves within the patch solved around the tool, never beyond it.
        const float bedRadius =
            std::min(m_web.parameters().pin.bedRadiusMm * 1e-3f, toolExtentM() + kPatchMarginM);
        m_pin.emplace(m_web.parameters().pin, m_treatment->movement,
                      m_web.homes()[m_targetParticle], m_direction, bedRadius, m_web.homes(),
                      m_web.normals());
    }
}

void Simulation::setForce(float forceN) {
    if (m_treatment)
        m_treatment->forceN = forceN;
    if (m_contact)
        m_contact->setForce(forceN);
}

void Simulation::guide(std::optional<glm::vec3> target) {
    if (target && m_guide) {
        // The direction of the hand's motion, in the surface, steers the stroke or the pull.
        const glm::vec3 normal = m_web.normals()[nearestParticle(*target)];
        glm::vec3 motion = *target - *m_guide;
        motion -= glm::dot(motion, normal) * normal;
        if (glm::length(motion) > 1e-4f)
            m_direction = glm::normalize(motion);
    }
    m_guide = target;
}

std::optional<ToolPose> Simulation::toolPose() const {
    if (!m_contact)
        return std::nullopt;
    return m_contact->pose();
}

ToolPose Simulation::poseAt(double treatmentTimeS) const {
    const glm::vec3 start = m_guide ? *m_guide : m_web.homes()[m_targetParticle];
    float offset = 0.0f; // along the direction, metres
    const Treatment& t = *m_treatment;
    if (m_guide) {
        // The hand moves the tool; the technique only decides how it holds the tissue.
    } else if (t.technique == Technique::Active && t.strokeLengthM > 0.0f) {
        // Back and forth through the target at a steady speed.
        const double period = 2.0 * static_cast<double>(t.strokeLengthM / t.strokeSpeedMPerS);
        const double phase = std::fmod(treatmentTimeS / period + 0.25, 1.0);
        const double wave = phase < 0.5 ? 4.0 * phase - 1.0 : 3.0 - 4.0 * phase; // -1 to 1
        offset = 0.5f * t.strokeLengthM * static_cast<float>(wave);
    } else if (t.technique == Technique::Stretch) {
        offset = t.stretchM * static_cast<float>(std::min(1.0, treatmentTimeS / 2.0));
    }
    // Follow the surface: the nearest rest point's tangent plane.
    const glm::vec3 along = start + offset * m_direction;
    const std::uint32_t near = nearestParticle(along);
    const glm::vec3 normal = m_web.normals()[near];
    ToolPose pose;
    pose.contact = along - glm::dot(along - m_web.homes()[near], normal) * normal;
    pose.normal = normal;
    pose.rolling = m_direction - glm::dot(m_direction, normal) * normal;
    if (glm::length(pose.rolling) < 1e-6f)
        pose.rolling = m_direction;
    pose.rolling = glm::normalize(pose.rolling);
    return pose;
}

float Simulation::toolExtentM() const {
    const ToolParameters& tool = m_contact->tool();
    const float radius = tool.radiusMm * 1e-3f, length = tool.lengthMm * 1e-3f;
    const float contactRadius = std::sqrt(tool.contactAreaCm2 * 1e-4f / glm::pi<float>());
    const float extent = tool.shape == ToolShape::Cylinder
                             ? std::sqrt(radius * radius + 0.25f * length * length)
                             : std::max(radius, contactRadius);
    return extent + 2.0f * kTissueAboveFasciaM;
}

void Simulation::keepPatchAround(const glm::vec3& contact) {
    // A patch serves while the tool stays within its travel of the patch's centre: the same
    // particles keep their factorised equilibrium from frame to frame, where gathering a new
    // patch means analysing and factorising afresh (the bulk of a stroke's cost). A tool that
    // moved since the last frame gets a patch with room to travel; a held one, a tight patch.
    const bool moving = m_lastContact && glm::distance(contact, *m_lastContact) > kStillToolM;
    m_lastContact = contact;
    if (m_patchCentre &&
        glm::distance(contact, *m_patchCentre) <= std::max(m_patchTravelM, kStillToolM))
        return;
    m_patchCentre = contact;
    m_patchTravelM = moving ? kPatchTravelM : 0.0f;
    std::vector<std::uint32_t> reach =
        m_grid.within(contact, toolExtentM() + kPatchMarginM + m_patchTravelM);
    if (reach != m_patchReach) {
        m_equilibrium.setPatch(m_web.model(), reach, {}, m_web.bendsOf(reach),
                               m_web.trianglesOf(reach));
        m_patchReach = std::move(reach);
    }
}

std::vector<std::uint32_t> Simulation::candidates(const ToolPose& pose) const {
    return m_grid.within(pose.contact, toolExtentM());
}

void Simulation::step() {
    Model& model = m_web.model();
    const float dt = m_solver.settings().timeStepS;
    std::vector<std::uint32_t> patch;
    std::optional<ToolPose> pose;
    if (m_contact) {
        pose = poseAt(timeS() + static_cast<double>(dt) - m_treatmentStartS);
        m_contact->load(*pose, dt, candidates(*pose), m_web.homes(), m_web.normals(),
                        m_web.areas());
        // The patch around the tool comes to equilibrium under the tool's load; the rest of
        // the web steps on dynamically, holding the patch where it is.
        keepPatchAround(pose->contact);
        patch = m_equilibrium.particles(); // the free ones
        if (m_pin) {
            m_pin->moveHand(pose->contact - m_handStart);
            m_pin->apply(model, timeS() + static_cast<double>(dt) - m_treatmentStartS,
                         m_contact->forces(), pose->normal);
        }
    }
    const std::vector<std::uint32_t> stepped = stepDynamics(patch);
    if (m_contact) {
        // The muscles' pulls on the patch act with the tool's load; what holds the patch
        // against the tool is what holds it against both, less the pulls.
        ParticleForces forces = m_contact->forces();
        const ParticleForces pulls = m_web.pullForcesOn(m_equilibrium.particles());
        forces.insert(forces.end(), pulls.begin(), pulls.end());
        m_equilibriumReport = m_equilibrium.solve(model, forces, dt);
        for (const auto& pull : pulls)
            m_equilibriumReport.heldN += pull.second;
        if (m_pin)
            m_pin->slip(model);
        for (std::uint32_t i : patch)
            model.velocities[i] = glm::vec3(0.0f);
        // What holds the tissue against the tool: the bed beneath the patch and the sheet
        // around it. At equilibrium it matches the tool's load.
        m_reaction = glm::dot(m_equilibriumReport.heldN, pose->normal);
        m_loads = m_contact->loadsKPa();
    } else {
        m_equilibriumReport = {};
        m_reaction = 0.0f;
        m_loads.clear();
    }
    settleDisturbedRegions(patch, dt);
    m_web.release(dt);
    measure(stepped);
}

std::vector<std::uint32_t> Simulation::stepDynamics(const std::vector<std::uint32_t>& patch) {
    const StepPart part = dynamicPart(patch);
    std::vector<glm::vec3> before(part.particles.size());
    for (size_t j = 0; j < part.particles.size(); ++j)
        before[j] = m_web.model().positions[part.particles[j]];
    m_solver.step(m_web.model(), part);
    noteMotion(part, before);
    m_lastPatch = patch;
    return part.triangles;
}

StepPart Simulation::dynamicPart(const std::vector<std::uint32_t>& patch) const {
    const Model& model = m_web.model();
    // Where the sheet may be out of balance: what moves, the patch under the tool and the
    // one it replaces (let go, it springs back), and the regions solved in the last frame.
    std::vector<std::uint32_t> seeds = m_awake;
    seeds.insert(seeds.end(), patch.begin(), patch.end());
    seeds.insert(seeds.end(), m_lastPatch.begin(), m_lastPatch.end());
    // A triangle whose viscous branch still creeps is still changing what it pulls with.
    for (std::uint32_t t : m_creeping)
        seeds.insert(seeds.end(), model.triangles[t].v.begin(), model.triangles[t].v.end());
    for (std::uint32_t r : m_solvedRegions) {
        const std::vector<std::uint32_t>& region = m_web.settledRegions()[r];
        seeds.insert(seeds.end(), region.begin(), region.end());
    }
    std::vector<bool> inPatch(model.particleCount(), false);
    for (std::uint32_t i : patch)
        inPatch[i] = true;
    const auto held = [&](std::uint32_t i) {
        return inPatch[i] || m_regionOf[i] >= 0 || !(model.inverseMasses[i] > 0.0f);
    };
    StepPart part;
    part.triangles = m_web.trianglesOf(seeds);
    for (std::uint32_t t : part.triangles)
        for (std::uint32_t corner : model.triangles[t].v)
            if (!held(corner))
                part.particles.push_back(corner);
    std::sort(part.particles.begin(), part.particles.end());
    part.particles.erase(std::unique(part.particles.begin(), part.particles.end()),
                         part.particles.end());
    return part;
}

void Simulation::noteMotion(const StepPart& part, const std::vector<glm::vec3>& before) {
    const Model& model = m_web.model();
    m_awakeFrames.resize(model.particleCount(), 0);
    for (size_t j = 0; j < part.particles.size(); ++j) {
        const std::uint32_t i = part.particles[j];
        if (glm::distance(model.positions[i], before[j]) > kStillParticleM)
            m_awakeFrames[i] = kAwakeFrames + 1; // counted down below
    }
    std::vector<std::uint32_t> awake = part.particles;
    awake.insert(awake.end(), m_awake.begin(), m_awake.end());
    std::sort(awake.begin(), awake.end());
    awake.erase(std::unique(awake.begin(), awake.end()), awake.end());
    m_awake.clear();
    for (std::uint32_t i : awake)
        if (m_awakeFrames[i] > 0 && --m_awakeFrames[i] > 0)
            m_awake.push_back(i);
        else
            m_web.model().velocities[i] = glm::vec3(0.0f); // at rest now
    m_creeping.clear();
    for (std::uint32_t t : part.triangles) {
        const Triangle& triangle = model.triangles[t];
        if (!(triangle.maxwellRatio > 0.0f))
            continue;
        const glm::dvec3 lag = model.strain(triangle).strain - glm::dvec3(triangle.maxwellStrain);
        if (std::max({std::abs(lag.x), std::abs(lag.y), std::abs(lag.z)}) > kCreepStrain)
            m_creeping.push_back(t);
    }
}

void Simulation::settleDisturbedRegions(const std::vector<std::uint32_t>& patch, float dt) {
    m_solvedRegions.clear();
    std::vector<bool> underTool(m_regions.size(), false);
    for (std::uint32_t i : patch)
        if (m_regionOf[i] >= 0) {
            underTool[static_cast<size_t>(m_regionOf[i])] = true;
            m_regions[static_cast<size_t>(m_regionOf[i])].disturbed = true;
        }
    for (size_t r = 0; r < m_regions.size(); ++r) {
        Region& region = m_regions[r];
        if (!region.disturbed || underTool[r])
            continue;
        const std::vector<std::uint32_t>& particles = m_web.settledRegions()[r];
        const EquilibriumReport report = m_web.solveRegion(region.solver, particles, dt);
        m_solvedRegions.push_back(static_cast<std::uint32_t>(r));
        for (std::uint32_t i : particles)
            m_web.model().velocities[i] = glm::vec3(0.0f);
        // At rest once a solve finds nothing to move: until then the web around it, which
        // the tool also moved, is still coming back and the region with it.
        region.disturbed = !report.converged || report.newtonSteps > 0;
    }
}

float Simulation::toolDepthM() const {
    // How far the fascia under the tool has been pushed in, weighted by the footprint.
    if (!m_contact)
        return 0.0f;
    double sum = 0.0, weight = 0.0;
    const glm::vec3 normal = m_contact->pose().normal;
    for (const auto& [particle, load] : m_loads) {
        const glm::vec3 moved = m_web.model().positions[particle] - m_web.homes()[particle];
        sum -= static_cast<double>(load.x * glm::dot(moved, normal));
        weight += static_cast<double>(load.x);
    }
    return weight > 0.0 ? static_cast<float>(sum / weight) : 0.0f;
}

void Simulation::measure(const std::vector<std::uint32_t>& steppedTriangles) {
    std::vector<std::uint32_t> changed = steppedTriangles;
    changed.insert(changed.end(), m_web.restrictedTriangles().begin(),
                   m_web.restrictedTriangles().end());
    m_measure.update(m_web, changed, &m_solver.workers());
    const std::vector<float>& tension = m_measure.tensionKPa();
    Sample sample;
    sample.timeS = timeS();
    double restrictedSum = 0.0, restrictedWeight = 0.0;
    for (size_t i = 0; i < tension.size(); ++i) {
        sample.maxTensionKPa = std::max(sample.maxTensionKPa, tension[i]);
        const float severity = m_web.severity()[i];
        if (severity > 0.0f) {
            restrictedSum += static_cast<double>(severity * tension[i]);
            restrictedWeight += static_cast<double>(severity);
        }
    }
    sample.meanTensionKPa =
        restrictedWeight > 0.0 ? static_cast<float>(restrictedSum / restrictedWeight) : 0.0f;
    if (m_contact) {
        sample.toolForceN = m_reaction;
        sample.toolDepthMm = 1e3f * toolDepthM();
        // Weighted by the footprint, so the tissue right under the tool counts most.
        double sum = 0.0, weight = 0.0;
        for (const auto& [particle, load] : m_loads) {
            sum += static_cast<double>(load.x * tension[particle]);
            weight += static_cast<double>(load.x);
        }
        sample.tensionUnderToolKPa = weight > 0.0 ? static_cast<float>(sum / weight) : 0.0f;
        double shear = 0.0;
        for (const auto& [particle, load] : m_loads)
            shear += static_cast<double>(load.x * m_web.glidingShearKPa(particle));
        sample.glidingShearUnderToolKPa = weight > 0.0 ? static_cast<float>(shear / weight) : 0.0f;
        if (m_pin)
            sample.bedOffsetMm = 1e3f * m_pin->bedOffsetM(timeS() - m_treatmentStartS);
    }
    sample.strainEnergyJ =
        m_web.model().strainEnergy(m_measure.elementEnergyJ(), &m_solver.workers());
    for (size_t r = 0; r < m_web.restrictions().size(); ++r)
        sample.releasedPercent.push_back(100.0f * m_web.releasedFraction(r));
    m_sample = std::move(sample);
}

void writeCsvHeader(std::ostream& out, const FasciaWeb& web) {
    out << "time_s,tool_force_n,tool_depth_mm,tension_under_tool_kpa,"
           "gliding_shear_under_tool_kpa,bed_offset_mm,mean_tension_kpa,max_tension_kpa,"
           "strain_energy_j";
    for (const Restriction& r : web.restrictions()) {
        std::string id = r.id;
        std::replace(id.begin(), id.end(), ',', ';');
        out << ",released_pct:" << id;
    }
    out << '\n';
}

void writeCsvRow(std::ostream& out, const Sample& sample) {
    char buffer[256];
    std::snprintf(
        buffer, sizeof buffer, "%.4f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.6g", sample.timeS,
        static_cast<double>(sample.toolForceN), static_cast<double>(sample.toolDepthMm),
        static_cast<double>(sample.tensionUnderToolKPa),
        static_cast<double>(sample.glidingShearUnderToolKPa),
        static_cast<double>(sample.bedOffsetMm), static_cast<double>(sample.meanTensionKPa),
        static_cast<double>(sample.maxTensionKPa), sample.strainEnergyJ);
    out << buffer;
    for (float released : sample.releasedPercent) {
        std::snprintf(buffer, sizeof buffer, ",%.2f", static_cast<double>(released));
        out << buffer;
    }
    out << '\n';
}

} // namespace sim
