// render: shader sources compiled into the binary from the files in shaders/.
#pragma once

#include "core/EmbeddedFile.h"

namespace render {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace render
