// ui: the Learn tab — the guided lessons (pick one, back, next, replay), quizzes (set up, answer,
// see the right answer after each try and the weak areas at the end) and the student's progress.
#pragma once

#include "ui/ViewerUi.h"

namespace ui {

void drawLearnTab(const UiModel& model, UiState& state, std::vector<Command>& commands);

// The quiz regions and question kinds the Learn tab offers, as the learn module names them.
inline constexpr const char* kLearnRegions[] = {"head-neck", "shoulder-arm", "forearm-hand",
                                                "trunk",     "hip-thigh",    "leg-foot"};
// Palpation is practised on these: the regions and the two areas of the back.
inline constexpr const char* kPalpationRegions[] = {"upper-back",   "low-back",  "head-neck",
                                                    "shoulder-arm", "forearm-hand", "trunk",
                                                    "hip-thigh",    "leg-foot"};
inline constexpr const char* kLearnKinds[] = {"find", "name", "place", "referral", "layer"};

} // namespace ui
