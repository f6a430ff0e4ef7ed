// anatomy/gen: the procedural default body, built from anthropometric landmarks (segment
// proportions after Drillis & Contini, 1966) in anatomical position: standing, facing +Z,
// arms at the sides with palms forward, feet on y = 0.
#pragma once

#include <string_view>

#include "anatomy/Body.h"
#include "core/Result.h"

namespace anatomy::gen {

enum class Sex { Male, Female };
enum class Build { Slim, Average, Muscular };

struct BodyParameters {
    float heightM = 1.75f;
    Sex sex = Sex::Male;
    Build build = Build::Average;
    float cellSizeM = 0.008f; // meshing resolution of the skin
    bool skeleton = true;     // false: the skin alone, for quick previews and tests
};

// Checks the parameters are within what the generator supports (height 1.2 to 2.2 m, cell
// size 2 to 30 mm); the message names the parameter.
core::Status validate(const BodyParameters& parameters);

Body generateBody(const BodyParameters& parameters = {});

// A SHA-256 of the generator's sources and data: two builds give the same default body exactly
// when their fingerprints match (caches of generated bodies are keyed by it).
std::string_view fingerprint();

} // namespace anatomy::gen
