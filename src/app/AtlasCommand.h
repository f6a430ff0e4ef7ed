// app: `fascialab atlas`, which builds the atlas body from BodyParts3D's parts and writes it as
// glTF, saying what it read and how long it took.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace app {

int runAtlasCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace app
