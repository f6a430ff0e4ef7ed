#include "anatomy/atlas/AtlasBody.h"

#include "anatomy/MeshOps.h"
#include "anatomy/atlas/AtlasData.h"
#include "anatomy/atlas/AtlasFascia.h"
#include "anatomy/atlas/MeshPreparation.h"
#include "anatomy/atlas/ModelledMuscles.h"
#include "anatomy/atlas/MuscleFibres.h"
#include "anatomy/io/ModelLoader.h"
#include "core/Parallel.h"

#include <cctype>
#include <map>
#include <optional>

namespace anatomy::atlas {
namespace {

// The share of a fan-shaped muscle's extent along its fibres taken as its origin: enough of it
// to hold the whole curved line it arises from (the gluteus medius's iliac crest is 4 cm lower
// at its ends than at its middle, over a muscle 17 cm long), so that the fibres converge from
// all of it on the narrow insertion.
constexpr float kFanOriginShare = 0.3f;

std::string capitalised(std::string text) {
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

// Where an atlas part goes: its structure's identity and what the catalogue says of it.
struct Placement {
    LayerKind layer = LayerKind::Other;
    std::string name;
    std::string displayName;
    std::optional<Side> side; // from the name; otherwise decided by where the part lies
    const MuscleRecord* muscle = nullptr;
    const MusclePart* musclePart = nullptr;
};

bool isMusclePart(const AtlasPart& part, const MuscleCatalogue& catalogue) {
    return part.system == "muscle" || catalogue.byFma.count(part.fma) > 0;
}

Placement place(const AtlasPart& part, const MuscleCatalogue& catalogue) {
    Placement where;
    where.side = sideFromEnglishName(part.name);
    where.name = identifierFromName(part.name);
    where.displayName = capitalised(withoutSide(part.name));
    // A part is a muscle when the atlas files it so, or when the muscle catalogue names it: the
    // atlas files a few muscles under the eyes (rectus femoris among them).
    if (isMusclePart(part, catalogue)) {
        where.layer = LayerKind::Muscle;
        const auto found = catalogue.byFma.find(part.fma);
        if (found != catalogue.byFma.end()) {
            where.muscle = &catalogue.muscles[found->second.muscle];
            where.musclePart = &where.muscle->parts[found->second.part];
            where.name = where.musclePart->id;
            where.displayName = where.musclePart->name;
            // The interosseous membranes are filed with the muscles but bind bone to bone.
            if (where.muscle->kind == "membrane")
                where.layer = LayerKind::Bone;
        }
    } else if (part.system == "bone" || part.system == "cartilage") {
        where.layer = LayerKind::Bone;
    } else if (part.system == "ligament") {
        // Ligaments bind bone to bone and belong to the joints; the linea alba is the
        // abdomen's midline aponeurosis, part of the deep fascia.
        where.layer = part.name == "linea alba" ? LayerKind::DeepFascia : LayerKind::Bone;
    } else if (part.system == "tendon") {
        where.layer = LayerKind::Muscle; // a tendon moves with its muscle
    } else if (part.system == "fascia") {
        where.layer = LayerKind::DeepFascia; // the iliotibial tract
    } else if (part.system == "skin") {
        where.layer = LayerKind::Skin;
        where.name = "skin";
        where.displayName = "Skin";
    }
    return where;
}

Side sideFromPosition(const SurfaceMesh& mesh) {
    glm::dvec3 sum(0.0);
    for (const glm::vec3& p : mesh.positions)
        sum += glm::dvec3(p);
    const double x =
        mesh.positions.empty() ? 0.0 : sum.x / static_cast<double>(mesh.positions.size());
    // +X is the body's left (it faces +Z, +Y up, right-handed).
    if (x > 0.005)
        return Side::Left;
    if (x < -0.005)
        return Side::Right;
    return Side::Midline;
}

struct PendingStructure {
    Structure structure;
    std::vector<size_t> parts; // indices into the parts list
    const MuscleRecord* muscle = nullptr;
    const MusclePart* musclePart = nullptr;
    int mirrorOf = -1; // a left part made as the mirror image of this right one
};

// The right part's surface mirrored in x = 0, triangles turned to face outwards again.
void mirrorInto(const Structure& right, Structure& left) {
    SurfaceMesh& m = left.mesh;
    m = right.mesh;
    for (auto* vectors : {&m.positions, &m.normals, &m.fibres})
        for (glm::vec3& v : *vectors)
            v.x = -v.x;
    for (size_t t = 0; t + 2 < m.indices.size(); t += 3)
        std::swap(m.indices[t + 1], m.indices[t + 2]);
}

} // namespace

core::Result<Body> buildAtlasBody(const std::filesystem::path& atlasDir,
                                  const AtlasBuildOptions& options, AtlasBuildReport* report) {
    // Whether to go on, told the stage about to begin.
    const auto tell = [&options](const char* stage, float done) {
        return core::reportStage(options.progress, stage, done);
    };
    const auto cancelled = [] { return core::cancelledError("building the atlas body"); };
    if (!tell("reading the parts", 0.0f))
        return cancelled();
    auto parts = readPartsList(atlasDir / "parts.tsv");
    if (!parts)
        return parts.error();
    const MuscleCatalogue& catalogue = builtInMuscleCatalogue();
    const std::vector<std::string> keptSystems = {"muscle",   "bone",   "skin",  "cartilage",
                                                  "ligament", "tendon", "fascia"};

    // Every part's mesh, read in parallel; each index writes only its own slot.
    std::vector<std::optional<core::Result<Body>>> loaded(parts->size());
    core::parallelFor(parts->size(), [&](size_t i) {
        const AtlasPart& part = (*parts)[i];
        if (std::find(keptSystems.begin(), keptSystems.end(), part.system) == keptSystems.end() &&
            !isMusclePart(part, catalogue))
            return;
        loaded[i] = io::loadGltfGeometry(atlasDir / part.file);
    });

    AtlasBuildReport localReport;
    AtlasBuildReport& out = report ? *report : localReport;
    out = {};
    // Parts that are one structure (a muscle stored in two files) are joined, in file order.
    std::vector<PendingStructure> pending;
    std::map<std::string, size_t> byKey;
    // Each part's mean x, to find the plane the atlas mirrored its left parts in.
    std::map<std::string, double> meanXByFj;
    for (size_t i = 0; i < parts->size(); ++i) {
        if (!loaded[i])
            continue;
        if (!*loaded[i])
            return loaded[i]->error();
        const AtlasPart& part = (*parts)[i];
        SurfaceMesh mesh;
        for (const Structure& s : (*loaded[i])->structures())
            appendMesh(mesh, s.mesh);
        mesh.normals.clear();
        mesh.fibres.clear();
        weldCoincidentVertices(mesh);
        out.partsRead++;
        out.trianglesRead += mesh.triangleCount();
        if (!mesh.positions.empty()) {
            double sumX = 0.0;
            for (const glm::vec3& p : mesh.positions)
                sumX += static_cast<double>(p.x);
            meanXByFj[part.fj] = sumX / static_cast<double>(mesh.positions.size());
        }
        const Placement where = place(part, catalogue);
        if (part.system == "muscle" && !where.muscle)
            out.notes.push_back(part.fj + " (" + part.name + ", " + part.fma +
                                ") is not in the muscle catalogue; named from the atlas");
        const Side side = where.side ? *where.side : sideFromPosition(mesh);
        const std::string key =
            std::string(layerId(where.layer)) + "/" + where.name + "/" + std::string(sideId(side));
        auto [it, inserted] = byKey.emplace(key, pending.size());
        if (inserted) {
            PendingStructure p;
            p.structure.name = where.name;
            p.structure.displayName = where.displayName;
            p.structure.layer = where.layer;
            p.structure.side = side;
            p.structure.info.fma = part.fma;
            p.structure.info.source = "BodyParts3D " + part.fj;
            if (where.muscle) {
                const MuscleRecord& m = *where.muscle;
                p.muscle = where.muscle;
                p.musclePart = where.musclePart;
                p.structure.info.latin = where.musclePart->latin;
                p.structure.info.region = m.region;
                p.structure.info.origin = m.origin;
                p.structure.info.insertion = m.insertion;
                p.structure.info.action = m.action;
                p.structure.info.innervation = m.innervation;
                p.structure.info.muscle = m.id;
                p.structure.info.group = m.group;
            }
            pending.push_back(std::move(p));
        } else {
            PendingStructure& p = pending[it->second];
            if (p.structure.info.fma.find(part.fma) == std::string::npos)
                p.structure.info.fma += " " + part.fma;
            p.structure.info.source += " " + part.fj;
        }
        PendingStructure& p = pending[it->second];
        appendMesh(p.structure.mesh, mesh);
        p.parts.push_back(i);
        loaded[i].reset(); // the part's copy is no longer needed
    }

    // A left part with a right counterpart is made as its mirror image. The atlas mirrored most
    // of its left parts from the right (files ending in M) but not all: its skull bones, ribs
    // and a few head muscles are a real, asymmetric left side, on which the mirrored left
    // muscles would not sit. Mirroring them keeps each side's muscles on their own bones.
    for (PendingStructure& p : pending) {
        if (p.structure.side != Side::Left)
            continue;
        const auto right =
            byKey.find(std::string(layerId(p.structure.layer)) + "/" + p.structure.name + "/right");
        if (right != byKey.end())
            p.mirrorOf = static_cast<int>(right->second);
    }

    // Each structure simplified, given normals and, for muscles, fibres.
    if (!tell("simplifying the parts, the muscles' fibres", 0.04f))
        return cancelled();
    core::parallelFor(pending.size(), [&](size_t i) {
        if (pending[i].mirrorOf >= 0)
            return;
        Structure& s = pending[i].structure;
        const float error = s.layer == LayerKind::Muscle ? options.muscleErrorM
                            : s.layer == LayerKind::Skin ? options.skinErrorM
                                                         : options.boneErrorM;
        simplifySurface(s.mesh, error, 0.05f);
        // Points the simplifier brought together are joined; a triangle of no area stays, since
        // dropping it would open a closed surface (the renderer draws nothing under a closed,
        // opaque skin).
        weldCoincidentVertices(s.mesh, 1e-7f);
        // The skin's own triangles do not all wind one way; one winding lets it be drawn as
        // the closed surface it is.
        if (s.layer == LayerKind::Skin) {
            orientConsistently(s.mesh);
            // Referred-pain zones are drawn on the skin vertex by vertex: a band down a limb
            // needs vertices closer together than the simplifier leaves on flat skin.
            splitLongEdges(s.mesh, options.skinMaxEdgeM);
        }
        computeSmoothNormals(s.mesh);
        if (s.layer != LayerKind::Muscle)
            return;
        glm::vec3 axis;
        const std::optional<glm::vec3> given =
            pending[i].musclePart && pending[i].musclePart->fibreAxis
                ? pending[i].musclePart->fibreAxis
            : pending[i].muscle ? pending[i].muscle->fibreAxis
                                : std::nullopt;
        if (given) {
            axis = *given;
            if (s.side == Side::Left)
                axis.x = -axis.x; // the catalogue gives the right side's
        } else {
            axis = longestAxis(s.mesh);
            if (axis.y > 0.0f)
                axis = -axis; // origin above insertion, as for most of the body's muscles
        }
        // A part of a fan with its own direction runs along it; a whole muscle from one end to
        // the other.
        if (pending[i].musclePart && pending[i].musclePart->fibreAxis)
            fibresAlongAxis(s.mesh, axis);
        else if (pending[i].muscle && pending[i].muscle->shape == "fan")
            computeMuscleFibres(s.mesh, axis, kFanOriginShare);
        else
            computeMuscleFibres(s.mesh, axis);
    });

    // The body stands on y = 0 with its midline at x = 0 (the plane the atlas mirrored its left
    // parts in, so left and right are mirror images across it) and its skin centred on z = 0.
    double planeSum = 0.0;
    size_t planeCount = 0;
    for (const auto& [fj, meanX] : meanXByFj) {
        if (fj.empty() || fj.back() != 'M')
            continue;
        const auto right = meanXByFj.find(fj.substr(0, fj.size() - 1));
        if (right == meanXByFj.end())
            continue;
        planeSum += 0.5 * (meanX + right->second);
        ++planeCount;
    }
    core::Aabb skinBox;
    for (const PendingStructure& p : pending)
        if (p.structure.layer == LayerKind::Skin)
            for (const glm::vec3& q : p.structure.mesh.positions)
                skinBox.extend(q);
    glm::vec3 shift(0.0f);
    if (planeCount > 0)
        shift.x = -static_cast<float>(planeSum / static_cast<double>(planeCount));
    if (skinBox.valid()) {
        shift.y = -skinBox.min.y;
        shift.z = -0.5f * (skinBox.min.z + skinBox.max.z);
    }
    for (PendingStructure& p : pending)
        for (glm::vec3& q : p.structure.mesh.positions)
            q += shift;
    for (PendingStructure& p : pending)
        if (p.mirrorOf >= 0) {
            const Structure& right = pending[static_cast<size_t>(p.mirrorOf)].structure;
            mirrorInto(right, p.structure);
            p.structure.info.source = right.info.source + ", mirrored";
        }

    Body body;
    for (PendingStructure& p : pending) {
        if (p.structure.mesh.indices.empty()) {
            out.notes.push_back(p.structure.name + " has no triangles left; left out");
            continue;
        }
        body.addStructure(std::move(p.structure));
    }
    // The three long stages hear a cancel within themselves too, every second or two.
    const core::StageProgress modelling(options.progress, "modelling the muscles the atlas lacks",
                                        0.1f, 0.32f);
    if (!addModelledMuscles(body, catalogue, out.notes, &out.modelledAttachments, modelling))
        return cancelled();
    // Room under the skin for the fascia layers, where the atlas's skin lies on a muscle.
    const core::StageProgress room(options.progress, "making room under the skin", 0.32f, 0.48f);
    out.skinClearance =
        clearSkinOverMuscles(body, options.muscleUnderSkinM, kSkinClearanceRounds, room);
    if (out.skinClearance.stopped)
        return cancelled();
    // The fascia layers come last: they wrap every muscle, the modelled ones included.
    const core::StageProgress fascia(options.progress, "deriving the fascia layers", 0.48f, 1.0f);
    if (!addFasciaLayers(body, options.fascia, out.notes, fascia))
        return cancelled();
    // The atlas's own aponeuroses have labelled their places on the deep fascia; as sheets of
    // their own they would lie over it, unconnected to it.
    std::vector<Structure>& all = body.structures();
    for (auto it = all.begin(); it != all.end();) {
        if (it->layer == LayerKind::DeepFascia && it->info.source.rfind("BodyParts3D", 0) == 0) {
            out.regionGuides.push_back(std::move(*it));
            it = all.erase(it);
        } else {
            ++it;
        }
    }
    out.triangles = body.triangleCount();
    out.structures = body.structures().size();
    body.sourcePath = "atlas body";
    body.importNotes = {"the atlas body, built from BodyParts3D (" + atlasDir.string() + ")"};
    tell("done", 1.0f);
    return body;
}

} // namespace anatomy::atlas
