#include "annotate/Library.h"

#include "annotate/Anchoring.h"
#include "annotate/EmbeddedLibrary.h"

#include <nlohmann/json.hpp>

#include <glm/geometric.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace annotate {
namespace {

using json = nlohmann::json;

struct LibraryError {
    std::string message;
};

glm::vec3 readVec3(const json& value, const std::string& where) {
    if (!value.is_array() || value.size() != 3 ||
        !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_number(); }))
        throw LibraryError{where + ": expected [x, y, z] in fractions of stature"};
    const glm::vec3 v(value[0].get<float>(), value[1].get<float>(), value[2].get<float>());
    if (!glm::all(glm::lessThanEqual(glm::abs(v), glm::vec3(1.5f))))
        throw LibraryError{where + ": fractions of stature must lie within ±1.5"};
    return v;
}

std::string readText(const json& object, const char* field, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end() || !it->is_string() || it->get<std::string>().empty())
        throw LibraryError{where + "." + field + ": expected non-empty text"};
    return it->get<std::string>();
}

std::vector<LibrarySpot> readSpots(const json& object, const char* field,
                                   const std::string& where) {
    std::vector<LibrarySpot> spots;
    const auto it = object.find(field);
    if (it == object.end())
        return spots;
    if (!it->is_array())
        throw LibraryError{where + "." + field + ": expected a list"};
    for (size_t i = 0; i < it->size(); ++i) {
        const std::string at = where + "." + field + "[" + std::to_string(i) + "]";
        const json& spot = (*it)[i];
        if (!spot.is_object() || !spot.contains("radius") || !spot["radius"].is_number())
            throw LibraryError{at + ": expected {\"at\": [x, y, z], \"radius\": r}"};
        LibrarySpot s{readVec3(spot.value("at", json()), at + ".at"), spot["radius"].get<float>()};
        if (!(s.radius > 0.0f && s.radius < 0.2f))
            throw LibraryError{at + ".radius: expected a fraction of stature from 0 to 0.2"};
        spots.push_back(s);
    }
    return spots;
}

// Maps the library's fractions of stature onto a body through its bounds: feet at the bottom,
// centred left to right, front to back as the default body is.
struct BodyFrame {
    glm::vec3 origin{0.0f};
    float height = 1.0f;
    glm::vec3 place(glm::vec3 fraction, anatomy::Side side) const {
        if (side == anatomy::Side::Right)
            fraction.x = -fraction.x;
        return origin + fraction * height;
    }
};

BodyFrame frameOf(const anatomy::Body& body, float centreZ) {
    const core::Aabb box = body.bounds();
    BodyFrame frame;
    frame.height = box.size().y;
    frame.origin = glm::vec3(box.center().x, box.min.y, box.center().z - centreZ * frame.height);
    return frame;
}

// Nearest skin vertex, as a surface sample on one of its triangles.
class SkinSnapper {
public:
    explicit SkinSnapper(const anatomy::Body& body) : m_body(body) {
        const auto& structures = body.structures();
        for (int i = 0; i < static_cast<int>(structures.size()); ++i) {
            const anatomy::Structure& s = structures[static_cast<size_t>(i)];
            if (s.layer != anatomy::LayerKind::Skin)
                continue;
            for (std::uint32_t t = 0; t < s.mesh.triangleCount(); ++t)
                for (int corner = 0; corner < 3; ++corner) {
                    const std::uint32_t v = s.mesh.indices[3 * t + static_cast<size_t>(corner)];
                    m_points.push_back(s.mesh.positions[v]);
                    m_owners.push_back({i, t, corner});
                }
        }
        m_grid = anatomy::PointGrid(m_points, 0.02f);
    }
    bool empty() const { return m_points.empty(); }

