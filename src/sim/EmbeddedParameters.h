// sim: the parameters data file, compiled into the binary.
#pragma once

#include <span>
#include <string_view>

namespace sim {

struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};

std::span<const EmbeddedFile> embeddedFiles();

inline std::string_view embeddedText(std::string_view name) {
    for (const EmbeddedFile& file : embeddedFiles())
        if (file.name == name)
            return file.text;
    return {};
}

} // namespace sim
