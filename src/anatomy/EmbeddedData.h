// anatomy: data files from assets/anatomy/ shared by loading and generating, compiled into the
// binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace anatomy {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace anatomy
