// core: small geometry helpers on GLM shared by every module.
#pragma once

#include <glm/glm.hpp>

#include <algorithm>
#include <limits>

namespace core {

struct Aabb {
    glm::vec3 min{std::numeric_limits<float>::max()};
    glm::vec3 max{-std::numeric_limits<float>::max()};

    bool valid() const { return min.x <= max.x && min.y <= max.y && min.z <= max.z; }
    void extend(const glm::vec3& p) {
        min = glm::min(min, p);
        max = glm::max(max, p);
    }
    void extend(const Aabb& other) {
        if (other.valid()) {
            extend(other.min);
            extend(other.max);
        }
    }
    bool contains(const Aabb& other) const {
        return valid() && other.valid() && glm::all(glm::lessThanEqual(min, other.min)) &&
               glm::all(glm::lessThanEqual(other.max, max));
    }
    glm::vec3 center() const { return (min + max) * 0.5f; }
    glm::vec3 size() const { return valid() ? max - min : glm::vec3(0.0f); }
    float radius() const { return 0.5f * glm::length(size()); }
};

struct Ray {
    glm::vec3 origin{0.0f};
    glm::vec3 direction{0.0f, 0.0f, -1.0f}; // unit length
};

} // namespace core
