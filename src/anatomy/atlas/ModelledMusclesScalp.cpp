// The scalp's muscle: the occipitofrontalis, its frontal belly over the forehead and its occipital
// belly over the back of the skull, joined over the vault by the galea aponeurotica (a tendon
// sheet, not modelled as muscle). Both bellies are thin sheets straight under the skin.
#include "anatomy/atlas/ModelledMuscleShapes.h"
#include "anatomy/atlas/ShapeHelpers.h"

namespace anatomy::atlas {
namespace {

using namespace shapes;

// The vault's centre and size, from the bones that make it: the direction from the centre picks
// a place on the skull, as a globe's latitude and longitude pick one on the earth.
struct Vault {
    glm::vec3 centre{0.0f};
    float radius = 0.0f; // half the skull's length, about the centre's distance to the bone
};

std::optional<Vault> vault(const SurfaceMesh& frontal, const SurfaceMesh& occipital,
                           const SurfaceMesh& parietal) {
    const core::Aabb f = frontal.bounds(), o = occipital.bounds(), p = parietal.bounds();
    if (!f.valid() || !o.valid() || !p.valid())
        return std::nullopt;
    Vault v;
    const float length = f.max.z - o.min.z; // glabella to the back of the skull
    v.centre = glm::vec3(0.0f, p.max.y - 0.42f * length, 0.5f * (f.max.z + o.min.z));
    v.radius = 0.5f * length;
    return v;
}

// The direction from the vault's centre at `azimuth` round from straight ahead (or straight
// back) towards the right side, and `elevation` above the horizontal; its sideways part is
// that at `across` elevation whatever the elevation, so that a column of samples at one azimuth
// runs straight up the skull rather than along a meridian.
glm::vec3 direction(float azimuth, float elevation, bool back, float across) {
    const float ahead = back ? -1.0f : 1.0f;
    return glm::normalize(glm::vec3(-std::sin(azimuth) * std::cos(across), std::sin(elevation),
                                    ahead * std::cos(azimuth) * std::cos(elevation)));
}

// A line of elevations, each the mean of itself and its neighbours, `passes` times.
void smooth(std::vector<float>& line, int passes) {
    for (int pass = 0; pass < passes; ++pass) {
        std::vector<float> out = line;
        for (size_t i = 0; i < line.size(); ++i) {
            const float before = line[i > 0 ? i - 1 : i];
            const float after = line[i + 1 < line.size() ? i + 1 : i];
            out[i] = 0.25f * before + 0.5f * line[i] + 0.25f * after;
        }
        line = std::move(out);
    }
}

float elevationOf(const glm::vec3& d) {
    return std::asin(std::clamp(glm::normalize(d).y, -1.0f, 1.0f));
}

// A grid sample on the skull's outer surface: the first bone met coming in from outside along
// the direction, or the guess `fallbackM` from the centre where nothing is met; and how far the
// atlas's skin lies outside it there.
struct OnSkull {
    glm::vec3 point{0.0f};
    float skinGapM = 0.0f;
};

OnSkull onSkull(const MuscleContext& c, const std::vector<char>& bones,
                const std::vector<char>& skin, const Vault& v, const glm::vec3& d,
                float fallbackM) {
    const glm::vec3 from = v.centre + d * (2.0f * v.radius);
    const auto bone = c.scene().firstHit(from, -d, 0.0f, 2.0f * v.radius, bones);
    if (!bone)
        return {v.centre + d * fallbackM, 0.01f};
    const auto outer = c.scene().firstHit(from, -d, 0.0f, 2.0f * v.radius, skin);
    return {from - d * bone->t, outer ? bone->t - outer->t : 0.01f};
}

// A belly's thickness where the atlas's skin lies `skinGapM` outside the bone: `fullM` where
// there is room, thinner where the atlas's scalp lies within a millimetre or two of the bone
// (the mid forehead), since the skin is moved out over a muscle by a few millimetres at most.
float bellyThickness(float fullM, float skinGapM) {
    return fullM * std::clamp((skinGapM + 0.001f) / 0.003f, 0.35f, 1.0f);
}

void scalpRules(const MuscleContext& c, MuscleShape& s) {
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.03f;
    r.diveM = 0.03f;
    r.floor = c.select(isTissue);
    r.obstacles = c.select(isTissue);
    // Nothing caps them from above: the atlas's scalp lies close on the bone, and the skin is
    // moved out over these bellies afterwards, as over every muscle it lies too close on.
    r.ceiling = c.select([](const Structure&) { return false; });
}

} // namespace

std::optional<MuscleShape> occipitofrontalisFrontal(const MuscleContext& c) {
    const SurfaceMesh* frontal = c.find("frontal-bone", Side::Midline);
    const SurfaceMesh* occipital = c.find("occipital-bone", Side::Midline);
    const SurfaceMesh* parietal = c.find("parietal-bone", Side::Right);
    if (!c.missing().empty())
        return std::nullopt;
    const auto v = vault(*frontal, *occipital, *parietal);
    if (!v)
        return std::nullopt;
    const std::vector<char> bones =
        c.select([](const Structure& x) { return x.layer == LayerKind::Bone; });
    const std::vector<char> skin =
        c.select([](const Structure& x) { return x.layer == LayerKind::Skin; });
    // The eyebrow: round the forehead from beside the midline to over the zygomatic process,
    // the supraorbital margin, where the forehead's front turns back into the roof of the orbit.
    // Coming down the forehead, a ray towards the vault's centre meets the bone at about the
    // same depth, a little deeper each step; below the margin it runs along the orbit's roof and
    // meets it much deeper from one step to the next. Beside the midline, where there is no
    // orbit, the belly comes down as low as it does over the orbits' inner ends.
    constexpr int kAcross = 14, kUp = 16;
    const float medial = 0.03f, lateral = 0.72f; // radians from straight ahead
    constexpr float kStep = 0.005f, kLowest = -0.35f;
    std::vector<float> browElevation(kAcross, kLowest);
    for (int i = 0; i < kAcross; ++i) {
        const float a = glm::mix(medial, lateral, static_cast<float>(i) / (kAcross - 1));
        float previous = -1.0f;
        for (float e = 0.3f; e > kLowest; e -= kStep) {
            const glm::vec3 d = direction(a, e, false, e);
            const glm::vec3 from = v->centre + d * (2.0f * v->radius);
            const auto hit = c.scene().firstHit(from, -d, 0.0f, 2.0f * v->radius, bones);
            const float depth = hit ? 2.0f * v->radius - hit->t : 0.0f;
            if (previous > 0.0f && depth < previous - 0.003f) {
                browElevation[static_cast<size_t>(i)] = e + kStep;
                break;
            }
            previous = depth;
        }
    }
    const auto found = std::find_if(browElevation.begin(), browElevation.end(),
                                    [&](float e) { return e > kLowest; });
    if (found == browElevation.end())
        return std::nullopt;
    // Where no margin was met (the nose's root, the outer end past the orbit's rim), the nearest
    // one met towards the middle.
    for (auto it = found; it != browElevation.begin(); --it)
        *(it - 1) = *it;
    for (auto it = found; it + 1 != browElevation.end(); ++it)
        if (*(it + 1) <= kLowest)
            *(it + 1) = *it;
    smooth(browElevation, 2);
    MuscleShape s;
    s.id = "occipitofrontalis";
    s.part = "occipitofrontalis-frontal";
    // From the galea (v = 0) down to the skin of the eyebrow (v = 1): no bone at either end.
    DrapeGrid& g = s.grid;
    g.resize(kAcross, kUp);
    for (int jv = 0; jv < g.nv; ++jv)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), t = gridV(g, jv);
            const float a = glm::mix(medial, lateral, u);
            // The belly reaches about 6 cm up the forehead in the middle, less at its sides,
            // where its upper border curves down towards the temporal line.
            const float reach = (0.062f - 0.014f * u * u) / v->radius;
            const float bottom = browElevation[static_cast<size_t>(i)] + 0.004f / v->radius;
            const float e = glm::mix(bottom + reach, bottom, t);
            const glm::vec3 d = direction(a, e, false, bottom + 0.5f * reach);
            const size_t k = g.at(i, jv);
            const OnSkull at = onSkull(c, bones, skin, *v, d, v->radius);
            g.guide[k] = at.point;
            g.inward[k] = -d;
            g.thickness[k] = bellyThickness(0.003f, at.skinGapM) * taper(u, 0.3f) * taper(t, 0.25f);
        }
    zeroRim(g);
    scalpRules(c, s);
    return s;
}

