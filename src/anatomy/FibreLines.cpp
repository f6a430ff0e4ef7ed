#include "anatomy/FibreLines.h"

#include <cmath>
#include <unordered_map>

namespace anatomy {
namespace {

// Points already drawn, hashed on a grid, to keep lines apart.
class SpacingGrid {
public:
    explicit SpacingGrid(float cell) : m_cell(cell) {}
    void add(const glm::vec3& p) { m_cells[key(cellOf(p))].push_back(p); }
    bool near(const glm::vec3& p, float radius) const {
        const glm::ivec3 c = cellOf(p);
        for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const auto it = m_cells.find(key(c + glm::ivec3(dx, dy, dz)));
                    if (it == m_cells.end())
                        continue;
                    for (const glm::vec3& q : it->second)
                        if (glm::dot(p - q, p - q) < radius * radius)
                            return true;
                }
        return false;
    }

private:
    glm::ivec3 cellOf(const glm::vec3& p) const { return glm::ivec3(glm::floor(p / m_cell)); }
    static std::uint64_t key(glm::ivec3 c) {
        return (std::uint64_t(std::uint32_t(c.x) & 0x1fffff) << 42) |
               (std::uint64_t(std::uint32_t(c.y) & 0x1fffff) << 21) |
               std::uint64_t(std::uint32_t(c.z) & 0x1fffff);
    }
    float m_cell;
    std::unordered_map<std::uint64_t, std::vector<glm::vec3>> m_cells;
};

// Walks a point across a triangle mesh in barycentric coordinates, crossing shared edges.
class SurfaceWalker {
public:
    explicit SurfaceWalker(const SurfaceMesh& mesh) : m_mesh(mesh) {
        const size_t triangles = mesh.triangleCount();
        m_neighbour.assign(triangles * 3, -1);
        std::unordered_map<std::uint64_t, std::int64_t> edgeOwner;
        edgeOwner.reserve(triangles * 3);
        for (size_t t = 0; t < triangles; ++t)
            for (int e = 0; e < 3; ++e) {
                // Edge e lies opposite corner e: between corners e+1 and e+2.
                const std::uint32_t a = mesh.indices[t * 3 + (e + 1) % 3];
                const std::uint32_t b = mesh.indices[t * 3 + (e + 2) % 3];
                const std::uint64_t k = std::uint64_t(std::min(a, b)) << 32 | std::max(a, b);
                const auto [it, inserted] = edgeOwner.emplace(k, std::int64_t(t * 3 + e));
                if (!inserted && it->second >= 0) {
                    m_neighbour[t * 3 + e] = static_cast<std::int64_t>(it->second / 3);
                    m_neighbour[static_cast<size_t>(it->second)] = static_cast<std::int64_t>(t);
                    it->second = -1; // a third triangle on this edge gets no neighbour
                }
            }
    }

    struct Place {
        size_t triangle = 0;
        glm::vec3 barycentric{1.0f / 3.0f};
    };

    glm::vec3 position(const Place& at) const { return interpolate(m_mesh.positions, at); }
    glm::vec3 normal(const Place& at) const {
        return safeNormalize(interpolate(m_mesh.normals, at));
    }
    // The fibre direction at `at`, in the triangle's plane, oriented along `previous`.
    glm::vec3 fibre(const Place& at, const glm::vec3& previous) const {
        const glm::vec3 n = faceNormal(at.triangle);
        glm::vec3 f = interpolateFibre(at, previous);
        f -= n * glm::dot(f, n);
        f = safeNormalize(f);
        if (glm::dot(f, previous) < 0.0f)
            f = -f;
        return f;
    }

