#include "app/PinSight.h"

#include <algorithm>
#include <optional>

namespace app {
namespace {

bool isFascia(anatomy::LayerKind layer) {
    return layer == anatomy::LayerKind::SuperficialFascia ||
           layer == anatomy::LayerKind::DeepFascia;
}

// The first opaque surface along the ray from `from` to `to`, short of `to` by `shortBy`
// metres; its distance from `from`, or nothing.
std::optional<float> firstOpaque(const anatomy::BodyBvh& bvh, const PinOccluders& occluders,
                                 glm::vec3 from, glm::vec3 to, float shortBy) {
    const float length = glm::length(to - from);
    if (!(length > shortBy))
        return std::nullopt;
    core::Ray ray;
    ray.origin = from;
    ray.direction = (to - from) / length;
    const auto [keptFrom, keptTo] = occluders.clip.keptInterval(ray);
    const float nearest = std::max(keptFrom, 0.0f);
    const float farthest = std::min(keptTo, length - shortBy);
    if (!(farthest > nearest))
        return std::nullopt;
    const auto hit = bvh.intersect(
        ray, [&](int structure) { return occluders.opaque(structure); }, nearest, farthest);
    if (!hit)
        return std::nullopt;
    return hit->distance;
}

} // namespace

PinOccluders::PinOccluders(const anatomy::Body& body, const render::ViewOptions& view)
    : clip(view.clip) {
    const auto& structures = body.structures();
    // X-ray, as the renderer draws it: every layer over the innermost one shown is a glass
    // shell (unless that innermost one is unclassified parts).
    int xrayCore = -1;
    if (view.xray) {
        for (size_t i = 0; i < structures.size(); ++i)
            if (view.structureOpacity(body, i) > 0.0f)
                xrayCore = std::max(xrayCore, static_cast<int>(structures[i].layer));
        if (xrayCore == static_cast<int>(anatomy::LayerKind::Other))
            xrayCore = -1;
    }
    m_opaque.resize(structures.size(), false);
    for (size_t i = 0; i < structures.size(); ++i) {
        const anatomy::LayerKind layer = structures[i].layer;
        m_opaque[i] = view.structureOpacity(body, i) >= 1.0f &&
                      !(view.fasciaNetwork && isFascia(layer)) &&
                      (xrayCore < 0 || static_cast<int>(layer) == xrayCore);
    }
}

PinSight pinSight(const anatomy::BodyBvh& bvh, const PinOccluders& occluders,
                  const render::OrbitCamera& camera, const render::Marker& marker) {
    const glm::vec3 eye = camera.eye();
    const float length = render::pinLengthM(marker, camera.distanceM);
    // The head in plain sight: nothing opaque before its nearest side.
    if (!firstOpaque(bvh, occluders, eye, render::pinHead(marker, camera.distanceM),
                     render::kPinHeadRadius * length))
        return PinSight::Seen;
    // The head is hidden. The point itself lies on its muscle's surface: what is in front of
    // it, and how far in front?
    const float toPoint = glm::length(marker.position - eye);
    constexpr float kSurfaceM = 0.001f; // the muscle's own surface at the point is no cover
    const auto first = firstOpaque(bvh, occluders, eye, marker.position, kSurfaceM);
    if (!first || toPoint - *first <= kPinCoverM)
        return PinSight::Covered;
    return PinSight::Hidden;
}

} // namespace app
