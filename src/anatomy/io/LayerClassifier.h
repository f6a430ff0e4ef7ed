// anatomy/io: guessing an imported part's tissue layer and side from its name and label.
#pragma once

#include "anatomy/Body.h"

#include <string>
#include <string_view>

namespace anatomy::io {

LayerKind classifyLayer(std::string_view name, std::string_view label = {});
Side classifySide(std::string_view name, std::string_view label = {});
// "VH_M_rectus_femoris_R" -> "Rectus femoris R"; used when a file gives no label.
std::string displayNameFromIdentifier(std::string_view name);

} // namespace anatomy::io
