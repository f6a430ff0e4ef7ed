// app: the command-line interface (viewer, info, render); exit codes as the contract says:
// 0 success, 1 usage error, 2 bad input, 3 internal error.
#pragma once

#include <iosfwd>

namespace app {

enum ExitCode { kExitOk = 0, kExitUsage = 1, kExitBadInput = 2, kExitInternal = 3 };

int runCli(int argc, char** argv, std::ostream& out, std::ostream& err);

} // namespace app
