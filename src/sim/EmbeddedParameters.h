// sim: the parameters data file, compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace sim {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace sim
