// Runs the command-line interface in-process, as a user's shell would, capturing its output.
#pragma once

#include "app/Cli.h"

#include <sstream>
#include <string>
#include <vector>

namespace test {

struct CliRun {
    int code;
    std::string out, err;
};

inline CliRun runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "fascialab");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    std::ostringstream out, err;
    const int code = app::runCli(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
}

} // namespace test
