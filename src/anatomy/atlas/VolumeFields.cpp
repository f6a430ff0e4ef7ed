#include "anatomy/atlas/VolumeFields.h"

#include "anatomy/Proximity.h"
#include "core/Parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace anatomy::atlas {
namespace {

constexpr float kFar = std::numeric_limits<float>::infinity();

// Squared distance transform along one line (Felzenszwalb and Huttenlocher 2012): out[q] is the
// minimum over p of (q - p)² + f[p].
void distanceTransform1d(const float* f, float* out, int n, std::vector<int>& v,
                         std::vector<float>& z) {
    v.resize(static_cast<size_t>(n));
    z.resize(static_cast<size_t>(n) + 1);
    int k = -1; // the last parabola of the lower envelope
    for (int q = 0; q < n; ++q) {
        if (std::isinf(f[q]))
            continue; // not a site
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -kFar;
            z[1] = kFar;
            continue;
        }
        auto intersection = [&](int p) {
            return ((f[q] + static_cast<float>(q) * static_cast<float>(q)) -
                    (f[p] + static_cast<float>(p) * static_cast<float>(p))) /
                   (2.0f * static_cast<float>(q - p));
        };
        float s = intersection(v[static_cast<size_t>(k)]);
        while (s <= z[static_cast<size_t>(k)]) { // z[0] is -inf: stops at k = 0
            --k;
            s = intersection(v[static_cast<size_t>(k)]);
        }
        ++k;
        v[static_cast<size_t>(k)] = q;
        z[static_cast<size_t>(k)] = s;
        z[static_cast<size_t>(k) + 1] = kFar;
    }
    if (k < 0) {
        std::fill(out, out + n, kFar);
        return;
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[static_cast<size_t>(k) + 1] < static_cast<float>(q))
            ++k;
        const int p = v[static_cast<size_t>(k)];
        out[q] = static_cast<float>((q - p) * (q - p)) + f[p];
    }
}

// In place over the whole grid: values are squared distances in cells (kFar where unknown).
void distanceTransform3d(std::vector<float>& values, int nx, int ny, int nz) {
    auto pass = [&](int length, int lines, auto indexOf) {
        core::parallelFor(static_cast<size_t>(lines), [&](size_t line) {
            std::vector<float> in(static_cast<size_t>(length)), out(static_cast<size_t>(length));
            std::vector<int> v;
            std::vector<float> z;
            for (int i = 0; i < length; ++i)
                in[static_cast<size_t>(i)] = values[indexOf(line, i)];
            distanceTransform1d(in.data(), out.data(), length, v, z);
            for (int i = 0; i < length; ++i)
                values[indexOf(line, i)] = out[static_cast<size_t>(i)];
        });
    };
    const auto sx = static_cast<size_t>(nx), sy = static_cast<size_t>(ny);
    pass(nx, ny * nz, [&](size_t line, int i) { return line * sx + static_cast<size_t>(i); });
    pass(ny, nx * nz, [&](size_t line, int i) {
        const size_t z = line / sx, x = line % sx;
        return (z * sy + static_cast<size_t>(i)) * sx + x;
    });
    pass(nz, nx * ny,
         [&](size_t line, int i) { return (static_cast<size_t>(i) * sy) * sx + line; });
}

