// anatomy/atlas: the fascia layers of the atlas body, which the atlas lacks, derived between its
// muscles and bones and its skin: the deep fascia one closed surface 1 mm outside the muscles
// (bridging the grooves between them as the investing fascia does), the superficial fascia at
// the regional subcutaneous depth under the skin. Each is a level set of a field bounded by the
// next layer's, so they nest; where muscle or bone comes within a few millimetres of the skin
// (the shin, the skull) the layers share the gap and thin, and never cross.
#pragma once

#include "anatomy/Body.h"
#include "core/TaskProgress.h"

#include <string>
#include <vector>

namespace anatomy::atlas {

struct FasciaLayerOptions {
    float cellM = 0.003f;        // the sampling grid
    float deepOffsetM = 0.001f;  // the deep fascia's distance outside muscle and bone
    float bridgeRadiusM = 0.02f; // grooves narrower than about twice this are bridged
    float simplifyErrorM = 0.0006f;
    // Space between muscles deeper under the skin than this many times the region's usual depth
    // of the deep fascia (assets/anatomy/subcutaneous.json), and than the minimum, is a body
    // cavity (the airway, the orbit, the skull), not subcutaneous tissue.
    float cavityDepthFactor = 2.5f;
    float minCavityDepthM = 0.01f;
};

// Adds "deep-fascia" and "superficial-fascia" to a body with a skin, muscles and bones; what it
// could not do goes into `notes`.
// False, with nothing added, when `stage` was told to stop (it is asked between the steps,
// each a second or two for the default body).
bool addFasciaLayers(Body& body, const FasciaLayerOptions& options, std::vector<std::string>& notes,
                     const core::StageProgress& stage = {});

} // namespace anatomy::atlas
