#include "app/Commands.h"

#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "app/Cli.h"
#include "app/BodyOptions.h"

#include <filesystem>
#include <ostream>

namespace app {
namespace {

constexpr const char* kBodygenHelp =
    R"(Usage: fascialab bodygen --out FILE.glb [--height M] [--sex male|female] [--build slim|average|muscular]

Writes the procedurally generated body as glTF 2.0 (.glb, or .gltf with the buffer
embedded). The same options always give the same bytes.
  --height M      stature in metres, 1.2 to 2.2 (default 1.75)
  --sex S         male (default) or female proportions
  --build B       slim, average (default) or muscular
  --out FILE      where to write; an existing file is kept as FILE.bak
Exit codes: 0 success, 1 usage error, 2 cannot write the file.
)";

} // namespace

int runBodygen(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(args, {"--out", "--height", "--sex", "--build"}, {"--help"});
    if (!parsed) {
        err << "fascialab bodygen: " << parsed.error().message << "\n" << kBodygenHelp;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << kBodygenHelp;
        return kExitOk;
    }
    auto usage = [&](const std::string& message) {
        err << "fascialab bodygen: " << message << "\n";
        return kExitUsage;
    };
    if (!parsed->positional.empty())
        return usage("unexpected argument '" + parsed->positional[0] + "'");
    if (!options.count("--out") || options["--out"].empty())
        return usage("--out FILE.glb is required");
    auto parameters = generatedParameters(*parsed);
    if (!parameters)
        return usage(parameters.error().message);
    // Check where the file goes before spending seconds on the body.
    const std::filesystem::path outPath(options["--out"]);
    std::error_code ec;
    if (outPath.has_parent_path() && !std::filesystem::is_directory(outPath.parent_path(), ec)) {
        err << "fascialab bodygen: " << outPath.string() << ": the folder "
            << outPath.parent_path().string() << " does not exist\n";
        return kExitBadInput;
    }
    const anatomy::Body body = anatomy::gen::generateBody(*parameters);
    if (auto saved = anatomy::io::saveGltf(body, options["--out"]); !saved) {
        err << "fascialab bodygen: " << saved.error().message << "\n";
        return exitCodeFor(saved.error());
    }
    out << "wrote " << options["--out"] << " (" << body.structures().size() << " structures, "
        << body.triangleCount() << " triangles)\n";
    return kExitOk;
}

} // namespace app
