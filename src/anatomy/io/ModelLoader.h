// anatomy/io: loading any supported model file into a Body: glTF 2.0 through tinygltf, glTF 1.0
// and every other format Assimp reads through Assimp (in a child process with a time limit),
// normalised to metres, +Y up, facing +Z. A model reads nothing outside its own folder.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "core/TaskProgress.h"

#include <filesystem>
#include <string_view>

namespace anatomy::io {

// Reads a model. A bad file gives an Error naming the file and the reason; never throws.
// `progress` (optional) hears each stage and may cancel: the load then stops at its next
// checkpoint (a mesh, a stage, a tenth of a second of an import) with a Cancelled error.
core::Result<Body> loadModel(const std::filesystem::path& path,
                             core::TaskProgress* progress = nullptr);

// A glTF file's meshes as the file has them (metres and +Y up by the specification, node
// transforms applied), without classification or derived layers: for code that assembles a
// body from parts it knows, such as the atlas's.
core::Result<Body> loadGltfGeometry(const std::filesystem::path& path);

// True for extensions this build can open (".glb", ".obj", ...), for file dialogs and drops.
bool isSupportedModelExtension(std::string_view extensionWithoutDot);

} // namespace anatomy::io
