// core: saving a file so that a crash or a full disk never loses the previous copy.
#pragma once

#include "core/Result.h"

#include <filesystem>
#include <span>
#include <string_view>

namespace core {

// Writes to a temporary file of its own beside `path` (`path.tmp.XXXXXX`), flushes it to disk,
// keeps the previous version as `path.bak`, renames the temporary over `path` and flushes the
// folder. A process killed at any instant leaves `path` whole, old or new, and the temporary it
// left is removed by the next save of `path`; on failure (a full disk, a read-only folder)
// `path` is untouched, no temporary is left, and the error names `path` and the reason.
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);
Status writeFileAtomically(const std::filesystem::path& path, std::string_view text);

} // namespace core
