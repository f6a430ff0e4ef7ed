// app: `fascialab simulate`, a treatment on the body's fascia, headless and deterministic.
#include "app/Commands.h"
#include "app/ProgressLine.h"

#include "annotate/MapFile.h"
#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "app/SimulationSetup.h"
#include "core/AtomicFile.h"
#include "sim/Simulation.h"

#include <cmath>
#include <optional>
#include <ostream>
#include <sstream>

namespace app {
namespace {

constexpr const char* kSimulateHelp =
    R"(Usage: fascialab simulate [MODEL] [--map FILE] [--session N] --tool TOOL
                          --technique passive|active|stretch|pin-and-stretch --at TARGET
                          (--pressure KPA | --force N) --seconds S
                          [--movement M] [--pull MUSCLE/SIDE=N,...] [--csv FILE] [--every S]
                          [--out-map FILE] [--superficial] [--threads N]

Simulates a treatment on the body's deep fascia (MODEL, or the default body), headless and
deterministic: the same inputs give the same bytes, with any number of threads.
  --map FILE       the client's map: the session's painted tension and trigger points become
                   restrictions (shortened, stiffer, stickier, twisted tissue)
  --session N      which session of the map (default: the latest)
  --tool TOOL      thumb, palm, elbow, ball or foam-roller (rigid shapes of realistic size)
  --technique T    passive: sustained pressure at TARGET; active: strokes back and forth through
                   TARGET along the fibres; stretch: the hand grips the tissue and travels 1 cm
                   along the fibres, taking the tissue as far as its grip holds;
                   pin-and-stretch: held at TARGET while the client moves, so that the muscle
                   beneath slides along its fibres under the hold
  --movement M     pin-and-stretch: the client's movement, by default the one for the muscle
                   under TARGET: head-side-bend, knee-straighten, knee-bend, ankle-up, arm-out,
                   wrist-straighten, trunk-bend, hip-bend or joint-range
  --pull M/S=N     a muscle pulling with N newtons on the fascia it inserts into, throughout
                   (a contraction, or the muscle stretched): latissimus-dorsi and
                   gluteus-maximus on the thoracolumbar fascia, gluteus-maximus and
                   tensor-fasciae-latae on the iliotibial tract, /left or /right; several
                   separated by commas
  --at TARGET      x,y,z in metres, a trigger point of the map (tp-1), a library point
                   (upper-trapezius/TrP1, /right for the right side) or a structure's name
  --pressure KPA   the load as pressure over the tool's contact area, or --force N; values
                   outside the tool's realistic range are clamped, with a message
  --seconds S      how long the tool is applied (up to 3600)
  --csv FILE       time series: time, tool force, tool depth, tension and gliding-layer shear
                   under the tool, how far the muscle has slid (pin and stretch), mean tension
                   of the restricted tissue, maximum tension, strain energy, and the release of
                   each restriction in %
  --every S        CSV sampling interval (default 0.1 s)
  --out-map FILE   the map with a session added after the simulated one: its painted tension
                   scaled by what is left, and what released where (earlier sessions unchanged)
  --superficial    simulate the superficial fascia as well
  --threads N      solver threads (default: all cores); the result does not depend on it

The release law is phenomenological — a teaching model of what practitioners describe, not a
measurement or a diagnosis; its parameters and sources are in the program's fascia.json.
Exit codes: 0 success, 1 usage error, 2 bad input (map or model), 3 internal error.
)";

std::string movementIds(const sim::Parameters& parameters) {
    std::string ids;
    for (const sim::Movement& m : parameters.pin.movements)
        ids += (ids.empty() ? "" : ", ") + m.id;
    return ids;
}

} // namespace

