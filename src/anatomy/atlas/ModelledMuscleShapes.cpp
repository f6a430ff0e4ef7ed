#include "anatomy/atlas/ModelledMuscleShapes.h"
#include "anatomy/atlas/ShapeHelpers.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace anatomy::atlas {
namespace {

using namespace shapes;
// The posterior-most point of a vertebra (its spinous process's tip).
std::optional<glm::vec3> spinousTip(const MuscleContext& c, const std::string& vertebra) {
    const SurfaceMesh* m = c.find(vertebra, Side::Midline);
    if (!m)
        return std::nullopt;
    return extreme(*m, glm::vec3(0.0f, 0.0f, -1.0f));
}

const char* const kThoracic[] = {"first",   "second", "third", "fourth", "fifth",    "sixth",
                                 "seventh", "eighth", "ninth", "tenth",  "eleventh", "twelfth"};

} // namespace

std::optional<MuscleShape> latissimusDorsi(const MuscleContext& c) {
    std::vector<glm::vec3> origin;
    for (int t = 7; t <= 12; ++t)
        if (auto tip = spinousTip(c, std::string(kThoracic[t - 1]) + "-thoracic-vertebra"))
            origin.push_back(*tip);
    for (int l = 1; l <= 5; ++l)
        if (auto tip = spinousTip(c, std::string(kThoracic[l - 1]) + "-lumbar-vertebra"))
            origin.push_back(*tip);
    const SurfaceMesh* sacrum = c.find("sacrum", Side::Midline);
    const SurfaceMesh* hip = c.find("hip-bone", Side::Right);
    const SurfaceMesh* humerus = c.find("humerus", Side::Right);
    const SurfaceMesh* scapula = c.find("scapula", Side::Right);
    std::vector<const SurfaceMesh*> ribs;
    for (const char* rib : {"eleventh-rib", "tenth-rib", "ninth-rib"})
        ribs.push_back(c.find(rib, Side::Right));
    if (!c.missing().empty() || origin.size() < 11)
        return std::nullopt;
    // The median sacral crest's upper part, then the back third of the iliac crest: its highest
    // points from the posterior superior iliac spine forwards.
    const core::Aabb sacrumBox = sacrum->bounds();
    const float sacrumTop = sacrumBox.max.y;
    if (auto crest = extreme(*sacrum, glm::vec3(0, 0, -1), [&](const glm::vec3& p) {
            return p.y > sacrumTop - 0.04f && std::abs(p.x) < 0.01f;
        }))
        origin.push_back(*crest);
    const core::Aabb hipBox = hip->bounds();
    const float hipDepth = hipBox.max.z - hipBox.min.z;
    for (const float share : {0.12f, 0.22f, 0.32f, 0.42f}) {
        const float z = hipBox.min.z + share * hipDepth;
        if (auto top = extreme(*hip, glm::vec3(0, 1, 0),
                               [&](const glm::vec3& p) { return std::abs(p.z - z) < 0.004f; }))
            origin.push_back(*top);
    }
    // The lower ribs' outer surfaces, going up the flank.
    for (const SurfaceMesh* rib : ribs)
        if (auto side = extreme(*rib, glm::vec3(-1, 0, 0)))
            origin.push_back(*side);
    // The floor of the intertubercular groove: the front of the humerus's upper shaft, a
    // little towards its medial side, from 6 to 10 cm below its head's top.
    const float headTop = humerus->bounds().max.y;
    std::vector<glm::vec3> insertion;
    for (const float below : {0.058f, 0.068f, 0.078f, 0.088f}) {
        const float y = headTop - below;
        if (auto groove = extreme(*humerus, glm::normalize(glm::vec3(0.5f, 0.0f, 1.0f)),
                                  [&](const glm::vec3& p) { return std::abs(p.y - y) < 0.004f; }))
            insertion.push_back(*groove);
    }
    const auto angle = extreme(*scapula, glm::vec3(0, -1, 0));
    if (insertion.size() < 2 || !angle)
        return std::nullopt;
    // Over the scapula's inferior angle and round the back of the armpit.
    const glm::vec3 lowInsertion = insertion.back();
    const glm::vec3 overAngle = *angle + glm::vec3(-0.02f, 0.012f, 0.0f);
    const glm::vec3 flank = glm::mix(origin.back(), lowInsertion, 0.45f);
    const std::vector<glm::vec3> via = {overAngle, flank};

    MuscleShape s;
    s.id = "latissimus-dorsi";
    s.originBones = {"seventh-thoracic-vertebra",
                     "eighth-thoracic-vertebra",
                     "ninth-thoracic-vertebra",
                     "tenth-thoracic-vertebra",
                     "eleventh-thoracic-vertebra",
                     "twelfth-thoracic-vertebra",
                     "first-lumbar-vertebra",
                     "second-lumbar-vertebra",
                     "third-lumbar-vertebra",
                     "fourth-lumbar-vertebra",
                     "fifth-lumbar-vertebra",
                     "sacrum",
                     "hip-bone",
                     "eleventh-rib",
                     "tenth-rib",
                     "ninth-rib"};
    s.insertionBones = {"humerus"};
    DrapeGrid& g = s.grid;
    g.resize(22, 26);
    fillBetween(g, {origin, via, insertion}, {0.0f, 0.62f, 1.0f});
    const float axisZ = 0.5f * (origin.front().z + 0.0f) + 0.05f;
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, j);
            const size_t k = g.at(i, j);
            g.inward[k] = towardsAxis(g.guide[k], 0.0f, axisZ);
            // Aponeurotic (the thoracolumbar fascia's posterior layer) over the spine and the
            // sacrum, fleshy from beside the erector spinae out to the armpit.
            const float fleshFrom = glm::mix(0.42f, 0.08f, smoothstep(0.45f, 0.85f, u));
            const float flesh = smoothstep(fleshFrom, fleshFrom + 0.18f, v);
            const float tendon = 1.0f - 0.6f * smoothstep(0.8f, 1.0f, v);
            g.thickness[k] = (0.0012f + 0.0068f * flesh * tendon) * taper(u, 0.3f) *
                             (0.6f + 0.4f * smoothstep(0.3f, 0.9f, u));
            g.drape[k] = 1.0f - smoothstep(0.66f, 0.9f, v);
        }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.07f;
    r.diveM = 0.05f;
    r.floor = c.select([](const Structure& x) {
        return isTissue(x) && !inLimb(x) && x.info.muscle != "trapezius" && x.name != "humerus" &&
               x.info.muscle != "pectoralis-major";
    });
    r.ceiling = c.select([](const Structure& x) {
        return x.info.muscle == "trapezius" || x.layer == LayerKind::Skin;
    });
    r.obstacles = c.select(isTissue);
    return s;
}

