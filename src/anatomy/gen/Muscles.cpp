#include "anatomy/gen/Muscles.h"

#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "anatomy/gen/EmbeddedData.h"
#include "anatomy/gen/Shapes.h"
#include "core/Parallel.h"

#include <nlohmann/json.hpp>

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

namespace anatomy::gen {
namespace {

using nlohmann::json;
constexpr const char* kMusclesFile = "muscles.json";
constexpr float kPi = 3.14159265f;

core::Error musclesDataError(const std::string& where, const std::string& what) {
    return core::internalError(std::string("assets/anatomy/") + kMusclesFile + ": " + where + ": " +
                               what);
}

// The muscles built so far, as the union of their mid-sheets thickened by the local half
// thickness (triangles of the sheet grid, each with a radius at its corners), hashed in space so
// a later muscle, the fascia and the skin can lie over them.
class BuiltVolume {
public:
    void add(const std::array<glm::vec3, 3>& corners, const glm::vec3& radii,
             const glm::vec3& fibre) {
        m_triangles.push_back({corners, radii, fibre});
        const glm::vec3 centre = (corners[0] + corners[1] + corners[2]) / 3.0f;
        m_cells[key(cellOf(centre))].push_back(static_cast<std::uint32_t>(m_triangles.size() - 1));
    }
    // Distance to the union, or `far` when nothing is within reach.
    float distance(const glm::vec3& p, float far) const {
        float d = far;
        forNearby(p, [&](const ThickTriangle& t) { d = std::min(d, t.distance(p)); });
        return d;
    }
    // A slightly larger union, for the layers wrapped around the muscles (fascia, skin): each
    // triangle as thick as its thickest corner, so the muscle's mesh (offset along smoothed
    // normals) stays inside it, and at least `minimumRadiusM` thick, so a sampled surface cannot
    // slip through a rim thinner than its sampling step.
    float enclosingDistance(const glm::vec3& p, float far, float minimumRadiusM) const {
        float d = far;
        forNearby(p, [&](const ThickTriangle& t) {
            d = std::min(d, t.distanceAtRadius(
                                p, std::max({t.radii.x, t.radii.y, t.radii.z, minimumRadiusM})));
        });
        return d;
    }
    // A smooth version of `distance` for draping the next muscle: the union's creases and the
    // ridges of single triangles are rounded over about `blendM`, so a sheet laid on it does not
    // copy every groove between the muscles beneath.
    float smoothDistance(const glm::vec3& p, float far, float blendM) const {
        float d = far;
        forNearby(p, [&](const ThickTriangle& t) { d = smoothMin(d, t.distance(p), blendM); });
        return d;
    }
    // Fibre direction of the nearest piece of muscle, or zero when none is in reach.
    glm::vec3 directionNear(const glm::vec3& p) const {
        float best = 1e9f;
        glm::vec3 direction(0.0f);
        forNearby(p, [&](const ThickTriangle& t) {
            const float d = t.distance(p);
            if (d < best) {
                best = d;
                direction = t.fibre;
            }
        });
        return direction;
    }

private:
    struct ThickTriangle {
        std::array<glm::vec3, 3> corners;
        glm::vec3 radii;
        glm::vec3 fibre;
        // Radius interpolated across the triangle.
        float distance(const glm::vec3& p) const {
            glm::vec3 weights;
            return glm::length(p - closest(p, weights)) - glm::dot(weights, radii);
        }
        float distanceAtRadius(const glm::vec3& p, float radius) const {
            glm::vec3 weights;
            return glm::length(p - closest(p, weights)) - radius;
        }
        glm::vec3 closest(const glm::vec3& p, glm::vec3& weights) const {
            weights = closestBarycentric(p, corners[0], corners[1], corners[2]);
            return weights.x * corners[0] + weights.y * corners[1] + weights.z * corners[2];
        }
    };
    template <typename F> void forNearby(const glm::vec3& p, F&& visit) const {
        const glm::ivec3 c = cellOf(p);
        for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const auto it = m_cells.find(key(c + glm::ivec3(dx, dy, dz)));
                    if (it != m_cells.end())
                        for (std::uint32_t i : it->second)
                            visit(m_triangles[i]);
                }
    }
    // Larger than any sheet triangle's reach from its centre, so 27 cells suffice.
    static constexpr float kCell = 0.04f;
    static glm::ivec3 cellOf(const glm::vec3& p) { return glm::ivec3(glm::floor(p / kCell)); }
    static std::uint64_t key(const glm::ivec3& c) {
        return (std::uint64_t(std::uint32_t(c.x) & 0x1fffff) << 42) |
               (std::uint64_t(std::uint32_t(c.y) & 0x1fffff) << 21) |
               std::uint64_t(std::uint32_t(c.z) & 0x1fffff);
    }
    std::vector<ThickTriangle> m_triangles;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_cells;
};

// Point at fraction u of a polyline's length.
glm::vec3 along(const std::vector<glm::vec3>& line, float u) {
    if (line.size() == 1)
        return line[0];
    std::vector<float> length(line.size(), 0.0f);
    for (size_t i = 1; i < line.size(); ++i)
        length[i] = length[i - 1] + glm::length(line[i] - line[i - 1]);
    const float target = u * length.back();
    for (size_t i = 1; i < line.size(); ++i)
        if (target <= length[i] || i + 1 == line.size()) {
            const float span = length[i] - length[i - 1];
            return glm::mix(line[i - 1], line[i],
                            span > 0.0f ? (target - length[i - 1]) / span : 0.0f);
        }
    return line.back();
}

enum class Profile { Sheet, Fusiform, Fan };

// Thickness as a fraction of the maximum: zero on the rim, so top and bottom close there.
float thicknessShape(Profile profile, float u, float v) {
    // sin(pi) rounds to a tiny negative number; a fractional power of it would be NaN.
    const float sinU = std::max(std::sin(kPi * u), 0.0f), sinV = std::max(std::sin(kPi * v), 0.0f);
    const float across = std::sqrt(sinU);
    switch (profile) {
    case Profile::Sheet:
        return across * std::pow(sinV, 0.3f);
    case Profile::Fusiform:
        return across * std::pow(sinV, 1.3f);
    case Profile::Fan:
        return across * std::sqrt(sinV) * (0.45f + 0.55f * v);
    }
    return 0.0f;
}

struct MuscleSpec {
    MuscleInfo info;
    bool mirror = true;
    int depth = 0;
    Profile profile = Profile::Sheet;
    float thicknessM = 0.01f;
    float bellyWidthM = 0.0f;        // extra width at mid-belly, beyond what the attachments span
    std::vector<glm::vec3> from, to; // left-side positions, metres
    bool drape = true;  // false for muscles inside the trunk's cavities (psoas, iliacus)
    int nu = 0, nv = 0; // grid across and along; 0: from the muscle's size
};

// Grid points about every centimetre of the muscle's width and length (at least 8 across and 10
// along, so even small muscles are smooth), at most 16 by 28: small muscles cost few triangles.
void chooseGrid(MuscleSpec& spec) {
    auto lineLength = [](const std::vector<glm::vec3>& line) {
        float length = 0.0f;
        for (size_t i = 1; i < line.size(); ++i)
            length += glm::length(line[i] - line[i - 1]);
        return length;
    };
    const float width = std::max(lineLength(spec.from), lineLength(spec.to)) + spec.bellyWidthM;
    const float length = glm::length(along(spec.to, 0.5f) - along(spec.from, 0.5f));
    constexpr float kSpacingM = 0.01f;
    if (spec.nu == 0)
        spec.nu = std::clamp(static_cast<int>(std::lround(width / kSpacingM)) + 1, 8, 16);
    if (spec.nv == 0)
        spec.nv = std::clamp(static_cast<int>(std::lround(length / kSpacingM)) + 1, 10, 28);
}

class MuscleBuilder {
public:
    static constexpr float kCreaseM = 0.006f;
    MuscleBuilder(const UnderlyingField& bones, BuiltVolume& built)
        : m_bones(bones), m_built(built) {}

