// sim: the fascia sheet as an orthotropic membrane of constant-strain triangles.
//
// Each triangle carries the plane-stress law of a fibre-reinforced sheet in its own fibre frame
// (axis 1 along the collagen, axis 2 across it in the triangle's plane), so the sheet's moduli
// along and across the fibres and its Poisson ratio are the tissue's at any angle between the
// fibres and the mesh's edges: a sheet of edge springs gets them only where the fibres follow an
// edge. Strain is Green's (E = (F^T F - I) / 2), which a rigid turn leaves at zero, so a sheet
// draped over the body and bent with it stores nothing.
//
// The law (second Piola-Kirchhoff stress S of the strain E, in Voigt form (11, 22, 12) with
// engineering shear 2 E12):
//   S = Q_m E + (fibre stress of E11, 0, 0)
// The matrix Q_m is isotropic plane stress at the across-fibre modulus E2 and the Poisson ratio
// nu; the collagen adds E1 - E2 along the fibres, in tension only: crimped fibres take no
// compression, and straighten over a toe region (their stiffness rising linearly from zero to
// full over toeStrain) before they bear their full modulus. So a uniaxial pull along the fibres,
// past the toe, meets the modulus E1 with Poisson ratio nu (the matrix relieves the across
// direction as it would alone, and the fibres add stiffness along them only); a pull across
// them meets E2, the fibres being squeezed slack by the contraction; compression along them
// meets E2 too.
// A triangle is a standard linear solid like the rest of the web: an elastic branch about the
// rest strain (a restriction's shortening) and a Maxwell branch maxwellRatio times as stiff
// about a strain that creeps towards the current one over relaxationTimeS.
#pragma once

#include "sim/Parameters.h"

#include <glm/mat2x2.hpp>
#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include <array>
#include <cstdint>

namespace sim {

// The plane-stress law of one triangle, in its fibre frame (Pa).
struct OrthotropicLaw {
    float matrixNormal = 0.0f; // E2 / (1 - nu^2): the matrix's stiffness along and across
    float matrixCross = 0.0f;  // nu E2 / (1 - nu^2): the coupling of the two directions
    float shear = 0.0f;        // E2 / (2 (1 + nu))
    float fibre = 0.0f;        // E1 - E2: what the collagen adds along the fibres, in tension
    float toeStrain = 0.0f;    // Green strain over which the collagen straightens (0: none)

    // The law of a tissue: its moduli and Poisson ratio; the shear modulus the matrix's own
    // (assumed: the fibres add nothing to in-plane shear). `fibres` false: no direction is
    // known, and the sheet is the matrix alone, isotropic at the across-fibre modulus.
    static OrthotropicLaw of(const TissueParameters& tissue, bool fibres = true);
    // This law with every stiffness scaled (a densified restriction).
    OrthotropicLaw scaled(float factor) const;

    // Stress (Pa, Voigt) for a strain (Voigt, engineering shear), and the energy per volume
    // (J/m^3).
    glm::dvec3 stress(const glm::dvec3& strain) const;
    double energyDensity(const glm::dvec3& strain) const;
    // d stress / d strain at `strain` (Pa): symmetric, positive definite.
    glm::dmat3 tangent(const glm::dvec3& strain) const;
};

// One constant-strain triangle of the membrane.
struct Triangle {
    std::array<std::uint32_t, 3> v{};
    // The inverse of the rest edges (v1 - v0, v2 - v0) in the fibre frame: row k is edge k's
    // share of the deformation gradient's two columns. F = [x1 - x0, x2 - x0] restInverse.
    glm::mat2 restInverse{1.0f};
    float volume = 0.0f; // rest area x thickness (m^3)
    OrthotropicLaw law;
    float maxwellRatio = 0.0f;
    float relaxationTimeS = 1.0f;
    glm::vec3 restStrain{0.0f};    // the elastic branch's zero: a restriction's shortening
    glm::vec3 maxwellStrain{0.0f}; // the Maxwell branch's zero, creeping towards the strain
};

// The triangle's deformation now: the two columns of F (where the fibre and across-fibre axes
// have gone) and the Green strain (Voigt: E11, E22, 2 E12).
struct TriangleStrain {
    glm::dvec3 fibreAxis{0.0}, acrossAxis{0.0};
    glm::dvec3 strain{0.0};
};

// A triangle at rest at these positions with fibres along `fibre` (projected into its plane; a
// zero or normal direction: the first edge, which matters only for an isotropic law).
Triangle makeTriangle(const std::array<std::uint32_t, 3>& v, const std::array<glm::vec3, 3>& rest,
                      const glm::vec3& fibre, float thicknessM, const OrthotropicLaw& law,
                      float maxwellRatio, float relaxationTimeS);

TriangleStrain triangleStrain(const Triangle& triangle, const glm::dvec3& x0, const glm::dvec3& x1,
                              const glm::dvec3& x2);
// d strain / d position of each corner: gradient[c][k] is strain component c's gradient with
// respect to corner k's position.
std::array<std::array<glm::dvec3, 3>, 3> strainGradient(const Triangle& triangle,
                                                        const TriangleStrain& state);
// Both branches' stress (Pa, Voigt) at a strain; their energy (J) and tangent (Pa).
glm::dvec3 triangleStress(const Triangle& triangle, const glm::dvec3& strain);
double triangleEnergy(const Triangle& triangle, const glm::dvec3& strain);
glm::dmat3 triangleTangent(const Triangle& triangle, const glm::dvec3& strain);
// The largest principal stress (Pa) of both branches: the tension the sheet carries there.
float principalTension(const glm::dvec3& stress);

// The triangle's stiffness blocks for the equilibrium solve: block[j][k] = d^2 energy / dx_j dx_k
// (N/m), the material part J^T (V tangent) J and the geometric part of the stress, the latter
// with compressive principal stresses left out so that the matrix stays positive semidefinite
// (a slack sheet has no stiffness across its plane, as a slack link has none across its line).
std::array<std::array<glm::dmat3, 3>, 3>
triangleStiffness(const Triangle& triangle, const TriangleStrain& state,
                  const std::array<std::array<glm::dvec3, 3>, 3>& gradient);

} // namespace sim
