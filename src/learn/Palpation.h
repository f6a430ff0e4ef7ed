// learn: palpation practice — one to three restrictions hidden at library trigger points of a
// region, each with a severity the student cannot see; the student presses and feels (the app
// measures the give and push-back on the simulated tissue), marks where they think each one is
// and how severe, and is scored by the distance along the surface and the severity judged.
#pragma once

#include "anatomy/Body.h"
#include "annotate/Library.h"
#include "core/Result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace learn {

struct HiddenRestriction {
    std::string pointId; // the library point it sits at
    anatomy::Side side = anatomy::Side::Left;
    std::string name; // "Upper trapezius TrP1 (left)", revealed afterwards
    glm::vec3 at{0.0f};
    int severity = 5; // 1..10, as a map's trigger point
};

struct PalpationExercise {
    std::uint64_t seed = 1;
    std::string region;
    std::vector<HiddenRestriction> hidden;
};

// Besides the quiz regions, palpation can be practised on an area of the back, where a
// therapist most often searches by touch: the upper back (between and over the shoulder blades)
// and the low back.
inline constexpr const char* kPalpationAreas[] = {"upper-back", "low-back"};

// Hides `count` (1 to 3) restrictions at distinct library points of `region` (a quiz region or
// an area of the back),
// at least 6 cm apart, with severities from 3 to 9, drawn from `seed`. `usable` says whether a
// point can be felt on this body (it lies on simulated fascia); every point is, when absent.
core::Result<PalpationExercise>
makePalpation(const std::vector<annotate::PlacedPoint>& placed, const std::string& region,
              int count, std::uint64_t seed,
              const std::function<bool(const annotate::PlacedPoint&)>& usable = {});

struct PalpationGuess {
    glm::vec3 at{0.0f};
    int severity = 5;
};

struct PalpationResult {
    struct PerRestriction {
        int guess = -1;              // the guess matched to it, or -1 when none came near
        std::optional<float> distanceM; // along the surface, to that guess
        int severityError = 0;       // guessed minus hidden
        bool found = false;          // a guess within kFoundWithinM
        bool severityJudged = false; // found, and the severity within 2
        float points = 0.0f;         // 0..1
    };
    std::vector<PerRestriction> restrictions;
    std::vector<int> falseAlarms; // guesses matched to no restriction
    float points = 0.0f;          // sum over the restrictions
};

// A guess this close along the surface found its restriction.
inline constexpr float kFoundWithinM = 0.03f;

// Matches guesses to hidden restrictions (nearest pairs first, along `surface`) and scores each:
// 0.7 for where (full within 2 cm, none beyond 6 cm) and 0.3 for the severity (full within 2,
// none 5 or more off), only for a restriction found.
PalpationResult scorePalpation(const anatomy::SurfaceMesh& surface,
                               const PalpationExercise& exercise,
                               const std::vector<PalpationGuess>& guesses);

} // namespace learn
