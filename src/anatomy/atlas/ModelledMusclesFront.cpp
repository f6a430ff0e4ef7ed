// The abdominal wall's modelled muscles (rectus abdominis, internal oblique, transversus
// abdominis).
#include "anatomy/atlas/ModelledMuscleShapes.h"
#include "anatomy/atlas/ShapeHelpers.h"

namespace anatomy::atlas {
namespace {

using namespace shapes;

// The pubic crest: from the top of the symphysis out to the pubic tubercle (the upper front of
// the pubis), on the right hip bone.
std::vector<glm::vec3> pubicCrest(const SurfaceMesh& hip) {
    std::vector<glm::vec3> crest;
    const auto symphysis = extreme(hip, glm::vec3(1, 0, 0));
    if (!symphysis)
        return crest;
    for (const float out : {0.002f, 0.01f, 0.018f, 0.026f}) {
        const float x = symphysis->x - out;
        if (auto p = extreme(hip, glm::normalize(glm::vec3(0, 1, 1)), [&](const glm::vec3& q) {
                return std::abs(q.x - x) < 0.003f && q.y < symphysis->y + 0.04f &&
                       q.z > symphysis->z - 0.01f;
            }))
            crest.push_back(*p);
    }
    return crest;
}

// Angle around the trunk's vertical axis: 0 at the front, a quarter turn at the right side,
// half a turn at the back.
float angleOf(const glm::vec3& p) {
    return std::atan2(-p.x, p.z);
}
glm::vec3 atAngle(float angle, float y, float radius) {
    return glm::vec3(-std::sin(angle) * radius, y, std::cos(angle) * radius);
}

// The abdominal wall between the costal margin and the iliac crest and inguinal ligament,
// from the rectus's lateral border round to the erector spinae's.
struct AbdominalWall {
    float front = 0.0f, back = 0.0f, asis = 0.0f; // angles
    std::vector<float> angles, bottom, top;
    float bottomAt(float angle) const { return lookup(bottom, angle); }
    float topAt(float angle) const { return lookup(top, angle); }
    float lookup(const std::vector<float>& values, float angle) const {
        const float s =
            std::clamp((angle - angles.front()) / (angles.back() - angles.front()), 0.0f, 1.0f) *
            static_cast<float>(angles.size() - 1);
        const size_t i = std::min(static_cast<size_t>(s), angles.size() - 2);
        return glm::mix(values[i], values[i + 1], s - static_cast<float>(i));
    }
};

std::optional<AbdominalWall> abdominalWall(const MuscleContext& c) {
    const SurfaceMesh* hip = c.find("hip-bone", Side::Right);
    const SurfaceMesh* cartilage5 = c.find("fifth-costal-cartilage", Side::Right);
    const SurfaceMesh* iliocostalis = c.find("iliocostalis-lumborum", Side::Right);
    std::vector<const SurfaceMesh*> margin;
    for (const char* rib : {"seventh-costal-cartilage", "seventh-rib", "eighth-rib", "ninth-rib",
                            "tenth-rib", "eleventh-rib", "twelfth-rib"})
        margin.push_back(c.find(rib, Side::Right));
    if (!c.missing().empty())
        return std::nullopt;
    const std::vector<glm::vec3> crest = pubicCrest(*hip);
    const auto cartilage = extreme(*cartilage5, glm::vec3(-1, 0, 0));
    const core::Aabb hipBox = hip->bounds();
    const auto asis = extreme(*hip, glm::vec3(0, 0, 1),
                              [&](const glm::vec3& p) { return p.y > hipBox.max.y - 0.1f; });
    const core::Aabb ilioBox = iliocostalis->bounds();
    const auto erector = extreme(*iliocostalis, glm::vec3(-1, 0, 0), [&](const glm::vec3& p) {
        return p.y > ilioBox.min.y + 0.3f * (ilioBox.max.y - ilioBox.min.y);
    });
    if (crest.empty() || !cartilage || !asis || !erector)
        return std::nullopt;
    AbdominalWall wall;
    wall.front = std::max(angleOf(crest.back()), angleOf(*cartilage)) + 0.03f;
    wall.back = angleOf(*erector) - 0.1f;
    const float asisAngle = angleOf(*asis);
    wall.asis = asisAngle;
    constexpr int kSteps = 24;
    constexpr float kWindow = 0.05f;
    for (int s = 0; s <= kSteps; ++s) {
        const float angle = glm::mix(wall.front, wall.back, static_cast<float>(s) / kSteps);
        auto inWindow = [&](const glm::vec3& p) {
            return std::abs(angleOf(p) - angle) < kWindow && p.x * p.x + p.z * p.z > 0.0025f;
        };
        float bottom;
        if (angle < asisAngle) {
            // The inguinal ligament, from the pubic tubercle to the anterior superior iliac spine.
            const float t = (angle - angleOf(crest.back())) / (asisAngle - angleOf(crest.back()));
            bottom = glm::mix(crest.back().y, asis->y, std::clamp(t, 0.0f, 1.0f)) + 0.004f;
        } else {
            const auto high = extreme(*hip, glm::vec3(0, 1, 0), inWindow);
            bottom = high ? high->y + 0.002f : asis->y;
        }
        float top = 1e9f;
        for (const SurfaceMesh* rib : margin)
            if (auto low = extreme(*rib, glm::vec3(0, -1, 0), inWindow))
                top = std::min(top, low->y);
        if (top > 1e8f)
            top = bottom + 0.1f;
        wall.angles.push_back(angle);
        wall.bottom.push_back(bottom);
        wall.top.push_back(std::max(top - 0.002f, bottom + 0.03f));
    }
    return wall;
}

} // namespace

std::optional<MuscleShape> rectusAbdominis(const MuscleContext& c) {
    const SurfaceMesh* hip = c.find("hip-bone", Side::Right);
    const SurfaceMesh* xiphoid = c.find("process-of-organ", Side::Midline);
    const SurfaceMesh* c5 = c.find("fifth-costal-cartilage", Side::Right);
    const SurfaceMesh* c6 = c.find("sixth-costal-cartilage", Side::Right);
    const SurfaceMesh* c7 = c.find("seventh-costal-cartilage", Side::Right);
    if (!c.missing().empty())
        return std::nullopt;
    const std::vector<glm::vec3> origin = pubicCrest(*hip);
    auto frontAt = [](const SurfaceMesh& m, float x) {
        return extreme(m, glm::vec3(0, 0, 1),
                       [&](const glm::vec3& p) { return std::abs(p.x - x) < 0.004f; });
    };
    const auto tip = extreme(*xiphoid, glm::vec3(0, 0, 1));
    const auto on7 = frontAt(*c7, c7->bounds().max.x - 0.02f);
    const auto on6 = frontAt(*c6, glm::mix(c6->bounds().max.x, c6->bounds().min.x, 0.5f));
    const auto on5 = frontAt(*c5, c5->bounds().min.x + 0.006f);
    if (origin.size() < 2 || !tip || !on7 || !on6 || !on5)
        return std::nullopt;
    const std::vector<glm::vec3> insertion = {*tip + glm::vec3(-0.008f, 0.0f, 0.0f), *on7, *on6,
                                              *on5};
    MuscleShape s;
    s.id = "rectus-abdominis";
    s.originBones = {"hip-bone"};
    s.insertionBones = {"process-of-organ", "fifth-costal-cartilage", "sixth-costal-cartilage",
                        "seventh-costal-cartilage"};
    DrapeGrid& g = s.grid;
    g.resize(10, 30);
    fillBetween(g, {origin, insertion}, {0.0f, 1.0f});
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, j);
            const size_t k = g.at(i, j);
            g.guide[k].x -= 0.012f * u * taper(v, 1.0f); // wider at mid-belly
            g.guide[k].x = std::min(g.guide[k].x, -0.011f);
            g.inward[k] = glm::vec3(0.0f, 0.0f, -1.0f);
            g.thickness[k] =
                0.009f * taper(u, 0.35f) * taper(v, 0.25f) *
                (1.0f - 0.75f * smoothstep(0.75f, 1.0f, v)); // thin over the cartilages
            g.drape[k] = smoothstep(0.0f, 0.15f, v);         // from the pubic crest itself
        }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Hang;
    r.reachM = 0.12f;
    r.diveM = 0.05f;
    auto over = [](const Structure& x) {
        return x.info.muscle == "external-oblique" || x.info.muscle == "pectoralis-major" ||
               x.name == "linea-alba";
    };
    r.ceiling = c.select(over);
    r.floor = c.select([&](const Structure& x) { return isTissue(x) && !over(x); });
    r.obstacles = c.select(isTissue);
    return s;
}

