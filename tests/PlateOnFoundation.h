// Closed forms for a thin sheet on an elastic (Winkler) foundation under a set of point loads,
// for the indentation tests: the linear plate, and the same plate once its dent is deep enough
// to stretch it (large deflection, by the energy method).
#pragma once

#include <glm/vec2.hpp>

#include <utility>
#include <vector>

namespace test {

// kei(x), the Kelvin function: the imaginary part of K0(x e^(i pi/4)).
double kei(double x);

// A point load on the sheet: where (m, in the sheet's plane, x along the fibres) and how hard (N).
using PointLoad = std::pair<glm::dvec2, double>;

// The dip under the loads of a thin plate (rigidity D, N m) on a Winkler foundation (modulus k,
// N/m^3), infinite and linear: a point load P sinks it by -P l^2 / (2 pi D) kei(r / l) at r from
// it, l = (D / k)^(1/4) (Timoshenko & Woinowsky-Krieger, Theory of Plates and Shells, 1959,
// section 57; at r = 0, P / (8 sqrt(k D))). Superposed, and averaged over the loads by their
// force, as the simulation reports how far a tool is pressed in (m).
double plateOnFoundationDip(const std::vector<PointLoad>& loads, double k, double D);

// The in-plane stiffness of an orthotropic membrane (N/m: the thickness times the moduli, x
// along the fibres): an isotropic matrix in plane stress, which takes tension and compression,
// and collagen along the fibres, which takes tension only and straightens over a toe (its
// stiffness rising from nothing to `fibre` over the first `toeStrain` of Green strain).
struct MembraneStiffness {
    double normal = 0.0, cross = 0.0, shear = 0.0; // the matrix: E/(1-nu^2), nu E/(1-nu^2), G
    double fibre = 0.0;
    double toeStrain = 0.0;
};

// The same plate when its dip stretches it (the von Karman strains: a slope w' stretches the
// sheet by w'^2 / 2), by the energy method with one term for the dip: w = a w_lin, with w_lin
// the linear solution above. The plate's bending, the foundation and the loads' work are those
// of the linear solution scaled, L (a^2 / 2 - a) with L the loads' work at the linear dip; the
// membrane's energy M(a^2) is minimised over in-plane displacements (twelve Ritz modes: the
// sheet drawn in towards the dent, differently along and across its fibres). The dip is where
// L (a - 1) + 2 a M'(a^2) = 0. A single shape for the dip and a few in-plane modes constrain
// the sheet more than it is, which stiffens it: a full solution is expected to dip a little
// more.
struct LargeDeflection {
    double linearDipM = 0.0;    // as plateOnFoundationDip
    double dipM = 0.0;          // a x linearDipM
    double membraneShare = 0.0; // 1 - a: the part of the load the stretched sheet carries
};
LargeDeflection largeDeflectionDip(const std::vector<PointLoad>& loads, double k, double D,
                                   const MembraneStiffness& membrane);

} // namespace test
