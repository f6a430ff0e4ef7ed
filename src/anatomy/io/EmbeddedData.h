// anatomy/io: data files from assets/anatomy/ that loading needs, compiled into the binary.
#pragma once

#include <span>
#include <string_view>

namespace anatomy::io {

struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

} // namespace anatomy::io
