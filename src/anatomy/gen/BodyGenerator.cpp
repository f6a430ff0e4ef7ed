#include "anatomy/gen/BodyGenerator.h"

#include "anatomy/MeshOps.h"
#include "anatomy/gen/Fascia.h"
#include "anatomy/gen/Muscles.h"
#include "anatomy/gen/Shapes.h"
#include "anatomy/gen/Skeleton.h"
#include "anatomy/SurfaceNets.h"
#include "core/Log.h"
#include "core/Parallel.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace anatomy::gen {
namespace {

// How sex and build change the landmark layout: widths of shoulders and hips, and the
// girth of limbs and trunk (soft tissue), as multipliers on the average male proportions.
struct Proportions {
    float shoulderWidth = 1.0f;
    float hipWidth = 1.0f;
    float armGirth = 1.0f;
    float legGirth = 1.0f;
    float trunkGirth = 1.0f;
};

Proportions proportionsFor(Sex sex, Build build) {
    Proportions p;
    if (sex == Sex::Female) {
        // Narrower shoulders and relatively wider hips (biacromial/bi-iliac ratios).
        p.shoulderWidth = 0.92f;
        p.hipWidth = 1.08f;
        // Slimmer arms, fuller thighs: soft tissue sits more on the hips and thighs.
        p.armGirth = 0.90f;
        p.legGirth = 1.04f;
        p.trunkGirth = 0.95f;
    }
    switch (build) {
    case Build::Slim:
        p.armGirth *= 0.88f;
        p.legGirth *= 0.88f;
        p.trunkGirth *= 0.90f;
        break;
    case Build::Average:
        break;
    case Build::Muscular:
        p.armGirth *= 1.14f;
        p.legGirth *= 1.14f;
        p.trunkGirth *= 1.08f;
        p.shoulderWidth *= 1.04f;
        break;
    }
    return p;
}

// Landmark heights as fractions of stature (Drillis & Contini), widths likewise.
// The skin envelope as blended limb and trunk volumes. Each part blends into what came before
// with its own width, so the trunk flows into the neck while fingers stay apart.
struct SkinPart {
    Primitive primitive;
    float blendM;
};

std::vector<SkinPart> skinParts(float H, const Proportions& shape) {
    std::vector<SkinPart> parts;
    // Lateral positions scale with the region's width; radii with girth.
    auto widen = [&](glm::vec3 p) {
        const float w = p.y > 0.70f ? shape.shoulderWidth : p.y < 0.60f ? shape.hipWidth : 1.0f;
        return glm::vec3(p.x * w, p.y, p.z);
    };
    auto capsule = [&](glm::vec3 a, glm::vec3 b, float ra, float rb, float blend) {
        const bool leg = a.y < 0.53f && std::abs(a.x) > 0.02f;
        const bool arm = !leg && std::abs(a.x) > 0.10f;
        const float girth = leg ? shape.legGirth : arm ? shape.armGirth : shape.trunkGirth;
        parts.push_back(
            {Primitive::capsule(widen(a) * H, widen(b) * H, ra * girth * H, rb * girth * H),
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
        parts.push_back({Primitive::ellipsoid(widen(c) * H, radii * H), blend * H});
    };
    // Head and neck: the head is 0.130 H tall, the chin at 0.870 H.
    blob({0.0f, 0.940f, 0.000f}, {0.051f, 0.066f, 0.062f}, 0.0f);
    blob({0.0f, 0.892f, 0.030f}, {0.038f, 0.032f, 0.034f}, 0.020f); // jaw and chin
    capsule({0.0f, 0.880f, -0.006f}, {0.0f, 0.815f, -0.008f}, 0.033f, 0.038f, 0.014f);
    // Trunk: shoulders (acromion) at 0.818 H and 0.259 H apart; chest 0.174 H wide at 0.720 H;
    // hips 0.191 H wide at the greater trochanters, 0.530 H.
    capsule({-0.098f, 0.806f, -0.012f}, {0.098f, 0.806f, -0.012f}, 0.038f, 0.038f, 0.020f);
    blob({0.0f, 0.728f, 0.000f}, {0.106f, 0.094f, 0.084f}, 0.030f); // chest over the ribcage
    for (float side : {-1.0f, 1.0f}) {
        blob({side * 0.055f, 0.758f, 0.036f}, {0.058f, 0.048f, 0.046f}, 0.030f); // pectoral mass
        blob({side * 0.062f, 0.752f, -0.046f}, {0.058f, 0.072f, 0.044f},
             0.030f); // muscles over the scapula
        capsule({side * 0.026f, 0.790f, -0.066f}, {side * 0.026f, 0.570f, -0.056f}, 0.028f, 0.028f,
                0.030f); // erector spinae
    }
    blob({0.0f, 0.645f, 0.006f}, {0.092f, 0.082f, 0.074f}, 0.040f);  // abdomen
    blob({0.0f, 0.590f, 0.000f}, {0.094f, 0.052f, 0.072f}, 0.030f);  // waist over the iliac crests
    blob({0.0f, 0.548f, -0.006f}, {0.098f, 0.062f, 0.066f}, 0.035f); // pelvis
    blob({0.0f, 0.505f, 0.016f}, {0.070f, 0.040f, 0.048f}, 0.030f);  // over the pubic bones
    blob({0.0f, 0.522f, -0.036f}, {0.084f, 0.048f, 0.044f}, 0.030f); // buttocks
    for (float side : {-1.0f, 1.0f}) {
        // Arms hang a little away from the trunk, palms forward.
        capsule({side * 0.112f, 0.800f, -0.010f}, {side * 0.129f, 0.632f, -0.014f}, 0.031f, 0.023f,
                0.016f);
        capsule({side * 0.129f, 0.632f, -0.014f}, {side * 0.144f, 0.490f, 0.002f}, 0.022f, 0.016f,
                0.006f);
        blob({side * 0.146f, 0.455f, 0.006f}, {0.026f, 0.034f, 0.011f}, 0.010f); // palm
        // Legs: hip joints 0.05 H off the midline, knees at 0.285 H, ankles at 0.039 H.
        capsule({side * 0.056f, 0.520f, -0.004f}, {side * 0.051f, 0.290f, 0.002f}, 0.056f, 0.033f,
                0.030f);
        capsule({side * 0.051f, 0.290f, 0.002f}, {side * 0.045f, 0.048f, -0.006f}, 0.032f, 0.019f,
                0.008f);
        blob({side * 0.050f, 0.215f, -0.016f}, {0.028f, 0.056f, 0.028f}, 0.020f); // calf
        // Foot: 0.152 H long, heel under the ankle.
        capsule({side * 0.048f, 0.020f, -0.024f}, {side * 0.054f, 0.014f, 0.100f}, 0.020f, 0.014f,
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

namespace {

// Evaluates a shape quickly by skipping parts whose bounding box is too far away to matter.
class CulledShape {
public:
    explicit CulledShape(const Shape& shape) : m_shape(shape) {
        for (const Primitive& p : shape.parts)
            m_boxes.push_back(p.bounds());
    }
    float operator()(const glm::vec3& p) const {
        float d = 1e9f;
        for (size_t i = 0; i < m_boxes.size(); ++i) {
            // Distance to the box is a lower bound of the distance to the part; beyond d + blend
            // the smooth minimum returns d unchanged.
            const glm::vec3 outside =
                glm::max(glm::max(m_boxes[i].min - p, p - m_boxes[i].max), glm::vec3(0.0f));
            if (glm::length(outside) >= d + m_shape.blendM)
                continue;
            d = smoothMin(d, m_shape.parts[i].distance(p), m_shape.blendM);
        }
        return d;
    }

private:
    const Shape& m_shape;
    std::vector<core::Aabb> m_boxes;
};

// Finer cells for finer bones: 0.9 of the thinnest part's radius (two cells across it), within
// 3.5-7 mm; finer would spend the body's triangle budget on bones that are mostly covered.
float cellSizeFor(const Shape& shape, float maximumM) {
    float thinnest = 1e9f;
    for (const Primitive& p : shape.parts) {
        const glm::vec3 r = p.radii;
        switch (p.kind) {
        case Primitive::Kind::Sphere:
            thinnest = std::min(thinnest, r.x);
            break;
        case Primitive::Kind::Ellipsoid:
            thinnest = std::min({thinnest, r.x, r.y, r.z});
            break;
        case Primitive::Kind::Capsule:
            thinnest = std::min({thinnest, r.x, r.y});
            break;
        case Primitive::Kind::Plate:
            thinnest = std::min(thinnest, 2.0f * r.x);
            break;
        }
    }
    return std::clamp(0.9f * thinnest, 0.0035f, std::max(maximumM, 0.0035f));
}

SurfaceMesh meshShape(const Shape& shape, float cellSizeM) {
    core::Aabb box = shape.bounds();
    const glm::vec3 margin(2.0f * cellSizeM + shape.blendM);
    box.min -= margin;
    box.max += margin;
    return meshDistanceField(CulledShape(shape), box, cellSizeM);
}

} // namespace

Body generateBody(const BodyParameters& parameters) {
    const float H = parameters.heightM;
    const Proportions proportions = proportionsFor(parameters.sex, parameters.build);
    Body body;

    Placement placement;
    placement.heightM = H;
    placement.shoulderWidth = proportions.shoulderWidth;
    placement.hipWidth = proportions.hipWidth;
    auto skeleton = parameters.skeleton ? buildSkeleton(embeddedSkeletonJson(), placement)
                                        : core::Result<Skeleton>(Skeleton{});
    if (!skeleton) {
        // The data is ours and compiled in; tests parse it, so this is a bug, not bad input.
        core::logError(skeleton.error().message);
        std::abort();
    }
    std::vector<CulledShape> boneFields;
    std::vector<core::Aabb> boneBoxes;
    for (const GeneratedPart& bone : skeleton->bones) {
        boneFields.emplace_back(bone.shape);
        boneBoxes.push_back(bone.shape.bounds());
    }
    // Bones mesh independently: in parallel, added in order.
    std::vector<SurfaceMesh> boneMeshes(skeleton->bones.size());
    core::parallelFor(boneMeshes.size(), [&](size_t i) {
        const Shape& shape = skeleton->bones[i].shape;
        boneMeshes[i] = meshShape(shape, cellSizeFor(shape, 0.007f));
    });
    for (size_t i = 0; i < boneMeshes.size(); ++i) {
        const GeneratedPart& bone = skeleton->bones[i];
        Structure structure;
        structure.name = bone.name;
        structure.displayName = bone.label;
        structure.layer = LayerKind::Bone;
        structure.side = bone.side;
        structure.info = bone.info;
        structure.mesh = std::move(boneMeshes[i]);
        body.addStructure(std::move(structure));
    }

    // Muscles drape over the bones, deep to superficial.
    const CulledShape solids(skeleton->solids);
    auto bonesDistance = [&](const glm::vec3& p) {
        float d = skeleton->solids.parts.empty() ? 1.0f : std::min(1.0f, solids(p));
        for (size_t b = 0; b < boneFields.size(); ++b) {
            const glm::vec3 outside =
                glm::max(glm::max(boneBoxes[b].min - p, p - boneBoxes[b].max), glm::vec3(0.0f));
            if (glm::length(outside) < d)
                d = std::min(d, boneFields[b](p));
        }
        return d;
    };
    MuscleLayer muscleLayer;
    if (parameters.skeleton) {
        auto muscles = buildMuscles(embeddedMusclesJson(), *skeleton, placement, bonesDistance);
        if (!muscles) {
            core::logError(muscles.error().message); // our compiled-in data: a bug
            std::abort();
        }
        muscleLayer = std::move(*muscles);
        for (BuiltMuscle& muscle : muscleLayer.muscles) {
            Structure structure{.name = muscle.info.id,
                                .displayName = muscle.info.label,
                                .layer = LayerKind::Muscle,
                                .side = muscle.side,
                                .info = muscle.info.atlas,
                                .mesh = std::move(muscle.mesh)};
            computeSmoothNormals(structure.mesh);
            body.addStructure(std::move(structure));
        }
    }

    const std::vector<SkinPart> parts = skinParts(H, proportions);
    SoftTissueFields fields;
    fields.bones = bonesDistance;
    fields.muscles = muscleLayer.enclosingDistance;
    fields.muscleFibre = muscleLayer.fibreNear;
    fields.skinShape = [&parts](const glm::vec3& p) {
        float d = parts[0].primitive.distance(p);
        for (size_t i = 1; i < parts.size(); ++i)
            d = smoothMin(d, parts[i].primitive.distance(p), parts[i].blendM);
        return d;
    };
    core::Aabb box;
    box.extend(glm::vec3(-0.25f, -0.03f, -0.15f) * H);
    box.extend(glm::vec3(0.25f, 1.03f, 0.15f) * H);
    for (Structure& layer : buildSoftTissueLayers(fields, box, parameters.cellSizeM, placement))
        body.addStructure(std::move(layer));
    body.sourcePath = "default body";
    body.importNotes.push_back("generated from anthropometric proportions, height " +
                               std::to_string(H).substr(0, 4) + " m");
    return body;
}

} // namespace anatomy::gen
