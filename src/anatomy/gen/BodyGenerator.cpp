#include "anatomy/gen/BodyGenerator.h"

#include "anatomy/gen/SurfaceNets.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace anatomy::gen {
namespace {

// Polynomial smooth minimum: blends two distance fields over a width of k metres.
float smoothMin(float a, float b, float k) {
    const float h = std::clamp(0.5f + 0.5f * (b - a) / k, 0.0f, 1.0f);
    return b + (a - b) * h - k * h * (1.0f - h);
}

// A capsule whose radius changes linearly along its axis (a limb segment).
struct TaperedCapsule {
    glm::vec3 a, b;
    float radiusA, radiusB;
    float distance(const glm::vec3& p) const {
        const glm::vec3 ab = b - a;
        const float t = std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0f, 1.0f);
        return glm::length(p - (a + t * ab)) - (radiusA + t * (radiusB - radiusA));
    }
};

// Scaled-sphere approximation of an ellipsoid's distance; good near the surface, which is all
// meshing needs.
struct Ellipsoid {
    glm::vec3 center, radii;
    float distance(const glm::vec3& p) const {
        const glm::vec3 q = (p - center) / radii;
        const float k0 = glm::length(q);
        const float k1 = glm::length(q / radii);
        return k1 > 0.0f ? k0 * (k0 - 1.0f) / k1 : -std::min({radii.x, radii.y, radii.z});
    }
};

struct Part {
    enum Kind { Capsule, Blob } kind;
    TaperedCapsule capsule;
    Ellipsoid ellipsoid;
    float blend; // smooth-min width joining this part to what came before
    float distance(const glm::vec3& p) const {
        return kind == Capsule ? capsule.distance(p) : ellipsoid.distance(p);
    }
};

// How sex and build change the landmark layout: widths of shoulders and hips, and the
// girth of limbs and trunk (soft tissue), as multipliers on the average male proportions.
struct Proportions {
    float shoulderWidth = 1.0f;
    float hipWidth = 1.0f;
    float limbGirth = 1.0f;
    float trunkGirth = 1.0f;
};

Proportions proportionsFor(Sex sex, Build build) {
    Proportions p;
    if (sex == Sex::Female) {
        // Narrower shoulders and relatively wider hips (biacromial/bi-iliac ratios).
        p.shoulderWidth = 0.92f;
        p.hipWidth = 1.08f;
        p.limbGirth = 0.94f;
        p.trunkGirth = 0.95f;
    }
    switch (build) {
    case Build::Slim:
        p.limbGirth *= 0.88f;
        p.trunkGirth *= 0.90f;
        break;
    case Build::Average:
        break;
    case Build::Muscular:
        p.limbGirth *= 1.14f;
        p.trunkGirth *= 1.08f;
        p.shoulderWidth *= 1.04f;
        break;
    }
    return p;
}

