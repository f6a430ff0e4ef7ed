// anatomy/gen: the procedural default body, built from anthropometric landmarks (segment
// proportions after Drillis & Contini, 1966) in anatomical position: standing, facing +Z,
// arms at the sides with palms forward, feet on y = 0.
#pragma once

#include "anatomy/Body.h"

namespace anatomy::gen {

struct BodyParameters {
    float heightM = 1.75f;
    float cellSizeM = 0.008f; // meshing resolution
};

Body generateBody(const BodyParameters& parameters = {});

} // namespace anatomy::gen
