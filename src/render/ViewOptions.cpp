#include "render/ViewOptions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace render {

std::optional<ClipAxis> clipAxisFromName(std::string_view name) {
    for (ClipAxis axis : {ClipAxis::Sagittal, ClipAxis::Coronal, ClipAxis::Transverse})
        if (clipAxisName(axis) == name)
            return axis;
    return std::nullopt;
}

int clipAxisComponent(ClipAxis axis) {
    switch (axis) {
    case ClipAxis::Sagittal:
        return 0;
    case ClipAxis::Transverse:
        return 1;
    case ClipAxis::Coronal:
        return 2;
    }
    return 0;
}

std::string_view clipAxisName(ClipAxis axis) {
    switch (axis) {
    case ClipAxis::Sagittal:
        return "sagittal";
    case ClipAxis::Coronal:
        return "coronal";
    case ClipAxis::Transverse:
        return "transverse";
    }
    return "sagittal";
}

glm::vec4 ClipPlane::equation() const {
    glm::vec3 normal(0.0f);
    normal[clipAxisComponent(axis)] = 1.0f;
    // Unflipped, the half on the negative side of the axis stays: the viewer's left half for
    // a sagittal cut, the back for a coronal one, the lower body for a transverse one.
    if (!flipped)
        normal = -normal;
    const float along = flipped ? offsetM : -offsetM;
    return {normal, -along};
}

bool ClipPlane::keeps(const glm::vec3& p) const {
    if (!enabled)
        return true;
    const glm::vec4 e = equation();
    return glm::dot(glm::vec3(e), p) + e.w >= 0.0f;
}

std::pair<float, float> ClipPlane::keptInterval(const core::Ray& ray) const {
    constexpr float kForever = std::numeric_limits<float>::infinity();
    if (!enabled)
        return {0.0f, kForever};
    const glm::vec4 e = equation();
    const float start = glm::dot(glm::vec3(e), ray.origin) + e.w; // >= 0: the eye is kept
    const float rate = glm::dot(glm::vec3(e), ray.direction);
    if (std::abs(rate) < 1e-9f)
        return start >= 0.0f ? std::pair{0.0f, kForever} : std::pair{1.0f, 0.0f};
    const float crossing = -start / rate;
    if (start >= 0.0f)
        return rate < 0.0f ? std::pair{0.0f, crossing} : std::pair{0.0f, kForever};
    return rate > 0.0f ? std::pair{std::max(crossing, 0.0f), kForever} : std::pair{1.0f, 0.0f};
}

float ViewOptions::structureOpacity(const anatomy::Body& body, size_t index) const {
    const anatomy::LayerKind layer = body.structures()[index].layer;
    if (!visible(layer))
        return 0.0f;
    if (!isolated.empty() &&
        std::find(isolated.begin(), isolated.end(), static_cast<int>(index)) == isolated.end())
        return 0.0f;
    float value = opacity(layer);
    if (index < structures.size()) {
        if (!structures[index].visible)
            return 0.0f;
        if (structures[index].opacity >= 0.0f)
            value = structures[index].opacity;
    }
    return std::clamp(value, 0.0f, 1.0f);
}

StructureView& ViewOptions::structure(size_t index) {
    if (structures.size() <= index)
        structures.resize(index + 1);
    return structures[index];
}

std::optional<anatomy::LayerKind> peelOutermostLayer(ViewOptions& options,
                                                     const anatomy::Body& body) {
    std::vector<anatomy::LayerKind> shown;
    for (anatomy::LayerKind layer : anatomy::kAllLayers)
        if (layer != anatomy::LayerKind::Other && options.visible(layer) &&
            body.structureCount(layer) > 0)
            shown.push_back(layer);
    if (shown.size() <= 1)
        return std::nullopt;
    options.layerVisible[static_cast<size_t>(shown.front())] = false;
    return shown.front();
}

void restoreAllLayers(ViewOptions& options) {
    options.layerVisible.fill(true);
    options.layerOpacity.fill(1.0f);
    options.structures.clear();
    options.isolated.clear();
    options.xray = false;
}

void isolateStructures(ViewOptions& options, std::vector<int> structures) {
    options.isolated = std::move(structures);
}

namespace {

std::vector<std::string_view> splitCommas(std::string_view list) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        std::string_view part = list.substr(start, comma - start);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty())
            parts.push_back(part);
        start = comma + 1;
    }
    return parts;
}

std::string knownLayers() {
    std::string names;
    for (anatomy::LayerKind layer : anatomy::kAllLayers)
        names += (names.empty() ? "" : ", ") + std::string(anatomy::layerId(layer));
    return names;
}

} // namespace

core::Result<std::array<bool, anatomy::kAllLayers.size()>> parseLayerList(std::string_view list) {
    std::array<bool, anatomy::kAllLayers.size()> visible{};
    const auto parts = splitCommas(list);
    if (parts.empty())
        return core::usageError("--layers needs at least one layer (" + knownLayers() + ")");
    for (std::string_view id : parts) {
        const auto layer = anatomy::layerFromId(id);
        if (!layer)
            return core::usageError("--layers: unknown layer '" + std::string(id) +
                                    "' (known: " + knownLayers() + ")");
        visible[static_cast<size_t>(*layer)] = true;
    }
    return visible;
}

core::Status parseLayerOpacities(std::string_view list, ViewOptions& options) {
    const auto parts = splitCommas(list);
    if (parts.empty())
        return core::usageError("--opacity needs LAYER=VALUE pairs, e.g. skin=0.3");
    for (std::string_view part : parts) {
        const size_t equals = part.find('=');
        if (equals == std::string_view::npos)
            return core::usageError("--opacity: '" + std::string(part) +
                                    "' is not LAYER=VALUE (e.g. skin=0.3)");
        const std::string_view id = part.substr(0, equals);
        const std::string_view number = part.substr(equals + 1);
        const auto layer = anatomy::layerFromId(id);
        if (!layer)
            return core::usageError("--opacity: unknown layer '" + std::string(id) +
                                    "' (known: " + knownLayers() + ")");
        float value = -1.0f;
        const auto parsed = std::from_chars(number.data(), number.data() + number.size(), value);
        if (parsed.ec != std::errc() || parsed.ptr != number.data() + number.size() ||
            !std::isfinite(value) || value < 0.0f || value > 1.0f)
            return core::usageError("--opacity: " + std::string(id) +
                                    " must be a number from 0 to 1, not '" + std::string(number) +
                                    "'");
        options.layerOpacity[static_cast<size_t>(*layer)] = value;
    }
    return core::Ok{};
}

} // namespace render
