#include "anatomy/atlas/ModelledMuscles.h"

#include "anatomy/MeshOps.h"
#include "anatomy/atlas/EmbeddedData.h"
#include "anatomy/atlas/ModelledMuscleShapes.h"
#include "anatomy/atlas/MuscleDraping.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace anatomy::atlas {

const SurfaceMesh* MuscleContext::find(const std::string& name, Side side) const {
    const int i = m_body.findStructure(name, side);
    if (i < 0) {
        m_missing.push_back(name + (side == Side::Right ? " (right)" : ""));
        return nullptr;
    }
    return &m_body.structures()[static_cast<size_t>(i)].mesh;
}

std::vector<char> MuscleContext::select(const std::function<bool(const Structure&)>& accept) const {
    std::vector<char> out(m_scene.count(), 0);
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = accept(m_scene.structure(i)) ? 1 : 0;
    return out;
}

namespace {

constexpr const char* kSource = "modelled, not from the atlas";

// The catalogue's "fmaModelled" for a modelled muscle's side, where its file gives one: a
// string for both sides, or [right, left] (the reader keeps no such field, so it is read from
// the built-in file itself).
std::string modelledFma(const std::string& id, Side side) {
    static const nlohmann::json doc = nlohmann::json::parse(
        core::findEmbedded(embeddedFiles(), "atlas-muscles.json"), nullptr, false);
    if (doc.is_discarded() || !doc.contains("muscles") || !doc["muscles"].is_array())
        return {};
    for (const nlohmann::json& m : doc["muscles"])
        if (m.is_object() && m.value("id", "") == id && m.contains("fmaModelled")) {
            const nlohmann::json& fma = m["fmaModelled"];
            if (fma.is_string())
                return fma.get<std::string>();
            if (!fma.is_array() || fma.empty())
                return {};
            const size_t i = side == Side::Left && fma.size() > 1 ? 1 : 0;
            return fma[i].is_string() ? fma[i].get<std::string>() : std::string();
        }
    return {};
}

void mirrored(const Structure& right, Structure& left) {
    left = right;
    left.side = Side::Left;
    left.info.fma = modelledFma(right.info.muscle, Side::Left);
    SurfaceMesh& m = left.mesh;
    for (auto* vectors : {&m.positions, &m.normals, &m.fibres})
        for (glm::vec3& v : *vectors)
            v.x = -v.x;
    for (size_t t = 0; t + 2 < m.indices.size(); t += 3)
        std::swap(m.indices[t + 1], m.indices[t + 2]);
}

// The right side stays right of the midline, so its mirror image never meets it.
void keepRightOfMidline(SurfaceMesh& mesh) {
    for (glm::vec3& p : mesh.positions)
        p.x = std::min(p.x, -0.0006f);
}

// How far a modelled muscle keeps from the structures it would otherwise enter.
constexpr float kClearanceM = 0.0004f;

using Builder = std::optional<MuscleShape> (*)(const MuscleContext&);

} // namespace

void addModelledMuscles(Body& body, const MuscleCatalogue& catalogue,
                        std::vector<std::string>& notes) {
    addModelledMuscles(body, catalogue, notes, nullptr);
}

