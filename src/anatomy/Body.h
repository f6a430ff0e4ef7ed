// anatomy: a Body is layers of named structures, each a triangle surface mesh in metres
// (right-handed, +Y up, facing +Z). CPU-owned; renderers mirror it through `revision`.
#pragma once

#include "anatomy/Layer.h"
#include "core/MathUtil.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anatomy {

struct SurfaceMesh {
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> normals;     // per vertex, unit length, same size as positions
    std::vector<std::uint32_t> indices; // three per triangle, counter-clockwise seen from outside
    // Per-vertex unit tangent along the tissue's fibres (muscle: origin to insertion; fascia:
    // collagen direction); empty when unknown, as for most imported models.
    std::vector<glm::vec3> fibres;
    // Per-vertex unit tangent of a second, deeper collagen lamina crossing the first, where the
    // tissue has one (the thoracolumbar fascia's two laminae, which cross as a lattice); zero
    // elsewhere. Empty when no vertex has one.
    std::vector<glm::vec3> deepLaminaFibres;

    size_t vertexCount() const { return positions.size(); }
    size_t triangleCount() const { return indices.size() / 3; }
    core::Aabb bounds() const;
};

enum class Side { Midline, Left, Right };

// What an atlas says about a structure, in our own words; empty where unknown (imported parts).
struct StructureInfo {
    std::string latin;  // Terminologia Anatomica name
    std::string region; // "upper back", "thigh", ...
    std::string origin; // muscles: a sentence each
    std::string insertion;
    std::string action;
    std::string innervation;
    // The muscle a part belongs to ("trapezius" for "trapezius-upper"; the muscle's own id for
    // a muscle in one piece), so a click, search or trigger point can name either.
    std::string muscle;
    // The group a muscle is taught and treated in ("suboccipitals", "forearm-extensors"), where
    // it has one.
    std::string group;
    std::string fma;    // Foundational Model of Anatomy id of the atlas concept ("FMA33586")
    std::string source; // where the mesh comes from ("BodyParts3D FJ1521", "modelled, not from
                        // the atlas", "generated")
};

// The fields by their file names ("latin", "origin", ...), for readers and writers.
inline constexpr size_t kAtlasFieldCount = 10;
std::array<std::pair<const char*, std::string*>, kAtlasFieldCount> atlasFields(StructureInfo& info);
std::array<std::pair<const char*, const std::string*>, kAtlasFieldCount>
atlasFields(const StructureInfo& info);

struct Structure {
    // Stable identifier: ours are kebab-case ("trapezius-upper"), imported ones keep the file's
    // name ("VH_M_skin"). Unique together with layer and side.
    std::string name;
    std::string displayName; // what the user reads ("Skin of body")
    LayerKind layer = LayerKind::Other;
    Side side = Side::Midline;
    StructureInfo info;
    SurfaceMesh mesh;
    // The named regions of one continuous surface (the deep fascia's thoracolumbar fascia,
    // fascia lata, ...): each vertex's index into `regionNames`. Both empty when the structure
    // is one region; code that changes the mesh's vertices must keep them in step.
    std::vector<std::string> regionNames{};
    std::vector<std::uint16_t> vertexRegions{};
    // Bumped whenever mesh data changes, so GPU mirrors know to re-upload.
    std::uint64_t revision = 1;
};

// The name of the region of `structure` at `vertex`; empty when it has no regions.
std::string_view regionAt(const Structure& structure, std::uint32_t vertex);

std::string_view sideId(Side side); // "left", "right", "midline"
std::optional<Side> sideFromId(std::string_view id);
// "<layer>/<name>/<side>", e.g. "muscle/trapezius-upper/left": how files name our structures.
std::string structureKey(const Structure& structure);

class Body {
public:
    Body();
    // Identifies this body for GPU caches; a loaded or generated body gets a new one.
    std::uint64_t uid() const { return m_uid; }
    std::vector<Structure>& structures() { return m_structures; }
    const std::vector<Structure>& structures() const { return m_structures; }
    Structure& addStructure(Structure structure);

    core::Aabb bounds() const;
    size_t triangleCount() const;
    size_t vertexCount() const;
    size_t structureCount(LayerKind layer) const;
    // Index of the first structure with this name (and side, if given), or -1.
    int findStructure(const std::string& name) const;
    int findStructure(const std::string& name, Side side) const;
    // The structures on `side` a muscle's id names: the structure of that name, else every part
    // of the muscle (info.muscle), else every muscle of the group (info.group); a muscle on the
    // midline (the diaphragm) is found for either side. Empty when none.
    std::vector<int> findMuscle(const std::string& id, Side side) const;

    // Where the body came from and what the loader did to it (unit and axis conversions),
    // in words a user can read.
    std::string sourcePath;
    std::vector<std::string> importNotes;

private:
    std::vector<Structure> m_structures;
    std::uint64_t m_uid;
};

} // namespace anatomy
