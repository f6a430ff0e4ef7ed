// anatomy/atlas: fibre directions over a muscle's surface from its own shape. A harmonic field
// is 0 over the muscle's origin end and 1 over its insertion end (the surface's extremes along
// the fibre axis); its gradient runs from one tendinous end to the other, and fans out where
// one end is narrower than the other (trapezius, pectoralis major, gluteus medius, deltoid).
#pragma once

#include "anatomy/Body.h"

namespace anatomy::atlas {

// The direction along which the surface is longest (its principal axis), as a unit vector.
glm::vec3 longestAxis(const SurfaceMesh& mesh);

// Fills mesh.fibres (unit, tangent to the surface, pointing from origin towards insertion).
// `axis` points from the origin end towards the insertion end; `originShare` and
// `insertionShare` are the shares of the surface's extent along it taken as each end. A fan's
// origin is a long curved line (the iliac crest), which spans more of the extent than its
// narrow insertion. Needs the mesh's normals.
void computeMuscleFibres(SurfaceMesh& mesh, glm::vec3 axis, float originShare = 0.12f,
                         float insertionShare = 0.12f);

// Fills mesh.fibres with `axis` laid into the surface at each vertex: for one part of a fan
// (the lower trapezius, the back of the deltoid), whose fibres run side by side from a long
// origin towards the insertion the parts share, so that the fan is made by the parts turning,
// not by a field between the part's own two tips (which would run along its longest side).
void fibresAlongAxis(SurfaceMesh& mesh, glm::vec3 axis);

} // namespace anatomy::atlas
