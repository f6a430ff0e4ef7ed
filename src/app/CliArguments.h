// app: the command line's shared parsing: arguments split into positionals and options, and
// errors mapped to the exit codes of the contract.
#pragma once

#include "core/Result.h"

#include <map>
#include <string>
#include <vector>

namespace app {

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options; // "--out" -> "a.png"; flags map to ""
};

// Splits argv into positionals and options; `valued` names the options that take a value.
core::Result<Arguments> parseArguments(const std::vector<std::string>& args,
                                       const std::vector<std::string>& valued,
                                       const std::vector<std::string>& flags);

// 1 for a usage error, 2 for bad input, 3 for an internal error.
int exitCodeFor(const core::Error& error);

} // namespace app
