// anatomy/io: the element counts a model file declares in its header, checked against the file's
// size before an importer trusts them. Assimp allocates what OFF and PLY headers declare before
// reading a single element, so "2000000000 vertices" in a 20-byte file would have it allocate
// and zero tens of gigabytes.
#pragma once

#include "core/Result.h"

#include <filesystem>

namespace anatomy::io {

// Ok unless the file (by its extension: .off, .ply) declares more elements than its size can
// hold, or declares vertices but no faces; the error names the file, the count and the limit.
// Formats without declared counts are always Ok.
core::Status checkDeclaredSizes(const std::filesystem::path& path);

} // namespace anatomy::io