namespace {

std::optional<MuscleShape> wallSheet(const MuscleContext& c, const std::string& id, bool horizontal,
                                     float thicknessM, const std::vector<std::string>& overIds) {
    const auto wall = abdominalWall(c);
    if (!wall)
        return std::nullopt;
    MuscleShape s;
    s.id = id;
    s.originBones = {"hip-bone"};
    s.insertionBones = {"tenth-rib",
                        "eleventh-rib",
                        "twelfth-rib",
                        "ninth-rib",
                        "eighth-rib",
                        "seventh-rib",
                        "seventh-costal-cartilage"};
    DrapeGrid& g = s.grid;
    g.resize(horizontal ? 16 : 22, horizontal ? 22 : 16);
    constexpr float kRadius = 0.17f;
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, j);
            float angle, height;
            if (horizontal) {
                // Round the waist from the back (v = 0) to the front, top (u = 0) to bottom,
                // within the internal oblique's extent so that its edges lie under that muscle.
                angle = glm::mix(wall->back - 0.05f, wall->front + 0.05f, v);
                height = glm::mix(wall->topAt(angle) - 0.012f, wall->bottomAt(angle) + 0.012f, u);
            } else {
                // Up and forwards from the crest (v = 0) to the costal margin.
                const float base = glm::mix(wall->front, wall->back, u);
                angle = std::max(wall->front, base - 0.18f * v * u);
                height = glm::mix(wall->bottomAt(angle), wall->topAt(angle), v);
            }
            const size_t k = g.at(i, j);
            g.guide[k] = atAngle(angle, height, kRadius);
            g.inward[k] = towardsAxis(g.guide[k], 0.0f, 0.0f);
            g.thickness[k] = thicknessM * taper(u, 0.3f) * taper(v, 0.3f);
        }
    zeroRim(g);
    if (horizontal) {
        // Both ends are aponeuroses (the thoracolumbar fascia, the rectus sheath), not bone.
        s.originBones.clear();
        s.insertionBones.clear();
    }
    if (!horizontal) {
        // The crest behind the anterior superior iliac spine; in front of it the inguinal
        // ligament.
        s.originFrom =
            std::clamp((wall->asis - wall->front) / (wall->back - wall->front), 0.0f, 1.0f);
    }
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Hang;
    r.reachM = 0.05f;
    r.diveM = 0.15f;
    r.snapM = 0.03f;
    auto over = [overIds](const Structure& x) {
        return std::find(overIds.begin(), overIds.end(), x.info.muscle) != overIds.end();
    };
    r.ceiling = c.select(over);
    r.floor = c.select([&](const Structure& x) { return isTissue(x) && !over(x) && !inLimb(x); });
    r.obstacles = c.select(isTissue);
    return s;
}

} // namespace

std::optional<MuscleShape> internalOblique(const MuscleContext& c) {
    return wallSheet(c, "internal-oblique", false, 0.006f,
                     {"external-oblique", "latissimus-dorsi", "serratus-posterior-inferior"});
}

std::optional<MuscleShape> transversusAbdominis(const MuscleContext& c) {
    return wallSheet(c, "transversus-abdominis", true, 0.004f,
                     {"external-oblique", "latissimus-dorsi", "internal-oblique",
                      "serratus-posterior-inferior"});
}

} // namespace anatomy::atlas
