// anatomy/atlas: small geometric helpers the modelled muscles' shapes share (internal).
#pragma once

#include "anatomy/atlas/ModelledMuscleShapes.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace anatomy::atlas::shapes {

constexpr float kPi = 3.14159265f;

using VertexTest = std::function<bool(const glm::vec3&)>;

// The vertex furthest along `direction` among those `keep` accepts.
inline std::optional<glm::vec3> extreme(const SurfaceMesh& mesh, const glm::vec3& direction,
                                        const VertexTest& keep = {}) {
    std::optional<glm::vec3> best;
    float bestValue = -1e30f;
    for (const glm::vec3& p : mesh.positions) {
        if (keep && !keep(p))
            continue;
        const float value = glm::dot(p, direction);
        if (value > bestValue) {
            bestValue = value;
            best = p;
        }
    }
    return best;
}

// Mean of the vertices `keep` accepts.
inline std::optional<glm::vec3> centroid(const SurfaceMesh& mesh, const VertexTest& keep) {
    glm::dvec3 sum(0.0);
    size_t n = 0;
    for (const glm::vec3& p : mesh.positions)
        if (keep(p)) {
            sum += glm::dvec3(p);
            ++n;
        }
    if (n == 0)
        return std::nullopt;
    return glm::vec3(sum / static_cast<double>(n));
}

// The point a share `u` of the way along a polyline, by length.
inline glm::vec3 along(const std::vector<glm::vec3>& line, float u) {
    if (line.size() == 1)
        return line.front();
    float total = 0.0f;
    for (size_t i = 1; i < line.size(); ++i)
        total += glm::distance(line[i], line[i - 1]);
    float target = std::clamp(u, 0.0f, 1.0f) * total;
    for (size_t i = 1; i < line.size(); ++i) {
        const float length = glm::distance(line[i], line[i - 1]);
        if (target <= length || i + 1 == line.size())
            return glm::mix(line[i - 1], line[i],
                            length > 0.0f ? std::min(target / length, 1.0f) : 0.0f);
        target -= length;
    }
    return line.back();
}

inline float smoothstep(float a, float b, float x) {
    const float t = std::clamp((x - a) / (b - a), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

// Rises from 0 at the edges (s = 0, 1) to 1 in the middle.
inline float taper(float s, float power) {
    return std::pow(std::max(std::sin(kPi * std::clamp(s, 0.0f, 1.0f)), 0.0f), power);
}

inline float gridU(const DrapeGrid& g, int i) {
    return static_cast<float>(i) / static_cast<float>(g.nu - 1);
}
inline float gridV(const DrapeGrid& g, int j) {
    return static_cast<float>(j) / static_cast<float>(g.nv - 1);
}

inline void zeroRim(DrapeGrid& g) {
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i)
            if (i == 0 || j == 0 || i == g.nu - 1 || j == g.nv - 1)
                g.thickness[g.at(i, j)] = 0.0f;
}

inline bool isTissue(const Structure& s) {
    return s.layer == LayerKind::Muscle || s.layer == LayerKind::Bone;
}
inline bool startsWith(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}
inline bool isRib(const Structure& s) {
    return s.layer == LayerKind::Bone && (s.name.find("-rib") != std::string::npos ||
                                          s.name.find("costal-cartilage") != std::string::npos);
}
inline bool inLimb(const Structure& s) {
    const std::string& r = s.info.region;
    return r == "arm" || r == "forearm" || r == "hand" || s.info.muscle == "deltoid";
}

// Horizontal direction from p towards the vertical axis through (axisX, *, axisZ).
inline glm::vec3 towardsAxis(const glm::vec3& p, float axisX, float axisZ) {
    glm::vec3 d(axisX - p.x, 0.0f, axisZ - p.z);
    const float length = glm::length(d);
    return length > 1e-6f ? d / length : glm::vec3(1.0f, 0.0f, 0.0f);
}

// A grid between an origin and an insertion line, through optional lines between them (each
// at its share of v), straight from one to the next.
inline void fillBetween(DrapeGrid& g, const std::vector<std::vector<glm::vec3>>& lines,
                        const std::vector<float>& at) {
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, j);
            size_t k = 0;
            while (k + 2 < at.size() && v > at[k + 1])
                ++k;
            const float s = (v - at[k]) / (at[k + 1] - at[k]);
            g.guide[g.at(i, j)] = glm::mix(along(lines[k], u), along(lines[k + 1], u), s);
        }
}

} // namespace anatomy::atlas::shapes
