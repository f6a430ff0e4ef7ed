// anatomy/io internals: the format readers behind loadModel. Each returns raw parts in the
// file's own units and axes; Normalize.h brings them to the body convention.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "core/TaskProgress.h"

#include <glm/mat3x3.hpp>

#include <filesystem>
#include <optional>
#include <vector>

namespace anatomy::io {

struct RawModel {
    Body body; // structures with positions in file units, world transforms already applied
    // What the file declares about itself; empty when it says nothing (OBJ, STL, PLY).
    std::optional<float> metresPerUnit;
    std::optional<glm::mat3> toYUpBasis; // maps file axes to +Y up, facing +Z
    std::string formatName;
    // Structures whose file says their layer and side (our own glTF extras); the rest are
    // classified from their names.
    std::vector<bool> layerDeclared;
};

// `progress` (optional) hears the stages and may cancel the read (core/TaskProgress.h).
core::Result<RawModel> readGltf(const std::filesystem::path& path,
                                core::TaskProgress* progress = nullptr);
// Any format Assimp reads, its declared sizes checked first, imported in a child process with a
// time limit (ContainedImport.h).
core::Result<RawModel> readWithAssimp(const std::filesystem::path& path,
                                      core::TaskProgress* progress = nullptr);
// The import itself, in this process: what readWithAssimp's child process runs.
core::Result<RawModel> importWithAssimp(const std::filesystem::path& path);

} // namespace anatomy::io
