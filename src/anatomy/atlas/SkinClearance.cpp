#include "anatomy/atlas/SkinClearance.h"

#include "anatomy/Bvh.h"
#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "core/Parallel.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace anatomy::atlas {

namespace {

// The atlas's skin is a thin solid, its outer and inner surfaces a millimetre or two apart.
constexpr float kSkinThicknessM = 0.008f; // at most
// A skin vertex this close to a muscle point that needs room moves as far as the point needs;
// beyond, less and less, to nothing at kFalloffEndM, so the skin stays smooth.
constexpr float kFullMoveWithinM = 0.009f;
constexpr float kFalloffEndM = 0.022f;
// The most the skin moves anywhere: a few millimetres of subcutaneous tissue, not a reshaping.
constexpr float kMaxMoveM = 0.008f;
// The ankles' height, as a share of stature (Drillis and Contini: 0.039).
constexpr float kAnkleShareOfHeight = 0.04f;

struct Request {
    glm::vec3 at{0.0f};
    glm::vec3 move{0.0f}; // the skin over `at` must move this far
};

// A vertex of the skin's outer surface: which way is out, and how thick the skin is there.
struct OuterVertex {
    glm::vec3 position{0.0f};
    glm::vec3 outward{0.0f};
    float thickness = 0.0f;
};

// The skin's outer surface, told from its inner one: along its normal, a vertex of the outer
// surface has the inner surface close on one side and open air (or another part of the body,
// beyond its skin) on the other; a vertex of the inner surface has the outer surface on one side
// and muscle or bone on the other.
std::vector<OuterVertex> outerSurface(const Body& body, const BodyBvh& bvh, int skin) {
    const SurfaceMesh& mesh = body.structures()[static_cast<size_t>(skin)].mesh;
    std::vector<std::optional<OuterVertex>> found(mesh.positions.size());
    core::parallelFor(mesh.positions.size(), [&](size_t v) {
        const glm::vec3 n = v < mesh.normals.size() ? mesh.normals[v] : glm::vec3(0.0f);
        if (glm::length(n) < 0.5f)
            return;
        const glm::vec3 p = mesh.positions[v];
        auto firstHit = [&](const glm::vec3& direction) {
            return bvh.intersect(core::Ray{p + direction * 1e-4f, direction}, {}, 0.0f, 0.1f);
        };
        auto layerOf = [&](const RayHit& hit) {
            return body.structures()[static_cast<size_t>(hit.point.structure)].layer;
        };
        for (const float sign : {1.0f, -1.0f}) {
            const auto skinSide = firstHit(-sign * n);
            if (!skinSide || layerOf(*skinSide) != LayerKind::Skin ||
                skinSide->distance > kSkinThicknessM)
                continue;
            const auto freeSide = firstHit(sign * n);
            const bool open = !freeSide || (layerOf(*freeSide) == LayerKind::Skin &&
                                            freeSide->distance > kSkinThicknessM);
            if (open) {
                found[v] = OuterVertex{p, sign * n, skinSide->distance};
                return;
            }
        }
    });
    std::vector<OuterVertex> outer;
    for (const auto& f : found)
        if (f)
            outer.push_back(*f);
    return outer;
}

} // namespace

