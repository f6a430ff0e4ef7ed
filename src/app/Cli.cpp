#include "app/Cli.h"

#include "app/Commands.h"
#include "core/Limits.h"

#include <ostream>
#include <string>
#include <vector>

namespace app {
namespace {

constexpr const char* kMainHelp = R"(FasciaLab — interactive 3D anatomy and fascia visualizer.
A teaching and communication tool, not a diagnostic device.

Usage:
  fascialab [MODEL] [--map FILE] [--screenshot FILE.png]
                                                 open the viewer (the default body when no MODEL)
  fascialab info MODEL [--json]                  layers, structures, counts
  fascialab render [MODEL] [--view VIEW] [--layers LIST] [--opacity LIST] [--size WxH] [...]
                 --out FILE.png                 a headless image (see render --help)
  fascialab handout --map FILE --out FILE.pdf [MODEL]   the patient handout (PDF)
  fascialab export [--map FILE] --out FILE.glb [MODEL] the body (with the map's marks) as glTF
  fascialab simulate [MODEL] [--map FILE] --tool TOOL --technique passive|active|stretch
                 --at TARGET --pressure KPA --seconds S [--csv FILE] [--out-map FILE]
                                                 a treatment on the fascia, headless (see simulate --help)
  fascialab library [--json] [--pain-at PLACE] [--places] [--check DIR]
                                                 the trigger-point library; where it hurts (see library --help)
  fascialab lessons [--json] [--check DIR]       the guided lessons; a teacher's lessons checked
  fascialab quiz [--seed N] [--questions K] [--region R] [--answers FILE] [--profile NAME]
                                                 a quiz, headless: its questions, or answers scored (see quiz --help)
  fascialab palpate --region R [--seed N] [--count K] [--press x,y,z] [--guesses FILE]
                                                 palpation practice, headless (see palpate --help)
  fascialab bodygen --out FILE.glb [--height M] [--sex male|female] [--build slim|average|muscular]
  fascialab atlas --out FILE.glb [--atlas-dir DIR]   the atlas body from BodyParts3D, as glTF
  fascialab COMMAND --help                       help on one command

MODEL is a glTF 2.0 file (.gltf, .glb) or anything Assimp reads (.obj, .fbx, .dae, .stl, .ply, ...).
Without a MODEL, commands show the default body: the layered atlas body built from BodyParts3D.
--body generated shows the procedurally generated body instead (with --height, --sex, --build).
--limit NAME=VALUE (any command, repeatable) raises a limit that keeps a broken file from
exhausting memory or time: map-mb (64), map-sessions (10000), map-marks (10000),
import-seconds (60), draco-million (64); FASCIALAB_LIMITS="NAME=VALUE,..." does the same for
every run, the viewer too.
Exit codes: 0 success, 1 usage error, 2 bad input, 3 internal error.
)";

} // namespace

int runCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // --limit NAME=VALUE, anywhere and for any command, raises a limit for this run only.
    const core::LimitsScope limits;
    for (size_t i = 0; i < args.size();) {
        if (args[i] != "--limit") {
            ++i;
            continue;
        }
        if (i + 1 >= args.size()) {
            err << "fascialab: --limit needs NAME=VALUE\n";
            return kExitUsage;
        }
        if (auto set = core::setLimits(args[i + 1], "--limit"); !set) {
            err << "fascialab: " << set.error().message << "\n";
            return kExitUsage;
        }
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                   args.begin() + static_cast<std::ptrdiff_t>(i + 2));
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
        out << kMainHelp;
        return kExitOk;
    }
    if (!args.empty() && args[0] == "--version") {
        out << "fascialab 0.1.0\n";
        return kExitOk;
    }
    const std::string command = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (command == "info")
        return runInfo(rest, out, err);
    if (command == "render")
        return runRender(rest, out, err);
    if (command == "bodygen")
        return runBodygen(rest, out, err);
    if (command == "atlas")
        return runAtlasCommand(rest, out, err);
    if (command == "handout")
        return runHandout(rest, out, err);
    if (command == "export")
        return runExport(rest, out, err);
    if (command == "simulate")
        return runSimulate(rest, out, err);
    if (command == "library")
        return runLibrary(rest, out, err);
    if (command == "lessons")
        return runLessons(rest, out, err);
    if (command == "quiz")
        return runQuiz(rest, out, err);
    if (command == "palpate")
        return runPalpate(rest, out, err);
    return runViewerCommand(args, out, err);
}

} // namespace app
