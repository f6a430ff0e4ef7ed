#include "app/Commands.h"

#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/io/GltfWriter.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/DefaultBody.h"

#include <chrono>
#include <cstdio>
#include <ostream>

namespace app {
namespace {

constexpr const char* kAtlasHelp = R"(Usage: fascialab atlas --out FILE.glb [--atlas-dir DIR]

Builds the atlas body from the BodyParts3D parts (third_party/bodyparts3d, or DIR, or
$FASCIALAB_ATLAS_DIR): every muscle, bone, cartilage, ligament and tendon part and the skin, each
a structure in its layer, muscles named, grouped and described by FMA id, with fibre directions
from each muscle's shape. Writes it as glTF (node names <layer>/<structure-id>/<side>) and prints
what it read. The body is an adaptation of BodyParts3D (CC BY-SA 2.1 Japan) and shared alike.
Exit codes: 0 success, 1 usage error, 2 bad input (the atlas missing or damaged), 3 internal error.
)";

} // namespace

int runAtlasCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(args, {"--out", "--atlas-dir"}, {"--help"});
    if (!parsed) {
        err << "fascialab atlas: " << parsed.error().message << "\n" << kAtlasHelp;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << kAtlasHelp;
        return kExitOk;
    }
    if (!parsed->positional.empty()) {
        err << "fascialab atlas: unexpected argument '" << parsed->positional[0] << "'\n"
            << kAtlasHelp;
        return kExitUsage;
    }
    const std::string outPath = options["--out"];
    if (outPath.empty()) {
        err << "fascialab atlas: --out FILE.glb is required\n" << kAtlasHelp;
        return kExitUsage;
    }
    std::filesystem::path dir = options["--atlas-dir"];
    if (dir.empty())
        dir = atlasDirectory();
    if (dir.empty()) {
        err << "fascialab atlas: no atlas found (third_party/bodyparts3d or "
               "$FASCIALAB_ATLAS_DIR)\n";
        return kExitBadInput;
    }
    const auto start = std::chrono::steady_clock::now();
    anatomy::atlas::AtlasBuildReport report;
    auto body = anatomy::atlas::buildAtlasBody(dir, {}, &report);
    if (!body) {
        err << "fascialab atlas: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (auto saved = anatomy::io::saveGltf(*body, outPath); !saved) {
        err << "fascialab atlas: " << saved.error().message << "\n";
        return kExitBadInput;
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "%zu parts read (%zu triangles) -> %zu structures, %zu triangles, in %.1f s\n",
                  report.partsRead, report.trianglesRead, report.structures, report.triangles,
                  seconds);
    out << line;
    for (const std::string& note : report.notes)
        out << "  " << note << "\n";
    out << "wrote " << outPath << "\n";
    return kExitOk;
}

} // namespace app
