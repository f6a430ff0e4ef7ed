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

// The text of one embedded file by name ("muscles.json"); empty if there is none.
inline std::string_view embeddedText(std::string_view name) {
    for (const EmbeddedFile& file : embeddedFiles())
        if (file.name == name)
            return file.text;
    return {};
}

} // namespace anatomy::gen
