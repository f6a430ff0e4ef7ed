// core: text files compiled into the binary (shaders, data files). Each module's list is
// generated at build time by cmake/EmbedFiles.cmake and declared in the module's own header.
#pragma once

#include <span>
#include <string_view>

namespace core {

struct EmbeddedFile {
    std::string_view name; // file name, e.g. "mesh.frag" or "muscles.json"
    std::string_view text;
};

// The text of the file called `name` in `files`; empty if there is none.
inline std::string_view findEmbedded(std::span<const EmbeddedFile> files, std::string_view name) {
    for (const EmbeddedFile& file : files)
        if (file.name == name)
            return file.text;
    return {};
}

} // namespace core
