// anatomy: streamlines that follow a surface's fibre field (collagen in fascia, fibres in
// muscle), evenly spaced, for drawing the direction of the tissue as lines.
#pragma once

#include "anatomy/Body.h"

#include <vector>

namespace anatomy {

struct StreamlineOptions {
    float spacingM = 0.02f;   // distance between neighbouring lines
    float stepM = 0.004f;     // distance between a line's points
    float maxLengthM = 0.25f; // longest line, both directions together
    float liftM = 0.0008f;    // lines sit this far above the surface so they are not hidden
};

// Traces lines on the mesh along its fibres, walking from triangle to triangle, starting from
// seeds at least `spacingM` apart and stopping where a line comes closer than half the spacing
// to another. Empty when the mesh has no fibres. Deterministic.
std::vector<std::vector<glm::vec3>> traceFibreStreamlines(const SurfaceMesh& mesh,
                                                          const StreamlineOptions& options = {});

} // namespace anatomy
