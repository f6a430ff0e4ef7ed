// The atlas body built once per test program from third_party/bodyparts3d, shared by the
// atlas tests, and an exact inside test for closed surfaces.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/atlas/AtlasData.h"

#include <filesystem>
#include <vector>

namespace test {

struct BuiltAtlas {
    anatomy::Body body;
    anatomy::atlas::AtlasBuildReport report;
    std::vector<anatomy::atlas::AtlasPart> parts;
    double buildSeconds = 0.0;
    // The stages the build told, with the share done before each (AtlasBuildOptions::progress).
    std::vector<std::pair<std::string, float>> stages;
};

std::filesystem::path atlasDirectory();
const BuiltAtlas& atlasBody();

// Whether points lie inside a closed surface: the parity of its crossings along +x, with the
// triangles binned by (y, z) so each query tests only those its ray can meet.
class InsideTest {
public:
    explicit InsideTest(const anatomy::SurfaceMesh& mesh, float binM = 0.01f);
    bool inside(const glm::vec3& p) const { return crossings(p, true) % 2 == 1; }
    // How many times the ray from p along +x (or -x) crosses the surface.
    int crossings(const glm::vec3& p, bool towardsPositiveX) const;
    // Within a shell modelled as a thin solid (the atlas's skin): the surface lies on both
    // sides of p along x.
    bool enclosed(const glm::vec3& p) const {
        return crossings(p, true) > 0 && crossings(p, false) > 0;
    }

private:
    const anatomy::SurfaceMesh& m_mesh;
    glm::vec2 m_origin{0.0f};
    float m_bin;
    int m_ny = 0, m_nz = 0;
    std::vector<std::vector<std::uint32_t>> m_bins;
};

// The generalized winding number of a closed surface at p (Jacobson et al. 2013): about 1 inside,
// 0 outside, and unlike ray parity not thrown by a local fold or a sliver. Triangles far from p
// are taken a cell at a time as one dipole (Barill et al. 2018), near ones exactly.
class WindingNumber {
public:
    explicit WindingNumber(const anatomy::SurfaceMesh& mesh, float cellM = 0.03f);
    double at(const glm::vec3& p) const;
    bool inside(const glm::vec3& p) const { return at(p) > 0.5; }

private:
    struct Cell {
        glm::dvec3 centre{0.0};
        glm::dvec3 areaNormal{0.0}; // the sum of its triangles' area-weighted normals
        double radius = 0.0;        // of the ball around centre holding its triangles
        std::vector<std::uint32_t> triangles;
    };
    const anatomy::SurfaceMesh& m_mesh;
    std::vector<Cell> m_cells;
};

} // namespace test
