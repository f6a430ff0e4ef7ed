#include "render/ColorMap.h"

#include <glm/common.hpp>

#include <cmath>

namespace render {

glm::vec3 viridis(float t) {
    if (!std::isfinite(t))
        t = 0.0f;
    const float scaled = glm::clamp(t, 0.0f, 1.0f) * float(kViridisStops.size() - 1);
    const size_t below = std::min(static_cast<size_t>(scaled), kViridisStops.size() - 2);
    return glm::mix(kViridisStops[below], kViridisStops[below + 1], scaled - float(below));
}

} // namespace render
