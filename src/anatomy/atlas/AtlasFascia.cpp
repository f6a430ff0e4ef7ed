#include "anatomy/atlas/AtlasFascia.h"

#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "anatomy/SubcutaneousDepths.h"
#include "anatomy/SurfaceNets.h"
#include "anatomy/atlas/FasciaRegions.h"
#include "anatomy/atlas/MeshPreparation.h"
#include "anatomy/atlas/SurfaceProximity.h"
#include "anatomy/atlas/VolumeFields.h"
#include "core/Parallel.h"

#include <algorithm>
#include <numeric>

namespace anatomy::atlas {
namespace {

// The connected piece with the most triangles; the rest (bubbles in sealed pockets) dropped.
size_t keepLargestPiece(SurfaceMesh& mesh) {
    const size_t triangles = mesh.triangleCount();
    std::vector<std::uint32_t> parent(mesh.positions.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto root = [&](std::uint32_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    for (size_t t = 0; t < triangles; ++t) {
        const std::uint32_t a = root(mesh.indices[3 * t]);
        for (int k = 1; k < 3; ++k) {
            const std::uint32_t b = root(mesh.indices[3 * t + static_cast<size_t>(k)]);
            if (a != b)
                parent[b] = a;
        }
    }
    std::vector<size_t> size(mesh.positions.size(), 0);
    for (size_t t = 0; t < triangles; ++t)
        size[root(mesh.indices[3 * t])]++;
    const auto largest =
        static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
    size_t pieces = 0;
    for (size_t i = 0; i < size.size(); ++i)
        pieces += size[i] > 0;
    std::vector<std::uint32_t> kept;
    for (size_t t = 0; t < triangles; ++t)
        if (root(mesh.indices[3 * t]) == largest)
            kept.insert(kept.end(), mesh.indices.begin() + static_cast<long>(3 * t),
                        mesh.indices.begin() + static_cast<long>(3 * t + 3));
    mesh.indices = std::move(kept);
    return pieces > 0 ? pieces - 1 : 0;
}

// Drops vertices no triangle uses.
void compact(SurfaceMesh& mesh) {
    std::vector<std::uint32_t> remap(mesh.positions.size(), UINT32_MAX);
    std::vector<glm::vec3> positions;
    for (std::uint32_t& i : mesh.indices) {
        if (remap[i] == UINT32_MAX) {
            remap[i] = static_cast<std::uint32_t>(positions.size());
            positions.push_back(mesh.positions[i]);
        }
        i = remap[i];
    }
    mesh.positions = std::move(positions);
    mesh.normals.clear();
    mesh.fibres.clear();
}

} // namespace

bool addFasciaLayers(Body& body, const FasciaLayerOptions& options, std::vector<std::string>& notes,
                     const core::StageProgress& stage) {
    if (!stage.at(0.0f))
        return false;
    int skin = -1;
    std::vector<int> tissue;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const LayerKind layer = body.structures()[i].layer;
        if (layer == LayerKind::Skin && skin < 0)
            skin = static_cast<int>(i);
        else if (layer == LayerKind::Muscle || layer == LayerKind::Bone ||
                 layer == LayerKind::DeepFascia) // the atlas's own aponeuroses
            tissue.push_back(static_cast<int>(i));
    }
    if (skin < 0 || tissue.empty()) {
        notes.push_back("no fascia layers: the body needs a skin and muscles or bones");
        return true;
    }
    const core::Aabb skinBox = body.structures()[static_cast<size_t>(skin)].mesh.bounds();
    const float cell = options.cellM;
    core::Aabb box;
    box.extend(skinBox.min - glm::vec3(3.0f * cell));
    box.extend(skinBox.max + glm::vec3(3.0f * cell));
    // A body's size bounds the grids (about 16 million samples at 3 mm); a skin of another size
    // is not one the layers can be derived under.
    const glm::vec3 cells = box.size() / cell;
    if (!(skinBox.size().y > 0.5f && skinBox.size().y < 2.5f) ||
        double(cells.x) * double(cells.y) * double(cells.z) > 64e6) {
        notes.push_back("no fascia layers: the skin is not the size of a standing body");
        return true;
    }

    // The atlas's skin is a thin solid, its outer and inner surfaces a millimetre or two apart:
    // the body is what it encloses.
    SampleGrid skinDistance = emptyGrid(box, cell);
    signedDistanceToEnclosure(body, skin, skinDistance);
    if (!stage.at(0.15f))
        return false;
    SampleGrid tissueDistance = emptyGrid(box, cell);
    signedDistanceToUnion(body, tissue, tissueDistance);
    if (!stage.at(0.35f))
        return false;
    const size_t count = tissueDistance.values.size();

    // Closing: the tissue grown by the bridging radius, then shrunk back by it, fills the
    // grooves between muscles narrower than about twice the radius.
    const float radius = options.bridgeRadiusM;
    std::vector<char> grown(count);
    for (size_t i = 0; i < count; ++i)
        grown[i] = tissueDistance.values[i] <= radius;
    const std::vector<float> toShrunkBack = distanceToOutside(tissueDistance, grown);
    if (!stage.at(0.45f))
        return false;

    const float stature = skinBox.size().y;
    const SubcutaneousDepths& depths = SubcutaneousDepths::standard();
    SampleGrid deep = emptyGrid(box, cell);
    const float offset = options.deepOffsetM;
    const size_t slice = static_cast<size_t>(deep.nx) * static_cast<size_t>(deep.ny);
    core::parallelFor(static_cast<size_t>(deep.nz), [&](size_t z) {
        for (size_t i = z * slice; i < (z + 1) * slice; ++i) {
            const float toTissue = tissueDistance.values[i];
            // Outside muscle and bone by the offset, across the grooves.
            const float closed = std::min(toTissue - offset, (radius - offset) - toShrunkBack[i]);
            // On the grid it stays a cell and a quarter under the skin: a layer thinner than the
            // grid's cells would fall between its samples and tear. Where muscle or bone comes
            // closer to the skin than that, the sheet is moved out over it afterwards.
            deep.values[i] = std::max(closed, skinDistance.values[i] + 1.25f * cell);
        }
    });
    // The deep fascia wraps the body as seen from the skin: space between muscles deeper under
    // the skin than subcutaneous tissue reaches (the airway, the orbits, the skull and the
    // trunk's cavities, which this atlas leaves empty) is inside it, so a wide gap in a wall of
    // muscle is closed by a lid at that depth rather than lined all the way in.
    core::parallelFor(static_cast<size_t>(deep.nz), [&](size_t z) {
        for (size_t i = z * slice; i < (z + 1) * slice; ++i) {
            const size_t x = i % static_cast<size_t>(deep.nx);
            const size_t y = (i / static_cast<size_t>(deep.nx)) % static_cast<size_t>(deep.ny);
            const glm::vec3 p = box.min + glm::vec3(float(x), float(y), 0.0f) * cell;
            const float usual =
                depths.at((p.y - skinBox.min.y) / stature, std::abs(p.x) / stature).deepM;
            const float cavityDepth =
                std::max(options.cavityDepthFactor * usual, options.minCavityDepthM);
            if (deep.values[i] > 0.0f && skinDistance.values[i] < -cavityDepth)
                deep.values[i] = -std::max(deep.values[i], 0.5f * cell);
        }
    });

    auto layer = [&](SampleGrid& grid, const char* name, const char* displayName, LayerKind kind,
                     const char* latin) {
        Structure s;
        s.name = name;
        s.displayName = displayName;
        s.layer = kind;
        s.side = Side::Midline;
        s.info.latin = latin;
        s.info.region = "whole body";
        s.info.source = "derived over the atlas";
        s.mesh = meshSamples(grid, nullptr);
        grid.values = {};
        // Bubbles the meshing leaves in sealed pockets between muscles are dropped.
        keepLargestPiece(s.mesh);
        compact(s.mesh);
        // Vertices the meshing put at one place are joined (removing the triangles between them
        // instead would open the surface there).
        weldCoincidentVertices(s.mesh, 1e-7f);
        // The grid's steps smoothed away before the surface is simplified; the sheet is moved
        // clear of the tissue again afterwards.
        smoothSurface(s.mesh, 4);
        simplifySurface(s.mesh, options.simplifyErrorM, 0.05f);
        weldCoincidentVertices(s.mesh, 1e-7f);
        computeSmoothNormals(s.mesh);
        return s;
    };
    if (!stage.at(0.55f))
        return false;
    Structure deepFascia =
        layer(deep, "deep-fascia", "Deep fascia", LayerKind::DeepFascia, "Fascia profunda");
    if (!stage.at(0.7f))
        return false;

    // Meshing on the grid can cut a muscle's ridge between samples: the sheet is moved out
    // wherever a vertex of the muscles and bones it wraps lies too close under it.
    std::vector<glm::vec3> tissuePoints;
    for (int i : tissue) {
        const auto& positions = body.structures()[static_cast<size_t>(i)].mesh.positions;
        tissuePoints.insert(tissuePoints.end(), positions.begin(), positions.end());
    }
    const Structure& skinStructure = body.structures()[static_cast<size_t>(skin)];
    const TriangleGrid skinSurface({&skinStructure.mesh}, 0.005f);
    encloseWithClearance(deepFascia.mesh, tissuePoints, 0.5f * offset, skinSurface, 3.0f * cell, 8);
    if (!stage.at(0.8f))
        return false;

    // The superficial fascia: the deep fascia moved out to the region's depth under the skin,
    // between a third and two thirds of the way to it, so the two layers nest by construction.
    Structure superficialFascia;
    superficialFascia.name = "superficial-fascia";
    superficialFascia.displayName = "Superficial fascia";
    superficialFascia.layer = LayerKind::SuperficialFascia;
    superficialFascia.info = deepFascia.info;
    superficialFascia.info.latin = "Fascia superficialis";
    superficialFascia.mesh = offsetTowards(deepFascia.mesh, skinSurface, [&](const glm::vec3& p) {
        return depths.at((p.y - skinBox.min.y) / stature, std::abs(p.x) / stature).superficialM;
    });

    if (!stage.at(0.9f))
        return false;
    // Collagen directions. The deep fascia follows the muscle beneath it (its nearest muscle
    // vertex's fibre, laid into the sheet's plane); the superficial fascia circles the trunk
    // and limbs, as Langer's lines mostly do.
    std::vector<glm::vec3> musclePoints, muscleFibres;
    for (const Structure& s : body.structures())
        if (s.layer == LayerKind::Muscle && s.mesh.fibres.size() == s.mesh.positions.size()) {
            musclePoints.insert(musclePoints.end(), s.mesh.positions.begin(),
                                s.mesh.positions.end());
            muscleFibres.insert(muscleFibres.end(), s.mesh.fibres.begin(), s.mesh.fibres.end());
        }
    const PointGrid nearestMuscle(musclePoints, 0.01f);
    SurfaceMesh& dm = deepFascia.mesh;
    dm.fibres.resize(dm.positions.size());
    core::parallelFor(dm.positions.size(), [&](size_t v) {
        const std::int64_t m = nearestMuscle.nearest(dm.positions[v], 0.05f);
        const glm::vec3 along =
            m >= 0 ? muscleFibres[static_cast<size_t>(m)] : glm::vec3(0.0f, 1.0f, 0.0f);
        dm.fibres[v] = tangentDirection(along, dm.normals[v], glm::vec3(0, 1, 0));
    });
    // A sheet's collagen runs smoothly across the seams between the muscles beneath it; its
    // named regions have directions of their own.
    smoothDirections(dm, dm.fibres, 8);
    labelDeepFasciaRegions(body, deepFascia);
    SurfaceMesh& sm = superficialFascia.mesh;
    sm.fibres.resize(sm.positions.size());
    for (size_t v = 0; v < sm.positions.size(); ++v)
        sm.fibres[v] = tangentDirection(glm::cross(glm::vec3(0, 1, 0), sm.normals[v]),
                                        sm.normals[v], glm::vec3(1, 0, 0));

    if (!deepFascia.mesh.indices.empty())
        body.addStructure(std::move(deepFascia));
    if (!superficialFascia.mesh.indices.empty())
        body.addStructure(std::move(superficialFascia));
    return true;
}

} // namespace anatomy::atlas
