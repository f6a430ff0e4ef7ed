#include "app/SimulationSetup.h"

#include "anatomy/Bvh.h"
#include "anatomy/Proximity.h"
#include "anatomy/Search.h"
#include "annotate/Library.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace app {
namespace {

// The body's structure for a map's structure key, or -1.
int structureForKey(const anatomy::Body& body, const std::string& key) {
    const auto& structures = body.structures();
    for (size_t s = 0; s < structures.size(); ++s)
        if (anatomy::structureKey(structures[s]) == key)
            return static_cast<int>(s);
    return -1;
}

std::string fieldRestrictionId(const std::string& structureKey) {
    return "tension:" + structureKey;
}

} // namespace

std::vector<sim::Restriction> restrictionsFromSession(const sim::FasciaWeb& web,
                                                      const anatomy::Body& body,
                                                      const annotate::Session& session,
                                                      std::vector<std::string>& notes) {
    std::vector<sim::Restriction> restrictions;
    for (const annotate::TensionField& field : session.tension) {
        const int structure = structureForKey(body, field.structure);
        sim::Restriction restriction;
        restriction.id = fieldRestrictionId(field.structure);
        restriction.label =
            "Painted tension: " +
            (structure >= 0 ? body.structures()[static_cast<size_t>(structure)].displayName
                            : field.structure);
        for (const annotate::TensionSample& sample : field.samples)
            if (const auto particle = web.particleOf(structure, sample.vertex))
                restriction.particles.emplace_back(*particle, sample.value);
        if (restriction.particles.empty())
            notes.push_back("the tension painted on " + field.structure +
                            " is not on a simulated fascia layer; left out");
        else
            restrictions.push_back(std::move(restriction));
    }
    const float radius = web.parameters().restriction.triggerPointRadiusMm * 1e-3f;
    const anatomy::PointGrid grid(web.homes(), radius);
    for (const annotate::TriggerPoint& point : session.triggerPoints) {
        sim::Restriction restriction;
        restriction.id = point.id;
        restriction.label = point.name;
        const float severity = static_cast<float>(std::clamp(point.severity, 0, 10)) / 10.0f;
        for (std::uint32_t particle : grid.within(point.anchor.position, radius)) {
            const float d = glm::distance(web.homes()[particle], point.anchor.position) / radius;
            const float fade = (1.0f - d * d) * (1.0f - d * d);
            if (severity * fade > 0.01f)
                restriction.particles.emplace_back(particle, severity * fade);
        }
        if (restriction.particles.empty())
            notes.push_back(point.name + " (" + point.id + ") has no simulated fascia within " +
                            std::to_string(static_cast<int>(radius * 1e3f)) + " mm; left out");
        else
            restrictions.push_back(std::move(restriction));
    }
    return restrictions;
}

core::Result<sim::FasciaWeb> settledWeb(const anatomy::Body& body,
                                        const sim::Parameters& parameters,
                                        const sim::WebOptions& options,
                                        const annotate::Session* session,
                                        std::vector<std::string>& notes, const MusclePulls& pulls) {
    auto web = sim::FasciaWeb::build(body, parameters, options);
    if (!web)
        return web.error();
    if (session)
        for (sim::Restriction& r : restrictionsFromSession(*web, body, *session, notes))
            web->addRestriction(std::move(r));
    for (const auto& [muscle, forceN] : pulls)
        if (auto pulled = web->pullMuscle(muscle, forceN); !pulled)
            return core::usageError("--pull: " + pulled.error().message);
    web->settle();
    return web;
}

core::Result<MusclePulls> parseMusclePulls(const std::string& text) {
    MusclePulls pulls;
    size_t begin = 0;
    while (begin <= text.size()) {
        const size_t end = std::min(text.find(',', begin), text.size());
        const std::string item = text.substr(begin, end - begin);
        const size_t equals = item.find('=');
        float forceN = 0.0f;
        const char* number = item.data() + (equals == std::string::npos ? 0 : equals + 1);
        const auto [ptr, ec] = std::from_chars(number, item.data() + item.size(), forceN);
        if (equals == std::string::npos || equals == 0 || ec != std::errc() ||
            ptr != item.data() + item.size() || !std::isfinite(forceN) || forceN < 0.0f ||
            forceN > 2000.0f)
            return core::usageError("--pull: '" + item +
                                    "' is not MUSCLE/SIDE=NEWTONS (0 to 2000 N), for example "
                                    "latissimus-dorsi/left=40");
        pulls.emplace_back(item.substr(0, equals), forceN);
        begin = end + 1;
    }
    return pulls;
}

