// app: the command line's choice of body when no MODEL file is given: `--body atlas` (the
// default) or `--body generated`, the generated body shaped by --height, --sex and --build.
#pragma once

#include "app/CliArguments.h"
#include "app/DefaultBody.h"
#include "core/Result.h"

#include <string>
#include <vector>

namespace app {

// The valued options every command that shows a body accepts.
const std::vector<std::string>& bodyOptions();

// A command's help with the body options' lines added before its exit codes.
std::string withBodyOptions(const char* help);

// The generated body's parameters from --height, --sex and --build (usage errors naming the
// option and the value).
core::Result<anatomy::gen::BodyParameters> generatedParameters(const Arguments& arguments);

// The choice the arguments make. A usage error when they name both a MODEL and --body, or shape
// a body (--height, --sex, --build) that is not the generated one.
core::Result<BodyChoice> bodyChoice(const Arguments& arguments);

} // namespace app