    // Moves `distance` along `direction` (re-read per triangle); false at a border.
    bool advance(Place& at, glm::vec3 direction, float distance) const {
        for (int crossings = 0; crossings < 64 && distance > 0.0f; ++crossings) {
            const size_t t = at.triangle;
            const glm::vec3 a = corner(t, 0), e1 = corner(t, 1) - a, e2 = corner(t, 2) - a;
            // Barycentric rates of change per metre along `direction`, by least squares.
            const float d11 = glm::dot(e1, e1), d12 = glm::dot(e1, e2), d22 = glm::dot(e2, e2);
            const float det = d11 * d22 - d12 * d12;
            if (!(std::abs(det) > 1e-20f))
                return false;
            const float r1 = glm::dot(direction, e1), r2 = glm::dot(direction, e2);
            const float du = (d22 * r1 - d12 * r2) / det, dv = (d11 * r2 - d12 * r1) / det;
            const glm::vec3 rate(-du - dv, du, dv);
            float exit = distance;
            int exitEdge = -1;
            for (int i = 0; i < 3; ++i)
                if (rate[i] < 0.0f) {
                    const float s = at.barycentric[i] / -rate[i];
                    if (s < exit) {
                        exit = std::max(s, 0.0f);
                        exitEdge = i;
                    }
                }
            at.barycentric += rate * exit;
            at.barycentric = glm::max(at.barycentric, glm::vec3(0.0f));
            at.barycentric /= at.barycentric.x + at.barycentric.y + at.barycentric.z;
            distance -= exit;
            if (exitEdge < 0)
                return true;
            const std::int64_t next = m_neighbour[t * 3 + size_t(exitEdge)];
            if (next < 0)
                return false;
            at = enter(at, static_cast<size_t>(next), exitEdge);
            direction = fibre(at, direction);
        }
        return distance <= 0.0f;
    }

private:
    glm::vec3 corner(size_t t, int c) const { return m_mesh.positions[m_mesh.indices[t * 3 + c]]; }
    glm::vec3 faceNormal(size_t t) const {
        return safeNormalize(glm::cross(corner(t, 1) - corner(t, 0), corner(t, 2) - corner(t, 0)));
    }
    static glm::vec3 safeNormalize(const glm::vec3& v) {
        const float length = glm::length(v);
        return length > 1e-12f ? v / length : glm::vec3(0.0f);
    }
    glm::vec3 interpolate(const std::vector<glm::vec3>& values, const Place& at) const {
        glm::vec3 sum(0.0f);
        for (int c = 0; c < 3; ++c)
            sum += values[m_mesh.indices[at.triangle * 3 + c]] * at.barycentric[c];
        return sum;
    }
    // Fibres are directions without a sign: each corner's is flipped to agree before mixing.
    glm::vec3 interpolateFibre(const Place& at, const glm::vec3& previous) const {
        glm::vec3 sum(0.0f);
        glm::vec3 reference = previous;
        for (int c = 0; c < 3; ++c) {
            glm::vec3 f = m_mesh.fibres[m_mesh.indices[at.triangle * 3 + c]];
            if (glm::dot(reference, reference) < 1e-12f)
                reference = f;
            if (glm::dot(f, reference) < 0.0f)
                f = -f;
            sum += f * at.barycentric[c];
        }
        return sum;
    }
    // The same point, on the edge shared with triangle `next`, in `next`'s coordinates.
    Place enter(const Place& at, size_t next, int exitEdge) const {
        Place entered{next, glm::vec3(0.0f)};
        for (int c = 0; c < 3; ++c) {
            if (c == exitEdge)
                continue;
            const std::uint32_t vertex = m_mesh.indices[at.triangle * 3 + c];
            for (int d = 0; d < 3; ++d)
                if (m_mesh.indices[next * 3 + d] == vertex)
                    entered.barycentric[d] = at.barycentric[c];
        }
        const float sum = entered.barycentric.x + entered.barycentric.y + entered.barycentric.z;
        entered.barycentric = sum > 0.0f ? entered.barycentric / sum : glm::vec3(1.0f / 3.0f);
        return entered;
    }

    const SurfaceMesh& m_mesh;
    std::vector<std::int64_t> m_neighbour; // per triangle edge (opposite corner), or -1
};

} // namespace

std::vector<std::vector<glm::vec3>> traceFibreStreamlines(const SurfaceMesh& mesh,
                                                          const StreamlineOptions& options) {
    std::vector<std::vector<glm::vec3>> lines;
    if (mesh.fibres.size() != mesh.positions.size() ||
        mesh.normals.size() != mesh.positions.size() || mesh.indices.empty() ||
        !(options.spacingM > 0.0f) || !(options.stepM > 0.0f))
        return lines;
    const SurfaceWalker walker(mesh);
    SpacingGrid drawn(options.spacingM);
    SpacingGrid seeds(options.spacingM);
    const int maxSteps = std::max(1, int(options.maxLengthM / options.stepM / 2.0f));
    const float keepApart = 0.5f * options.spacingM;

    // Seeds: triangle centres, taken in order, at least the spacing from earlier seeds and lines.
    for (size_t t = 0; t < mesh.triangleCount(); ++t) {
        SurfaceWalker::Place seed{t, glm::vec3(1.0f / 3.0f)};
        const glm::vec3 start = walker.position(seed);
        if (seeds.near(start, options.spacingM) || drawn.near(start, options.spacingM))
            continue;
        const glm::vec3 along = walker.fibre(seed, glm::vec3(0.0f));
        if (glm::dot(along, along) < 0.5f)
            continue;
        seeds.add(start);
        // Trace both ways from the seed, then join the halves into one line.
        std::vector<glm::vec3> halves[2];
        for (int way = 0; way < 2; ++way) {
            SurfaceWalker::Place at = seed;
            glm::vec3 direction = way == 0 ? along : -along;
            for (int step = 0; step < maxSteps; ++step) {
                if (!walker.advance(at, direction, options.stepM))
                    break;
                const glm::vec3 p = walker.position(at);
                if (drawn.near(p, keepApart))
                    break;
                halves[way].push_back(p + walker.normal(at) * options.liftM);
                direction = walker.fibre(at, direction);
            }
        }
        std::vector<glm::vec3> line(halves[1].rbegin(), halves[1].rend());
        line.push_back(start + walker.normal(seed) * options.liftM);
        line.insert(line.end(), halves[0].begin(), halves[0].end());
        if (line.size() < 4)
            continue;
        for (const glm::vec3& p : line)
            drawn.add(p);
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace anatomy
