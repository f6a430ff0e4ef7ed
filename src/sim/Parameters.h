// sim: the fascia model's mechanical parameters, read from a data file in which each value
// carries its source (assets/sim/fascia.json, compiled in).
#pragma once

#include "anatomy/Layer.h"
#include "core/Result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// One sheet of fascia as a thin, anisotropic, viscoelastic membrane. Each stretch element is
// a standard linear solid: an elastic branch (the modulus below) in parallel with a Maxwell
// branch (maxwellRatio times as stiff, relaxing with relaxationTimeS).
struct TissueParameters {
    float youngsModulusAlongMPa = 0.0f;  // along the collagen fibres
    float youngsModulusAcrossMPa = 0.0f; // across them
    float thicknessMm = 0.0f;
    float densityKgM3 = 0.0f;
    float maxwellRatio = 0.0f;    // E1 / E_inf
    float relaxationTimeS = 0.0f; // tau = eta / E1
    std::vector<std::string> sources;

    // Young's modulus for a direction at `cosine` to the fibres (Pa): the two moduli blended
    // by cos^2 and sin^2 of the angle.
    float modulusPa(float cosine) const;
};

struct Parameters {
    std::map<std::string, TissueParameters> tissues; // by layer id: "deep-fascia"
    // The parameters for a fascia layer; nullptr for layers the model does not simulate.
    const TissueParameters* forLayer(anatomy::LayerKind layer) const;
};

// Reads parameters from JSON text; errors name `fileName` and the field.
core::Result<Parameters> parseParameters(std::string_view text, const std::string& fileName);
// The parameters compiled into the program.
const Parameters& defaultParameters();

} // namespace sim
