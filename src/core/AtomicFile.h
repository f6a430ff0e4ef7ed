// core: saving a file so that a crash or a full disk never loses the previous copy.
#pragma once

#include "core/Result.h"

#include <filesystem>
#include <span>
#include <string_view>

namespace core {

// Writes to a temporary file beside `path`, flushes it to disk, keeps the previous version as
// `path.bak` and renames the temporary over `path`. On failure `path` is untouched.
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);
Status writeFileAtomically(const std::filesystem::path& path, std::string_view text);

} // namespace core
