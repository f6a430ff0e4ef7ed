// anatomy/io: writing a Body as glTF 2.0 (.glb binary or .gltf with an embedded buffer).
// Each structure is a node named "<layer>/<id>/<side>" ("muscle/trapezius-upper/left") with its
// label and metadata in extras and fibre directions in the vertex attribute _FIBER, so FasciaLab
// reads its own files back exactly while other viewers see ordinary named meshes.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace anatomy::io {

// A named point written as an empty node (a glTF "empty") under a "FasciaLab marks" node, with
// its data in extras: trigger points and zone centres of a map, for other tools to read.
struct MarkNode {
    std::string name;
    glm::vec3 position{0.0f};
    std::vector<std::pair<std::string, std::variant<std::string, double>>> extras;
};

// Atomic: the previous file, if any, survives as `path.bak`.
core::Status saveGltf(const Body& body, const std::filesystem::path& path,
                      const std::vector<MarkNode>& marks = {});

// The file as bytes: binary glTF when `binary`, else JSON text with the buffer embedded.
core::Result<std::string> encodeGltf(const Body& body, bool binary,
                                     const std::vector<MarkNode>& marks = {});

} // namespace anatomy::io