std::optional<MuscleShape> quadratusLumborum(const MuscleContext& c) {
    const SurfaceMesh* hip = c.find("hip-bone", Side::Right);
    const SurfaceMesh* rib12 = c.find("twelfth-rib", Side::Right);
    std::vector<glm::vec3> medial;
    std::vector<const SurfaceMesh*> lumbar;
    for (int l = 4; l >= 1; --l)
        lumbar.push_back(c.find(std::string(kThoracic[l - 1]) + "-lumbar-vertebra", Side::Midline));
    if (!c.missing().empty())
        return std::nullopt;
    // The transverse processes' tips, L4 up to L1.
    for (const SurfaceMesh* v : lumbar)
        if (auto tip = extreme(*v, glm::vec3(-1, 0, 0)))
            medial.push_back(*tip);
    const core::Aabb hipBox = hip->bounds();
    const core::Aabb ribBox = rib12->bounds();
    // The iliac crest's back part (its highest points, from beside the sacrum outwards) and
    // the twelfth rib's lower border (its medial half).
    auto crestAt = [&](float x) {
        return extreme(*hip, glm::vec3(0, 1, 0), [&](const glm::vec3& p) {
            return std::abs(p.x - x) < 0.004f &&
                   p.z < hipBox.min.z + 0.55f * (hipBox.max.z - hipBox.min.z);
        });
    };
    auto ribAt = [&](float x) {
        return extreme(*rib12, glm::vec3(0, -1, 0),
                       [&](const glm::vec3& p) { return std::abs(p.x - x) < 0.004f; });
    };
    const float crestMedialX = medial.front().x - 0.004f;
    const float crestLateralX = crestMedialX - 0.045f;
    const float ribMedialX = ribBox.max.x - 0.012f;
    const float ribLateralX = glm::mix(ribBox.max.x, ribBox.min.x, 0.6f);
    const auto crestMedial = crestAt(crestMedialX), crestLateral = crestAt(crestLateralX);
    const auto ribMedial = ribAt(ribMedialX), ribLateral = ribAt(ribLateralX);
    if (medial.size() < 4 || !crestMedial || !crestLateral || !ribMedial || !ribLateral)
        return std::nullopt;
    std::vector<glm::vec3> medialEdge = {*crestMedial};
    medialEdge.insert(medialEdge.end(), medial.begin(), medial.end());
    medialEdge.push_back(*ribMedial);
    const std::vector<glm::vec3> lateralEdge = {*crestLateral, *ribLateral};

    MuscleShape s;
    s.id = "quadratus-lumborum";
    s.originBones = {"hip-bone"};
    s.insertionBones = {"twelfth-rib"};
    DrapeGrid& g = s.grid;
    g.resize(10, 18);
    for (int j = 0; j < g.nv; ++j)
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i), v = gridV(g, j);
            const size_t k = g.at(i, j);
            g.guide[k] = glm::mix(along(medialEdge, v), along(lateralEdge, v), u);
            g.inward[k] = glm::vec3(0.0f, 0.0f, -1.0f); // from the belly towards the back
            g.thickness[k] = 0.013f * taper(u, 0.45f) * taper(v, 0.3f);
            g.drape[k] = 1.0f - smoothstep(0.88f, 1.0f, v); // onto the rib's lower border
        }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.05f;
    r.diveM = 0.06f;
    r.floor = c.select([](const Structure& x) {
        return isTissue(x) && x.info.muscle != "psoas-major" && x.info.muscle != "diaphragm" &&
               x.info.muscle != "iliacus";
    });
    r.ceiling = c.select([](const Structure& x) {
        return x.info.muscle == "psoas-major" || x.info.muscle == "diaphragm" ||
               x.info.muscle == "iliacus";
    });
    r.obstacles = c.select(isTissue);
    return s;
}

