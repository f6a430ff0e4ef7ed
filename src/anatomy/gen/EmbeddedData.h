// anatomy/gen: data files from assets/anatomy/, compiled into the binary.
#pragma once

#include <span>
#include <string_view>

namespace anatomy::gen {

struct EmbeddedFile {
    std::string_view name; // file name, e.g. "skeleton.json"
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

} // namespace anatomy::gen
