#include "app/FibreOverlay.h"

#include "anatomy/FibreLines.h"
#include "core/Parallel.h"

namespace app {

std::vector<render::PolylineSet> fibreStreamlineOverlay(const anatomy::Body& body) {
    using anatomy::LayerKind;
    const auto& structures = body.structures();
    // Per structure, its lines, and those of a deeper lamina where it has one (the
    // thoracolumbar fascia's, which cross the first as a lattice).
    std::vector<std::vector<std::vector<glm::vec3>>> traced(structures.size()),
        tracedDeep(structures.size());
    core::parallelFor(structures.size(), [&](size_t i) {
        const LayerKind layer = structures[i].layer;
        if (layer != LayerKind::DeepFascia && layer != LayerKind::SuperficialFascia)
            return;
        const anatomy::SurfaceMesh& mesh = structures[i].mesh;
        traced[i] = anatomy::traceFibreStreamlines(mesh);
        if (mesh.deepLaminaFibres.size() == mesh.positions.size()) {
            anatomy::SurfaceMesh deep;
            deep.positions = mesh.positions;
            deep.normals = mesh.normals;
            deep.indices = mesh.indices;
            deep.fibres = mesh.deepLaminaFibres;
            tracedDeep[i] = anatomy::traceFibreStreamlines(deep);
        }
    });
    std::vector<render::PolylineSet> sets;
    auto add = [&](size_t i, std::vector<std::vector<glm::vec3>>& lines, const glm::vec3& colour) {
        if (lines.empty())
            return;
        render::PolylineSet set;
        set.structure = static_cast<int>(i);
        set.color = colour;
        for (auto& line : lines)
            set.lines.push_back({std::move(line)});
        sets.push_back(std::move(set));
    };
    for (size_t i = 0; i < structures.size(); ++i) {
        const bool deepLayer = structures[i].layer == LayerKind::DeepFascia;
        add(i, traced[i], deepLayer ? glm::vec3(0.30f, 0.34f, 0.40f) : glm::vec3(1.0f, 0.88f, 0.55f));
        add(i, tracedDeep[i], glm::vec3(0.45f, 0.30f, 0.40f));
    }
    return sets;
}

} // namespace app