SkinClearanceReport clearSkinOverMuscles(Body& body, float clearanceM, int rounds,
                                         const core::StageProgress& stage) {
    SkinClearanceReport report;
    int skin = -1;
    std::vector<int> muscles;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const Structure& s = body.structures()[i];
        if (s.layer == LayerKind::Skin && skin < 0)
            skin = static_cast<int>(i);
        // The eye's muscles lie in the orbit behind the eyelids, and the hand's and foot's
        // under skin that is thin in life too: those stay where they are.
        if (s.layer == LayerKind::Muscle && s.info.region != "eye" && s.info.region != "hand" &&
            s.info.region != "foot")
            muscles.push_back(static_cast<int>(i));
    }
    if (skin < 0 || muscles.empty())
        return report;
    SurfaceMesh& skinMesh = body.structures()[static_cast<size_t>(skin)].mesh;
    // The soles stay on the ground: below the ankles the skin lies on tendon and the plantar
    // pad, and the body's height is measured from there.
    const core::Aabb skinBox = skinMesh.bounds();
    const float ankleHeight = skinBox.min.y + kAnkleShareOfHeight * skinBox.size().y;
    const std::vector<glm::vec3> original = skinMesh.positions;

    for (int round = 0; round <= rounds; ++round) {
        if (!stage.at(static_cast<float>(round) / static_cast<float>(rounds + 1))) {
            report.stopped = true;
            return report;
        }
        const BodyBvh bvh(body);
        const std::vector<OuterVertex> outer = outerSurface(body, bvh, skin);
        std::vector<glm::vec3> outerPoints;
        for (const OuterVertex& o : outer)
            outerPoints.push_back(o.position);
        const PointGrid outerGrid(outerPoints, 0.02f);
        // Every muscle vertex too close under the skin's outer surface (or out through it) asks
        // for the skin over it to move out.
        std::vector<std::vector<Request>> perMuscle(muscles.size());
        core::parallelFor(muscles.size(), [&](size_t k) {
            const SurfaceMesh& mesh = body.structures()[static_cast<size_t>(muscles[k])].mesh;
            for (size_t v = 0; v < mesh.positions.size(); ++v) {
                const glm::vec3 p = mesh.positions[v];
                const std::int64_t nearest = outerGrid.nearest(p, 0.02f);
                if (nearest < 0 || v >= mesh.normals.size() || p.y < ankleHeight)
                    continue;
                const OuterVertex& o = outer[static_cast<size_t>(nearest)];
                // Only the muscle's face towards that skin, straight under it (not a point on
                // the far side of a finger, nor one beside the skin's vertex on a curve).
                if (glm::dot(mesh.normals[v], o.outward) < 0.5f)
                    continue;
                const float depth = glm::dot(o.position - p, o.outward);
                const glm::vec3 across = (o.position - p) - depth * o.outward;
                if (glm::length(across) > 0.025f || depth < -0.01f)
                    continue;
                const float need = clearanceM + o.thickness - depth;
                if (need > 0.0f)
                    perMuscle[k].push_back({p, o.outward * std::min(need, 0.01f)});
            }
        });
        std::vector<Request> requests;
        size_t shortCount = 0, farShort = 0;
        for (const auto& list : perMuscle)
            for (const Request& r : list) {
                requests.push_back(r);
                ++shortCount;
                farShort += glm::length(r.move) > 0.5f * clearanceM;
            }
        if (round == 0)
            report.musclePointsShort = shortCount;
        report.musclePointsLeft = farShort;
        if (requests.empty() || round == rounds)
            break;
        // Each skin vertex takes the largest of the moves asked near it, weighted down with
        // distance: inner and outer surfaces alike, so the skin keeps its thickness.
        std::vector<glm::vec3> points;
        points.reserve(requests.size());
        for (const Request& r : requests)
            points.push_back(r.at);
        const PointGrid grid(points, kFalloffEndM);
        core::parallelFor(skinMesh.positions.size(), [&](size_t v) {
            const glm::vec3 p = skinMesh.positions[v];
            glm::vec3 best(0.0f);
            float bestLength = 0.0f;
            for (const std::uint32_t i : grid.within(p, kFalloffEndM)) {
                const float d = glm::length(points[i] - p);
                const float t = std::clamp(
                    (d - kFullMoveWithinM) / (kFalloffEndM - kFullMoveWithinM), 0.0f, 1.0f);
                const float weight = 1.0f - t * t * (3.0f - 2.0f * t);
                const glm::vec3 move = requests[i].move * weight;
                if (glm::length(move) > bestLength) {
                    bestLength = glm::length(move);
                    best = move;
                }
            }
            // Never more than kMaxMoveM from where the atlas put it.
            glm::vec3 moved = p + best - original[v];
            if (glm::length(moved) > kMaxMoveM)
                moved *= kMaxMoveM / glm::length(moved);
            skinMesh.positions[v] = original[v] + moved;
        });
        computeSmoothNormals(skinMesh);
    }
    for (size_t v = 0; v < skinMesh.positions.size(); ++v)
        report.largestMoveM =
            std::max(report.largestMoveM, glm::length(skinMesh.positions[v] - original[v]));
    return report;
}

} // namespace anatomy::atlas