bool addModelledMuscles(Body& body, const MuscleCatalogue& catalogue,
                        std::vector<std::string>& notes,
                        std::vector<ModelledAttachment>* attachments,
                        const core::StageProgress& stage) {
    // Deep before superficial, so each lies on or under the ones made before it: the
    // latissimus over the quadratus lumborum's fascia, the internal oblique under the
    // latissimus's edge and the transversus under the internal oblique; the pterygoids in the
    // infratemporal fossa before the temporalis, which lies over them, and the temporalis
    // before the masseter over its tendon; the occipitofrontalis, under the scalp over them
    // all, last.
    const std::vector<Builder> builders = {quadratusLumborum,
                                           multifidus,
                                           latissimusDorsi,
                                           rectusAbdominis,
                                           internalOblique,
                                           transversusAbdominis,
                                           pterygoidLateral,
                                           pterygoidMedial,
                                           temporalis,
                                           masseter,
                                           occipitofrontalisFrontal,
                                           occipitofrontalisOccipital};
    // A muscle made, its right side with the layout of its pillow, and where it is in the scene.
    struct Made {
        Structure right;
        PillowLayout layout;
        SettleAnchor anchor = SettleAnchor::None;
        size_t rightIndex = 0, leftIndex = 0;
        std::vector<std::string> originBones, insertionBones;
        float originFrom = 0.0f, originTo = 1.0f, insertionFrom = 0.0f, insertionTo = 1.0f;
    };
    std::vector<Made> made;
    const Body& atlas = body;
    DrapeScene scene(atlas);
    // What a muscle keeps out of: every closed muscle and bone but itself.
    auto othersThan = [&](const Made& m) {
        std::vector<char> out(scene.count(), 0);
        for (size_t i = 0; i < out.size(); ++i) {
            const Structure& x = scene.structure(i);
            out[i] = (x.layer == LayerKind::Muscle || x.layer == LayerKind::Bone) &&
                     i != m.rightIndex && i != m.leftIndex;
        }
        return out;
    };
    // Settles a muscle made earlier among the others again (a later one may have come to lie
    // over its thin edge), and updates both its sides in the scene.
    auto resettle = [&](Made& m) {
        if (settlePillow(scene, m.right.mesh, m.layout, othersThan(m), kClearanceM, m.anchor) == 0)
            return false;
        keepRightOfMidline(m.right.mesh);
        Structure left;
        mirrored(m.right, left);
        scene.replaceModelled(m.rightIndex, m.right);
        scene.replaceModelled(m.leftIndex, left);
        return true;
    };
    for (size_t b = 0; b < builders.size(); ++b) {
        if (!stage.at(static_cast<float>(b) / static_cast<float>(builders.size())))
            return false;
        const Builder build = builders[b];
        MuscleContext context(atlas, scene);
        std::optional<MuscleShape> shape = build(context);
        if (!shape) {
            std::string bones;
            for (const std::string& m : context.missing())
                bones += (bones.empty() ? "" : ", ") + m;
            notes.push_back("a modelled muscle is left out: the atlas body lacks " +
                            (bones.empty() ? std::string("a bone it attaches to") : bones));
            continue;
        }
        const MuscleRecord* record = catalogue.findMuscle(shape->id);
        if (!record || record->parts.empty()) {
            notes.push_back(shape->id + " is not in the muscle catalogue; not modelled");
            continue;
        }
        // The part this shape makes (one belly of the occipitofrontalis), or the muscle whole.
        const MusclePart* part = &record->parts.front();
        if (!shape->part.empty()) {
            const auto found =
                std::find_if(record->parts.begin(), record->parts.end(),
                             [&](const MusclePart& p) { return p.id == shape->part; });
            if (found == record->parts.end()) {
                notes.push_back(shape->part + " is not a part of " + shape->id +
                                " in the muscle catalogue; not modelled");
                continue;
            }
            part = &*found;
        }
        auto boneSet = [&](const std::vector<std::string>& names) {
            return context.select([&](const Structure& x) {
                return x.layer == LayerKind::Bone && x.side != Side::Left &&
                       std::find(names.begin(), names.end(), x.name) != names.end();
            });
        };
        shape->rules.originBones = boneSet(shape->originBones);
        shape->rules.insertionBones = boneSet(shape->insertionBones);
        DrapeResult result = drapeMuscle(scene, shape->grid, shape->rules);
        keepRightOfMidline(result.mesh);
        Made m;
        Structure& right = m.right;
        right.name = part->id;
        right.displayName = part->name;
        right.layer = LayerKind::Muscle;
        right.side = Side::Right;
        right.info.latin = part->latin;
        right.info.region = record->region;
        right.info.origin = record->origin;
        right.info.insertion = record->insertion;
        right.info.action = record->action;
        right.info.innervation = record->innervation;
        right.info.muscle = record->id;
        right.info.group = record->group;
        right.info.fma = modelledFma(record->id, Side::Right);
        right.info.source = kSource;
        right.mesh = std::move(result.mesh);
        m.layout = std::move(result.layout);
        m.anchor = settleAnchor(shape->rules.mode);
        m.originBones = shape->originBones;
        m.insertionBones = shape->insertionBones;
        m.originFrom = shape->originFrom;
        m.originTo = shape->originTo;
        m.insertionFrom = shape->insertionFrom;
        m.insertionTo = shape->insertionTo;
        Structure left;
        mirrored(right, left);
        m.rightIndex = scene.addModelled(right);
        m.leftIndex = scene.addModelled(left);
        // It was kept out of those made before it; now they are kept out of it, where their
        // edges reach into it between its samples.
        const core::Aabb box = right.mesh.bounds();
        for (Made& earlier : made) {
            const core::Aabb other = earlier.right.mesh.bounds();
            if (glm::all(glm::lessThanEqual(other.min, box.max)) &&
                glm::all(glm::lessThanEqual(box.min, other.max)))
                resettle(earlier);
        }
        made.push_back(std::move(m));
    }
    // Until none moves: each thinning only frees room, so this ends within a few rounds.
    for (int round = 0; round < 3; ++round) {
        bool any = false;
        for (Made& m : made)
            any = resettle(m) || any;
        if (!any)
            break;
    }
    for (Made& m : made) {
        if (!isClosedSurface(m.right.mesh) || signedVolume(m.right.mesh) <= 0.0)
            notes.push_back(m.right.name + ": the modelled surface is not closed and outward");
        if (attachments) {
            auto span = [](const std::vector<glm::vec3>& end, float from, float to) {
                std::vector<glm::vec3> kept;
                for (size_t i = 0; i < end.size(); ++i) {
                    const float u = static_cast<float>(i) / static_cast<float>(end.size() - 1);
                    if (u >= from - 1e-4f && u <= to + 1e-4f)
                        kept.push_back(end[i]);
                }
                return kept;
            };
            attachments->push_back(
                {m.right.name, "origin", m.originBones,
                 span(m.layout.end(m.right.mesh, false), m.originFrom, m.originTo)});
            attachments->push_back(
                {m.right.name, "insertion", m.insertionBones,
                 span(m.layout.end(m.right.mesh, true), m.insertionFrom, m.insertionTo)});
        }
    }
    for (Made& m : made) {
        Structure left;
        mirrored(m.right, left);
        body.addStructure(std::move(m.right));
        body.addStructure(std::move(left));
    }
    return true;
}

} // namespace anatomy::atlas
