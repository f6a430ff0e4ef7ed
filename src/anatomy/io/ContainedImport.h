// anatomy/io: a third-party importer run in a child process, so that a model which crashes it or
// keeps it busy forever costs the user an error message, not the viewer and the open map.
#pragma once

#include "anatomy/io/Readers.h"

#include <chrono>
#include <filesystem>
#include <functional>

namespace anatomy::io {

using Importer = std::function<core::Result<RawModel>(const std::filesystem::path&)>;

// How long an import may run: 60 s unless raised (core/Limits.h: import-seconds; also
// FASCIALAB_IMPORT_TIME_LIMIT_S).
std::chrono::milliseconds importTimeLimit();

// Runs `import` on `path` in a forked child process and hands back what it read (structure
// names and meshes, import notes, units and axes). A child that crashes, runs past `timeLimit`
// (it is then killed) or exits without an answer gives an error naming the file and what
// happened. Where processes cannot be forked, the import runs in this process. A cancel on
// `progress` (optional) kills the child within a tenth of a second.
core::Result<RawModel> importContained(const std::filesystem::path& path, const Importer& import,
                                       std::chrono::milliseconds timeLimit,
                                       core::TaskProgress* progress = nullptr);

} // namespace anatomy::io
