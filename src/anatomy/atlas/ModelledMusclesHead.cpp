// The muscles of mastication: temporalis, masseter and the two pterygoids.
#include "anatomy/atlas/ModelledMuscleShapes.h"
#include "anatomy/atlas/ShapeHelpers.h"

namespace anatomy::atlas {
namespace {

using namespace shapes;

// The right half of the jaw: the mandible is one midline bone.
bool rightHalf(const glm::vec3& p) {
    return p.x < -0.004f;
}

struct Jaw {
    glm::vec3 condyle, coronoid, angle;
    float ramusLateralX = 0.0f;
};

std::optional<Jaw> jaw(const SurfaceMesh& mandible) {
    Jaw j;
    const auto condyle = extreme(mandible, glm::vec3(0, 1, 0), rightHalf);
    if (!condyle)
        return std::nullopt;
    j.condyle = *condyle;
    // The coronoid process: the ramus's highest point 2 to 4.5 cm in front of the condyle.
    const auto coronoid = extreme(mandible, glm::vec3(0, 1, 0), [&](const glm::vec3& p) {
        return rightHalf(p) && p.z > condyle->z + 0.02f && p.z < condyle->z + 0.045f;
    });
    // The angle: the lowest, furthest back point of the ramus.
    const auto angle =
        extreme(mandible, glm::normalize(glm::vec3(0, -1, -1)),
                [&](const glm::vec3& p) { return rightHalf(p) && p.z < condyle->z + 0.03f; });
    const auto lateral = extreme(mandible, glm::vec3(-1, 0, 0), rightHalf);
    if (!coronoid || !angle || !lateral)
        return std::nullopt;
    j.coronoid = *coronoid;
    j.angle = *angle;
    j.ramusLateralX = lateral->x;
    return j;
}

std::vector<char> headObstacles(const MuscleContext& c) {
    return c.select(isTissue);
}

} // namespace

std::optional<MuscleShape> temporalis(const MuscleContext& c) {
    const SurfaceMesh* mandible = c.find("mandible", Side::Midline);
    const SurfaceMesh* zygomatic = c.find("zygomatic-bone", Side::Right);
    const SurfaceMesh* temporal = c.find("temporal-bone", Side::Right);
    const SurfaceMesh* parietal = c.find("parietal-bone", Side::Right);
    if (!c.missing().empty())
        return std::nullopt;
    const auto j = jaw(*mandible);
    if (!j)
        return std::nullopt;
    const core::Aabb zyg = zygomatic->bounds();
    const core::Aabb tem = temporal->bounds();
    const core::Aabb par = parietal->bounds();
    // The arch's top: the zygomatic bone's back part (its temporal process).
    const auto archTop = extreme(*zygomatic, glm::vec3(0, 1, 0),
                                 [&](const glm::vec3& p) { return p.z < zyg.min.z + 0.012f; });
    if (!archTop)
        return std::nullopt;
    // The temporal lines: an arc over the side of the skull from behind the orbit's rim up to
    // about two thirds of the way to the vertex and back down above the mastoid.
    const float frontZ = zyg.min.z + 0.018f;
    const float backZ = tem.min.z + 0.012f;
    const float baseY = archTop->y + 0.012f;
    const float height = 0.62f * (par.max.y - archTop->y);
    std::vector<glm::vec3> origin;
    for (int k = 0; k <= 12; ++k) {
        const float phi = kPi * static_cast<float>(k) / 12.0f; // 0 at the front
        const float z = 0.5f * (frontZ + backZ) + 0.5f * (frontZ - backZ) * std::cos(phi);
        // The back end lower, over the ear: its fibres run nearly horizontally forwards.
        const float lift = std::sin(phi) - 0.25f * smoothstep(0.6f, 1.0f, phi / kPi);
        origin.push_back(glm::vec3(j->ramusLateralX, baseY + height * lift, z));
    }
    // The coronoid process and the front border of the ramus below it.
    const std::vector<glm::vec3> insertion = {j->coronoid + glm::vec3(0.0f, -0.014f, 0.006f),
                                              j->coronoid + glm::vec3(0.0f, -0.002f, 0.001f),
                                              j->coronoid + glm::vec3(0.0f, -0.009f, -0.009f)};
    MuscleShape s;
    s.id = "temporalis";
    s.originBones = {"temporal-bone", "parietal-bone", "frontal-bone", "sphenoid-bone"};
    s.insertionBones = {"mandible"};
    DrapeGrid& g = s.grid;
    g.resize(20, 18);
    fillBetween(g, {origin, insertion}, {0.0f, 1.0f});
    const float archY = archTop->y;
    for (int jv = 0; jv < g.nv; ++jv)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, jv);
            const size_t k = g.at(i, jv);
            g.guide[k].x = j->ramusLateralX;
            g.inward[k] = glm::vec3(1.0f, 0.0f, 0.0f);
            // Thin where it fans over the skull under the scalp, thick where it gathers into
            // its tendon under the arch.
            const float gathered = smoothstep(0.45f, 0.8f, v);
            g.thickness[k] = (0.004f + 0.006f * gathered) * taper(u, 0.3f) *
                             (1.0f - 0.7f * smoothstep(0.85f, 1.0f, v)) * taper(v, 0.2f);
        }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.05f;
    r.diveM = 0.04f;
    const size_t zygomaticIndex = [&] {
        for (size_t i = 0; i < c.scene().count(); ++i)
            if (&c.scene().structure(i).mesh == zygomatic)
                return i;
        return c.scene().count();
    }();
    const size_t temporalIndex = [&] {
        for (size_t i = 0; i < c.scene().count(); ++i)
            if (&c.scene().structure(i).mesh == temporal)
                return i;
        return c.scene().count();
    }();
    // It runs under the zygomatic arch, not over it.
    r.passThrough = [=](size_t structure, const glm::vec3& hit) {
        return structure == zygomaticIndex ||
               (structure == temporalIndex && hit.y < archY + 0.004f && hit.z > tem.min.z + 0.045f);
    };
    r.floor = c.select([](const Structure& x) { return isTissue(x); });
    r.ceiling = c.select([](const Structure& x) { return x.layer == LayerKind::Skin; });
    r.obstacles = headObstacles(c);
    return s;
}

