#include "annotate/TensionBrush.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace annotate {

float brushWeight(const Brush& brush, float distanceM) {
    if (!(brush.radiusM > 0.0f) || distanceM >= brush.radiusM)
        return 0.0f;
    const float t = std::clamp(distanceM / brush.radiusM, 0.0f, 1.0f);
    switch (brush.falloff) {
    case Falloff::Constant:
        return 1.0f;
    case Falloff::Linear:
        return 1.0f - t;
    case Falloff::Smooth:
        break;
    }
    const float s = 1.0f - t * t;
    return s * s; // smooth at both the centre and the rim
}

void applyDab(TensionField& field, const anatomy::SurfaceMesh& mesh,
              std::span<const std::uint32_t> candidates, const glm::vec3& centre,
              const Brush& brush) {
    const float strength = std::clamp(brush.strength, 0.0f, 1.0f);
    std::map<std::uint32_t, TensionSample> samples;
    for (const TensionSample& sample : field.samples)
        samples.emplace(sample.vertex, sample);
    for (std::uint32_t v : candidates) {
        if (v >= mesh.positions.size())
            continue;
        const float w = strength * brushWeight(brush, glm::length(mesh.positions[v] - centre));
        if (w <= 0.0f)
            continue;
        auto it = samples.find(v);
        const float before = it == samples.end() ? 0.0f : it->second.value;
        const float after = brush.erase ? before * (1.0f - w) : before + (1.0f - before) * w;
        // Below half a percent a value is noise from a soft rim; drop it to stay sparse.
        if (after < 0.005f) {
            if (it != samples.end())
                samples.erase(it);
            continue;
        }
        samples[v] = TensionSample{v, std::min(after, 1.0f), mesh.positions[v]};
    }
    field.samples.clear();
    for (const auto& [vertex, sample] : samples)
        field.samples.push_back(sample);
}

} // namespace annotate