    // What a muscle lies on: bones, cavities and the muscles built before it, with rounded
    // creases (see BuiltVolume::smoothDistance).
    float field(const glm::vec3& p) const {
        return smoothMin(m_bones(p), m_built.smoothDistance(p, 1.0f, kCreaseM), kCreaseM);
    }
    glm::vec3 gradient(const glm::vec3& p) const {
        const float h = 0.002f;
        const glm::vec3 g(field(p + glm::vec3(h, 0, 0)) - field(p - glm::vec3(h, 0, 0)),
                          field(p + glm::vec3(0, h, 0)) - field(p - glm::vec3(0, h, 0)),
                          field(p + glm::vec3(0, 0, h)) - field(p - glm::vec3(0, 0, h)));
        const float len = glm::length(g);
        return len > 0.0f ? g / len : glm::vec3(0, 0, -1);
    }

    // Unit normals of a grid sheet, smoothed over neighbours so they vary gently, and turned to
    // face away from what lies beneath (by a vote over the sheet: one sample can sit on a fold),
    // or the same way as `reference` when given.
    std::vector<glm::vec3> sheetNormals(const std::vector<glm::vec3>& grid, int nu, int nv,
                                        const std::vector<glm::vec3>* reference = nullptr) const {
        auto at = [&](int i, int j) { return static_cast<size_t>(j) * nu + i; };
        std::vector<glm::vec3> n(grid.size());
        for (int j = 0; j < nv; ++j)
            for (int i = 0; i < nu; ++i) {
                const glm::vec3 du =
                    grid[at(std::min(i + 1, nu - 1), j)] - grid[at(std::max(i - 1, 0), j)];
                const glm::vec3 dv =
                    grid[at(i, std::min(j + 1, nv - 1))] - grid[at(i, std::max(j - 1, 0))];
                n[at(i, j)] = glm::cross(du, dv); // zero where a line shrinks to a point
            }
        for (int pass = 0; pass < 3; ++pass) {
            std::vector<glm::vec3> smoothed = n;
            for (int j = 0; j < nv; ++j)
                for (int i = 0; i < nu; ++i) {
                    glm::vec3 sum = n[at(i, j)] * 2.0f;
                    if (i > 0)
                        sum += n[at(i - 1, j)];
                    if (i + 1 < nu)
                        sum += n[at(i + 1, j)];
                    if (j > 0)
                        sum += n[at(i, j - 1)];
                    if (j + 1 < nv)
                        sum += n[at(i, j + 1)];
                    smoothed[at(i, j)] = sum;
                }
            n = std::move(smoothed);
        }
        float vote = 0.0f;
        for (size_t k = 0; k < n.size(); ++k)
            vote += reference ? glm::dot(n[k], (*reference)[k]) : glm::dot(n[k], gradient(grid[k]));
        for (size_t k = 0; k < n.size(); ++k) {
            const float len = glm::length(n[k]);
            n[k] = len > 1e-12f ? n[k] / len * (vote < 0.0f ? -1.0f : 1.0f) : gradient(grid[k]);
        }
        return n;
    }

