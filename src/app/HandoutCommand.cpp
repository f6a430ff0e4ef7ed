// app: `fascialab handout`, the patient handout (PDF) of a map's latest session.
#include "app/Commands.h"

#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "app/HandoutJob.h"
#include "app/ProgressLine.h"
#include "core/FileUtil.h"
#include "platform/HeadlessContext.h"
#include "render/Renderer.h"

#include <ostream>

namespace app {
namespace {

constexpr const char* kHandoutHelp = R"(Usage: fascialab handout --map FILE --out FILE.pdf [MODEL]

Writes a handout for the client as a PDF: their name and the date of the latest session, the
body from behind and from the front with the trigger points and where their pain is felt, a
legend, each point in plain words with its self-care, the plan, and a short note that this is
education, not diagnosis. MODEL is the body the map was made on (default: the default body).
An existing FILE.pdf is kept as FILE.pdf.bak.
Its stages are shown on stderr when it is a terminal; Ctrl-C stops it, writing nothing.
Exit codes: 0 success, 1 usage error, 2 bad input (map or model), 3 internal error (no OpenGL),
130 cancelled.
)";

} // namespace

int runHandout(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseMapCommand(args, {}, "handout", withBodyOptions(kHandoutHelp), "FILE.pdf",
                                  true, out, err);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    Arguments& arguments = std::get<Arguments>(parsed);
    auto& options = arguments.options;
    auto usage = [&](const std::string& message) {
        err << "fascialab handout: " << message << "\n";
        return kExitUsage;
    };
    if (core::lowerExtension(options["--out"]) != "pdf")
        return usage("--out: the handout is a PDF; the file name must end in .pdf");
    auto loaded = loadBodyAndMap(arguments, options["--map"], err, "handout");
    if (!loaded) {
        err << "fascialab handout: " << loaded.error().message << "\n";
        return exitCodeFor(loaded.error());
    }
    const anatomy::Body& body = loaded->body;
    const annotate::MapDocument* document = &loaded->map;
    auto context = platform::HeadlessContext::create();
    if (!context) {
        err << "fascialab handout: " << context.error().message << "\n";
        return kExitInternal;
    }
    auto renderer = render::Renderer::create();
    if (!renderer) {
        err << "fascialab handout: " << renderer.error().message << "\n";
        return kExitInternal;
    }
    // Its stages on stderr when someone watches; Ctrl-C stops it between two, writing nothing.
    ProgressLine line(err, "fascialab handout");
    InterruptScope interrupts;
    HandoutJob job(options["--out"], *document);
    while (!job.finished()) {
        line.stage(job.stage(), job.done());
        if (InterruptScope::interrupted()) {
            line.end();
            err << "fascialab handout: cancelled; nothing written\n";
            return kExitCancelled;
        }
        if (auto advanced = job.advance(**renderer, body); !advanced) {
            line.end();
            err << "fascialab handout: " << advanced.error().message << "\n";
            return exitCodeFor(advanced.error());
        }
    }
    line.end();
    out << "wrote " << options["--out"] << " (session of " << document->sessions.back().date << ", "
        << document->sessions.back().triggerPoints.size() << " trigger points)\n";
    return kExitOk;
}

} // namespace app