int runSimulate(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {
        "--map",     "--session", "--tool",  "--technique", "--at",      "--pressure", "--force",
        "--seconds", "--csv",     "--every", "--out-map",   "--threads", "--movement", "--pull"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--help", "--superficial"});
    auto usage = [&](const std::string& message) {
        err << "fascialab simulate: " << message << "\n";
        return kExitUsage;
    };
    if (!parsed) {
        err << "fascialab simulate: " << parsed.error().message << "\n"
            << withBodyOptions(kSimulateHelp);
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << withBodyOptions(kSimulateHelp);
        return kExitOk;
    }
    if (parsed->positional.size() > 1)
        return usage("expected at most one MODEL");
    if (auto choice = bodyChoice(*parsed); !choice)
        return usage(choice.error().message);
    for (const char* required : {"--tool", "--technique", "--at", "--seconds"})
        if (!options.count(required) || options[required].empty())
            return usage(std::string(required) + " is required (see simulate --help)");
    const sim::Parameters& parameters = sim::defaultParameters();
    const sim::ToolParameters* tool = parameters.tool(options["--tool"]);
    if (!tool) {
        std::string names;
        for (const sim::ToolParameters& t : parameters.tools)
            names += (names.empty() ? "" : ", ") + t.id;
        return usage("--tool must be one of " + names + ", not '" + options["--tool"] + "'");
    }
    const auto technique = sim::techniqueFromId(options["--technique"]);
    if (!technique)
        return usage("--technique must be passive, active, stretch or pin-and-stretch, not '" +
                     options["--technique"] + "'");
    const sim::Movement* namedMovement = nullptr;
    if (options.count("--movement")) {
        if (*technique != sim::Technique::PinAndStretch)
            return usage("--movement is for --technique pin-and-stretch");
        namedMovement = parameters.pin.movement(options["--movement"]);
        if (!namedMovement)
            return usage("--movement must be one of " + movementIds(parameters) + ", not '" +
                         options["--movement"] + "'");
    }
    std::optional<float> pressure, force;
    for (auto [name, slot] : {std::pair{"--pressure", &pressure}, std::pair{"--force", &force}})
        if (options.count(name)) {
            auto value = numberOption(options, name, 0.0f, -1e30f, 1e30f);
            if (!value)
                return usage(value.error().message);
            *slot = *value;
        }
    auto load = sim::toolLoad(*tool, pressure, force);
    if (!load)
        return usage(load.error().message + " (--pressure KPA or --force N)");
    auto seconds = numberOption(options, "--seconds", 0.0f, 0.0f, 3600.0f);
    auto every = numberOption(options, "--every", 0.1f, 1.0f / 60.0f, 3600.0f);
    auto threads = numberOption(options, "--threads", 0.0f, 1.0f, 256.0f);
    for (const auto* value : {&seconds, &every, &threads})
        if (!*value)
            return usage(value->error().message);

    // The map first: a bad map fails before seconds are spent on the body.
    std::optional<annotate::MapDocument> document;
    anatomy::Body body;
    if (options.count("--map")) {
        auto loaded = loadBodyAndMap(*parsed, options["--map"], err, "simulate");
        if (!loaded) {
            err << "fascialab simulate: " << loaded.error().message << "\n";
            return exitCodeFor(loaded.error());
        }
        body = std::move(loaded->body);
        document = std::move(loaded->map);
    } else {
        if (options.count("--out-map") || options.count("--session"))
            return usage("--out-map and --session need --map");
        auto loaded = loadBodyArgument(*parsed);
        if (!loaded) {
            err << "fascialab simulate: " << loaded.error().message << "\n";
            return exitCodeFor(loaded.error());
        }
        body = std::move(*loaded);
    }
    int session = -1;
    if (document) {
        auto chosen = sessionArgument(options, *document);
        if (!chosen)
            return usage(chosen.error().message);
        session = *chosen;
    }
    const annotate::Session* sessionData =
        document ? &document->sessions[static_cast<size_t>(session)] : nullptr;
    auto target = resolveTarget(options["--at"], body, sessionData);
    if (!target) {
        err << "fascialab simulate: " << target.error().message << "\n";
        return exitCodeFor(target.error());
    }

    MusclePulls pulls;
    if (options.count("--pull")) {
        auto parsedPulls = parseMusclePulls(options["--pull"]);
        if (!parsedPulls)
            return usage(parsedPulls.error().message);
        pulls = std::move(*parsedPulls);
    }
    sim::WebOptions webOptions;
    webOptions.superficialFascia = options.count("--superficial") > 0;
    std::vector<std::string> notes;
    auto web = settledWeb(body, parameters, webOptions, sessionData, notes, pulls);
    for (const std::string& note : notes)
        err << "fascialab simulate: " << options["--map"] << ": " << note << "\n";
    if (!web) {
        err << "fascialab simulate: " << web.error().message << "\n";
        return exitCodeFor(web.error());
    }
    sim::SolverSettings settings = sim::Simulation::defaultSettings();
    settings.threads = static_cast<unsigned>(*threads);
    sim::Simulation simulation(std::move(*web), settings);
    for (const std::string& note : load->notes)
        err << "fascialab simulate: " << note << "\n";
    sim::Treatment treatment;
    treatment.tool = *tool;
    treatment.technique = *technique;
    treatment.forceN = load->forceN;
    treatment.target = *target;
    if (*technique == sim::Technique::PinAndStretch)
        treatment.movement = namedMovement ? *namedMovement : movementAt(body, *target, parameters);
    simulation.setTreatment(treatment);

    std::ostringstream csv;
    sim::writeCsvHeader(csv, simulation.web());
    const sim::Sample first = simulation.sample();
    sim::writeCsvRow(csv, first);
    const double stepS = static_cast<double>(settings.timeStepS);
    const auto frames = static_cast<long>(std::llround(static_cast<double>(*seconds) / stepS));
    const auto framesPerRow = std::max<long>(1, std::lround(static_cast<double>(*every) / stepS));
    {
        // Minutes of simulated time take minutes: how far it is on stderr, and Ctrl-C stops it
        // before anything is written (the CSV and the map are written only at the end).
        ProgressLine progress(err, "fascialab simulate");
        const InterruptScope interrupts;
        for (long frame = 1; frame <= frames; ++frame) {
            if (InterruptScope::interrupted()) {
                progress.end();
                err << "fascialab simulate: cancelled at " << fixed(double(frame - 1) * stepS, 1)
                    << " s of " << fixed(*seconds, 1) << " s; nothing written\n";
                return kExitCancelled;
            }
            simulation.step();
            if (frame % framesPerRow == 0 || frame == frames)
                sim::writeCsvRow(csv, simulation.sample());
            progress.update(double(frame) * stepS, double(*seconds), "s simulated");
        }
    }
    const sim::Sample& last = simulation.sample();
    if (options.count("--csv")) {
        if (auto written = core::writeFileAtomically(options["--csv"], csv.str()); !written) {
            err << "fascialab simulate: " << written.error().message << "\n";
            return exitCodeFor(written.error());
        }
    }
    out << tool->name << ", " << sim::techniqueId(*technique) << ", " << fixed(load->pressureKPa, 1)
        << " kPa (" << fixed(load->forceN, 1) << " N) for " << fixed(*seconds, 1) << " s at "
        << options["--at"] << "\n";
    if (*technique == sim::Technique::PinAndStretch)
        out << "  while " << treatment.movement.name << " (" << treatment.movement.id
            << ": the muscle slides " << fixed(treatment.movement.excursionMm, 0)
            << " mm and back every " << fixed(treatment.movement.periodS, 0) << " s)\n";
    for (const auto& [muscle, forceN] : pulls)
        out << "  with " << muscle << " pulling " << fixed(forceN, 0)
            << " N on the fascia it inserts into\n";
    out << "  tool sank " << fixed(last.toolDepthMm, 1) << " mm; tension under it "
        << fixed(last.tensionUnderToolKPa, 1) << " kPa; restricted tissue "
        << fixed(first.meanTensionKPa, 1) << " -> " << fixed(last.meanTensionKPa, 1) << " kPa\n";
    const auto& restrictions = simulation.web().restrictions();
    for (size_t r = 0; r < restrictions.size(); ++r)
        out << "  " << restrictions[r].label << ": " << fixed(last.releasedPercent[r], 1)
            << " % released\n";
    if (options.count("--csv"))
        out << "wrote " << options["--csv"] << "\n";
    if (options.count("--out-map")) {
        // A new session after the simulated one; every session before stays as it was.
        const auto position = static_cast<size_t>(session) + 1;
        document->sessions.insert(
            document->sessions.begin() + static_cast<std::ptrdiff_t>(position),
            sessionAfterSimulation(document->sessions[position - 1], simulation.web(), body,
                                   tool->name + ", " + std::string(sim::techniqueId(*technique)) +
                                       ", " + fixed(load->pressureKPa, 0) + " kPa for " +
                                       fixed(*seconds, 0) + " s at " + options["--at"],
                                   document->sessions[position - 1].date));
        if (auto saved = annotate::saveMap(options["--out-map"], *document); !saved) {
            err << "fascialab simulate: " << saved.error().message << "\n";
            return exitCodeFor(saved.error());
        }
        out << "wrote " << options["--out-map"] << "\n";
    }
    return kExitOk;
}

} // namespace app
