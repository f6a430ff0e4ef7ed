#include "AtlasFixture.h"

#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

namespace test {

std::filesystem::path atlasDirectory() {
    return sourceDir().parent_path() / "third_party" / "bodyparts3d";
}

const BuiltAtlas& atlasBody() {
    static const BuiltAtlas built = [] {
        BuiltAtlas b;
        const auto start = std::chrono::steady_clock::now();
        anatomy::atlas::AtlasBuildOptions options;
        core::TaskProgress progress(
            [&b](const std::string& stage, float done) { b.stages.emplace_back(stage, done); });
        options.progress = &progress;
        auto body = anatomy::atlas::buildAtlasBody(atlasDirectory(), options, &b.report);
        b.buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        REQUIRE(body.ok());
        b.body = std::move(*body);
        auto parts = anatomy::atlas::readPartsList(atlasDirectory() / "parts.tsv");
        REQUIRE(parts.ok());
        b.parts = std::move(*parts);
        return b;
    }();
    return built;
}

InsideTest::InsideTest(const anatomy::SurfaceMesh& mesh, float binM) : m_mesh(mesh), m_bin(binM) {
    const core::Aabb box = mesh.bounds();
    m_origin = glm::vec2(box.min.y, box.min.z);
    m_ny = static_cast<int>((box.max.y - box.min.y) / binM) + 1;
    m_nz = static_cast<int>((box.max.z - box.min.z) / binM) + 1;
    m_bins.resize(static_cast<size_t>(m_ny) * static_cast<size_t>(m_nz));
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        glm::vec2 lo(1e9f), hi(-1e9f);
        for (int k = 0; k < 3; ++k) {
            const glm::vec3 p = mesh.positions[mesh.indices[t + static_cast<size_t>(k)]];
            lo = glm::min(lo, glm::vec2(p.y, p.z));
            hi = glm::max(hi, glm::vec2(p.y, p.z));
        }
        const glm::ivec2 a = glm::ivec2((lo - m_origin) / binM),
                         b = glm::ivec2((hi - m_origin) / binM);
        for (int y = std::max(a.x, 0); y <= std::min(b.x, m_ny - 1); ++y)
            for (int z = std::max(a.y, 0); z <= std::min(b.y, m_nz - 1); ++z)
                m_bins[static_cast<size_t>(y) * static_cast<size_t>(m_nz) + static_cast<size_t>(z)]
                    .push_back(static_cast<std::uint32_t>(t));
    }
}

int InsideTest::crossings(const glm::vec3& p, bool towardsPositiveX) const {
    const glm::ivec2 cell = glm::ivec2((glm::vec2(p.y, p.z) - m_origin) / m_bin);
    if (cell.x < 0 || cell.y < 0 || cell.x >= m_ny || cell.y >= m_nz)
        return 0;
    int crossings = 0;
    for (std::uint32_t t : m_bins[static_cast<size_t>(cell.x) * static_cast<size_t>(m_nz) +
                                  static_cast<size_t>(cell.y)]) {
        const glm::vec3 a = m_mesh.positions[m_mesh.indices[t]];
        const glm::vec3 b = m_mesh.positions[m_mesh.indices[t + 1]];
        const glm::vec3 c = m_mesh.positions[m_mesh.indices[t + 2]];
        // Where the ray's (y, z) falls in the triangle's projection; half-open edges so a ray
        // through a shared edge counts once.
        const glm::vec2 q(p.y, p.z), A(a.y, a.z), B(b.y, b.z), C(c.y, c.z);
        auto edge = [](glm::vec2 u, glm::vec2 v, glm::vec2 w) {
            return (v.x - u.x) * (w.y - u.y) - (v.y - u.y) * (w.x - u.x);
        };
        const float area = edge(A, B, C);
        if (area == 0.0f)
            continue;
        const float w0 = edge(B, C, q) / area, w1 = edge(C, A, q) / area, w2 = edge(A, B, q) / area;
        if (w0 < 0.0f || w1 < 0.0f || w2 < 0.0f || w0 == 0.0f || w1 == 0.0f)
            continue;
        const float x = w0 * a.x + w1 * b.x + w2 * c.x;
        if (towardsPositiveX ? x > p.x : x < p.x)
            ++crossings;
    }
    return crossings;
}

WindingNumber::WindingNumber(const anatomy::SurfaceMesh& mesh, float cellM) : m_mesh(mesh) {
    std::map<std::tuple<int, int, int>, size_t> cellOf;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const glm::vec3 c = (mesh.positions[mesh.indices[t]] + mesh.positions[mesh.indices[t + 1]] +
                             mesh.positions[mesh.indices[t + 2]]) /
                            3.0f;
        const auto key = std::make_tuple(static_cast<int>(std::floor(c.x / cellM)),
                                         static_cast<int>(std::floor(c.y / cellM)),
                                         static_cast<int>(std::floor(c.z / cellM)));
        auto [it, inserted] = cellOf.emplace(key, m_cells.size());
        if (inserted)
            m_cells.emplace_back();
        m_cells[it->second].triangles.push_back(static_cast<std::uint32_t>(t));
    }
    for (Cell& cell : m_cells) {
        double area = 0.0;
        for (std::uint32_t t : cell.triangles) {
            const glm::dvec3 a(mesh.positions[mesh.indices[t]]),
                b(mesh.positions[mesh.indices[t + 1]]), c(mesh.positions[mesh.indices[t + 2]]);
            const glm::dvec3 n = 0.5 * glm::cross(b - a, c - a);
            cell.areaNormal += n;
            cell.centre += glm::length(n) * (a + b + c) / 3.0;
            area += glm::length(n);
        }
        cell.centre = area > 0.0 ? cell.centre / area
                                 : glm::dvec3(mesh.positions[mesh.indices[cell.triangles[0]]]);
        for (std::uint32_t t : cell.triangles)
            for (int k = 0; k < 3; ++k)
                cell.radius = std::max(
                    cell.radius,
                    glm::distance(
                        cell.centre,
                        glm::dvec3(mesh.positions[mesh.indices[t + static_cast<size_t>(k)]])));
    }
}

double WindingNumber::at(const glm::vec3& point) const {
    const glm::dvec3 p(point);
    double total = 0.0;
    for (const Cell& cell : m_cells) {
        const glm::dvec3 r = cell.centre - p;
        const double distance = glm::length(r);
        if (distance > 3.0 * cell.radius) {
            total += glm::dot(r, cell.areaNormal) / (distance * distance * distance);
            continue;
        }
        for (std::uint32_t t : cell.triangles) {
            // The signed solid angle of the triangle seen from p (Van Oosterom and Strackee).
            const glm::dvec3 a = glm::dvec3(m_mesh.positions[m_mesh.indices[t]]) - p;
            const glm::dvec3 b = glm::dvec3(m_mesh.positions[m_mesh.indices[t + 1]]) - p;
            const glm::dvec3 c = glm::dvec3(m_mesh.positions[m_mesh.indices[t + 2]]) - p;
            const double la = glm::length(a), lb = glm::length(b), lc = glm::length(c);
            const double numerator = glm::dot(a, glm::cross(b, c));
            const double denominator =
                la * lb * lc + glm::dot(a, b) * lc + glm::dot(b, c) * la + glm::dot(c, a) * lb;
            total += 2.0 * std::atan2(numerator, denominator);
        }
    }
    return total / (4.0 * M_PI);
}

} // namespace test
