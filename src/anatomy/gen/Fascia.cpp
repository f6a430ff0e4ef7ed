#include "anatomy/gen/Fascia.h"

#include "anatomy/MeshOps.h"
#include "anatomy/SubcutaneousDepths.h"
#include "anatomy/gen/EmbeddedData.h"
#include "anatomy/gen/Shapes.h"
#include "anatomy/SurfaceNets.h"
#include "core/Log.h"
#include "core/Parallel.h"

#include <nlohmann/json.hpp>

#include <glm/geometric.hpp>

#include <cmath>
#include <unordered_map>

namespace anatomy::gen {
namespace {

// The skin lies the regional subcutaneous depth (assets/anatomy/subcutaneous.json) above the
// deep fascia over muscles and bones; the blends let it flow over the grooves between them.
constexpr float kBoneBlendM = 0.015f, kMuscleBlendM = 0.02f;
// Investing fascia bridges the grooves between neighbouring muscles up to about this width.
constexpr float kBridgeM = 0.012f;
constexpr float kDeepFasciaGapM = 0.001f;
// Where the superficial fascia lies between deep fascia and skin (0: on the deep fascia).
constexpr float kSuperficialFraction = 0.45f;

enum class FibreRule { Muscle, Along, Around, DownMedial, UpMedial, AlongFoot };

FibreRule fibreRuleFrom(const std::string& name) {
    if (name == "along")
        return FibreRule::Along;
    if (name == "around")
        return FibreRule::Around;
    if (name == "down-medial")
        return FibreRule::DownMedial;
    if (name == "up-medial")
        return FibreRule::UpMedial;
    if (name == "along-foot")
        return FibreRule::AlongFoot;
    return FibreRule::Muscle;
}

struct Region {
    std::string id, label;
    StructureInfo info;
    glm::vec3 min, max; // metres, left side
    FibreRule fibres = FibreRule::Along;
    bool hasDeepLamina = false;
    FibreRule deepLaminaFibres = FibreRule::Along;

