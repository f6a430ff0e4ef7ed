// annotate: the surface brush that paints tension zones (restrictions) onto fascia or skin,
// stored per vertex and sparse.
#pragma once

#include "anatomy/Body.h"
#include "annotate/MapDocument.h"

#include <span>

namespace annotate {

enum class Falloff { Constant, Linear, Smooth };

struct Brush {
    float radiusM = 0.03f; // the panel shows centimetres
    float strength = 0.5f; // 0-1: how much one dab adds at the centre
    Falloff falloff = Falloff::Smooth;
    bool erase = false;
};

// Weight of a dab at distance d from its centre: 1 at the centre, 0 at the radius.
float brushWeight(const Brush& brush, float distanceM);

// One dab at `centre` on a structure: `candidates` are the structure's vertices within the
// brush radius (from a spatial grid). Painting moves values towards 1, erasing towards 0;
// values that reach 0 are dropped so the field stays sparse.
void applyDab(TensionField& field, const anatomy::SurfaceMesh& mesh,
              std::span<const std::uint32_t> candidates, const glm::vec3& centre,
              const Brush& brush);

} // namespace annotate
