#include "anatomy/Bvh.h"
#include "anatomy/gen/BodyGenerator.h"

#include <catch2/catch.hpp>

#include <random>

namespace {

// Reference answer: test every triangle.
std::optional<float> bruteForce(const anatomy::Body& body, const core::Ray& ray) {
    std::optional<float> best;
    for (const auto& s : body.structures())
        for (size_t t = 0; t < s.mesh.indices.size(); t += 3) {
            const glm::vec3 a = s.mesh.positions[s.mesh.indices[t]];
            const glm::vec3 e1 = s.mesh.positions[s.mesh.indices[t + 1]] - a;
            const glm::vec3 e2 = s.mesh.positions[s.mesh.indices[t + 2]] - a;
            const glm::vec3 p = glm::cross(ray.direction, e2);
            const float det = glm::dot(e1, p);
            if (std::abs(det) < 1e-12f)
                continue;
            const glm::vec3 sv = ray.origin - a;
            const float u = glm::dot(sv, p) / det;
            const glm::vec3 q = glm::cross(sv, e1);
            const float v = glm::dot(ray.direction, q) / det;
            const float d = glm::dot(e2, q) / det;
            if (u >= 0 && v >= 0 && u + v <= 1 && d > 0 && (!best || d < *best))
                best = d;
        }
    return best;
}

} // namespace

TEST_CASE("BVH picking agrees with testing every triangle", "[bvh]") {
    anatomy::gen::BodyParameters params;
    params.cellSizeM = 0.02f; // coarse: the brute force must stay quick
    params.skeleton = false;
    const anatomy::Body body = anatomy::gen::generateBody(params);
    const anatomy::BodyBvh bvh(body);
    REQUIRE(bvh.triangleCount() == body.triangleCount());
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    int hits = 0;
    for (int i = 0; i < 300; ++i) {
        core::Ray ray;
        ray.origin = glm::vec3(unit(rng) * 0.5f, 0.9f + unit(rng) * 0.9f, 2.0f);
        ray.direction = glm::normalize(glm::vec3(unit(rng) * 0.1f, unit(rng) * 0.1f, -1.0f));
        const auto expected = bruteForce(body, ray);
        const auto hit = bvh.intersect(ray);
        REQUIRE(hit.has_value() == expected.has_value());
        if (hit) {
            ++hits;
            CHECK(hit->distance == Approx(*expected).margin(1e-5));
            const auto& mesh = body.structures()[static_cast<size_t>(hit->point.structure)].mesh;
            const glm::vec3 w = hit->point.barycentric;
            const glm::vec3 fromBarycentric =
                w.x * mesh.positions[mesh.indices[hit->point.triangle * 3]] +
                w.y * mesh.positions[mesh.indices[hit->point.triangle * 3 + 1]] +
                w.z * mesh.positions[mesh.indices[hit->point.triangle * 3 + 2]];
            CHECK(glm::length(fromBarycentric - hit->position) < 1e-5f);
        }
    }
    CHECK(hits > 50);
}

TEST_CASE("BVH filters structures the caller does not accept", "[bvh]") {
    anatomy::gen::BodyParameters params;
    params.cellSizeM = 0.02f;
    params.skeleton = false;
    const anatomy::Body body = anatomy::gen::generateBody(params);
    const anatomy::BodyBvh bvh(body);
    core::Ray ray{{0.0f, 1.2f, 2.0f}, {0.0f, 0.0f, -1.0f}};
    REQUIRE(bvh.intersect(ray).has_value());
    CHECK_FALSE(bvh.intersect(ray, [](int) { return false; }).has_value());
    CHECK_FALSE(anatomy::BodyBvh().intersect(ray).has_value());
}
