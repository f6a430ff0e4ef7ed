// core: reading whole files with errors that name the file.
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace core {

Result<std::vector<std::uint8_t>> readFileBytes(const std::filesystem::path& path);
// Lower-case extension without the dot ("glb", "obj").
std::string lowerExtension(const std::filesystem::path& path);

} // namespace core
