// anatomy/gen: signed-distance building blocks for generated anatomy: spheres, ellipsoids,
// tapered capsules and thin plates, blended into shapes. Each knows its bounding box so
// evaluation can skip the parts that cannot be nearest.
#pragma once

#include "core/MathUtil.h"

#include <vector>

namespace anatomy::gen {

struct Primitive {
    enum class Kind { Sphere, Ellipsoid, Capsule, Plate } kind = Kind::Sphere;
    glm::vec3 a{0.0f}, b{0.0f}, c{0.0f}; // centre / ends / corners
    glm::vec3 radii{
        0.0f}; // sphere: x; ellipsoid: xyz; capsule: x at a, y at b; plate: x = half thickness

    static Primitive sphere(glm::vec3 centre, float radius);
    static Primitive ellipsoid(glm::vec3 centre, glm::vec3 radii);
    static Primitive capsule(glm::vec3 from, glm::vec3 to, float radiusFrom, float radiusTo);
    static Primitive plate(glm::vec3 a, glm::vec3 b, glm::vec3 c, float halfThickness);

    float distance(const glm::vec3& p) const;
    core::Aabb bounds() const;
};

// A union of primitives, joined by a smooth minimum of width `blendM` (0: a sharp union).
struct Shape {
    std::vector<Primitive> parts;
    float blendM = 0.0f;

    float distance(const glm::vec3& p) const;
    core::Aabb bounds() const;
    // Mirror through the midsagittal plane (x -> -x): the right side from the left.
    Shape mirrored() const;
};

float smoothMin(float a, float b, float k);

} // namespace anatomy::gen
