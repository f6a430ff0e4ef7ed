#include "app/FibreOverlay.h"

#include "anatomy/FibreLines.h"
#include "core/Parallel.h"

namespace app {

std::vector<render::PolylineSet> fibreStreamlineOverlay(const anatomy::Body& body) {
    using anatomy::LayerKind;
    const auto& structures = body.structures();
    std::vector<std::vector<std::vector<glm::vec3>>> traced(structures.size());
    core::parallelFor(structures.size(), [&](size_t i) {
        const LayerKind layer = structures[i].layer;
        if (layer == LayerKind::DeepFascia || layer == LayerKind::SuperficialFascia)
            traced[i] = anatomy::traceFibreStreamlines(structures[i].mesh);
    });
    std::vector<render::PolylineSet> sets;
    for (size_t i = 0; i < structures.size(); ++i) {
        if (traced[i].empty())
            continue;
        render::PolylineSet set;
        set.structure = static_cast<int>(i);
        set.color = structures[i].layer == LayerKind::DeepFascia ? glm::vec3(0.30f, 0.34f, 0.40f)
                                                                 : glm::vec3(1.0f, 0.88f, 0.55f);
        for (auto& line : traced[i])
            set.lines.push_back({std::move(line)});
        sets.push_back(std::move(set));
    }
    return sets;
}

} // namespace app
