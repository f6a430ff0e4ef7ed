// annotate: the reference library of common trigger points (assets/library/trigger_points.json,
// embedded at build time): where each lies, where it refers pain, symptoms and self-care — and
// placing it on a body, browsing it by muscle or by where it hurts, and inserting it into a map.
#pragma once

#include "anatomy/Bvh.h"
#include "anatomy/Proximity.h"
#include "annotate/History.h"
#include "core/Result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace annotate {

// A point or disc in fractions of stature, left side of a body in anatomical position.
struct LibrarySpot {
    glm::vec3 at{0.0f};
    float radius = 0.0f; // fraction of stature; 0 for the trigger point itself
};

struct LibraryPoint {
    std::string id;     // "upper-trapezius/TrP1"
    std::string muscle; // structure name on the default body ("trapezius-upper")
    std::string name;   // "Upper trapezius TrP1"
    glm::vec3 at{0.0f};
    std::vector<LibrarySpot> essential;
    std::vector<LibrarySpot> spillover;
    std::string symptoms;
    std::string selfCare;
    std::vector<std::string> sources; // keys of Library::sources
};

struct Library {
    std::string about;
    float centreZ = 0.0f; // the default body's front-to-back centre, fraction of stature
    std::map<std::string, std::string> sources;
    std::vector<LibraryPoint> points;

    const LibraryPoint* find(std::string_view id) const;
    // Muscles in the order they first appear, for browsing.
    std::vector<std::string> muscles() const;
};

core::Result<Library> parseLibrary(std::string_view text, const std::string& fileName);
// The library compiled into the program (parsed once; the tests check it parses).
const Library& referenceLibrary();

// A library point on one side of a particular body.
struct PlacedPoint {
    const LibraryPoint* entry = nullptr;
    anatomy::Side side = anatomy::Side::Left;
    anatomy::SurfaceSample location; // on the muscle's outer surface (or the skin without one)
    float authoredDistanceM = 0.0f;  // how far the library's point was from that surface
    std::vector<ZoneSpot> essential; // discs on the skin, radius in metres
    std::vector<ZoneSpot> spillover;
    std::string displayName() const; // "Upper trapezius TrP1 (left)"
};

// Every library point placed on both sides of this body. Bodies of other sizes and imported
// models work too: the library's fractions are scaled to the body's bounds.
std::vector<PlacedPoint> placeLibrary(const anatomy::Body& body, const anatomy::BodyBvh& bvh,
                                      const Library& library);

struct Referral {
    size_t placed = 0;      // index into the placed points
    bool essential = false; // in the essential zone (else spillover)
    float distanceM = 0.0f; // from the nearest zone centre
};
// "It hurts here": the placed points whose referred pain covers this position, essential zones
// first, nearer first.
std::vector<Referral> pointsReferringTo(const std::vector<PlacedPoint>& placed,
                                        const glm::vec3& position);

// The edit that inserts a placed library point into a session, with its referred-pain zone.
Edit insertLibraryPoint(const MapDocument& document, int session, const anatomy::Body& body,
                        const PlacedPoint& placed, const std::string& date);

} // namespace annotate