std::optional<MuscleShape> masseter(const MuscleContext& c) {
    const SurfaceMesh* mandible = c.find("mandible", Side::Midline);
    const SurfaceMesh* zygomatic = c.find("zygomatic-bone", Side::Right);
    const SurfaceMesh* temporal = c.find("temporal-bone", Side::Right);
    if (!c.missing().empty())
        return std::nullopt;
    const auto j = jaw(*mandible);
    const auto front = extreme(*zygomatic, glm::vec3(0, -1, 0)); // the maxillary process
    if (!j || !front)
        return std::nullopt;
    // The lower border of the zygomatic arch, from the zygomatic bone's lowest point back to
    // the articular tubercle in front of the condyle.
    std::vector<glm::vec3> origin;
    const float backZ = j->condyle.z + 0.012f;
    for (int k = 0; k <= 6; ++k) {
        const float z = glm::mix(front->z, backZ, static_cast<float>(k) / 6.0f);
        std::optional<glm::vec3> low;
        for (const SurfaceMesh* bone : {zygomatic, temporal})
            if (auto p = extreme(*bone, glm::vec3(0, -1, 0), [&](const glm::vec3& q) {
                    return std::abs(q.z - z) < 0.003f && q.x < j->ramusLateralX - 0.004f &&
                           q.y > j->coronoid.y - 0.01f;
                }))
                if (!low || p->y < low->y)
                    low = p;
        if (low)
            origin.push_back(*low);
    }
    // The lower border of the ramus, from the angle forwards.
    std::vector<glm::vec3> insertion;
    for (int k = 0; k <= 5; ++k) {
        const float z = glm::mix(j->coronoid.z + 0.008f, j->angle.z, static_cast<float>(k) / 5.0f);
        // The outer face just above the lower border (the platysma wraps the border itself).
        if (auto p = extreme(*mandible, glm::normalize(glm::vec3(-1.0f, -0.35f, 0.0f)),
                             [&](const glm::vec3& q) {
                                 return rightHalf(q) && std::abs(q.z - z) < 0.003f &&
                                        q.y < j->coronoid.y - 0.015f;
                             }))
            insertion.push_back(*p);
    }
    // Where the platysma lies on the bone (over the lower border), no room is left for the
    // masseter under it: each insertion point goes up the ramus's outer face until there is.
    const std::vector<char> platysma =
        c.select([](const Structure& x) { return x.info.muscle == "platysma"; });
    auto roomAt = [&](const glm::vec3& p) {
        const auto spans =
            c.scene().blockedAlong(p, glm::vec3(-1.0f, 0.0f, 0.0f), 0.0f, 0.004f, platysma);
        return spans.empty();
    };
    for (glm::vec3& p : insertion) {
        for (float up = 0.002f; !roomAt(p) && up < 0.03f; up += 0.002f) {
            const float y = p.y + 0.002f, z = p.z;
            if (auto q = extreme(*mandible, glm::vec3(-1, 0, 0), [&](const glm::vec3& r) {
                    return rightHalf(r) && std::abs(r.z - z) < 0.003f &&
                           std::abs(r.y - y) < 0.0015f;
                }))
                p = *q;
            else
                break;
        }
    }
    if (origin.size() < 3 || insertion.size() < 3)
        return std::nullopt;
    MuscleShape s;
    s.id = "masseter";
    s.originBones = {"zygomatic-bone", "temporal-bone", "maxilla"};
    s.insertionBones = {"mandible"};
    DrapeGrid& g = s.grid;
    g.resize(14, 16);
    fillBetween(g, {origin, insertion}, {0.0f, 1.0f});
    for (int jv = 0; jv < g.nv; ++jv)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, jv);
            const size_t k = g.at(i, jv);
            g.inward[k] = glm::vec3(1.0f, 0.0f, 0.0f);
            g.thickness[k] = 0.009f * taper(u, 0.35f) * taper(v, 0.4f) *
                             (1.0f - 0.6f * smoothstep(0.7f, 1.0f, v));
        }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.04f;
    r.diveM = 0.03f;
    r.floor =
        c.select([](const Structure& x) { return isTissue(x) && x.info.muscle != "platysma"; });
    r.ceiling = c.select([](const Structure& x) {
        return x.layer == LayerKind::Skin || x.info.muscle == "platysma";
    });
    r.obstacles = headObstacles(c);
    return s;
}

