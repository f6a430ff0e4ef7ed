#include "app/AtlasCommand.h"

#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/io/GltfWriter.h"
#include "app/Cli.h"
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

int runAtlasCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string outPath;
    std::filesystem::path dir;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--help") {
            out << kAtlasHelp;
            return kExitOk;
        }
        if ((args[i] == "--out" || args[i] == "--atlas-dir") && i + 1 < args.size()) {
            if (args[i] == "--out")
                outPath = args[i + 1];
            else
                dir = args[i + 1];
            ++i;
            continue;
        }
        err << "fascialab atlas: unexpected argument '" << args[i] << "'\n" << kAtlasHelp;
        return kExitUsage;
    }
    if (outPath.empty()) {
        err << "fascialab atlas: --out FILE.glb is required\n" << kAtlasHelp;
        return kExitUsage;
    }
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
        return body.error().kind == core::ErrorKind::Internal ? kExitInternal : kExitBadInput;
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