    bool contains(glm::vec3 p) const {
        p.x = std::abs(p.x); // the right side mirrors the left
        return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y && p.z >= min.z &&
               p.z <= max.z;
    }
};

std::vector<Region> readRegions(const Placement& placement) {
    std::vector<Region> regions;
    try {
        const auto root = nlohmann::json::parse(embeddedFasciaJson());
        const nlohmann::json list = root.at("regions");
        for (const auto& r : list) {
            Region region;
            region.id = r.at("id").get<std::string>();
            region.label = r.at("label").get<std::string>();
            region.info.latin = r.value("latin", "");
            region.info.region = r.value("region", "");
            const auto lo = r.at("min"), hi = r.at("max");
            // Boxes are in fractions of stature; scale without widening, they are generous.
            region.min = glm::vec3(lo[0].get<float>(), lo[1].get<float>(), lo[2].get<float>()) *
                         placement.heightM;
            region.max = glm::vec3(hi[0].get<float>(), hi[1].get<float>(), hi[2].get<float>()) *
                         placement.heightM;
            region.fibres = fibreRuleFrom(r.value("fibres", "along"));
            if (r.contains("deep_lamina")) {
                region.hasDeepLamina = true;
                region.deepLaminaFibres = fibreRuleFrom(r.at("deep_lamina").get<std::string>());
            }
            regions.push_back(std::move(region));
        }
    } catch (const nlohmann::json::exception& e) {
        core::logError(std::string("assets/anatomy/fascia.json: ") +
                       e.what()); // compiled in: a defect
    }
    return regions;
}

// A unit fibre direction in the surface's tangent plane.
glm::vec3 fibreDirection(FibreRule rule, const glm::vec3& p, const glm::vec3& normal,
                         const std::function<glm::vec3(const glm::vec3&)>& muscleFibre) {
    const glm::vec3 up(0.0f, 1.0f, 0.0f);
    const float medial = p.x >= 0.0f ? -1.0f : 1.0f; // towards the midline
    glm::vec3 wanted(0.0f, 1.0f, 0.0f);
    switch (rule) {
    case FibreRule::Muscle:
        wanted = muscleFibre ? muscleFibre(p) : up;
        if (glm::dot(wanted, wanted) < 0.5f)
            wanted = up; // no muscle near: along the body
        break;
    case FibreRule::Along:
        wanted = up;
        break;
    case FibreRule::Around:
        wanted = glm::cross(normal, up);
        break;
    // The laminae of the thoracolumbar fascia cross at roughly 60 degrees.
    case FibreRule::DownMedial:
        wanted = glm::vec3(medial * 0.87f, -0.5f, 0.0f);
        break;
    case FibreRule::UpMedial:
        wanted = glm::vec3(medial * 0.87f, 0.5f, 0.0f);
        break;
    case FibreRule::AlongFoot:
        wanted = glm::vec3(0.0f, 0.0f, 1.0f);
        break;
    }
    glm::vec3 tangent = wanted - glm::dot(wanted, normal) * normal;
    if (glm::dot(tangent, tangent) < 1e-8f)
        tangent =
            glm::cross(normal, glm::abs(normal.x) < 0.9f ? glm::vec3(1, 0, 0) : glm::vec3(0, 0, 1));
    return glm::normalize(tangent);
}

// The triangles of `mesh` selected by `keep`, as a mesh of their own.
SurfaceMesh submesh(const SurfaceMesh& mesh, const std::vector<char>& keep) {
    SurfaceMesh out;
    std::unordered_map<std::uint32_t, std::uint32_t> remap;
    for (size_t t = 0; t < keep.size(); ++t) {
        if (!keep[t])
            continue;
        for (int c = 0; c < 3; ++c) {
            const std::uint32_t v = mesh.indices[t * 3 + c];
            auto [it, inserted] =
                remap.emplace(v, static_cast<std::uint32_t>(out.positions.size()));
            if (inserted) {
                out.positions.push_back(mesh.positions[v]);
                out.normals.push_back(mesh.normals[v]);
                if (!mesh.fibres.empty())
                    out.fibres.push_back(mesh.fibres[v]);
            }
            out.indices.push_back(it->second);
        }
    }
    return out;
}

StructureInfo wholeBody(const char* latin) {
    StructureInfo info;
    info.latin = latin;
    info.region = "whole body";
    return info;
}

Side sideOf(const SurfaceMesh& mesh) {
    double x = 0;
    for (const glm::vec3& p : mesh.positions)
        x += static_cast<double>(p.x);
    return x >= 0 ? Side::Left : Side::Right;
}

} // namespace

std::string_view embeddedFasciaJson() {
    return core::findEmbedded(embeddedFiles(), "fascia.json");
}

std::vector<Structure> buildSoftTissueLayers(const SoftTissueFields& fields, const core::Aabb& box,
                                             float cellM, const Placement& placement) {
    // One pass over the grid evaluates the expensive fields once for all three surfaces.
    const SubcutaneousDepths& depths = SubcutaneousDepths::standard();
    auto skinAt = [&](const glm::vec3& p, float shape, float bones, float muscles) {
        const float cover =
            depths.at(p.y / placement.heightM, std::abs(p.x) / placement.heightM).deepM +
            kDeepFasciaGapM;
        const float d = smoothMin(shape, bones - cover, kBoneBlendM);
        return smoothMin(d, muscles - cover, kMuscleBlendM);
    };
    auto deepAt = [&](float skin, float bones, float muscles) {
        // Never closer to the skin than 1 mm: the intersection keeps the layers nested.
        return std::max(smoothMin(muscles, bones, kBridgeM) - kDeepFasciaGapM,
                        skin + kDeepFasciaGapM);
    };
    auto all = [&](const glm::vec3& p) {
        const float bones = fields.bones(p);
        const float muscles = fields.muscles ? fields.muscles(p) : 1.0f;
        const float skin = skinAt(p, fields.skinShape(p), bones, muscles);
        const float deep = deepAt(skin, bones, muscles);
        return glm::vec3(skin, deep,
                         (1.0f - kSuperficialFraction) * deep + kSuperficialFraction * skin);
    };
    SampleGrid skinGrid = emptyGrid(box, cellM);
    SampleGrid deepGrid = skinGrid, superficialGrid = skinGrid;
    // Slices in parallel: every sample is independent, so any thread count gives the same bytes.
    core::parallelFor(static_cast<size_t>(skinGrid.nz), [&](size_t z) {
        size_t sample = z * static_cast<size_t>(skinGrid.nx) * skinGrid.ny;
        for (int y = 0; y < skinGrid.ny; ++y)
            for (int x = 0; x < skinGrid.nx; ++x, ++sample) {
                const glm::vec3 v =
                    all(skinGrid.origin + glm::vec3(float(x), float(y), float(z)) * cellM);
                skinGrid.values[sample] = v.x;
                deepGrid.values[sample] = v.y;
                superficialGrid.values[sample] = v.z;
            }
    });
    std::vector<Structure> layers;

    // Normals from the samples: asking the combined fields again at every vertex costs more than
    // the whole sampling.
    Structure skin{.name = "skin",
                   .displayName = "Skin",
                   .layer = LayerKind::Skin,
                   .info = wholeBody("Cutis"),
                   .mesh = meshSamples(skinGrid, nullptr)};
    Structure superficial{.name = "superficial-fascia",
                          .displayName = "Superficial fascia",
                          .layer = LayerKind::SuperficialFascia,
                          .info = wholeBody("Fascia superficialis"),
                          .mesh = meshSamples(superficialGrid, nullptr)};
    // Skin and superficial fascia: collagen mostly circles the trunk and limbs (Langer's lines).
    for (Structure* s : {&skin, &superficial})
        for (size_t i = 0; i < s->mesh.positions.size(); ++i)
            s->mesh.fibres.push_back(fibreDirection(FibreRule::Around, s->mesh.positions[i],
                                                    s->mesh.normals[i], nullptr));

    SurfaceMesh deep = meshSamples(deepGrid, nullptr);
    // Where the deep fascia touches itself (between close muscles), surface nets give each
    // sheet its own copy of a vertex; a quad between two such copies has a triangle with no
    // area (or a sliver under a square micrometre). The deep fascia is cut into open regions
    // anyway, so those triangles just go.
    removeDegenerateTriangles(deep, 1e-12f);
    const std::vector<Region> regions = readRegions(placement);
    std::vector<int> owner(deep.triangleCount(), -1);
    for (size_t t = 0; t < owner.size(); ++t) {
        const glm::vec3 centre =
            (deep.positions[deep.indices[t * 3]] + deep.positions[deep.indices[t * 3 + 1]] +
             deep.positions[deep.indices[t * 3 + 2]]) /
            3.0f;
        for (size_t r = 0; r < regions.size(); ++r)
            if (regions[r].contains(centre)) {
                owner[t] = static_cast<int>(r);
                break;
            }
    }
    auto addDeep = [&](int regionIndex, const std::string& id, const std::string& label,
                       const StructureInfo& info, FibreRule rule, float insetM) {
        std::vector<char> keep(owner.size());
        for (size_t t = 0; t < owner.size(); ++t)
            keep[t] = owner[t] == regionIndex;
        SurfaceMesh part = submesh(deep, keep);
        if (part.indices.empty())
            return;
        // Split by side where the region is paired, so left and right are separate structures.
        std::vector<SurfaceMesh> pieces;
        if (regionIndex >= 0 && regions[static_cast<size_t>(regionIndex)].min.x > 0.0f) {
            for (float side : {1.0f, -1.0f}) {
                std::vector<char> onSide(part.triangleCount());
                for (size_t t = 0; t < onSide.size(); ++t)
                    onSide[t] = part.positions[part.indices[t * 3]].x * side > 0.0f;
                pieces.push_back(submesh(part, onSide));
            }
        } else {
            pieces.push_back(std::move(part));
        }
        for (SurfaceMesh& piece : pieces) {
            if (piece.indices.empty())
                continue;
            for (size_t i = 0; i < piece.positions.size(); ++i)
                piece.positions[i] -= piece.normals[i] * insetM;
            piece.fibres.clear();
            for (size_t i = 0; i < piece.positions.size(); ++i)
                piece.fibres.push_back(
                    fibreDirection(rule, piece.positions[i], piece.normals[i], fields.muscleFibre));
            Structure s;
            s.name = id;
            s.displayName = label;
            s.layer = LayerKind::DeepFascia;
            s.info = info;
            s.side = pieces.size() > 1 ? sideOf(piece) : Side::Midline;
            if (s.side != Side::Midline)
                s.displayName = (s.side == Side::Left ? "Left " : "Right ") +
                                std::string(1, static_cast<char>(std::tolower(label[0]))) +
                                label.substr(1);
            s.mesh = std::move(piece);
            layers.push_back(std::move(s));
        }
    };
    StructureInfo investing;
    investing.latin = "Fascia profunda";
    investing.region = "whole body";
    addDeep(-1, "investing-fascia", "Deep fascia (investing layer)", investing, FibreRule::Muscle,
            0.0f);
    for (size_t r = 0; r < regions.size(); ++r) {
        const Region& region = regions[r];
        addDeep(static_cast<int>(r), region.id, region.label, region.info, region.fibres, 0.0f);
        // A second, deeper lamina with crossing fibres (the thoracolumbar fascia's two laminae).
        if (region.hasDeepLamina)
            addDeep(static_cast<int>(r), region.id + "-deep-lamina", region.label + ", deep lamina",
                    region.info, region.deepLaminaFibres, 0.0006f);
    }
    // Without muscles and bones there is nothing under the skin: no empty structures then.
    if (!superficial.mesh.indices.empty())
        layers.push_back(std::move(superficial));
    layers.push_back(std::move(skin));
    return layers;
}

} // namespace anatomy::gen
