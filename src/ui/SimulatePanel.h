// ui: the Simulate tab — tool, technique and pressure; play, pause, step, reset and time
// scale; the figures now and their live plots (tension under the tool, release per
// restriction, strain energy); the model's stance and assumptions.
#pragma once

#include "ui/ViewerUi.h"

namespace ui {

void drawSimulateTab(const UiModel& model, std::vector<Command>& commands);

// The stance shown with every simulation.
inline constexpr const char* kSimulationDisclaimer =
    "A teaching model, not a prediction: how fascia releases is described by a "
    "phenomenological law (tissue relaxes at a rate set by pressure, shear and stretch above "
    "thresholds), fitted to published stiffness and to the release times practitioners "
    "report. It does not tell what a client's tissue will do.";

} // namespace ui