core::Result<glm::vec3> resolveTarget(const std::string& target, const anatomy::Body& body,
                                      const annotate::Session* session) {
    // x,y,z
    if (std::count(target.begin(), target.end(), ',') == 2) {
        glm::vec3 p(0.0f);
        const char* begin = target.data();
        const char* end = target.data() + target.size();
        for (int k = 0; k < 3; ++k) {
            const char* stop = k < 2 ? std::find(begin, end, ',') : end;
            const auto [ptr, ec] = std::from_chars(begin, stop, p[k]);
            if (ec != std::errc() || ptr != stop || !std::isfinite(p[k]))
                return core::usageError("--at: '" + target +
                                        "' is not three numbers x,y,z in metres");
            begin = stop + 1;
        }
        return p;
    }
    if (session)
        for (const annotate::TriggerPoint& point : session->triggerPoints)
            if (point.id == target)
                return point.anchor.position;
    // A library point: "muscle/TrPn", optionally "/left" or "/right".
    if (target.find('/') != std::string::npos) {
        std::string id = target;
        anatomy::Side side = anatomy::Side::Left;
        for (const anatomy::Side s : {anatomy::Side::Left, anatomy::Side::Right}) {
            const std::string suffix = "/" + std::string(anatomy::sideId(s));
            if (id.size() > suffix.size() && id.ends_with(suffix)) {
                id.resize(id.size() - suffix.size());
                side = s;
            }
        }
        const annotate::Library& library = annotate::referenceLibrary();
        if (const annotate::LibraryPoint* entry = library.find(id)) {
            const anatomy::BodyBvh bvh(body);
            for (const annotate::PlacedPoint& placed : annotate::placeLibrary(body, bvh, library))
                if (placed.entry == entry && placed.side == side)
                    return placed.location.position;
            return core::badInput("--at: the library point " + id +
                                  " could not be placed on this body");
        }
    }
    const auto hits = anatomy::searchStructures(body, target, 1);
    if (!hits.empty()) {
        const anatomy::SearchHit& hit = hits.front();
        const anatomy::Structure& structure = body.structures()[static_cast<size_t>(hit.structure)];
        const anatomy::SurfaceMesh& mesh = structure.mesh;
        // The centre of the structure, or of the named region of it that matched.
        glm::vec3 centre(0.0f);
        size_t count = 0;
        for (std::uint32_t v = 0; v < mesh.vertexCount(); ++v)
            if (hit.region < 0 ||
                (v < structure.vertexRegions.size() && structure.vertexRegions[v] == hit.region)) {
                centre += mesh.positions[v];
                ++count;
            }
        if (count > 0) {
            centre /= static_cast<float>(count);
            if (const auto nearest =
                    anatomy::nearestOnStructure(body, hits.front().structure, centre))
                return nearest->position;
        }
    }
    return core::usageError("--at: '" + target +
                            "' is not x,y,z, a trigger point of the map, a library point "
                            "(\"upper-trapezius/TrP1\") or a structure's name");
}

annotate::Session sessionAfterSimulation(const annotate::Session& simulated,
                                         const sim::FasciaWeb& web, const anatomy::Body& body,
                                         const std::string& treatment, const std::string& date) {
    annotate::Session session = annotate::followUpSession(simulated, date);
    annotate::SimulatedRelease record;
    record.treatment = treatment;
    std::map<std::string, size_t> byId;
    for (size_t r = 0; r < web.restrictions().size(); ++r) {
        byId[web.restrictions()[r].id] = r;
        record.released[web.restrictions()[r].id] = web.releasedFraction(r);
    }
    for (annotate::TensionField& field : session.tension) {
        if (!byId.count(fieldRestrictionId(field.structure)))
            continue;
        // Each painted vertex keeps what is left at its particle.
        const int structure = structureForKey(body, field.structure);
        for (annotate::TensionSample& sample : field.samples)
            if (const auto particle = web.particleOf(structure, sample.vertex))
                sample.value *= web.remaining()[*particle];
        std::erase_if(field.samples,
                      [](const annotate::TensionSample& s) { return s.value < 0.01f; });
    }
    std::erase_if(session.tension,
                  [](const annotate::TensionField& f) { return f.samples.empty(); });
    session.notes = "Simulated: " + treatment + " (a teaching model, not a measurement).";
    session.simulated = std::move(record);
    return session;
}

const sim::Movement& movementAt(const anatomy::Body& body, const glm::vec3& target,
                                const sim::Parameters& parameters) {
    const auto& structures = body.structures();
    int nearest = -1;
    float nearestDistance = 0.0f;
    for (size_t s = 0; s < structures.size(); ++s) {
        if (structures[s].layer != anatomy::LayerKind::Muscle)
            continue;
        const auto sample = anatomy::nearestOnStructure(body, static_cast<int>(s), target);
        if (sample && (nearest < 0 || sample->distance < nearestDistance)) {
            nearest = static_cast<int>(s);
            nearestDistance = sample->distance;
        }
    }
    if (nearest < 0)
        return parameters.pin.movementFor("");
    const anatomy::Structure& muscle = structures[static_cast<size_t>(nearest)];
    return parameters.pin.movementFor(muscle.displayName + " " + muscle.name);
}

} // namespace app
