// app: fibre streamlines of the body's fascia, as overlay polylines for the renderer.
#pragma once

#include "anatomy/Body.h"
#include "render/Overlays.h"

#include <vector>

namespace app {

// One set per fascial layer (deep fascia silver, superficial fascia pale gold), traced on every
// fascia structure that has fibre directions.
std::vector<render::PolylineSet> fibreStreamlineOverlay(const anatomy::Body& body);

} // namespace app
