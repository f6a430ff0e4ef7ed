// render: shader sources compiled into the binary from the files in shaders/.
#pragma once

#include <span>
#include <string_view>

namespace render {

struct EmbeddedFile {
    std::string_view name; // file name, e.g. "mesh.frag"
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

} // namespace render
