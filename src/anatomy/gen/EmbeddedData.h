// anatomy/gen: data files from assets/anatomy/, compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace anatomy::gen {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace anatomy::gen
