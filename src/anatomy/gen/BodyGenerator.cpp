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

// Landmark heights as fractions of stature (Drillis & Contini), widths likewise.
std::vector<Part> skinParts(float H) {
    std::vector<Part> parts;
    auto capsule = [&](glm::vec3 a, glm::vec3 b, float ra, float rb, float blend) {
        parts.push_back({Part::Capsule, {a * H, b * H, ra * H, rb * H}, {}, blend * H});
    };
    auto blob = [&](glm::vec3 c, glm::vec3 r, float blend) {
        parts.push_back({Part::Blob, {}, {c * H, r * H}, blend * H});
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

Body generateBody(const BodyParameters& parameters) {
    const float H = parameters.heightM;
    const std::vector<Part> parts = skinParts(H);
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
