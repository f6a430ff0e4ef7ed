// learn: quizzes on the body — "click the levator scapulae", "name the highlighted muscle",
// "place the upper trapezius TrP1", "which muscle refers pain here?", "which layer is this?".
// A quiz is made from a seed, so a class can take the same one; each answer is scored and the
// right answer kept to show after the try.
#pragma once

#include "anatomy/Body.h"
#include "annotate/Library.h"
#include "core/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace learn {

enum class QuestionKind {
    FindStructure, // click a named muscle on the body
    NameStructure, // name the highlighted muscle
    PlacePoint,    // click where a library trigger point lies
    Referral,      // which muscle refers pain to the highlighted place
    Layer,         // which layer the highlighted structure belongs to
};
inline constexpr QuestionKind kAllQuestionKinds[] = {
    QuestionKind::FindStructure, QuestionKind::NameStructure, QuestionKind::PlacePoint,
    QuestionKind::Referral, QuestionKind::Layer};
std::string_view questionKindId(QuestionKind kind); // "find", "name", "place", "referral", "layer"
std::optional<QuestionKind> questionKindFromId(std::string_view id);

// The body regions a quiz can be limited to, as the library groups its points.
inline constexpr const char* kQuizRegions[] = {"head-neck",  "shoulder-arm", "forearm-hand",
                                               "trunk",      "hip-thigh",    "leg-foot"};
// The quiz region a structure lies in: from its atlas region where it has one, else from where
// its centre lies on the body.
std::string quizRegionOf(const anatomy::Body& body, int structure);

struct QuizOptions {
    std::uint64_t seed = 1;
    int questions = 10;
    std::vector<std::string> regions;            // empty: every region
    std::vector<anatomy::LayerKind> layers;      // for layer questions; empty: the five tissues
    std::vector<QuestionKind> kinds;             // empty: every kind
    bool multipleChoice = false;                 // name, referral and layer questions
};

struct Question {
    QuestionKind kind = QuestionKind::FindStructure;
    std::string prompt;
    std::string region; // the quiz region it tests, for the summary of weak areas
    // What the body shows with the question: structures highlighted (name, layer), a spot on
    // the skin (referral).
    std::vector<int> highlighted;
    std::optional<glm::vec3> spot;
    // The right answer: the muscle and side (find, name), the library point placed on the body
    // (place), the muscles that refer pain to the spot (referral), the layer (layer).
    std::string muscle;
    anatomy::Side side = anatomy::Side::Left;
    std::string pointId;
    glm::vec3 pointAt{0.0f};
    int pointStructure = -1;
    std::vector<std::string> acceptedMuscles;
    anatomy::LayerKind layer = anatomy::LayerKind::Muscle;
    std::vector<std::string> choices; // multiple choice: the options, the right one among them
    std::string answer;               // the right answer in words, shown after the try
};

struct Quiz {
    QuizOptions options;
    std::vector<Question> questions;
};

// A student's answer: a click on the body (find, place), typed text, or a choice's index.
struct Answer {
    int structure = -1;                // clicked structure (find)
    std::optional<glm::vec3> position; // clicked point (find, place)
    std::string text;                  // typed (name, referral, layer)
    int choice = -1;                   // multiple choice
};

struct Score {
    bool correct = false;
    float points = 0.0f;                // 0..1; placing earns part marks by distance
    std::optional<float> distanceM;     // place: along the surface from the right spot
    std::string feedback;               // what was right, shown after the try
};

// Makes a quiz of `options.questions` questions from the body's muscles and structures and the
// library's points, drawn from `seed`: the same seed, options, body and library give the same
// quiz. A usage error when the options leave nothing to ask.
core::Result<Quiz> makeQuiz(const anatomy::Body& body, const annotate::Library& library,
                            const std::vector<annotate::PlacedPoint>& placed,
                            const QuizOptions& options);

Score scoreAnswer(const anatomy::Body& body, const Question& question, const Answer& answer);

// Does typed text name a muscle: its display name, Latin name or id, ignoring case, "musculus"
// and punctuation, forgiving small typos (one edit in short words, two in long ones).
bool namesMuscle(std::string_view typed, const std::string& muscleId);
// The muscle's display name ("Levator scapulae"), from the atlas catalogue or its id.
std::string muscleDisplayName(const std::string& muscleId);

// Placing a point: full marks within this distance along the surface, none beyond the other.
inline constexpr float kPlaceFullMarksM = 0.02f;
inline constexpr float kPlaceNoMarksM = 0.06f;

} // namespace learn
