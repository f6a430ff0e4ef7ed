// anatomy/io: data files from assets/anatomy/ that loading needs, compiled into the binary.
#pragma once

#include "core/EmbeddedFile.h"

namespace anatomy::io {

// Look a file up with core::findEmbedded(embeddedFiles(), "name").
std::span<const core::EmbeddedFile> embeddedFiles();

} // namespace anatomy::io
