#include "app/MarksView.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace app {

render::ViewPreset presetFacing(const std::vector<glm::vec3>& normals) {
    // Where each view's eye lies, seen from the body (OrbitCamera::setPreset): the body faces +Z
    // and its left side is +X.
    constexpr std::array<std::pair<render::ViewPreset, glm::vec3>, 4> kViews = {{
        {render::ViewPreset::Anterior, {0.0f, 0.0f, 1.0f}},
        {render::ViewPreset::Posterior, {0.0f, 0.0f, -1.0f}},
        {render::ViewPreset::Left, {1.0f, 0.0f, 0.0f}},
        {render::ViewPreset::Right, {-1.0f, 0.0f, 0.0f}},
    }};
    render::ViewPreset best = render::ViewPreset::Anterior;
    float bestScore = 0.0f;
    for (const auto& [preset, towardsEye] : kViews) {
        float score = 0.0f;
        for (const glm::vec3& normal : normals)
            if (glm::length(normal) > 0.0f)
                score += std::max(0.0f, glm::dot(glm::normalize(normal), towardsEye));
        if (score > bestScore) {
            bestScore = score;
            best = preset;
        }
    }
    return best;
}

std::optional<MarksView> viewOfMarks(const anatomy::Body& body,
                                     const annotate::StructureIndex& index,
                                     const annotate::Session& session) {
    std::vector<glm::vec3> normals;
    MarksView view;
    for (const annotate::TriggerPoint& point : session.triggerPoints) {
        const auto at = annotate::resolve(body, index, point.anchor);
        if (!at)
            continue;
        normals.push_back(at->normal);
        view.marks.extend(at->position);
    }
    if (normals.empty())
        return std::nullopt;
    view.preset = presetFacing(normals);
    return view;
}

render::OrbitCamera cameraOnMarks(const MarksView& view, const render::OrbitCamera& from,
                                  float aspect) {
    core::Aabb box = view.marks;
    // A margin of a quarter of their spread, and at least kMarksContextM of body each way.
    const glm::vec3 size = box.size();
    const glm::vec3 grow = glm::max(0.25f * size, 0.5f * (glm::vec3(kMarksContextM) - size));
    box.min -= grow;
    box.max += grow;
    render::OrbitCamera camera = from;
    camera.setPreset(view.preset);
    return camera.framing(box, aspect);
}

} // namespace app
