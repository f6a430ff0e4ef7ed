// anatomy/atlas: room under the skin for the fascia layers. The atlas's skin lies on some of its
// muscles (the flank over the external oblique, the temple over the temporalis) or is crossed by
// them, where a living body has subcutaneous tissue and two fascia layers; there the skin is
// moved out over the muscle, both its surfaces together and smoothly, until the muscle lies at
// least the clearance under it.
#pragma once

#include "anatomy/Body.h"
#include "core/TaskProgress.h"

namespace anatomy::atlas {

struct SkinClearanceReport {
    size_t musclePointsShort =
        0;                       // muscle vertices closer under the skin than the clearance, before
    size_t musclePointsLeft = 0; // ... and after (those within half of it)
    float largestMoveM = 0.0f;   // the farthest a skin vertex moved
    bool stopped = false;        // `stage` said to stop (the skin is then part-moved)
};

inline constexpr int kSkinClearanceRounds = 4;

// Moves the body's skin out over every muscle but the eye's until no muscle vertex lies less
// than `clearanceM` under it (or through it), in `rounds` rounds, asking `stage` before each
// whether to go on.
SkinClearanceReport clearSkinOverMuscles(Body& body, float clearanceM,
                                         int rounds = kSkinClearanceRounds,
                                         const core::StageProgress& stage = {});

} // namespace anatomy::atlas
