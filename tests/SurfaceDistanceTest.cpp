// Distances along a surface, as the quiz scores a placed point: close to the true geodesic on
// a flat sheet, and around a body part rather than through it.
#include "anatomy/SurfaceDistance.h"

#include <catch2/catch.hpp>

#include <glm/gtc/constants.hpp>

#include <cmath>

namespace {

// An n x n grid of squares of side `step`, each split into two triangles, in the XY plane.
anatomy::SurfaceMesh flatSheet(int n, float step) {
    anatomy::SurfaceMesh mesh;
    for (int j = 0; j <= n; ++j)
        for (int i = 0; i <= n; ++i) {
            mesh.positions.emplace_back(static_cast<float>(i) * step, static_cast<float>(j) * step,
                                        0.0f);
            mesh.normals.emplace_back(0.0f, 0.0f, 1.0f);
        }
    auto at = [&](int i, int j) { return static_cast<std::uint32_t>(j * (n + 1) + i); };
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i)
            mesh.indices.insert(mesh.indices.end(), {at(i, j), at(i + 1, j), at(i + 1, j + 1),
                                                     at(i, j), at(i + 1, j + 1), at(i, j + 1)});
    return mesh;
}

// An open cylinder of radius r around the Y axis.
anatomy::SurfaceMesh cylinder(float r, float height, int around, int up) {
    anatomy::SurfaceMesh mesh;
    for (int j = 0; j <= up; ++j)
        for (int i = 0; i < around; ++i) {
            const float a = 2.0f * glm::pi<float>() * static_cast<float>(i) / static_cast<float>(around);
            mesh.positions.emplace_back(r * std::cos(a), height * static_cast<float>(j) / static_cast<float>(up),
                                        r * std::sin(a));
            mesh.normals.emplace_back(std::cos(a), 0.0f, std::sin(a));
        }
    auto at = [&](int i, int j) { return static_cast<std::uint32_t>(j * around + (i % around)); };
    for (int j = 0; j < up; ++j)
        for (int i = 0; i < around; ++i)
            mesh.indices.insert(mesh.indices.end(), {at(i, j), at(i + 1, j + 1), at(i + 1, j),
                                                     at(i, j), at(i, j + 1), at(i + 1, j + 1)});
    return mesh;
}

} // namespace

TEST_CASE("Along a flat sheet the distance is the straight one, within 8 %", "[learn][geometry]") {
    const auto sheet = flatSheet(60, 0.005f); // 30 cm square, 5 mm cells
    for (const float angle : {0.0f, 15.0f, 30.0f, 45.0f, 60.0f, 75.0f, 90.0f}) {
        INFO(angle << " degrees");
        const float rad = glm::radians(angle);
        const glm::vec3 from(0.05f, 0.05f, 0.0f);
        const glm::vec3 to = from + 0.2f * glm::vec3(std::cos(rad), std::sin(rad), 0.0f);
        const auto along = anatomy::surfaceDistance(sheet, from, to);
        REQUIRE(along);
        CHECK(*along >= 0.2f - 0.006f); // never much shorter: ends snap to vertices 3.5 mm away
        CHECK(*along <= 0.2f * 1.08f + 0.006f);
    }
}

TEST_CASE("Around a cylinder the distance follows the surface, not the chord",
          "[learn][geometry]") {
    const float r = 0.05f;
    const auto limb = cylinder(r, 0.2f, 96, 40);
    // Opposite sides of the limb at the same height: half the circumference, not the diameter.
    const glm::vec3 front(r, 0.1f, 0.0f), back(-r, 0.1f, 0.0f);
    const auto around = anatomy::surfaceDistance(limb, front, back);
    REQUIRE(around);
    CHECK(*around == Approx(glm::pi<float>() * r).epsilon(0.08));
    CHECK(*around > 1.4f * glm::length(front - back));
    // The search stops at the limit.
    CHECK_FALSE(anatomy::surfaceDistance(limb, front, back, 0.1f));
    // A point to itself.
    CHECK(*anatomy::surfaceDistance(limb, front, front) == Approx(0.0f).margin(1e-6));
}

TEST_CASE("Pieces of a mesh that do not touch have no distance along it", "[learn][geometry]") {
    auto a = flatSheet(4, 0.01f);
    const auto b = flatSheet(4, 0.01f);
    const auto offset = static_cast<std::uint32_t>(a.positions.size());
    for (const glm::vec3& p : b.positions)
        a.positions.push_back(p + glm::vec3(0.0f, 0.0f, 0.1f));
    for (const glm::vec3& n : b.normals)
        a.normals.push_back(n);
    for (const std::uint32_t i : b.indices)
        a.indices.push_back(i + offset);
    CHECK_FALSE(anatomy::surfaceDistance(a, {0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.1f}));
}
