// annotate: the reference library's files (assets/library/), compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace annotate {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace annotate
