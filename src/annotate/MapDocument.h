// annotate: the therapist's map of one client — trigger points, tension zones and referred-pain
// zones per session, anchored to the body's surface so they stay glued to it.
#pragma once

#include <glm/vec3.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace annotate {

// A place on the body's surface. The structure key ("muscle/trapezius-upper/left"), triangle and
// barycentric weights say exactly where on this body; the position (metres) is the fallback
// used to find the nearest surface on another body.
struct Anchor {
    std::string structure;
    std::uint32_t triangle = 0;
    glm::vec3 barycentric{1.0f / 3.0f};
    glm::vec3 position{0.0f};
    bool operator==(const Anchor&) const = default;
};

enum class TriggerPointState { Active, Latent };

struct TriggerPoint {
    std::string id;   // stable across sessions ("tp-3"), so sessions can be compared
    std::string name; // "Upper trapezius TrP1"
    Anchor anchor;    // on the muscle
    TriggerPointState state = TriggerPointState::Active;
    int severity = 5; // 0 (none) to 10 (worst imaginable), as the client rates it
    std::string pain; // in the client's words: "dull ache", "burning"
    std::vector<std::string> referredZones; // ids of this session's referred-pain zones
    std::string notes;
    std::string found;     // date first found, YYYY-MM-DD
    std::string libraryId; // "upper-trapezius/TrP1" when inserted from the library
    bool operator==(const TriggerPoint&) const = default;
};

// One disc of a referred-pain zone on the skin.
struct ZoneSpot {
    Anchor centre;
    float radius = 0.02f; // metres, along the surface
    bool operator==(const ZoneSpot&) const = default;
};

// Where a trigger point sends its pain: the essential zone (nearly everyone feels it; drawn
// solid) and the spillover zone (some do; drawn stippled).
struct ReferredZone {
    std::string id; // "zone-2"
    std::string name;
    std::vector<ZoneSpot> essential;
    std::vector<ZoneSpot> spillover;
    bool operator==(const ReferredZone&) const = default;
};

// Painted restriction of one structure, sparse: only touched vertices are stored. Values run
// from 0 (free) to 1 (most restricted); positions keep the field findable on another body.
struct TensionSample {
    std::uint32_t vertex = 0;
    float value = 0.0f;
    glm::vec3 position{0.0f};
    bool operator==(const TensionSample&) const = default;
};
struct TensionField {
    std::string structure;              // structure key
    std::vector<TensionSample> samples; // sorted by vertex, values in (0, 1]
    bool operator==(const TensionField&) const = default;
};

// What a simulated treatment released, kept by the session that follows it (FasciaLab's
// teaching model, not a measurement): the treatment in words and, per restriction (a trigger
// point's id or a painted structure's key), the fraction of it released, unrounded. The
// client's own severities stay as they rated them.
struct SimulatedRelease {
    std::string treatment;                 // "Thumb, passive, 40 kPa for 120 s at tp-1"
    std::map<std::string, float> released; // 0 to 1
    bool operator==(const SimulatedRelease&) const = default;
};

struct Session {
    std::string date; // YYYY-MM-DD
    std::string notes;
    std::vector<TriggerPoint> triggerPoints;
    std::vector<ReferredZone> referredZones;
    std::vector<TensionField> tension;
    std::optional<SimulatedRelease> simulated; // a session made by a simulated treatment
    bool operator==(const Session&) const = default;
};

// What the document says about the client and the plan, apart from the sessions.
struct DocumentInfo {
    std::string clientName; // optional; a handout uses it
    std::string clientId;   // optional, for therapists who keep names elsewhere
    std::string notes;      // free notes
    std::string plan;       // the care plan in plain words, printed on the handout
    std::string body;       // the body the map was made on: "default" or a model file name
    bool operator==(const DocumentInfo&) const = default;
};

struct MapDocument {
    DocumentInfo info;
    std::vector<Session> sessions; // oldest first; never empty in a valid document
    bool operator==(const MapDocument&) const = default;
};

// A new document with one session dated `date`.
MapDocument newDocument(const std::string& date);

// The next session starts from the last one's marks (their severities to be updated), with
// its own date and empty notes.
Session followUpSession(const Session& previous, const std::string& date);

// Unique ids within a session: "tp-N" / "zone-N" with N one more than the highest in use.
std::string nextTriggerPointId(const MapDocument& document);
std::string nextZoneId(const MapDocument& document);

// "Infraspinatus TrP2 (left)": the muscle's display name, the next free number for that muscle
// in the session, and the suffix (the side).
std::string nextTriggerPointName(const Session& session, const std::string& muscleDisplayName,
                                 const std::string& suffix = "");

const TriggerPoint* findTriggerPoint(const Session& session, const std::string& id);
const ReferredZone* findZone(const Session& session, const std::string& id);

std::string_view stateId(TriggerPointState state); // "active", "latent"

// Today's date as YYYY-MM-DD (local time).
std::string today();

} // namespace annotate
