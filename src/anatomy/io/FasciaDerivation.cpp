#include "anatomy/io/FasciaDerivation.h"

#include "anatomy/MeshOps.h"
#include "anatomy/SubcutaneousDepths.h"

#include <algorithm>
#include <cmath>

namespace anatomy::io {

size_t deriveFasciaLayers(Body& body) {
    if (body.structureCount(LayerKind::SuperficialFascia) > 0 ||
        body.structureCount(LayerKind::DeepFascia) > 0)
        return 0;
    const core::Aabb box = body.bounds();
    const float stature = box.size().y;
    if (!(stature > 0.0f))
        return 0;
    const float midlineX = box.center().x;
    const SubcutaneousDepths& depths = SubcutaneousDepths::standard();

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
            const SubcutaneousDepth depth =
                depths.at((p.y - box.min.y) / stature, std::abs(p.x - midlineX) / stature);
            superficial.mesh.positions.push_back(p - n * depth.superficialM);
            deep.mesh.positions.push_back(p - n * depth.deepM);
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
