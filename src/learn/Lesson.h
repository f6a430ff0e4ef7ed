// learn: a guided lesson — a sequence of steps, each moving the camera, showing, hiding and
// peeling layers, highlighting structures, showing trigger points with their zones and
// playing a short simulation clip, with a caption. Lessons are data files a teacher writes
// (assets/lessons/*.json, docs/lesson-format.md); this is their content, read and checked.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/Layer.h"
#include "core/Result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annotate {
struct Library;
}

namespace learn {

// A structure as a lesson names it: a structure's name, a muscle with its parts
// ("trapezius") or a group ("suboccipitals"), on one side or (no side) on both.
struct StructureRef {
    std::string name;
    std::optional<anatomy::Side> side; // none: every side the body has it on
};

// A library trigger point on one side, shown with its referred-pain zones.
struct PointRef {
    std::string id; // "trapezius/TrP1"
    anatomy::Side side = anatomy::Side::Left;
};

// Where the camera looks from: one of the standard views, turned towards a structure or a
// trigger point, from a distance (metres; 0 keeps the view's framing of the whole body).
struct StepCamera {
    std::string view = "anterior"; // anterior | posterior | left | right | superior
    std::optional<StructureRef> focusStructure;
    std::optional<PointRef> focusPoint;
    float distanceM = 0.0f;
};

// A layer as a step shows it: hidden, or visible with an opacity (1 opaque).
struct LayerShown {
    bool visible = true;
    float opacity = 1.0f;
};

// A short simulation: a tool pressed with a technique at a target, played for `seconds` of
// simulated time (the clip runs faster than real time when `seconds` is long).
struct StepClip {
    std::string tool = "thumb";        // a tool of the simulation's parameters
    std::string technique = "passive"; // passive | active | stretch
    std::string at;                    // a library point id or a structure ("levator-scapulae")
    std::optional<anatomy::Side> side; // of `at`; left when not given
    float pressureKPa = 30.0f;
    float seconds = 60.0f;
};

struct LessonStep {
    std::string title;
    std::string caption; // what the student reads, in our own words
    std::optional<StepCamera> camera;
    // Indexed like anatomy::kAllLayers; a step that names no layers leaves them as they were.
    std::optional<std::array<LayerShown, anatomy::kAllLayers.size()>> layers;
    std::vector<StructureRef> highlight;
    std::vector<std::string> fasciaRegions; // regions of the deep fascia to highlight
    std::vector<PointRef> triggerPoints;
    bool showFibres = false;  // collagen direction lines on the fascia
    bool showNetwork = false; // the fascia as the simulation's web of particles and edges
    std::optional<StepClip> clip;
};

struct Lesson {
    std::string id; // the file's name without ".json": "referred-pain"
    std::string title;
    std::string summary;
    std::string file; // where it was read from, for messages
    std::vector<LessonStep> steps;
};

// Reads a lesson from its JSON text. `file` names it in messages; every problem says the file,
// the step (its number from 1 and its title) and the field.
core::Result<Lesson> readLesson(std::string_view text, const std::string& file);

// What of a lesson the body or the library lacks, one message per problem, naming the file,
// step and field: a structure, a fascia region, a trigger point, a clip's tool, technique or
// target. Empty when the lesson can be played on this body.
std::vector<std::string> lessonProblems(const Lesson& lesson, const anatomy::Body& body,
                                        const annotate::Library& library,
                                        const std::vector<std::string>& toolIds);

// The structures of `body` a reference names (every part of a muscle, both sides when no side
// is given); empty when none.
std::vector<int> resolveStructure(const anatomy::Body& body, const StructureRef& ref);

std::string_view sideName(anatomy::Side side);

// Lessons read from several files: those that read, in order, and a message for each that did
// not (the others still load).
struct LessonSet {
    std::vector<Lesson> lessons;
    std::vector<std::string> errors;
    const Lesson* find(std::string_view id) const;
};

// The lessons that ship with FasciaLab (assets/lessons/, compiled in), in teaching order.
const LessonSet& builtInLessons();
// Every *.json lesson in a folder (a teacher's own), by file name.
LessonSet readLessonFolder(const std::string& folder);

} // namespace learn
