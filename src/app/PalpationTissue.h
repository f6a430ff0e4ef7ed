// app: the tissue of a palpation exercise as a hand feels it — the body's simulated fascia with
// the exercise's hidden restrictions, settled, pressed with the thumb for half a second: how far
// it gives and how hard it pushes back. Nothing else (no heat map, no release) is shown.
#pragma once

#include "anatomy/Body.h"
#include "annotate/Library.h"
#include "core/Result.h"
#include "learn/Palpation.h"
#include "sim/Web.h"

#include <glm/vec3.hpp>

#include <functional>
#include <memory>

namespace app {

// What the thumb feels: how far the tissue gives under the pressure, and how firmly it pushes
// back, as the pressure it takes per millimetre of give (a restricted spot gives less and feels
// firmer). The tension inside the tissue is not felt, and not told.
struct Feel {
    float giveMm = 0.0f;
    float firmnessKPaPerMm = 0.0f;
};

class PalpationTissue {
public:
    static core::Result<PalpationTissue> build(const anatomy::Body& body,
                                               const learn::PalpationExercise& exercise);
    // The thumb held at `at` with `pressureKPa` (clamped to the thumb's range) for half a
    // second; bad input when no simulated fascia lies within 2 cm.
    core::Result<Feel> press(const glm::vec3& at, float pressureKPa) const;
    // Whether the simulated fascia reaches `at` (within 2 cm), so a restriction there is felt.
    bool reaches(const glm::vec3& at) const;
    // The surface guesses are scored along: the body's deep fascia.
    const anatomy::SurfaceMesh& surface() const { return *m_surface; }

private:
    std::shared_ptr<const sim::FasciaWeb> m_settled;
    const anatomy::SurfaceMesh* m_surface = nullptr;
};

// The deep fascia's structure (the largest), or -1 when the body has none.
int deepFasciaStructure(const anatomy::Body& body);

// Whether a library point can be felt through the fascia on this body: not reached through a
// body cavity, and within 2 cm of the deep fascia, which the simulation restricts around it.
std::function<bool(const annotate::PlacedPoint&)> palpableOn(const anatomy::Body& body);

} // namespace app
