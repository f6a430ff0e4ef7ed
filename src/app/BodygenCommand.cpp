#include "app/BodygenCommand.h"

#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "app/Cli.h"
#include "app/CliArguments.h"

#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace app {
namespace {

constexpr const char* kBodygenHelp =
    R"(Usage: fascialab bodygen --out FILE.glb [--height M] [--sex male|female] [--build slim|average|muscular]

Writes the procedurally generated default body as glTF 2.0 (.glb, or .gltf with the buffer
embedded). The same options always give the same bytes.
  --height M      stature in metres, 1.2 to 2.2 (default 1.75)
  --sex S         male (default) or female proportions
  --build B       slim, average (default) or muscular
  --out FILE      where to write; an existing file is kept as FILE.bak
Exit codes: 0 success, 1 usage error, 2 cannot write the file.
)";

} // namespace

int runBodygen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
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
    anatomy::gen::BodyParameters parameters;
    if (options.count("--height")) {
        const std::string& text = options["--height"];
        char* end = nullptr;
        parameters.heightM = std::strtof(text.c_str(), &end);
        if (text.empty() || *end != '\0')
            return usage("--height must be a number of metres, not '" + text + "'");
    }
    if (options.count("--sex")) {
        const std::string& sex = options["--sex"];
        if (sex != "male" && sex != "female")
            return usage("--sex must be male or female, not '" + sex + "'");
        parameters.sex = sex == "male" ? anatomy::gen::Sex::Male : anatomy::gen::Sex::Female;
    }
    if (options.count("--build")) {
        const std::string& build = options["--build"];
        if (build == "slim")
            parameters.build = anatomy::gen::Build::Slim;
        else if (build == "average")
            parameters.build = anatomy::gen::Build::Average;
        else if (build == "muscular")
            parameters.build = anatomy::gen::Build::Muscular;
        else
            return usage("--build must be slim, average or muscular, not '" + build + "'");
    }
    if (auto valid = anatomy::gen::validate(parameters); !valid)
        return usage("--" + valid.error().message);
    // Check where the file goes before spending seconds on the body.
    const std::filesystem::path outPath(options["--out"]);
    std::error_code ec;
    if (outPath.has_parent_path() && !std::filesystem::is_directory(outPath.parent_path(), ec)) {
        err << "fascialab bodygen: " << outPath.string() << ": the folder "
            << outPath.parent_path().string() << " does not exist\n";
        return kExitBadInput;
    }
    const anatomy::Body body = anatomy::gen::generateBody(parameters);
    if (auto saved = anatomy::io::saveGltf(body, options["--out"]); !saved) {
        err << "fascialab bodygen: " << saved.error().message << "\n";
        return exitCodeFor(saved.error());
    }
    out << "wrote " << options["--out"] << " (" << body.structures().size() << " structures, "
        << body.triangleCount() << " triangles)\n";
    return kExitOk;
}

} // namespace app