// Which grid samples in [lo, hi] lie inside a structure's surface: along each of the three axes,
// a sample is inside when an odd number of the surface's crossings of its grid line lie before
// it; the three axes vote, so a line that slips through a small hole in the surface (the atlas
// skin is open at the eyes) is outvoted.
// `enclosedRule`: instead, inside when the surface lies on both sides of the sample along all
// three axes — for a shell modelled as a thin solid, whose parity is even in what it encloses.
std::vector<char> insideByVote(const SurfaceMesh& m, const SampleGrid& grid, glm::ivec3 lo,
                               glm::ivec3 hi, bool enclosedRule = false) {
    const glm::ivec3 size = hi - lo + 1;
    const size_t local =
        static_cast<size_t>(size.x) * static_cast<size_t>(size.y) * static_cast<size_t>(size.z);
    std::vector<std::uint8_t> votes(local, 0);
    const float cell = grid.cellM;
    for (int axis = 0; axis < 3; ++axis) {
        const int b = (axis + 1) % 3, c = (axis + 2) % 3;
        const int nb = size[b], nc = size[c];
        std::vector<std::vector<float>> crossings(static_cast<size_t>(nb) *
                                                  static_cast<size_t>(nc));
        // Lines sit a hair off the grid so they never pass exactly through a mesh vertex or edge.
        const float nudgeB = 1.3e-4f * cell, nudgeC = 2.9e-4f * cell;
        for (size_t t = 0; t + 2 < m.indices.size(); t += 3) {
            const glm::vec3 p0 = m.positions[m.indices[t]], p1 = m.positions[m.indices[t + 1]],
                            p2 = m.positions[m.indices[t + 2]];
            const float minB = std::min({p0[b], p1[b], p2[b]}),
                        maxB = std::max({p0[b], p1[b], p2[b]});
            const float minC = std::min({p0[c], p1[c], p2[c]}),
                        maxC = std::max({p0[c], p1[c], p2[c]});
            const int j0 = std::max(
                0, static_cast<int>(std::ceil((minB - nudgeB - grid.origin[b]) / cell)) - lo[b]);
            const int j1 = std::min(
                nb - 1,
                static_cast<int>(std::floor((maxB - nudgeB - grid.origin[b]) / cell)) - lo[b]);
            const int k0 = std::max(
                0, static_cast<int>(std::ceil((minC - nudgeC - grid.origin[c]) / cell)) - lo[c]);
            const int k1 = std::min(
                nc - 1,
                static_cast<int>(std::floor((maxC - nudgeC - grid.origin[c]) / cell)) - lo[c]);
            for (int j = j0; j <= j1; ++j)
                for (int k = k0; k <= k1; ++k) {
                    const float pb = grid.origin[b] + static_cast<float>(j + lo[b]) * cell + nudgeB;
                    const float pc = grid.origin[c] + static_cast<float>(k + lo[c]) * cell + nudgeC;
                    // Barycentric coordinates of the line's foot in the triangle's projection.
                    const float d =
                        (p1[b] - p0[b]) * (p2[c] - p0[c]) - (p2[b] - p0[b]) * (p1[c] - p0[c]);
                    if (std::abs(d) < 1e-20f)
                        continue; // seen edge-on
                    const float w1 =
                        ((pb - p0[b]) * (p2[c] - p0[c]) - (p2[b] - p0[b]) * (pc - p0[c])) / d;
                    const float w2 =
                        ((p1[b] - p0[b]) * (pc - p0[c]) - (pb - p0[b]) * (p1[c] - p0[c])) / d;
                    const float w0 = 1.0f - w1 - w2;
                    if (w0 < 0.0f || w1 < 0.0f || w2 < 0.0f)
                        continue;
                    crossings[static_cast<size_t>(j) * static_cast<size_t>(nc) +
                              static_cast<size_t>(k)]
                        .push_back(w0 * p0[axis] + w1 * p1[axis] + w2 * p2[axis]);
                }
        }
        for (int j = 0; j < nb; ++j)
            for (int k = 0; k < nc; ++k) {
                auto& line = crossings[static_cast<size_t>(j) * static_cast<size_t>(nc) +
                                       static_cast<size_t>(k)];
                if (line.empty())
                    continue;
                std::sort(line.begin(), line.end());
                size_t passed = 0;
                for (int i = 0; i < size[axis]; ++i) {
                    const float at = grid.origin[axis] + static_cast<float>(i + lo[axis]) * cell;
                    while (passed < line.size() && line[passed] < at)
                        ++passed;
                    const bool counts =
                        enclosedRule ? (passed > 0 && passed < line.size()) : passed % 2 == 1;
                    if (counts) {
                        glm::ivec3 q;
                        q[axis] = i;
                        q[b] = j;
                        q[c] = k;
                        votes[(static_cast<size_t>(q.z) * static_cast<size_t>(size.y) +
                               static_cast<size_t>(q.y)) *
                                  static_cast<size_t>(size.x) +
                              static_cast<size_t>(q.x)]++;
                    }
                }
            }
    }
    std::vector<char> inside(local);
    for (size_t i = 0; i < local; ++i)
        inside[i] = votes[i] >= (enclosedRule ? 3 : 2);
    return inside;
}

} // namespace