    // How far along `normal` a point must move to lie `halfM` above what is beneath: sphere
    // tracing inwards from a little outside, so the first surface met (the outermost) counts;
    // no deeper than kMaxPullM below where the point started.
    float restingOffset(const glm::vec3& p, const glm::vec3& normal, float halfM) const {
        constexpr float kGapM = 0.0015f, kStartM = 0.02f, kMaxPullM = 0.015f;
        const float target = halfM + kGapM;
        float t = kStartM;
        // Start outside: step further out while the start is inside something. A point buried
        // deeper than that (its sheet passes through a bone or an earlier muscle) stays where
        // the data put it rather than fly out as a flap.
        constexpr float kFurthestStartM = 0.07f;
        for (int i = 0; i < 8; ++i) {
            const float value = field(p + normal * t);
            if (value >= target)
                break;
            t += target - value + 0.002f;
            if (t > kFurthestStartM)
                return 0.0f;
        }
        for (int i = 0; i < 48; ++i) {
            const float excess = field(p + normal * t) - target;
            if (excess < 2e-4f)
                break;
            t -= excess;
            if (t <= -kMaxPullM)
                return -kMaxPullM;
        }
        return t;
    }

    SurfaceMesh build(const MuscleSpec& spec) {
        const int nu = spec.nu, nv = spec.nv;
        auto at = [&](int i, int j) { return static_cast<size_t>(j) * nu + i; };
        std::vector<glm::vec3> mid(static_cast<size_t>(nu) * nv);
        std::vector<float> half(mid.size());
        // The belly widens around what lies beneath: across the muscle's axis and the outward
        // direction at mid-belly, turned the way the attachment lines run.
        glm::vec3 bellyAcross(1.0f, 0.0f, 0.0f);
        if (spec.bellyWidthM > 0.0f) {
            const glm::vec3 start = along(spec.from, 0.5f), end = along(spec.to, 0.5f);
            const glm::vec3 axis = glm::normalize(end - start + glm::vec3(1e-9f));
            const glm::vec3 across = glm::cross(axis, gradient(0.5f * (start + end)));
            if (glm::length(across) > 1e-6f) {
                bellyAcross = glm::normalize(across);
                const glm::vec3 lines =
                    (spec.from.back() - spec.from.front()) + (spec.to.back() - spec.to.front());
                if (glm::dot(bellyAcross, lines) < 0.0f)
                    bellyAcross = -bellyAcross;
            }
        }
        for (int j = 0; j < nv; ++j)
            for (int i = 0; i < nu; ++i) {
                const float u = float(i) / float(nu - 1), v = float(j) / float(nv - 1);
                half[at(i, j)] = 0.5f * spec.thicknessM * thicknessShape(spec.profile, u, v);
                mid[at(i, j)] = glm::mix(along(spec.from, u), along(spec.to, u), v);
                if (spec.bellyWidthM > 0.0f) {
                    // A belly wider than its tendons: spread across the muscle, most at mid-length.
                    mid[at(i, j)] +=
                        bellyAcross * ((u - 0.5f) * spec.bellyWidthM *
                                       std::pow(std::max(std::sin(kPi * v), 0.0f), 0.8f));
                }
            }
        // Drape: each point of the sheet moves along the sheet's own (smoothed) normal until it
        // lies its half thickness above what is beneath. Moving along a smooth normal field,
        // neighbouring points cannot cross, so the sheet never folds; points far above are
        // pulled down only so far, so the sheet bridges hollows (the armpit, the small of the
        // back) instead of diving into them.
        const std::vector<glm::vec3> outward = sheetNormals(mid, nu, nv);
        std::vector<float> offset(mid.size(), 0.0f), lowest(mid.size(), -1e9f);
        if (spec.drape) {
            core::parallelFor(mid.size(), [&](size_t k) {
                lowest[k] = restingOffset(mid[k], outward[k], half[k]);
            });
            offset = lowest;
            // Smooth the offsets (ends stay on their attachments), never below the resting one.
            for (int pass = 0; pass < 8; ++pass) {
                std::vector<float> smoothed = offset;
                for (int j = 1; j + 1 < nv; ++j)
                    for (int i = 1; i + 1 < nu; ++i)
                        smoothed[at(i, j)] =
                            std::max(lowest[at(i, j)],
                                     0.5f * offset[at(i, j)] +
                                         0.125f * (offset[at(i - 1, j)] + offset[at(i + 1, j)] +
                                                   offset[at(i, j - 1)] + offset[at(i, j + 1)]));
                offset = std::move(smoothed);
            }
        }
        for (size_t k = 0; k < mid.size(); ++k)
            mid[k] += outward[k] * offset[k];

        // Outward normals of the draped sheet, and fibres along it.
        const std::vector<glm::vec3> normal = sheetNormals(mid, nu, nv, &outward);
        std::vector<glm::vec3> fibre(mid.size());
        for (int j = 0; j < nv; ++j)
            for (int i = 0; i < nu; ++i) {
                const glm::vec3 dv =
                    mid[at(i, std::min(j + 1, nv - 1))] - mid[at(i, std::max(j - 1, 0))];
                const float len = glm::length(dv);
                fibre[at(i, j)] = len > 0.0f ? dv / len : glm::vec3(0, -1, 0);
            }

        // The pillow: rim vertices shared by top and bottom, interior ones doubled.
        SurfaceMesh mesh;
        std::vector<std::uint32_t> top(mid.size()), bottom(mid.size());
        for (int j = 0; j < nv; ++j)
            for (int i = 0; i < nu; ++i) {
                const size_t k = at(i, j);
                const bool rim = i == 0 || j == 0 || i == nu - 1 || j == nv - 1;
                top[k] = static_cast<std::uint32_t>(mesh.positions.size());
                mesh.positions.push_back(mid[k] + normal[k] * (rim ? 0.0f : half[k]));
                mesh.fibres.push_back(fibre[k]);
                if (rim) {
                    bottom[k] = top[k];
                } else {
                    bottom[k] = static_cast<std::uint32_t>(mesh.positions.size());
                    mesh.positions.push_back(mid[k] - normal[k] * half[k]);
                    mesh.fibres.push_back(fibre[k]);
                }
            }
        // Wind the top sheet to face along the outward normal, by a vote over the whole sheet
        // (a single sample can sit on a fold).
        float facing = 0.0f;
        for (int j = 1; j + 1 < nv; ++j)
            for (int i = 1; i + 1 < nu; ++i) {
                const glm::vec3 du = mid[at(i + 1, j)] - mid[at(i - 1, j)];
                const glm::vec3 dv = mid[at(i, j + 1)] - mid[at(i, j - 1)];
                facing += glm::dot(glm::cross(du, dv), normal[at(i, j)]);
            }
        const bool flip = facing < 0.0f;
        appendPillowTriangles(mesh, top, bottom, nu, nv, flip);
        // The thickened sheet lets later muscles drape over this one (and its mirror image).
        const glm::vec3 mirror(-1.0f, 1.0f, 1.0f);
        for (int j = 0; j + 1 < nv; ++j)
            for (int i = 0; i + 1 < nu; ++i) {
                const size_t a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
                const glm::vec3 sheetFibre = glm::normalize(fibre[a] + fibre[c] + glm::vec3(1e-6f));
                for (const auto& tri :
                     {std::array<size_t, 3>{a, b, c}, std::array<size_t, 3>{a, c, d}}) {
                    const std::array<glm::vec3, 3> corners = {mid[tri[0]], mid[tri[1]],
                                                              mid[tri[2]]};
                    const glm::vec3 radii(half[tri[0]], half[tri[1]], half[tri[2]]);
                    m_built.add(corners, radii, sheetFibre);
                    if (spec.mirror)
                        m_built.add({corners[0] * mirror, corners[1] * mirror, corners[2] * mirror},
                                    radii, sheetFibre * mirror);
                }
            }
        return mesh;
    }

private:
    const UnderlyingField& m_bones;
    BuiltVolume& m_built; // grows as muscles are built
};

SurfaceMesh mirrored(const SurfaceMesh& mesh) {
    SurfaceMesh out = mesh;
    for (glm::vec3& p : out.positions)
        p.x = -p.x;
    for (glm::vec3& n : out.normals)
        n.x = -n.x;
    for (glm::vec3& f : out.fibres)
        f.x = -f.x;
    for (size_t t = 0; t + 2 < out.indices.size(); t += 3)
        std::swap(out.indices[t + 1], out.indices[t + 2]);
    return out;
}

} // namespace

