#include "app/CliArguments.h"

#include "app/Cli.h"
#include "app/ProgressLine.h"

#include <algorithm>

namespace app {

core::Result<Arguments> parseArguments(const std::vector<std::string>& args,
                                       const std::vector<std::string>& valued,
                                       const std::vector<std::string>& flags) {
    Arguments parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            parsed.positional.push_back(arg);
            continue;
        }
        std::string name = arg, value;
        bool hasInlineValue = false;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            hasInlineValue = true;
        }
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            parsed.options[name] = "";
        } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
            if (!hasInlineValue) {
                if (i + 1 >= args.size())
                    return core::usageError("option " + name + " needs a value");
                value = args[++i];
            }
            parsed.options[name] = value;
        } else {
            return core::usageError("unknown option " + name);
        }
    }
    return parsed;
}

int exitCodeFor(const core::Error& error) {
    switch (error.kind) {
    case core::ErrorKind::Usage:
        return kExitUsage;
    case core::ErrorKind::BadInput:
        return kExitBadInput;
    case core::ErrorKind::Internal:
        return kExitInternal;
    case core::ErrorKind::Cancelled:
        return kExitCancelled;
    }
    return kExitInternal;
}

} // namespace app
