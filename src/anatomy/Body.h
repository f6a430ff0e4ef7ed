// anatomy: a Body is layers of named structures, each a triangle surface mesh in metres
// (right-handed, +Y up, facing +Z). CPU-owned; renderers mirror it through `revision`.
#pragma once

#include "anatomy/Layer.h"
#include "core/MathUtil.h"

#include <cstdint>
#include <string>
#include <vector>

namespace anatomy {

struct SurfaceMesh {
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> normals;     // per vertex, unit length, same size as positions
    std::vector<std::uint32_t> indices; // three per triangle, counter-clockwise seen from outside

    size_t vertexCount() const { return positions.size(); }
    size_t triangleCount() const { return indices.size() / 3; }
    core::Aabb bounds() const;
};

enum class Side { Midline, Left, Right };

struct Structure {
    std::string name;        // stable identifier, as in the source file ("VH_M_skin")
    std::string displayName; // what the user reads ("Skin of body")
    LayerKind layer = LayerKind::Other;
    Side side = Side::Midline;
    SurfaceMesh mesh;
    // Bumped whenever mesh data changes, so GPU mirrors know to re-upload.
    std::uint64_t revision = 1;
};

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
    // Index of the structure with this name, or -1.
    int findStructure(const std::string& name) const;

    // Where the body came from and what the loader did to it (unit and axis conversions),
    // in words a user can read.
    std::string sourcePath;
    std::vector<std::string> importNotes;

private:
    std::vector<Structure> m_structures;
    std::uint64_t m_uid;
};

} // namespace anatomy
