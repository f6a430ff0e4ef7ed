#include "anatomy/io/FasciaDerivation.h"

#include "anatomy/MeshOps.h"
#include "anatomy/io/EmbeddedData.h"
#include "core/Log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace anatomy::io {
namespace {

struct Band {
    float height;
    float superficialM;
    float deepM;
};

struct DepthTable {
    std::vector<Band> bands; // by height, ascending
    float limbLateralFraction = 0.12f;
    float limbSuperficialM = 0.0025f;
    float limbDeepM = 0.006f;

    // Depths at a height fraction, interpolated between bands.
    std::pair<float, float> at(float height) const {
        if (bands.empty())
            return {0.003f, 0.008f};
        if (height <= bands.front().height)
            return {bands.front().superficialM, bands.front().deepM};
        for (size_t i = 1; i < bands.size(); ++i)
            if (height <= bands[i].height) {
                const float t =
                    (height - bands[i - 1].height) / (bands[i].height - bands[i - 1].height);
                return {bands[i - 1].superficialM +
                            t * (bands[i].superficialM - bands[i - 1].superficialM),
                        bands[i - 1].deepM + t * (bands[i].deepM - bands[i - 1].deepM)};
            }
        return {bands.back().superficialM, bands.back().deepM};
    }
};

const DepthTable& depthTable() {
    static const DepthTable table = [] {
        DepthTable t;
        for (const EmbeddedFile& file : embeddedFiles()) {
            if (file.name != "subcutaneous.json")
                continue;
            try {
                const auto root = nlohmann::json::parse(file.text);
                for (const auto& band : root.at("bands"))
                    t.bands.push_back({band.at("height").get<float>(),
                                       band.at("superficial_mm").get<float>() * 1e-3f,
                                       band.at("deep_mm").get<float>() * 1e-3f});
                const auto& limbs = root.at("limbs");
                t.limbLateralFraction = limbs.at("lateral_fraction").get<float>();
                t.limbSuperficialM = limbs.at("superficial_mm").get<float>() * 1e-3f;
                t.limbDeepM = limbs.at("deep_mm").get<float>() * 1e-3f;
            } catch (const nlohmann::json::exception& e) {
                // Compiled-in data that a test parses: reaching this is a build defect.
                core::logError(std::string("assets/anatomy/subcutaneous.json: ") + e.what());
            }
        }
        std::sort(t.bands.begin(), t.bands.end(),
                  [](const Band& a, const Band& b) { return a.height < b.height; });
        return t;
    }();
    return table;
}

} // namespace

size_t deriveFasciaLayers(Body& body) {
    if (body.structureCount(LayerKind::SuperficialFascia) > 0 ||
        body.structureCount(LayerKind::DeepFascia) > 0)
        return 0;
    const core::Aabb box = body.bounds();
    const float stature = box.size().y;
    if (!(stature > 0.0f))
        return 0;
    const float midlineX = box.center().x;
    const DepthTable& table = depthTable();

    std::vector<Structure> added;
    for (const Structure& skin : body.structures()) {
        if (skin.layer != LayerKind::Skin || skin.mesh.normals.size() != skin.mesh.positions.size())
            continue;
        Structure superficial, deep;
        superficial.name = "superficial-fascia";
        superficial.displayName = "Superficial fascia (derived)";
        superficial.layer = LayerKind::SuperficialFascia;
        superficial.info.latin = "Fascia superficialis";
        superficial.info.region = "whole body";
        deep.name = "deep-fascia";
        deep.displayName = "Deep fascia (derived)";
        deep.layer = LayerKind::DeepFascia;
        deep.info.latin = "Fascia profunda";
        deep.info.region = "whole body";
        superficial.mesh.indices = deep.mesh.indices = skin.mesh.indices;
        for (size_t i = 0; i < skin.mesh.positions.size(); ++i) {
            const glm::vec3& p = skin.mesh.positions[i];
            const glm::vec3& n = skin.mesh.normals[i];
            auto [superficialM, deepM] = table.at((p.y - box.min.y) / stature);
            // Arms: blend to the limb depths over 2 cm beyond the trunk's width.
            const float lateral = std::abs(p.x - midlineX) / stature - table.limbLateralFraction;
            const float limb = std::clamp(lateral * stature / 0.02f, 0.0f, 1.0f);
            superficialM += limb * (table.limbSuperficialM - superficialM);
            deepM += limb * (table.limbDeepM - deepM);
            superficial.mesh.positions.push_back(p - n * superficialM);
            deep.mesh.positions.push_back(p - n * deepM);
        }
        computeSmoothNormals(superficial.mesh);
        computeSmoothNormals(deep.mesh);
        added.push_back(std::move(superficial));
        added.push_back(std::move(deep));
    }
    for (Structure& s : added)
        body.addStructure(std::move(s));
    if (!added.empty())
        body.importNotes.push_back(
            "derived superficial and deep fascia under the skin at regional depths "
            "(assets/anatomy/subcutaneous.json)");
    return added.size();
}

} // namespace anatomy::io
