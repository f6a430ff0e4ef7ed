#include "anatomy/Body.h"

#include <atomic>

namespace anatomy {

Body::Body() {
    static std::atomic<std::uint64_t> nextUid{1};
    m_uid = nextUid++;
}

std::string_view layerId(LayerKind kind) {
    switch (kind) {
    case LayerKind::Skin:
        return "skin";
    case LayerKind::SuperficialFascia:
        return "superficial-fascia";
    case LayerKind::DeepFascia:
        return "deep-fascia";
    case LayerKind::Muscle:
        return "muscle";
    case LayerKind::Bone:
        return "bone";
    case LayerKind::Other:
        return "unclassified";
    }
    return "unclassified";
}

std::string_view layerDisplayName(LayerKind kind) {
    switch (kind) {
    case LayerKind::Skin:
        return "Skin";
    case LayerKind::SuperficialFascia:
        return "Superficial fascia";
    case LayerKind::DeepFascia:
        return "Deep fascia";
    case LayerKind::Muscle:
        return "Muscle";
    case LayerKind::Bone:
        return "Bone";
    case LayerKind::Other:
        return "Unclassified";
    }
    return "Unclassified";
}

std::optional<LayerKind> layerFromId(std::string_view id) {
    for (LayerKind kind : kAllLayers)
        if (layerId(kind) == id)
            return kind;
    return std::nullopt;
}

core::Aabb SurfaceMesh::bounds() const {
    core::Aabb box;
    for (const glm::vec3& p : positions)
        box.extend(p);
    return box;
}

Structure& Body::addStructure(Structure structure) {
    m_structures.push_back(std::move(structure));
    return m_structures.back();
}

core::Aabb Body::bounds() const {
    core::Aabb box;
    for (const Structure& s : m_structures)
        box.extend(s.mesh.bounds());
    return box;
}

size_t Body::triangleCount() const {
    size_t n = 0;
    for (const Structure& s : m_structures)
        n += s.mesh.triangleCount();
    return n;
}

size_t Body::vertexCount() const {
    size_t n = 0;
    for (const Structure& s : m_structures)
        n += s.mesh.vertexCount();
    return n;
}

size_t Body::structureCount(LayerKind layer) const {
    size_t n = 0;
    for (const Structure& s : m_structures)
        n += s.layer == layer ? 1 : 0;
    return n;
}

int Body::findStructure(const std::string& name, Side side) const {
    for (size_t i = 0; i < m_structures.size(); ++i)
        if (m_structures[i].name == name && m_structures[i].side == side)
            return static_cast<int>(i);
    return -1;
}

std::vector<int> Body::findMuscle(const std::string& id, Side side) const {
    if (const int whole = findStructure(id, side); whole >= 0)
        return {whole};
    // A muscle that spans the midline (the diaphragm) is each side's muscle.
    if (side != Side::Midline)
        if (const int whole = findStructure(id, Side::Midline); whole >= 0)
            return {whole};
    std::vector<int> parts, group;
    for (size_t i = 0; i < m_structures.size(); ++i) {
        const Structure& s = m_structures[i];
        if (s.side != side)
            continue;
        if (s.info.muscle == id)
            parts.push_back(static_cast<int>(i));
        else if (s.info.group == id)
            group.push_back(static_cast<int>(i));
    }
    return parts.empty() ? group : parts;
}

std::array<std::pair<const char*, std::string*>, kAtlasFieldCount>
atlasFields(StructureInfo& info) {
    return {{{"latin", &info.latin},
             {"region", &info.region},
             {"origin", &info.origin},
             {"insertion", &info.insertion},
             {"action", &info.action},
             {"innervation", &info.innervation},
             {"muscle", &info.muscle},
             {"group", &info.group},
             {"fma", &info.fma},
             {"source", &info.source}}};
}

std::array<std::pair<const char*, const std::string*>, kAtlasFieldCount>
atlasFields(const StructureInfo& info) {
    auto fields = atlasFields(const_cast<StructureInfo&>(info));
    std::array<std::pair<const char*, const std::string*>, kAtlasFieldCount> out;
    for (size_t i = 0; i < fields.size(); ++i)
        out[i] = {fields[i].first, fields[i].second};
    return out;
}

std::string_view regionAt(const Structure& structure, std::uint32_t vertex) {
    if (vertex >= structure.vertexRegions.size())
        return {};
    const std::uint16_t region = structure.vertexRegions[vertex];
    return region < structure.regionNames.size() ? std::string_view(structure.regionNames[region])
                                                 : std::string_view();
}

std::string_view sideId(Side side) {
    switch (side) {
    case Side::Left:
        return "left";
    case Side::Right:
        return "right";
    case Side::Midline:
        return "midline";
    }
    return "midline";
}

std::optional<Side> sideFromId(std::string_view id) {
    for (Side side : {Side::Left, Side::Right, Side::Midline})
        if (sideId(side) == id)
            return side;
    return std::nullopt;
}

std::string structureKey(const Structure& structure) {
    return std::string(layerId(structure.layer)) + "/" + structure.name + "/" +
           std::string(sideId(structure.side));
}

int Body::findStructure(const std::string& name) const {
    for (size_t i = 0; i < m_structures.size(); ++i)
        if (m_structures[i].name == name)
            return static_cast<int>(i);
    return -1;
}

} // namespace anatomy