std::optional<MuscleShape> multifidus(const MuscleContext& c) {
    // Each level from the sacrum up to the axis: its spinous tip, and how far out its laminae
    // reach (half the vertebra's half-width).
    struct Level {
        glm::vec3 tip;
        float width;
    };
    std::vector<Level> levels;
    const SurfaceMesh* sacrum = c.find("sacrum", Side::Midline);
    std::vector<std::string> names;
    for (int l = 5; l >= 1; --l)
        names.push_back(std::string(kThoracic[l - 1]) + "-lumbar-vertebra");
    for (int t = 12; t >= 1; --t)
        names.push_back(std::string(kThoracic[t - 1]) + "-thoracic-vertebra");
    for (int cv = 7; cv >= 3; --cv)
        names.push_back(std::string(kThoracic[cv - 1]) + "-cervical-vertebra");
    names.push_back("axis");
    std::vector<const SurfaceMesh*> vertebrae;
    for (const std::string& n : names)
        vertebrae.push_back(c.find(n, Side::Midline));
    if (!c.missing().empty())
        return std::nullopt;
    const core::Aabb sacrumBox = sacrum->bounds();
    for (const float share : {0.35f, 0.6f, 0.85f}) {
        const float y = glm::mix(sacrumBox.min.y, sacrumBox.max.y, share);
        if (auto back = extreme(*sacrum, glm::vec3(0, 0, -1), [&](const glm::vec3& p) {
                return std::abs(p.y - y) < 0.006f && std::abs(p.x) < 0.012f;
            }))
            levels.push_back({*back, 0.3f * sacrumBox.max.x});
    }
    for (const SurfaceMesh* v : vertebrae) {
        const core::Aabb box = v->bounds();
        if (auto tip = extreme(*v, glm::vec3(0, 0, -1)))
            levels.push_back({*tip, std::clamp(0.5f * box.max.x, 0.014f, 0.026f)});
    }
    if (levels.size() < 20)
        return std::nullopt;
    MuscleShape s;
    s.id = "multifidus";
    s.originBones = {"sacrum"};
    s.insertionBones = {"axis"};
    DrapeGrid& g = s.grid;
    g.resize(6, 2 * static_cast<int>(levels.size()));
    std::vector<glm::vec3> spine;
    for (const Level& l : levels)
        spine.push_back(l.tip);
    for (int j = 0; j < g.nv; ++j) {
        const float v = gridV(g, j);
        const float level = v * static_cast<float>(levels.size() - 1);
        const size_t lo = std::min(static_cast<size_t>(level), levels.size() - 2);
        const float f = level - static_cast<float>(lo);
        const glm::vec3 tip = glm::mix(levels[lo].tip, levels[lo + 1].tip, f);
        const float width = glm::mix(levels[lo].width, levels[lo + 1].width, f);
        // Thickest in the lumbar region, where it fills the groove beside the spine.
        const float thick = glm::mix(0.022f, 0.009f, smoothstep(0.2f, 0.4f, v)) +
                            0.003f * smoothstep(0.8f, 0.95f, v);
        for (int i = 0; i < g.nu; ++i) {
            const float u = gridU(g, i);
            const size_t k = g.at(i, j);
            g.guide[k] = glm::vec3(-0.004f - u * width, tip.y, tip.z);
            g.inward[k] = glm::vec3(0.0f, 0.0f, 1.0f);
            g.thickness[k] = thick * taper(u, 0.5f) * taper(v, 0.15f);
        }
    }
    zeroRim(g);
    DrapeRules& r = s.rules;
    r.mode = DrapeMode::Rest;
    r.reachM = 0.03f;
    r.diveM = 0.06f;
    auto deep = [](const Structure& x) {
        return x.layer == LayerKind::Bone || x.info.muscle == "rotatores" ||
               x.info.muscle == "interspinales" || x.info.muscle == "intertransversarii" ||
               x.info.muscle == "levatores-costarum";
    };
    r.floor = c.select(deep);
    r.ceiling = c.select([&](const Structure& x) { return isTissue(x) && !deep(x); });
    r.obstacles = c.select(isTissue);
    r.smoothPasses = 3;
    return s;
}

} // namespace anatomy::atlas
