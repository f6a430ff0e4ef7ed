// learn: the lessons' files (assets/lessons/), compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace learn {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace learn