namespace {

// A small muscle between two lines, not draped: a pillow about the straight sheet between
// them, thick across `across`, and pushed out of whatever it meets.
MuscleShape freeMuscle(const MuscleContext& c, const std::string& id,
                       const std::vector<glm::vec3>& origin,
                       const std::vector<glm::vec3>& insertion, float thicknessM) {
    MuscleShape s;
    s.id = id;
    DrapeGrid& g = s.grid;
    g.resize(8, 12);
    fillBetween(g, {origin, insertion}, {0.0f, 1.0f});
    const glm::vec3 along =
        0.5f * (insertion.front() + insertion.back()) - 0.5f * (origin.front() + origin.back());
    const glm::vec3 span =
        (origin.back() - origin.front()) + (insertion.back() - insertion.front());
    glm::vec3 across = glm::cross(along, span);
    across = glm::length(across) > 1e-9f ? glm::normalize(across) : glm::vec3(1, 0, 0);
    if (across.x < 0.0f)
        across = -across; // "inward" towards the midline
    for (int jv = 0; jv < g.nv; ++jv)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, jv);
            const size_t k = g.at(i, jv);
            g.inward[k] = across;
            g.thickness[k] = thicknessM * taper(u, 0.5f) * taper(v, 0.5f);
            g.drape[k] = 0.0f;
            // The guide is the sheet's lateral face (on the bone it starts and ends on), the
            // thickness towards the midline.
            g.guide[k] += across * (0.5f * g.thickness[k] + 0.0006f);
        }
    zeroRim(g);
    s.rules.mode = DrapeMode::Free;
    s.rules.reachM = 0.02f;
    s.rules.floor = c.select(isTissue);
    s.rules.ceiling = c.select(isTissue);
    s.rules.obstacles = headObstacles(c);
    return s;
}

} // namespace

