// app: `fascialab [MODEL]`, the interactive viewer's command line.
#include "app/Commands.h"

#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "app/Viewer.h"
#include "learn/Lesson.h"

#include <ostream>

namespace app {
namespace {

constexpr const char* kViewerHelp =
    R"(Usage: fascialab [MODEL] [--map FILE] [--lesson ID[:STEP]] [--screenshot FILE.png]

Opens the viewer on MODEL, or on the default body (the atlas body) when no MODEL is given.
  --map FILE              open a trigger-point map (.fascia.json) on it
  --lesson ID[:STEP]      open the Learn tab on a guided lesson (fascialab lessons lists them),
                          at its first step or STEP
  --screenshot FILE.png   render the first frames, save the window to FILE.png and quit
Mouse: left-drag orbits, right-drag or shift-drag pans, the wheel zooms, click selects.
Keys: 1-5 view presets, F frames the body, Ctrl+O opens a model, F12 saves a screenshot.
)";

} // namespace

int runViewerCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--screenshot", "--map", "--lesson"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--help"});
    if (!parsed) {
        err << "fascialab: " << parsed.error().message << "\n" << withBodyOptions(kViewerHelp);
        return kExitUsage;
    }
    if (parsed->options.count("--help")) {
        out << withBodyOptions(kViewerHelp);
        return kExitOk;
    }
    if (parsed->positional.size() > 1) {
        err << "fascialab: expected at most one MODEL\n" << withBodyOptions(kViewerHelp);
        return kExitUsage;
    }
    auto choice = bodyChoice(*parsed);
    if (!choice) {
        err << "fascialab: " << choice.error().message << "\n";
        return kExitUsage;
    }
    ViewerOptions options;
    options.body = *choice;
    if (parsed->options.count("--map"))
        options.mapPath = parsed->options["--map"];
    if (!parsed->positional.empty())
        options.modelPath = parsed->positional[0];
    if (parsed->options.count("--lesson")) {
        options.lesson = parsed->options["--lesson"];
        const std::string id = options.lesson.substr(0, options.lesson.rfind(':'));
        if (!learn::builtInLessons().find(id)) {
            err << "fascialab: --lesson: no lesson \"" << id
                << "\" (fascialab lessons lists them)\n";
            return kExitUsage;
        }
    }
    if (parsed->options.count("--screenshot"))
        options.screenshotAndQuit = parsed->options["--screenshot"];
    auto result = runViewer(options);
    if (!result) {
        err << "fascialab: " << result.error().message << "\n";
        return exitCodeFor(result.error());
    }
    return kExitOk;
}

} // namespace app
