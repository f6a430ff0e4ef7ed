// sim: the fascia model's parameters, read from a data file in which each value carries its
// source (assets/sim/fascia.json, compiled in): the tissues, the gliding layer beneath them,
// what a restriction does, the release law and the therapist's tools.
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
    // The membrane's (Membrane.h): the across-fibre contraction of a pull along the fibres
    // (nu12), and the strain over which the crimped collagen straightens.
    float poissonRatio = 0.0f;
    float toeStrainPercent = 0.0f;
    std::vector<std::string> sources;

    // Young's modulus for a direction at `cosine` to the fibres (Pa): the two moduli blended
    // by cos^2 and sin^2 of the angle.
    float modulusPa(float cosine) const;
};

// What lies under the deep fascia: the muscle and fat resisting indentation (a bed of springs
// along the normal) and the loose layer it glides on (a soft spring and a viscous drag along
// the surface); fascia this close to bone is attached to it.
struct GlidingParameters {
    float foundationModulusKPa = 0.0f;
    float foundationDepthMm = 0.0f;
    float slidingStiffnessKPaPerMm = 0.0f;  // shear stress per mm of sliding
    float slidingViscosityKPaSPerMm = 0.0f; // shear stress per mm/s of sliding
    float anchorDistanceMm = 0.0f;
    std::vector<std::string> sources;
};

// What a fully restricted patch (severity 1) is like; a severity s scales each effect by s.
struct RestrictionParameters {
    float preStrainPercent = 0.0f;  // rest lengths shortened by this
    float stiffnessIncrease = 0.0f; // densified: stiffness x (1 + this)
    float glidingIncrease = 0.0f;   // stickier: sliding stiffness and viscosity x (1 + this)
    float adhesionKPaPerMm = 0.0f;  // bound to the tissue beneath: sliding stiffness added
    float fibreTwistDeg = 0.0f;     // fibres turned about the normal ("wound up")
    float triggerPointRadiusMm = 0.0f;
    std::vector<std::string> sources;
};

// The release law, with each cause counted once: what is left of a restriction decays at a rate
// driven by two things the mechanics compute at each particle, the shear stress the gliding
// layer carries (the sheet dragged over, or held against, the tissue beneath) and the tension in
// the sheet above what it rests at. Each gives 1/timeConstant at its reference, proportionally
// above its threshold, at most maximumRateFactor times that. A tool acts only through them.
struct ReleaseParameters {
    float glidingShearThresholdKPa = 0.0f, glidingShearReferenceKPa = 0.0f;
    float glidingShearTimeConstantS = 0.0f;
    float tensionThresholdKPa = 0.0f, tensionReferenceKPa = 0.0f, tensionTimeConstantS = 0.0f;
    float maximumRateFactor = 0.0f;
    float friction = 0.0f; // between tool and skin: the most shear a pressure can carry
    // A roller rolls: what it drags the tissue with, per unit of pressure, is its rolling
    // resistance, not sliding friction.
    float rollingResistance = 0.0f;
    std::vector<std::string> sources;

    // Rate (1/s) for a gliding-layer shear stress and a tension above rest (kPa).
    float rate(float glidingShearKPa, float tensionRiseKPa) const;
};

// A movement the client makes while the therapist holds (pin and stretch): the muscle beneath
// the hold slides along its fibres by `excursionMm` and back, over `periodS`.
struct Movement {
    std::string id;   // "head-side-bend"
    std::string name; // "the head bends to the other side"
    float excursionMm = 0.0f;
    float periodS = 0.0f;
    std::vector<std::string> muscles; // words of the muscles it is chosen for
};

// Pin and stretch: the hand grips the skin and fascia (a grip as strong as its pressure), which
// shift by slipMm under it before they slide; the muscle's bed moves within bedRadiusMm of the
// hold; the movements, each chosen for the muscles it stretches.
struct PinParameters {
    float gripFactor = 0.0f;
    float slipMm = 0.0f;
    float bedRadiusMm = 0.0f;
    std::vector<Movement> movements; // the last is the default, for any other muscle
    std::vector<std::string> sources;

    const Movement* movement(std::string_view id) const;
    // The movement for a muscle by its name (the first whose words it contains), else the
    // default.
    const Movement& movementFor(std::string_view muscleName) const;
};

// A muscle that inserts into the deep fascia and pulls on it when it contracts or is stretched
// (the latissimus dorsi into the thoracolumbar fascia, the tensor fasciae latae into the
// iliotibial tract): the muscle's id ("latissimus-dorsi") and the region of the deep fascia
// ("Thoracolumbar fascia").
struct Insertion {
    std::string muscle;
    std::string fascia;
};

// Where muscles insert into the fascia: the fascia of the named region within reachMm of the
// muscle takes its pull. The equilibrium under a pull spans the sheet within spreadMm of the
// insertion (along the sheet), far enough that the tension has died away at its rim. The
// thoracolumbar fascia is not attached to the spines beneath it (its superficial lamina crosses
// the midline), so a pull on one side reaches the other.
struct InsertionParameters {
    float reachMm = 0.0f;
    float spreadMm = 0.0f;
    std::vector<Insertion> insertions;
    std::vector<std::string> sources;
};

enum class ToolShape { Sphere, Disc, Cylinder };

// A rigid contact shape of realistic size and the pressures it is used at.
struct ToolParameters {
    std::string id;   // "thumb"
    std::string name; // "Thumb"
    ToolShape shape = ToolShape::Sphere;
    float radiusMm = 0.0f;
    float lengthMm = 0.0f;       // disc: thickness; cylinder: length; sphere: unused
    float contactAreaCm2 = 0.0f; // nominal contact, for pressure = force / area
    float minimumKPa = 0.0f, maximumKPa = 0.0f, typicalKPa = 0.0f;
    std::vector<std::string> sources;
};

struct Parameters {
    std::map<std::string, TissueParameters> tissues; // by layer id: "deep-fascia"
    GlidingParameters gliding;
    RestrictionParameters restriction;
    ReleaseParameters release;
    PinParameters pin;
    InsertionParameters insertions;
    std::vector<ToolParameters> tools; // in the file's order

    // The parameters for a fascia layer; nullptr for layers the model does not simulate.
    const TissueParameters* forLayer(anatomy::LayerKind layer) const;
    const ToolParameters* tool(std::string_view id) const;
};

// Reads parameters from JSON text; errors name `fileName` and the field.
core::Result<Parameters> parseParameters(std::string_view text, const std::string& fileName);
// The parameters compiled into the program.
const Parameters& defaultParameters();
// The compiled-in file's text, for the tests and for showing the assumptions.
std::string_view defaultParametersText();

} // namespace sim