void signedDistanceToUnion(const Body& body, const std::vector<int>& structures, SampleGrid& grid,
                           int bandCells, bool enclosedRule) {
    const int nx = grid.nx, ny = grid.ny, nz = grid.nz;
    const size_t count =
        static_cast<size_t>(nx) * static_cast<size_t>(ny) * static_cast<size_t>(nz);
    const float cell = grid.cellM;
    const float reach = static_cast<float>(bandCells) * cell;
    auto index = [&](int x, int y, int z) {
        return (static_cast<size_t>(z) * static_cast<size_t>(ny) + static_cast<size_t>(y)) *
                   static_cast<size_t>(nx) +
               static_cast<size_t>(x);
    };
    // Each structure on its own (in parallel): the exact distance in a band around its surface,
    // and which samples of its box lie inside it. The union is merged in structure order.
    struct Part {
        glm::ivec3 lo{0}, size{0};
        std::vector<float> distance; // unsigned, kFar outside the band
        std::vector<char> inside;
    };
    std::vector<Part> parts(structures.size());
    core::parallelFor(structures.size(), [&](size_t si) {
        const SurfaceMesh& m = body.structures()[static_cast<size_t>(structures[si])].mesh;
        const core::Aabb box = m.bounds();
        if (!box.valid())
            return;
        const glm::ivec3 lo =
            glm::max(glm::ivec3(glm::floor((box.min - reach - grid.origin) / cell)), glm::ivec3(0));
        const glm::ivec3 hi =
            glm::min(glm::ivec3(glm::ceil((box.max + reach - grid.origin) / cell)),
                     glm::ivec3(nx - 1, ny - 1, nz - 1));
        const glm::ivec3 size = hi - lo + 1;
        if (size.x <= 0 || size.y <= 0 || size.z <= 0)
            return;
        Part& part = parts[si];
        part.lo = lo;
        part.size = size;
        auto local = [&](int x, int y, int z) {
            return (static_cast<size_t>(z - lo.z) * static_cast<size_t>(size.y) +
                    static_cast<size_t>(y - lo.y)) *
                       static_cast<size_t>(size.x) +
                   static_cast<size_t>(x - lo.x);
        };
        part.distance.assign(static_cast<size_t>(size.x) * static_cast<size_t>(size.y) *
                                 static_cast<size_t>(size.z),
                             kFar);
        for (size_t t = 0; t + 2 < m.indices.size(); t += 3) {
            const glm::vec3 a = m.positions[m.indices[t]], b = m.positions[m.indices[t + 1]],
                            c = m.positions[m.indices[t + 2]];
            const glm::vec3 tmin = glm::min(a, glm::min(b, c)) - reach;
            const glm::vec3 tmax = glm::max(a, glm::max(b, c)) + reach;
            const glm::ivec3 from =
                glm::max(glm::ivec3(glm::ceil((tmin - grid.origin) / cell)), lo);
            const glm::ivec3 to = glm::min(glm::ivec3(glm::floor((tmax - grid.origin) / cell)), hi);
            for (int z = from.z; z <= to.z; ++z)
                for (int y = from.y; y <= to.y; ++y)
                    for (int x = from.x; x <= to.x; ++x) {
                        const glm::vec3 p =
                            grid.origin + glm::vec3(float(x), float(y), float(z)) * cell;
                        const glm::vec3 w = closestBarycentric(p, a, b, c);
                        const float d = glm::distance(p, w.x * a + w.y * b + w.z * c);
                        float& best = part.distance[local(x, y, z)];
                        best = std::min(best, d);
                    }
        }
        part.inside = insideByVote(m, grid, lo, hi, enclosedRule);
    });
    std::vector<float>& values = grid.values;
    values.assign(count, kFar);
    std::vector<char> inside(count, 0);
    for (const Part& part : parts) {
        if (part.distance.empty())
            continue;
        size_t li = 0;
        for (int z = part.lo.z; z < part.lo.z + part.size.z; ++z)
            for (int y = part.lo.y; y < part.lo.y + part.size.y; ++y)
                for (int x = part.lo.x; x < part.lo.x + part.size.x; ++x, ++li) {
                    const size_t i = index(x, y, z);
                    const float d = part.distance[li];
                    if (d <= reach)
                        values[i] = std::min(values[i], part.inside[li] ? -d : d);
                    inside[i] = inside[i] || part.inside[li];
                }
    }

    // Far from every surface: the distance transform seeded with the band's exact distances,
    // signed by the vote. A sample inside one structure but in the band outside another is
    // inside the union, at least a band's width deep.
    std::vector<float> squared(count);
    for (size_t i = 0; i < count; ++i) {
        const float d = values[i] / cell;
        squared[i] = std::isinf(values[i]) ? kFar : d * d;
    }
    distanceTransform3d(squared, nx, ny, nz);
    for (size_t i = 0; i < count; ++i) {
        const float far = std::sqrt(squared[i]) * cell;
        if (inside[i]) {
            if (!(values[i] < 0.0f))
                values[i] = -std::max(reach, far);
        } else if (std::isinf(values[i]) || values[i] < 0.0f) {
            values[i] = far;
        }
    }
}

void signedDistanceToEnclosure(const Body& body, int structure, SampleGrid& grid) {
    signedDistanceToUnion(body, {structure}, grid, 2, true);
}

std::vector<float> distanceToOutside(const SampleGrid& grid, const std::vector<char>& inside) {
    std::vector<float> squared(inside.size());
    for (size_t i = 0; i < inside.size(); ++i)
        squared[i] = inside[i] ? kFar : 0.0f;
    distanceTransform3d(squared, grid.nx, grid.ny, grid.nz);
    for (float& v : squared)
        v = std::sqrt(v) * grid.cellM;
    return squared;
}

} // namespace anatomy::atlas
