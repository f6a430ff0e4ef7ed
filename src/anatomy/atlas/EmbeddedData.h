// anatomy/atlas: data files from assets/anatomy/, compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace anatomy::atlas {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace anatomy::atlas