std::string_view embeddedMusclesJson() {
    return core::findEmbedded(embeddedFiles(), kMusclesFile);
}

core::Result<MuscleLayer> buildMuscles(std::string_view text, const Skeleton& skeleton,
                                       const Placement& placement, const UnderlyingField& bones) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        return musclesDataError("parse", e.what());
    }
    std::vector<MuscleSpec> specs;
    try {
        for (const json& m : root.at("muscles")) {
            MuscleSpec spec;
            spec.info.id = m.at("id").get<std::string>();
            const std::string where = "muscle " + spec.info.id;
            spec.info.label = m.value("label", spec.info.id);
            spec.info.atlas.latin = m.value("latin", "");
            spec.info.atlas.region = m.value("region", "");
            spec.info.atlas.origin = m.value("origin", "");
            spec.info.atlas.insertion = m.value("insertion", "");
            spec.info.atlas.action = m.value("action", "");
            spec.info.atlas.innervation = m.value("innervation", "");
            spec.info.atlas.muscle = spec.info.id; // each generated muscle is its own
            spec.info.atlas.source = "generated";
            spec.mirror = m.value("mirror", true);
            spec.drape = m.value("drape", true);
            spec.depth = m.value("depth", 0);
            spec.thicknessM = m.value("thickness", 0.005f) * placement.heightM;
            spec.bellyWidthM = m.value("width", 0.0f) * placement.heightM;
            const std::string profile = m.value("profile", "sheet");
            if (profile == "sheet")
                spec.profile = Profile::Sheet;
            else if (profile == "fusiform")
                spec.profile = Profile::Fusiform;
            else if (profile == "fan")
                spec.profile = Profile::Fan;
            else
                return musclesDataError(where, "unknown profile '" + profile + "'");
            if (m.contains("grid")) {
                spec.nu = std::max(5, m["grid"].at(0).get<int>());
                spec.nv = std::max(5, m["grid"].at(1).get<int>());
            }
            for (const char* end : {"from", "to"}) {
                std::vector<glm::vec3>& line = std::string(end) == "from" ? spec.from : spec.to;
                for (const json& point : m.at(end)) {
                    if (point.is_string()) {
                        const auto it = skeleton.landmarks.find(point.get<std::string>());
                        if (it == skeleton.landmarks.end())
                            return musclesDataError(where, "unknown landmark '" +
                                                               point.get<std::string>() + "'");
                        line.push_back(it->second);
                    } else if (point.is_array() && point.size() == 3) {
                        line.push_back(placement.place(glm::vec3(
                            point[0].get<float>(), point[1].get<float>(), point[2].get<float>())));
                    } else {
                        return musclesDataError(where,
                                                std::string(end) +
                                                    " points must be landmark names or [x, y, z]");
                    }
                }
                if (line.empty())
                    return musclesDataError(where, std::string("'") + end + "' is empty");
            }
            chooseGrid(spec);
            specs.push_back(std::move(spec));
        }
    } catch (const json::exception& e) {
        return musclesDataError("value", e.what());
    }
    // Deep muscles first, so superficial ones drape over them; the file order breaks ties.
    std::stable_sort(specs.begin(), specs.end(),
                     [](const MuscleSpec& a, const MuscleSpec& b) { return a.depth < b.depth; });

    auto built = std::make_shared<BuiltVolume>();
    MuscleBuilder builder(bones, *built);
    std::vector<BuiltMuscle> muscles;
    for (const MuscleSpec& spec : specs) {
        BuiltMuscle left;
        left.info = spec.info;
        left.side = spec.mirror ? Side::Left : Side::Midline;
        left.mesh = builder.build(spec);
        if (spec.mirror) {
            BuiltMuscle right;
            right.info = spec.info;
            right.side = Side::Right;
            right.mesh = mirrored(left.mesh);
            muscles.push_back(std::move(left));
            muscles.push_back(std::move(right));
        } else {
            muscles.push_back(std::move(left));
        }
    }
    MuscleLayer layer;
    layer.muscles = std::move(muscles);
    layer.fibreNear = [built](const glm::vec3& p) { return built->directionNear(p); };
    layer.enclosingDistance = [built](const glm::vec3& p) {
        return built->enclosingDistance(p, 1.0f, 0.004f);
    };
    return layer;
}

} // namespace anatomy::gen