// Landmark heights as fractions of stature (Drillis & Contini), widths likewise.
std::vector<Part> skinParts(float H, const Proportions& shape) {
    std::vector<Part> parts;
    // Lateral positions scale with the region's width; radii with girth.
    auto widen = [&](glm::vec3 p) {
        const float w = p.y > 0.70f ? shape.shoulderWidth : p.y < 0.60f ? shape.hipWidth : 1.0f;
        return glm::vec3(p.x * w, p.y, p.z);
    };
    auto capsule = [&](glm::vec3 a, glm::vec3 b, float ra, float rb, float blend) {
        const bool limb = std::abs(a.x) > 0.04f || a.y < 0.5f;
        const float girth = limb ? shape.limbGirth : shape.trunkGirth;
        parts.push_back({Part::Capsule,
                         {widen(a) * H, widen(b) * H, ra * girth * H, rb * girth * H},
                         {},
                         blend * H});
    };
    auto blob = [&](glm::vec3 c, glm::vec3 r, float blend) {
        const bool trunk = std::abs(c.x) < 0.04f && c.y > 0.5f && c.y < 0.85f;
        const float girth = trunk ? shape.trunkGirth : 1.0f;
        glm::vec3 radii = r * glm::vec3(girth, 1.0f, girth);
        if (trunk && c.y < 0.60f)
            radii.x *= shape.hipWidth;
        else if (trunk && c.y > 0.70f)
            radii.x *= shape.shoulderWidth;
        parts.push_back({Part::Blob, {}, {widen(c) * H, radii * H}, blend * H});
    };
    // Head and neck: the head is 0.130 H tall, the chin at 0.870 H.
    blob({0.0f, 0.937f, 0.004f}, {0.046f, 0.064f, 0.056f}, 0.0f);
    blob({0.0f, 0.892f, 0.030f}, {0.036f, 0.030f, 0.030f}, 0.020f); // jaw and chin
    capsule({0.0f, 0.880f, -0.004f}, {0.0f, 0.815f, -0.006f}, 0.031f, 0.036f, 0.014f);
    // Trunk: shoulders (acromion) at 0.818 H and 0.259 H apart; chest 0.174 H wide at 0.720 H;
    // hips 0.191 H wide at the greater trochanters, 0.530 H.
    capsule({-0.095f, 0.806f, -0.008f}, {0.095f, 0.806f, -0.008f}, 0.036f, 0.036f, 0.020f);
    blob({0.0f, 0.735f, 0.000f}, {0.098f, 0.085f, 0.062f}, 0.030f);  // chest
    blob({0.0f, 0.640f, 0.000f}, {0.084f, 0.080f, 0.056f}, 0.040f);  // abdomen
    blob({0.0f, 0.555f, -0.006f}, {0.094f, 0.060f, 0.060f}, 0.035f); // pelvis
    blob({0.0f, 0.525f, -0.034f}, {0.080f, 0.045f, 0.040f}, 0.030f); // buttocks
    for (float side : {-1.0f, 1.0f}) {
        // Arms hang a little away from the trunk, palms forward.
        capsule({side * 0.112f, 0.800f, -0.008f}, {side * 0.131f, 0.630f, -0.010f}, 0.029f, 0.022f,
                0.016f);
        capsule({side * 0.131f, 0.630f, -0.010f}, {side * 0.143f, 0.487f, 0.004f}, 0.021f, 0.015f,
                0.006f);
        blob({side * 0.146f, 0.445f, 0.008f}, {0.028f, 0.044f, 0.012f}, 0.010f); // hand
        // Legs: hip joints 0.05 H off the midline, knees at 0.285 H, ankles at 0.039 H.
        capsule({side * 0.052f, 0.520f, -0.004f}, {side * 0.050f, 0.285f, 0.000f}, 0.054f, 0.030f,
                0.030f);
        capsule({side * 0.050f, 0.285f, 0.000f}, {side * 0.046f, 0.045f, -0.006f}, 0.029f, 0.018f,
                0.008f);
        blob({side * 0.048f, 0.215f, -0.014f}, {0.027f, 0.055f, 0.027f}, 0.020f); // calf
        // Foot: 0.152 H long, heel under the ankle.
        capsule({side * 0.047f, 0.022f, -0.020f}, {side * 0.055f, 0.014f, 0.105f}, 0.020f, 0.013f,
                0.014f);
    }
    return parts;
}

} // namespace

core::Status validate(const BodyParameters& parameters) {
    if (!(parameters.heightM >= 1.2f && parameters.heightM <= 2.2f))
        return core::usageError("height must be between 1.2 and 2.2 m, not " +
                                std::to_string(parameters.heightM));
    if (!(parameters.cellSizeM >= 0.002f && parameters.cellSizeM <= 0.03f))
        return core::usageError("cell size must be between 2 and 30 mm");
    return core::Ok{};
}

Body generateBody(const BodyParameters& parameters) {
    const float H = parameters.heightM;
    const std::vector<Part> parts = skinParts(H, proportionsFor(parameters.sex, parameters.build));
    auto skinDistance = [&parts](const glm::vec3& p) {
        float d = parts[0].distance(p);
        for (size_t i = 1; i < parts.size(); ++i)
            d = parts[i].blend > 0.0f ? smoothMin(d, parts[i].distance(p), parts[i].blend)
                                      : std::min(d, parts[i].distance(p));
        return d;
    };
    core::Aabb box;
    box.extend(glm::vec3(-0.25f, -0.03f, -0.15f) * H);
    box.extend(glm::vec3(0.25f, 1.03f, 0.15f) * H);

    Body body;
    Structure skin;
    skin.name = "skin";
    skin.displayName = "Skin";
    skin.layer = LayerKind::Skin;
    skin.mesh = meshDistanceField(skinDistance, box, parameters.cellSizeM);
    body.addStructure(std::move(skin));
    body.sourcePath = "default body";
    body.importNotes.push_back("generated from anthropometric proportions, height " +
                               std::to_string(H).substr(0, 4) + " m");
    return body;
}

} // namespace anatomy::gen