    std::optional<anatomy::SurfaceSample> nearest(const glm::vec3& p) const {
        std::int64_t found = -1;
        for (float reach = 0.05f; found < 0 && reach <= 0.8f; reach *= 2.0f)
            found = m_grid.nearest(p, reach);
        if (found < 0)
            return std::nullopt;
        const Owner& owner = m_owners[static_cast<size_t>(found)];
        glm::vec3 weights(0.0f);
        weights[owner.corner] = 1.0f;
        auto sample = anatomy::sampleSurface(m_body, {owner.structure, owner.triangle, weights});
        if (sample)
            sample->distance = glm::length(sample->position - p);
        return sample;
    }

private:
    struct Owner {
        int structure;
        std::uint32_t triangle;
        int corner;
    };
    const anatomy::Body& m_body;
    std::vector<glm::vec3> m_points;
    std::vector<Owner> m_owners;
    anatomy::PointGrid m_grid;
};

} // namespace

const LibraryPoint* Library::find(std::string_view id) const {
    for (const LibraryPoint& point : points)
        if (point.id == id)
            return &point;
    return nullptr;
}

std::vector<std::string> Library::muscles() const {
    std::vector<std::string> names;
    for (const LibraryPoint& point : points)
        if (std::find(names.begin(), names.end(), point.muscle) == names.end())
            names.push_back(point.muscle);
    return names;
}

core::Result<Library> parseLibrary(std::string_view text, const std::string& fileName) {
    try {
        const json root = json::parse(text.begin(), text.end());
        Library library;
        library.about = root.value("about", "");
        library.centreZ = root.value("frame", json::object()).value("centreZ", 0.0f);
        if (const auto sources = root.find("sources");
            sources != root.end() && sources->is_object())
            for (const auto& [key, value] : sources->items())
                library.sources[key] = value.get<std::string>();
        const json& points = root.at("triggerPoints");
        for (size_t i = 0; i < points.size(); ++i) {
            const std::string where = "triggerPoints[" + std::to_string(i) + "]";
            const json& p = points[i];
            LibraryPoint point;
            point.id = readText(p, "id", where);
            point.muscle = readText(p, "muscle", where);
            point.name = readText(p, "name", where);
            point.at = readVec3(p.value("at", json()), where + ".at");
            point.essential = readSpots(p, "essential", where);
            point.spillover = readSpots(p, "spillover", where);
            if (point.essential.empty())
                throw LibraryError{where +
                                   ".essential: a referred-pain pattern needs an essential zone"};
            point.symptoms = readText(p, "symptoms", where);
            point.selfCare = readText(p, "selfCare", where);
            for (const json& source : p.value("sources", json::array())) {
                const std::string key = source.get<std::string>();
                if (!library.sources.count(key))
                    throw LibraryError{where + ".sources: no source \"" + key + "\" in sources"};
                point.sources.push_back(key);
            }
            if (point.sources.empty())
                throw LibraryError{where + ".sources: every entry cites at least one source"};
            if (library.find(point.id))
                throw LibraryError{where + ".id: \"" + point.id + "\" is used twice"};
            library.points.push_back(std::move(point));
        }
        return library;
    } catch (const LibraryError& e) {
        return core::badInput(fileName + ": " + e.message);
    } catch (const json::exception& e) {
        return core::badInput(fileName + ": " + e.what());
    }
}

const Library& referenceLibrary() {
    static const Library library = [] {
        auto parsed = parseLibrary(core::findEmbedded(embeddedFiles(), "trigger_points.json"),
                                   "trigger_points.json");
        assert(parsed.ok() && "the embedded library is checked by the tests");
        return parsed.ok() ? std::move(parsed).value() : Library{};
    }();
    return library;
}

std::string PlacedPoint::displayName() const {
    return entry->name + (side == anatomy::Side::Right ? " (right)" : " (left)");
}

