// app: `fascialab export`, a body as glTF 2.0 with a map's marks as named nodes.
#include "app/Commands.h"

#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "anatomy/io/GltfWriter.h"
#include "app/BodyOptions.h"
#include "app/MapRender.h"
#include "core/FileUtil.h"

#include <ostream>

namespace app {
namespace {

constexpr const char* kExportHelp =
    R"help(Usage: fascialab export [--map FILE [--session N]] --out FILE.glb [MODEL]

Writes the body (MODEL, or the default body) as glTF 2.0 with every layer, each structure a node
named <layer>/<structure>/<side>. With --map, the map's marks come too: each trigger point and
each referred-pain zone centre is a named node ("trigger-point/Upper trapezius TrP1 (left)")
under "FasciaLab marks", its data (state, severity, notes, structure, ...) in extras.
  --map FILE           a trigger-point map (.fascia.json) whose marks to write
  --session N          which session, 1 = the first (default: the latest)
Exit codes: 0 success, 1 usage error, 2 bad input.
)help";

} // namespace

int runExport(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseMapCommand(args, {"--session"}, "export", withBodyOptions(kExportHelp),
                                  "FILE.glb", false, out, err);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    Arguments& arguments = std::get<Arguments>(parsed);
    auto& options = arguments.options;
    auto usage = [&](const std::string& message) {
        err << "fascialab export: " << message << "\n";
        return kExitUsage;
    };
    const std::string ext = core::lowerExtension(options["--out"]);
    if (ext != "glb" && ext != "gltf")
        return usage("--out: the file name must end in .glb or .gltf");
    if (options.count("--session") && !options.count("--map"))
        return usage("--session needs --map");
    if (!options.count("--map")) {
        auto body = loadBodyArgument(arguments);
        if (!body) {
            err << "fascialab export: " << body.error().message << "\n";
            return exitCodeFor(body.error());
        }
        if (auto saved = anatomy::io::saveGltf(*body, options["--out"]); !saved) {
            err << "fascialab export: " << saved.error().message << "\n";
            return exitCodeFor(saved.error());
        }
        out << "wrote " << options["--out"] << " (" << body->structures().size()
            << " structures, " << body->triangleCount() << " triangles)\n";
        return kExitOk;
    }
    auto loaded = loadBodyAndMap(arguments, options["--map"], err, "export");
    if (!loaded) {
        err << "fascialab export: " << loaded.error().message << "\n";
        return exitCodeFor(loaded.error());
    }
    const anatomy::Body& body = loaded->body;
    const annotate::MapDocument* document = &loaded->map;
    auto session = sessionArgument(options, *document);
    if (!session)
        return usage(session.error().message);
    const auto marks = markNodes(body, *document, *session);
    if (auto saved = anatomy::io::saveGltf(body, options["--out"], marks); !saved) {
        err << "fascialab export: " << saved.error().message << "\n";
        return exitCodeFor(saved.error());
    }
    out << "wrote " << options["--out"] << " (" << marks.size() << " marks)\n";
    return kExitOk;
}

} // namespace app