std::optional<MuscleShape> pterygoidMedial(const MuscleContext& c) {
    const SurfaceMesh* mandible = c.find("mandible", Side::Midline);
    const SurfaceMesh* sphenoid = c.find("sphenoid-bone", Side::Midline);
    if (!c.missing().empty())
        return std::nullopt;
    const auto j = jaw(*mandible);
    const auto plateLow = extreme(*sphenoid, glm::vec3(0, -1, 0), rightHalf);
    if (!j || !plateLow)
        return std::nullopt;
    // The medial surface of the lateral pterygoid plate (the pterygoid fossa), from the plate's
    // lower end up 1.8 cm.
    std::vector<glm::vec3> origin;
    for (const float up : {0.002f, 0.009f, 0.016f})
        if (auto p = extreme(*sphenoid, glm::vec3(-1, 0, 0), [&](const glm::vec3& q) {
                return rightHalf(q) && std::abs(q.y - (plateLow->y + up)) < 0.003f &&
                       q.z > plateLow->z - 0.02f;
            }))
            origin.push_back(*p + glm::vec3(0.004f, 0.0f, 0.0f));
    // The inner surface of the ramus above the angle.
    std::vector<glm::vec3> insertion;
    for (const float up : {0.004f, 0.013f, 0.022f})
        if (auto p = extreme(*mandible, glm::vec3(1, 0, 0), [&](const glm::vec3& q) {
                return rightHalf(q) && std::abs(q.y - (j->angle.y + up)) < 0.003f &&
                       q.z < j->angle.z + 0.02f;
            }))
            insertion.push_back(*p);
    if (origin.size() < 2 || insertion.size() < 2)
        return std::nullopt;
    std::reverse(origin.begin(), origin.end());
    std::reverse(insertion.begin(), insertion.end());
    MuscleShape s = freeMuscle(c, "pterygoid-medial", origin, insertion, 0.008f);
    s.originBones = {"sphenoid-bone"};
    s.insertionBones = {"mandible"};
    return s;
}

std::optional<MuscleShape> pterygoidLateral(const MuscleContext& c) {
    const SurfaceMesh* mandible = c.find("mandible", Side::Midline);
    const SurfaceMesh* sphenoid = c.find("sphenoid-bone", Side::Midline);
    if (!c.missing().empty())
        return std::nullopt;
    const auto j = jaw(*mandible);
    const auto plateLow = extreme(*sphenoid, glm::vec3(0, -1, 0), rightHalf);
    if (!j || !plateLow)
        return std::nullopt;
    // The outer surface of the lateral pterygoid plate and, above it, the greater wing's
    // infratemporal surface.
    std::vector<glm::vec3> origin;
    for (const float up : {0.004f, 0.012f, 0.02f})
        if (auto p = extreme(*sphenoid, glm::vec3(-1, 0, 0), [&](const glm::vec3& q) {
                return rightHalf(q) && std::abs(q.y - (plateLow->y + up)) < 0.003f &&
                       q.z > plateLow->z - 0.02f && q.z < plateLow->z + 0.01f;
            }))
            origin.push_back(*p);
    // The pterygoid fovea on the front of the condyle's neck.
    std::vector<glm::vec3> insertion;
    for (const float down : {0.014f, 0.009f, 0.005f})
        if (auto p = extreme(
                *mandible, glm::normalize(glm::vec3(0.5f, 0.0f, 1.0f)), [&](const glm::vec3& q) {
                    return rightHalf(q) && std::abs(q.y - (j->condyle.y - down)) < 0.0025f &&
                           q.z < j->condyle.z + 0.012f;
                }))
            insertion.push_back(*p);
    if (origin.size() < 2 || insertion.size() < 2)
        return std::nullopt;
    MuscleShape s = freeMuscle(c, "pterygoid-lateral", origin, insertion, 0.009f);
    s.originBones = {"sphenoid-bone"};
    s.insertionBones = {"mandible"};
    return s;
}

} // namespace anatomy::atlas
