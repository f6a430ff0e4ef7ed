// ui: the map's panels — the Map tab (mode, client, sessions, trigger points, brush, compare,
// history), the Library tab (by muscle, where it hurts), the patient presentation, and the
// dialogs that protect unsaved work.
#pragma once

#include "ui/ViewerUi.h"

namespace ui {

void drawMapTab(const UiModel& model, UiState& state, std::vector<Command>& commands);
void drawLibraryTab(const UiModel& model, UiState& state, std::vector<Command>& commands);
// Full-window presentation for the patient (panels hidden); true while it is shown.
bool drawPresentation(const UiModel& model, UiState& state, float scale,
                      std::vector<Command>& commands);
void drawMapDialogs(const UiModel& model, UiState& state, std::vector<Command>& commands);

// Trigger points of the current session that pass the filter, in the chosen order.
std::vector<const annotate::TriggerPoint*> listedTriggerPoints(const annotate::Session& session,
                                                               const char* filter, int sort);

} // namespace ui
