// app: `fascialab bodygen`, which writes the procedurally generated body as glTF.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace app {

int runBodygen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace app