std::vector<PlacedPoint> placeLibrary(const anatomy::Body& body, const anatomy::BodyBvh& bvh,
                                      const Library& library) {
    std::vector<PlacedPoint> placed;
    const SkinSnapper skin(body);
    if (skin.empty() && body.structures().empty())
        return placed;
    const BodyFrame frame = frameOf(body, library.centreZ);
    auto onSkin = [&](const LibrarySpot& spot, anatomy::Side side) -> std::optional<ZoneSpot> {
        const glm::vec3 p = frame.place(spot.at, side);
        const auto sample = skin.nearest(p);
        if (!sample)
            return std::nullopt;
        return ZoneSpot{anchorFor(body, *sample), spot.radius * frame.height};
    };
    for (const LibraryPoint& entry : library.points) {
        for (const anatomy::Side side : {anatomy::Side::Left, anatomy::Side::Right}) {
            PlacedPoint point;
            point.entry = &entry;
            point.side = side;
            const glm::vec3 authored = frame.place(entry.at, side);
            // The muscle whole, or all its parts (trapezius), or its group's muscles
            // (suboccipitals), as the body names them.
            const std::vector<int> muscle = body.findMuscle(entry.muscle, side);
            auto inMuscle = [&](int s) {
                return std::find(muscle.begin(), muscle.end(), s) != muscle.end();
            };
            const auto skinAbove = skin.nearest(authored);
            std::optional<anatomy::SurfaceSample> location;
            for (const int part : muscle) {
                auto onPart = anatomy::nearestOnStructure(body, part, authored);
                if (onPart && (!location || onPart->distance < location->distance))
                    location = onPart;
            }
            if (location && skinAbove) {
                // As a therapist palpates: from the skin over the point straight inwards to the
                // first surface of the muscle, through whatever lies above it — unless that
                // lands far from the library's point (a muscle deep in a cavity).
                const core::Ray ray{skinAbove->position + skinAbove->normal * 0.01f,
                                    -skinAbove->normal};
                const auto hit = bvh.intersect(ray, inMuscle);
                if (hit && glm::length(hit->position - authored) <= location->distance + 0.02f)
                    location = anatomy::sampleSurface(body, hit->point);
            }
            if (!location)
                location = skinAbove;
            if (!location)
                continue;
            point.location = *location;
            point.authoredDistanceM = glm::length(location->position - authored);
            for (const LibrarySpot& spot : entry.essential)
                if (auto zone = onSkin(spot, side))
                    point.essential.push_back(*zone);
            for (const LibrarySpot& spot : entry.spillover)
                if (auto zone = onSkin(spot, side))
                    point.spillover.push_back(*zone);
            placed.push_back(std::move(point));
        }
    }
    return placed;
}

std::vector<Referral> pointsReferringTo(const std::vector<PlacedPoint>& placed,
                                        const glm::vec3& position) {
    std::vector<Referral> found;
    for (size_t i = 0; i < placed.size(); ++i) {
        auto nearestIn = [&](const std::vector<ZoneSpot>& spots) -> std::optional<float> {
            std::optional<float> best;
            for (const ZoneSpot& spot : spots) {
                const float d = glm::length(spot.centre.position - position);
                if (d <= spot.radius && (!best || d < *best))
                    best = d;
            }
            return best;
        };
        if (const auto d = nearestIn(placed[i].essential))
            found.push_back({i, true, *d});
        else if (const auto s = nearestIn(placed[i].spillover))
            found.push_back({i, false, *s});
    }
    std::sort(found.begin(), found.end(), [](const Referral& a, const Referral& b) {
        if (a.essential != b.essential)
            return a.essential;
        return a.distanceM < b.distanceM;
    });
    return found;
}

Edit insertLibraryPoint(const MapDocument& document, int session, const anatomy::Body& body,
                        const PlacedPoint& placed, const std::string& date) {
    ReferredZone zone;
    zone.id = nextZoneId(document);
    zone.name = placed.displayName();
    zone.essential = placed.essential;
    zone.spillover = placed.spillover;

    TriggerPoint point;
    point.id = nextTriggerPointId(document);
    point.name = placed.displayName();
    point.anchor = anchorFor(body, placed.location);
    point.referredZones = {zone.id};
    point.found = date;
    point.libraryId = placed.entry->id;
    point.pain = placed.entry->symptoms;
    return edits::addTriggerPoint(document, session, point, {zone});
}

} // namespace annotate
