// annotate: the reference library of common trigger points (assets/library/, embedded at build
// time; docs/library-format.md): where each lies, where it refers pain, symptoms and self-care — and
// placing it on a body, browsing it by muscle or by where it hurts, and inserting it into a map.
#pragma once

#include "anatomy/Bvh.h"
#include "anatomy/Proximity.h"
#include "annotate/History.h"
#include "core/Result.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annotate {

// A shape of a referred-pain zone on the skin, in fractions of stature on the left side of a
// body in anatomical position: a disc (one point) or a band along a path (several points).
struct LibraryShape {
    std::vector<glm::vec3> path;
    float radius = 0.0f; // the disc's radius, or half the band's width
};

// A named place on the skin ("temple", "lateral-elbow"), left side.
struct LibraryPlace {
    std::string name;
    std::string description;
    glm::vec3 at{0.0f};
};

struct LibraryPoint {
    std::string id;     // "trapezius/TrP1"
    std::vector<std::string> formerIds; // ids it had before, so maps naming them find it
    std::string region; // the region file it comes from ("head-neck")
    std::string muscle; // structure name on the default body ("trapezius-upper")
    std::string name;   // "Upper trapezius TrP1"
    glm::vec3 at{0.0f};
    std::string depth;     // "superficial", "deep", "cavity" or empty
    std::string depthNote; // how a deep point is reached
    std::vector<LibraryShape> essential;
    std::vector<LibraryShape> spillover;
    std::string symptoms;
    std::string perpetuating;
    std::string selfCare;
    std::vector<std::string> sources; // keys of Library::sources
};

struct Library {
    std::string about;
    float centreZ = 0.0f; // the default body's front-to-back centre, fraction of stature
    std::map<std::string, std::string> sources;
    std::vector<LibraryPlace> places;
    std::vector<LibraryPoint> points;

    // By id, or by an id the point had before.
    const LibraryPoint* find(std::string_view id) const;
    const LibraryPlace* findPlace(std::string_view name) const;
    // Muscles in the order they first appear, for browsing.
    std::vector<std::string> muscles() const;
};

// Reads the library from its files (docs/library-format.md): `open` gives a file's text by its
// path relative to the library's folder ("library.json", "places.json",
// "trigger-points/head-neck.json"), or nothing where there is no such file; `folder` names the
// folder in messages. Every problem names the file and the field.
using LibraryFileOpener = std::function<std::optional<std::string>(const std::string& path)>;
core::Result<Library> readLibrary(const LibraryFileOpener& open, const std::string& folder);
// The library in a folder on disk (a copy being edited).
core::Result<Library> readLibraryFolder(const std::string& folder);
// The library compiled into the program (parsed once; the tests check it parses).
const Library& referenceLibrary();

// A library point on one side of a particular body.
struct PlacedPoint {
    const LibraryPoint* entry = nullptr;
    anatomy::Side side = anatomy::Side::Left;
    anatomy::SurfaceSample location; // on the muscle's outer surface (or the skin without one)
    bool onMuscle = false;           // false: the body has no such muscle, so on the skin
    float authoredDistanceM = 0.0f;  // how far the library's point was from that surface
    // How well the zones fit this body: the farthest a zone's authored position lay from the
    // skin, and the places where a band's chain of discs breaks (two discs in a row that do not
    // touch: the band ran through the body and came out elsewhere).
    float farthestZoneFromSkinM = 0.0f;
    int bandBreaks = 0;
    // Discs on the skin, radius in metres; a band is a chain of overlapping discs along it.
    std::vector<ZoneSpot> essential;
    std::vector<ZoneSpot> spillover;
    std::string displayName() const; // "Upper trapezius TrP1 (left)"
};

// Every library point placed on both sides of this body. Bodies of other sizes and imported
// models work too: the library's fractions are scaled to the body's bounds.
std::vector<PlacedPoint> placeLibrary(const anatomy::Body& body, const anatomy::BodyBvh& bvh,
                                      const Library& library);

// A library position (fractions of stature, left side) on one side of this body, scaled to its
// bounds as placeLibrary scales the points.
glm::vec3 placeOnBody(const anatomy::Body& body, const Library& library, const glm::vec3& fraction,
                      anatomy::Side side);

// What a library does not do right on this body, one line each naming the point (for
// `fascialab library --check` and the tests): a muscle the body lacks, a point authored more
// than `maxPointDistanceM` from its muscle, a zone authored more than `maxZoneDistanceM` off
// the skin, a band that breaks, a self-care sentence two points share, a source no point cites.
struct LibraryTolerances {
    float maxPointDistanceM = 0.03f;
    float maxZoneDistanceM = 0.03f;
};
std::vector<std::string> libraryProblems(const Library& library,
                                         const std::vector<PlacedPoint>& placed,
                                         const LibraryTolerances& tolerances = {});

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
