// anatomy: data files from assets/anatomy/ shared by loading and generating, compiled into the
// binary.
#pragma once

#include <span>
#include <string_view>

namespace anatomy {

struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

} // namespace anatomy
