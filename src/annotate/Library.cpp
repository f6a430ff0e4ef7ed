#include "annotate/Library.h"

#include "annotate/Anchoring.h"


#include <glm/geometric.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace annotate {
namespace {

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

glm::vec3 placeOnBody(const anatomy::Body& body, const Library& library, const glm::vec3& fraction,
                      anatomy::Side side) {
    return frameOf(body, library.centreZ).place(fraction, side);
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
    // A disc as one spot on the skin; a band as a chain of spots along its path, each half its
    // width from the next, so that the chain covers the band without gaps.
    auto onSkin = [&](const LibraryShape& shape, anatomy::Side side, PlacedPoint& point,
                      std::vector<ZoneSpot>& out) {
        const float radius = shape.radius * frame.height;
        const size_t first = out.size();
        // The spot on the skin nearest a position of the shape.
        auto snap = [&](const glm::vec3& p) { return skin.nearest(p); };
        auto addSpot = [&](const anatomy::SurfaceSample& sample, bool broken) {
            point.farthestZoneFromSkinM = std::max(point.farthestZoneFromSkinM, sample.distance);
            if (out.size() > first &&
                glm::length(out.back().centre.position - sample.position) < 0.25f * radius)
                return; // the same place again
            point.bandBreaks += broken ? 1 : 0;
            out.push_back(ZoneSpot{anchorFor(body, sample), radius});
        };
        if (shape.path.size() == 1) {
            if (const auto sample = snap(frame.place(shape.path.front(), side)))
                addSpot(*sample, false);
            return;
        }
        // Along the path, a spot every half width; where two spots in a row land further apart
        // than half a width (the path cuts across a curve and its nearest skin jumps), the stretch
        // between them is sampled more finely, and only a gap between the discs that stays is a
        // break.
        std::function<void(const glm::vec3&, const glm::vec3&, const anatomy::SurfaceSample&, int)>
            fill = [&](const glm::vec3& a, const glm::vec3& b, const anatomy::SurfaceSample& atB,
                       int depth) {
                const float gap = glm::length(out.back().centre.position - atB.position);
                if (gap <= radius || depth == 0) {
                    // Discs further apart than their two radii leave a gap between them.
                    addSpot(atB, gap > 2.0f * radius);
                    return;
                }
                const glm::vec3 middle = 0.5f * (a + b);
                if (const auto atMiddle = snap(middle))
                    fill(a, middle, *atMiddle, depth - 1);
                fill(middle, b, atB, depth - 1);
            };
        const float step = std::max(0.5f * radius, 0.003f);
        glm::vec3 previous = frame.place(shape.path.front(), side);
        if (const auto start = snap(previous))
            addSpot(*start, false);
        else
            return;
        for (size_t k = 0; k + 1 < shape.path.size(); ++k) {
            const glm::vec3 a = frame.place(shape.path[k], side);
            const glm::vec3 b = frame.place(shape.path[k + 1], side);
            const int steps = std::max(1, static_cast<int>(std::ceil(glm::length(b - a) / step)));
            for (int i = 1; i <= steps; ++i) {
                const glm::vec3 p = glm::mix(a, b, static_cast<float>(i) / static_cast<float>(steps));
                if (const auto sample = snap(p))
                    fill(previous, p, *sample, 5);
                previous = p;
            }
        }
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
            point.onMuscle = location.has_value();
            if (!location)
                location = skinAbove;
            if (!location)
                continue;
            point.location = *location;
            point.authoredDistanceM = glm::length(location->position - authored);
            for (const LibraryShape& shape : entry.essential)
                onSkin(shape, side, point, point.essential);
            for (const LibraryShape& shape : entry.spillover)
                onSkin(shape, side, point, point.spillover);
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
