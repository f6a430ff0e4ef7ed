#include "anatomy/gen/Shapes.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace anatomy::gen {

float smoothMin(float a, float b, float k) {
    if (k <= 0.0f)
        return std::min(a, b);
    const float h = std::clamp(0.5f + 0.5f * (b - a) / k, 0.0f, 1.0f);
    return b + (a - b) * h - k * h * (1.0f - h);
}

Primitive Primitive::sphere(glm::vec3 centre, float radius) {
    Primitive p;
    p.kind = Kind::Sphere;
    p.a = centre;
    p.radii = glm::vec3(radius);
    return p;
}

Primitive Primitive::ellipsoid(glm::vec3 centre, glm::vec3 radii) {
    Primitive p;
    p.kind = Kind::Ellipsoid;
    p.a = centre;
    p.radii = radii;
    return p;
}

Primitive Primitive::capsule(glm::vec3 from, glm::vec3 to, float radiusFrom, float radiusTo) {
    Primitive p;
    p.kind = Kind::Capsule;
    p.a = from;
    p.b = to;
    p.radii = glm::vec3(radiusFrom, radiusTo, 0.0f);
    return p;
}

Primitive Primitive::plate(glm::vec3 a, glm::vec3 b, glm::vec3 c, float halfThickness) {
    Primitive p;
    p.kind = Kind::Plate;
    p.a = a;
    p.b = b;
    p.c = c;
    p.radii = glm::vec3(halfThickness);
    return p;
}

namespace {

float dot2(const glm::vec3& v) {
    return glm::dot(v, v);
}

// Unsigned distance to a triangle (after Inigo Quilez).
float triangleDistance(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                       const glm::vec3& c) {
    const glm::vec3 ba = b - a, pa = p - a, cb = c - b, pb = p - b, ac = a - c, pc = p - c;
    const glm::vec3 n = glm::cross(ba, ac);
    const float sides = glm::sign(glm::dot(glm::cross(ba, n), pa)) +
                        glm::sign(glm::dot(glm::cross(cb, n), pb)) +
                        glm::sign(glm::dot(glm::cross(ac, n), pc));
    if (sides < 2.0f) {
        return std::sqrt(
            std::min({dot2(ba * std::clamp(glm::dot(ba, pa) / dot2(ba), 0.0f, 1.0f) - pa),
                      dot2(cb * std::clamp(glm::dot(cb, pb) / dot2(cb), 0.0f, 1.0f) - pb),
                      dot2(ac * std::clamp(glm::dot(ac, pc) / dot2(ac), 0.0f, 1.0f) - pc)}));
    }
    return std::sqrt(glm::dot(n, pa) * glm::dot(n, pa) / dot2(n));
}

} // namespace

float Primitive::distance(const glm::vec3& p) const {
    switch (kind) {
    case Kind::Sphere:
        return glm::length(p - a) - radii.x;
    case Kind::Ellipsoid: {
        // Scaled-sphere bound: exact on the surface, which is all meshing needs.
        const glm::vec3 q = (p - a) / radii;
        const float k0 = glm::length(q);
        const float k1 = glm::length(q / radii);
        return k1 > 0.0f ? k0 * (k0 - 1.0f) / k1 : -std::min({radii.x, radii.y, radii.z});
    }
    case Kind::Capsule: {
        const glm::vec3 ab = b - a;
        const float lengthSquared = glm::dot(ab, ab);
        const float t = lengthSquared > 0.0f
                            ? std::clamp(glm::dot(p - a, ab) / lengthSquared, 0.0f, 1.0f)
                            : 0.0f;
        return glm::length(p - (a + t * ab)) - (radii.x + t * (radii.y - radii.x));
    }
    case Kind::Plate:
        return triangleDistance(p, a, b, c) - radii.x;
    }
    return 1e9f;
}

core::Aabb Primitive::bounds() const {
    core::Aabb box;
    switch (kind) {
    case Kind::Sphere:
    case Kind::Ellipsoid:
        box.extend(a - radii);
        box.extend(a + radii);
        break;
    case Kind::Capsule: {
        const float r = std::max(radii.x, radii.y);
        box.extend(glm::min(a, b) - glm::vec3(r));
        box.extend(glm::max(a, b) + glm::vec3(r));
        break;
    }
    case Kind::Plate:
        box.extend(glm::min(glm::min(a, b), c) - glm::vec3(radii.x));
        box.extend(glm::max(glm::max(a, b), c) + glm::vec3(radii.x));
        break;
    }
    return box;
}

float Shape::distance(const glm::vec3& p) const {
    float d = 1e9f;
    for (const Primitive& part : parts)
        d = smoothMin(d, part.distance(p), blendM);
    return d;
}

core::Aabb Shape::bounds() const {
    core::Aabb box;
    for (const Primitive& part : parts)
        box.extend(part.bounds());
    return box;
}

Shape Shape::mirrored() const {
    Shape out = *this;
    const glm::vec3 flip(-1.0f, 1.0f, 1.0f);
    for (Primitive& part : out.parts) {
        part.a *= flip;
        part.b *= flip;
        part.c *= flip;
    }
    return out;
}

} // namespace anatomy::gen