std::optional<MuscleShape> occipitofrontalisOccipital(const MuscleContext& c) {
    const SurfaceMesh* frontal = c.find("frontal-bone", Side::Midline);
    const SurfaceMesh* occipital = c.find("occipital-bone", Side::Midline);
    const SurfaceMesh* parietal = c.find("parietal-bone", Side::Right);
    const SurfaceMesh* temporal = c.find("temporal-bone", Side::Right);
    if (!c.missing().empty())
        return std::nullopt;
    const auto v = vault(*frontal, *occipital, *parietal);
    if (!v)
        return std::nullopt;
    const std::vector<char> bones =
        c.select([](const Structure& x) { return x.layer == LayerKind::Bone; });
    const std::vector<char> skin =
        c.select([](const Structure& x) { return x.layer == LayerKind::Skin; });
    // The superior nuchal line: where the neck's muscles (trapezius, splenius, semispinalis,
    // sternocleidomastoid) reach up onto the skull, their highest point at each azimuth round
    // the back of the head. The belly arises just above it, over its lateral two thirds, and
    // from the mastoid part of the temporal bone at its outer end.
    const std::vector<char> neck = c.select([](const Structure& x) {
        const std::string& m = x.info.muscle;
        return x.layer == LayerKind::Muscle && x.side != Side::Left &&
               (startsWith(x.name, "trapezius-upper") || m == "splenius-capitis" ||
                m == "semispinalis-capitis" || m == "sternocleidomastoid");
    });
    std::vector<const SurfaceMesh*> neckMeshes;
    for (size_t i = 0; i < c.scene().count(); ++i)
        if (neck[i])
            neckMeshes.push_back(&c.scene().structure(i).mesh);
    constexpr int kAcross = 12, kUp = 14;
    const float medial = 0.3f, lateral = 1.05f; // radians from straight back
    const auto mastoid = extreme(*temporal, glm::vec3(0, -1, 0),
                                 [&](const glm::vec3& p) { return p.z < v->centre.z; });
    if (!mastoid)
        return std::nullopt;
    // Where none of them lies at an azimuth, the line runs straight between the azimuths where
    // one does.
    std::vector<float> lineElevation(kAcross, 0.0f);
    std::vector<int> measured;
    for (int i = 0; i < kAcross; ++i) {
        const float a = glm::mix(medial, lateral, static_cast<float>(i) / (kAcross - 1));
        auto inWedge = [&](const glm::vec3& p) {
            const glm::vec3 d = p - v->centre;
            const float azimuth = std::atan2(-d.x, -d.z);
            return std::abs(azimuth - a) < 0.04f && d.z < 0.0f;
        };
        std::optional<float> e;
        for (const SurfaceMesh* m : neckMeshes)
            if (const auto top = extreme(*m, glm::vec3(0, 1, 0), inWedge))
                e = std::max(e.value_or(-kPi), elevationOf(*top - v->centre));
        if (e) {
            lineElevation[static_cast<size_t>(i)] = *e + 0.004f / v->radius;
            measured.push_back(i);
        }
    }
    if (measured.empty()) { // no neck muscles: 2 cm above the mastoid's tip
        measured.push_back(0);
        lineElevation[0] = elevationOf(*mastoid - v->centre) + 0.02f / v->radius;
    }
    for (int i = 0; i < kAcross; ++i) {
        const auto after = std::lower_bound(measured.begin(), measured.end(), i);
        if (after != measured.end() && *after == i)
            continue;
        const int hi = after == measured.end() ? measured.back() : *after;
        const int lo = after == measured.begin() ? measured.front() : *(after - 1);
        const float share =
            hi == lo ? 0.0f : static_cast<float>(i - lo) / static_cast<float>(hi - lo);
        lineElevation[static_cast<size_t>(i)] = glm::mix(
            lineElevation[static_cast<size_t>(lo)], lineElevation[static_cast<size_t>(hi)], share);
    }
    smooth(lineElevation, 2);
    // Its upper border, where it ends in the galea, runs level across the back of the head,
    // about 4 cm above the line's mean height and at least 3 cm above the line.
    float meanLine = 0.0f;
    for (const float e : lineElevation)
        meanLine += e / static_cast<float>(kAcross);
    const float galea = meanLine + 0.042f / v->radius;
    MuscleShape s;
    s.id = "occipitofrontalis";
    s.part = "occipitofrontalis-occipital";
    s.originBones = {"occipital-bone", "temporal-bone"};
    DrapeGrid& g = s.grid;
    g.resize(kAcross, kUp);
    for (int jv = 0; jv < g.nv; ++jv)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), t = gridV(g, jv);
            // Each fibre straight up the back of the skull from the line into the galea.
            const float a = glm::mix(medial, lateral, u);
            const float bottom = lineElevation[static_cast<size_t>(i)];
            const float top = std::max(galea, bottom + 0.03f / v->radius);
            const float e = glm::mix(bottom, top, t);
            const glm::vec3 d = direction(a, e, true, 0.5f * (bottom + top));
            const size_t k = g.at(i, jv);
            const OnSkull at = onSkull(c, bones, skin, *v, d, v->radius);
            g.guide[k] = at.point;
            g.inward[k] = -d;
            g.thickness[k] = bellyThickness(0.003f, at.skinGapM) * taper(u, 0.3f) * taper(t, 0.25f);
        }
    zeroRim(g);
    scalpRules(c, s);
    return s;
}

} // namespace anatomy::atlas
