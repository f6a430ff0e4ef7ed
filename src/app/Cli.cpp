#include "app/Cli.h"

#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "annotate/Anchoring.h"
#include "annotate/MapFile.h"
#include "app/AtlasCommand.h"
#include "app/BodygenCommand.h"
#include "app/CliArguments.h"
#include "app/DefaultBody.h"
#include "app/FibreOverlay.h"
#include "app/Handout.h"
#include "app/MapRender.h"
#include "app/SimulationSetup.h"
#include "app/Viewer.h"
#include "core/AtomicFile.h"
#include "core/FileUtil.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"
#include "sim/Simulation.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <variant>
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
  fascialab export --map FILE --out FILE.glb [MODEL]    the body with the map's marks as glTF
  fascialab simulate [MODEL] [--map FILE] --tool TOOL --technique passive|active|stretch
                 --at TARGET --pressure KPA --seconds S [--csv FILE] [--out-map FILE]
                                                 a treatment on the fascia, headless (see simulate --help)
  fascialab bodygen --out FILE.glb [--height M] [--sex male|female] [--build slim|average|muscular]
  fascialab atlas --out FILE.glb [--atlas-dir DIR]   the atlas body from BodyParts3D, as glTF
  fascialab COMMAND --help                       help on one command

MODEL is a glTF 2.0 file (.gltf, .glb) or anything Assimp reads (.obj, .fbx, .dae, .stl, .ply, ...).
Exit codes: 0 success, 1 usage error, 2 bad input, 3 internal error.
)";

constexpr const char* kInfoHelp = R"(Usage: fascialab info MODEL [--json]

Prints the model's layers, structures, triangle and vertex counts, size in metres, and what the
loader did to it (unit and axis conversions). --json prints the same as one JSON object.
Exit codes: 0 success, 1 usage error, 2 bad input (missing, malformed or unsupported file).
)";

constexpr const char* kRenderHelp =
    R"(Usage: fascialab render [MODEL] [--map FILE [--session N] [--beside N]] [--view VIEW]
                        [--layers LIST]
                        [--opacity LIST] [--size WxH] [--xray] [--clip AXIS[:OFFSET]] [--clip-flip]
                        [--network] [--fibre-lines] [--transparent] --out FILE.png

Renders the model (the default body when no MODEL) headless, without a display or GPU, to a PNG.
  --map FILE           a trigger-point map (.fascia.json): its pins, referred-pain zones and
                       painted tension; marks made on another body move to the nearest surface
  --session N          which session of the map, 1 = the first (default: the latest)
  --beside N           session N in the left half, the --session one in the right half, for
                       comparing tension and marks over the care plan
  --view VIEW          anterior (default), posterior, left, right or superior
  --layers LIST        comma-separated layers to show: skin, superficial-fascia, deep-fascia,
                       muscle, bone, unclassified (default: all)
  --opacity LIST       per-layer opacity from 0 to 1, e.g. skin=0.3,deep-fascia=0.6
  --xray               outer layers as glass-like shells over the innermost shown layer
  --clip AXIS[:OFFSET] cut along a sagittal, coronal or transverse plane, OFFSET metres along
                       its axis (default: through the body's centre); --clip-flip keeps the
                       other half
  --network            fascia as the particles and links the simulation uses
  --fibre-lines        fascia fibre directions as streamlines
  --size WxH           image size in pixels, up to 8192 a side (default 1280x800; 3840x2160 is 4K)
  --transparent        transparent background (PNG alpha)
  --out FILE.png       where to write the image (required)
Exit codes: 0 success, 1 usage error, 2 bad input, 3 internal error (no OpenGL).
)";

constexpr const char* kHandoutHelp = R"(Usage: fascialab handout --map FILE --out FILE.pdf [MODEL]

Writes a handout for the client as a PDF: their name and the date of the latest session, the
body from behind and from the front with the trigger points and where their pain is felt, a
legend, each point in plain words with its self-care, the plan, and a short note that this is
education, not diagnosis. MODEL is the body the map was made on (default: the default body).
An existing FILE.pdf is kept as FILE.pdf.bak.
Exit codes: 0 success, 1 usage error, 2 bad input (map or model), 3 internal error (no OpenGL).
)";

constexpr const char* kExportHelp =
    R"help(Usage: fascialab export --map FILE --out FILE.glb [MODEL] [--session N]

Writes the body (default: the default body) as glTF 2.0 with the map's marks: each trigger point
and each referred-pain zone centre is a named node ("trigger-point/Upper trapezius TrP1 (left)")
under "FasciaLab marks", its data (state, severity, notes, structure, ...) in extras.
  --session N   which session, 1 = the first (default: the latest)
Exit codes: 0 success, 1 usage error, 2 bad input.
)help";

constexpr const char* kViewerHelp = R"(Usage: fascialab [MODEL] [--map FILE] [--screenshot FILE.png]

Opens the viewer on MODEL, or on the default body when no MODEL is given.
  --map FILE              open a trigger-point map (.fascia.json) on it
  --screenshot FILE.png   render the first frames, save the window to FILE.png and quit
Mouse: left-drag orbits, right-drag or shift-drag pans, the wheel zooms, click selects.
Keys: 1-5 view presets, F frames the body, Ctrl+O opens a model, F12 saves a screenshot.
)";

constexpr const char* kSimulateHelp =
    R"(Usage: fascialab simulate [MODEL] [--map FILE] [--session N] --tool TOOL
                          --technique passive|active|stretch --at TARGET
                          (--pressure KPA | --force N) --seconds S
                          [--csv FILE] [--every S] [--out-map FILE] [--superficial] [--threads N]

Simulates a treatment on the body's deep fascia (MODEL, or the default body), headless and
deterministic: the same inputs give the same bytes, with any number of threads.
  --map FILE       the client's map: the session's painted tension and trigger points become
                   restrictions (shortened, stiffer, stickier, twisted tissue)
  --session N      which session of the map (default: the latest)
  --tool TOOL      thumb, palm, elbow, ball or foam-roller (rigid shapes of realistic size)
  --technique T    passive: sustained pressure at TARGET; active: strokes back and forth through
                   TARGET along the fibres; stretch: the tissue gripped and pulled 1 cm
  --at TARGET      x,y,z in metres, a trigger point of the map (tp-1), a library point
                   (upper-trapezius/TrP1, /right for the right side) or a structure's name
  --pressure KPA   the load as pressure over the tool's contact area, or --force N; values
                   outside the tool's realistic range are clamped, with a message
  --seconds S      how long the tool is applied (up to 3600)
  --csv FILE       time series: time, tool force, tool depth, tension under the tool, mean
                   tension of the restricted tissue, maximum tension, strain energy, and the
                   release of each restriction in %
  --every S        CSV sampling interval (default 0.1 s)
  --out-map FILE   the map with the session's tension and severities scaled by what is left
  --superficial    simulate the superficial fascia as well
  --threads N      solver threads (default: all cores); the result does not depend on it

The release law is phenomenological — a teaching model of what practitioners describe, not a
measurement or a diagnosis; its parameters and sources are in the program's fascia.json.
Exit codes: 0 success, 1 usage error, 2 bad input (map or model), 3 internal error.
)";

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

int runInfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(args, {}, {"--json", "--help"});
    if (!parsed) {
        err << "fascialab info: " << parsed.error().message << "\n" << kInfoHelp;
        return kExitUsage;
    }
    if (parsed->options.count("--help")) {
        out << kInfoHelp;
        return kExitOk;
    }
    if (parsed->positional.size() != 1) {
        err << "fascialab info: expected exactly one MODEL\n" << kInfoHelp;
        return kExitUsage;
    }
    auto body = anatomy::io::loadModel(parsed->positional[0]);
    if (!body) {
        err << "fascialab info: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const core::Aabb box = body->bounds();
    const glm::vec3 size = box.size();
    if (parsed->options.count("--json")) {
        nlohmann::ordered_json j;
        j["file"] = body->sourcePath;
        j["size_m"] = {size.x, size.y, size.z};
        j["bounds_m"] = {{"min", {box.min.x, box.min.y, box.min.z}},
                         {"max", {box.max.x, box.max.y, box.max.z}}};
        j["structure_count"] = body->structures().size();
        j["triangle_count"] = body->triangleCount();
        j["vertex_count"] = body->vertexCount();
        nlohmann::ordered_json layers = nlohmann::ordered_json::object();
        for (anatomy::LayerKind layer : anatomy::kAllLayers) {
            size_t triangles = 0;
            for (const auto& s : body->structures())
                triangles += s.layer == layer ? s.mesh.triangleCount() : 0;
            layers[std::string(anatomy::layerId(layer))] = {
                {"structures", body->structureCount(layer)}, {"triangles", triangles}};
        }
        j["layers"] = layers;
        nlohmann::ordered_json structures = nlohmann::ordered_json::array();
        for (const auto& s : body->structures())
            structures.push_back({{"name", s.name},
                                  {"display_name", s.displayName},
                                  {"layer", anatomy::layerId(s.layer)},
                                  {"side", anatomy::sideId(s.side)},
                                  {"latin", s.info.latin},
                                  {"region", s.info.region},
                                  {"triangles", s.mesh.triangleCount()},
                                  {"vertices", s.mesh.vertexCount()}});
        j["structures"] = structures;
        j["notes"] = body->importNotes;
        out << j.dump(2) << "\n";
        return kExitOk;
    }
    out << "File:        " << body->sourcePath << "\n";
    out << "Size:        " << fixed(size.x, 3) << " m wide, " << fixed(size.y, 3) << " m tall, "
        << fixed(size.z, 3) << " m deep\n";
    out << "Structures:  " << body->structures().size() << " (" << body->triangleCount()
        << " triangles, " << body->vertexCount() << " vertices)\n";
    out << "Layers:\n";
    for (anatomy::LayerKind layer : anatomy::kAllLayers) {
        const size_t count = body->structureCount(layer);
        if (count > 0)
            out << "  " << std::left << std::setw(20) << anatomy::layerId(layer) << count
                << (count == 1 ? " structure\n" : " structures\n");
    }
    out << "Structures (layer/name/side, triangles, label):\n";
    for (const auto& s : body->structures())
        out << "  " << std::left << std::setw(48) << anatomy::structureKey(s) << std::setw(9)
            << s.mesh.triangleCount() << s.displayName << "\n";
    out << "Notes:\n";
    for (const auto& note : body->importNotes)
        out << "  " << note << "\n";
    return kExitOk;
}

core::Result<glm::ivec2> parseSize(const std::string& text) {
    const auto x = text.find('x');
    int w = 0, h = 0;
    if (x == std::string::npos ||
        std::from_chars(text.data(), text.data() + x, w).ec != std::errc() ||
        std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ec != std::errc() ||
        w <= 0 || h <= 0 || w > 8192 || h > 8192)
        return core::usageError("--size must be WIDTHxHEIGHT, each 1 to 8192 pixels, not '" + text +
                                "'");
    return glm::ivec2(w, h);
}

// MODEL, or the default body (from its cache) when there is none.
core::Result<anatomy::Body> loadBodyArgument(const std::vector<std::string>& positional) {
    if (positional.empty())
        return loadDefaultBody(cacheDirectory());
    return anatomy::io::loadModel(positional[0]);
}

// A map made for this body: read, then re-anchored where it was made on another body (the
// report says what moved, on stderr).
core::Result<annotate::MapDocument> loadMapFor(const anatomy::Body& body, const std::string& path,
                                               std::ostream& err, const char* command) {
    auto document = annotate::loadMap(path);
    if (!document)
        return document.error();
    const annotate::ReanchorReport report = annotate::reanchorDocument(body, *document);
    if (report.changed())
        err << "fascialab " << command << ": " << path << ": " << report.summary() << "\n";
    return document;
}

// "--session N" (or another option's N, 1-based) to an index; the latest session by default.
core::Result<int> sessionArgument(const std::map<std::string, std::string>& options,
                                  const annotate::MapDocument& document,
                                  const std::string& option = "--session") {
    const int count = static_cast<int>(document.sessions.size());
    const auto it = options.find(option);
    if (it == options.end())
        return count - 1;
    int number = 0;
    const auto [ptr, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), number);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || number < 1 ||
        number > count)
        return core::usageError(option + " must be a session number from 1 to " +
                                std::to_string(count) + ", not '" + it->second + "'");
    return number - 1;
}

struct BodyAndMap {
    anatomy::Body body;
    annotate::MapDocument map;
};

// For commands that take --map FILE [MODEL]: the map is read first, so a bad map fails before
// seconds are spent on the body; then it is re-anchored to the body.
core::Result<BodyAndMap> loadBodyAndMap(const std::vector<std::string>& positional,
                                        const std::string& mapPath, std::ostream& err,
                                        const char* command) {
    if (auto check = annotate::loadMap(mapPath); !check)
        return check.error();
    auto body = loadBodyArgument(positional);
    if (!body)
        return body.error();
    auto map = loadMapFor(*body, mapPath, err, command);
    if (!map)
        return map.error();
    return BodyAndMap{std::move(*body), std::move(*map)};
}

int runRender(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(
        args,
        {"--view", "--layers", "--opacity", "--size", "--out", "--map", "--session", "--beside",
         "--clip"},
        {"--help", "--xray", "--clip-flip", "--network", "--fibre-lines", "--transparent"});
    if (!parsed) {
        err << "fascialab render: " << parsed.error().message << "\n" << kRenderHelp;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << kRenderHelp;
        return kExitOk;
    }
    auto usage = [&](const std::string& message) {
        err << "fascialab render: " << message << "\n";
        return kExitUsage;
    };
    if (parsed->positional.size() > 1)
        return usage("expected at most one MODEL");
    if (!options.count("--out") || options["--out"].empty())
        return usage("--out FILE.png is required");
    if (options.count("--session") && !options.count("--map"))
        return usage("--session needs --map");
    if (options.count("--beside") && !options.count("--map"))
        return usage("--beside needs --map");
    render::ViewPreset preset = render::ViewPreset::Anterior;
    if (options.count("--view")) {
        auto p = render::viewPresetFromName(options["--view"]);
        if (!p)
            return usage("--view must be anterior, posterior, left, right or superior, not '" +
                         options["--view"] + "'");
        preset = *p;
    }
    render::ViewOptions view;
    if (options.count("--layers")) {
        auto visible = render::parseLayerList(options["--layers"]);
        if (!visible)
            return usage(visible.error().message);
        view.layerVisible = *visible;
    }
    if (options.count("--opacity"))
        if (auto status = render::parseLayerOpacities(options["--opacity"], view); !status)
            return usage(status.error().message);
    view.xray = options.count("--xray") > 0;
    view.fasciaNetwork = options.count("--network") > 0;
    view.transparentBackground = options.count("--transparent") > 0;
    std::optional<float> clipOffset;
    if (options.count("--clip")) {
        const std::string& text = options["--clip"];
        const std::string axisName = text.substr(0, text.find(':'));
        const auto axis = render::clipAxisFromName(axisName);
        if (!axis)
            return usage("--clip: the plane must be sagittal, coronal or transverse, not '" +
                         axisName + "'");
        view.clip.enabled = true;
        view.clip.axis = *axis;
        view.clip.flipped = options.count("--clip-flip") > 0;
        if (const auto colon = text.find(':'); colon != std::string::npos) {
            float offset = 0.0f;
            const char* begin = text.data() + colon + 1;
            const auto parsedOffset = std::from_chars(begin, text.data() + text.size(), offset);
            if (parsedOffset.ec != std::errc() || parsedOffset.ptr != text.data() + text.size() ||
                !std::isfinite(offset) || std::abs(offset) > 10.0f)
                return usage("--clip: the offset must be a number of metres within 10 m, not '" +
                             text.substr(colon + 1) + "'");
            clipOffset = offset;
        }
    } else if (options.count("--clip-flip")) {
        return usage("--clip-flip needs --clip");
    }
    glm::ivec2 size(1280, 800);
    if (options.count("--size")) {
        auto s = parseSize(options["--size"]);
        if (!s)
            return usage(s.error().message);
        size = *s;
    }

    auto loaded = loadBodyArgument(parsed->positional);
    if (!loaded) {
        err << "fascialab render: " << loaded.error().message << "\n";
        return exitCodeFor(loaded.error());
    }
    anatomy::Body body = std::move(*loaded);
    std::optional<annotate::MapDocument> map;
    MapDisplay display;
    std::optional<int> besideSession; // drawn in the left half, the --session one in the right
    if (options.count("--map")) {
        auto document = loadMapFor(body, options["--map"], err, "render");
        if (!document) {
            err << "fascialab render: " << document.error().message << "\n";
            return exitCodeFor(document.error());
        }
        auto session = sessionArgument(options, *document);
        if (!session)
            return usage(session.error().message);
        display.session = *session;
        if (options.count("--beside")) {
            auto beside = sessionArgument(options, *document, "--beside");
            if (!beside)
                return usage(beside.error().message);
            besideSession = *beside;
        }
        map = std::move(*document);
    }

    auto context = platform::HeadlessContext::create();
    if (!context) {
        err << "fascialab render: " << context.error().message << "\n";
        return kExitInternal;
    }
    auto renderer = render::Renderer::create();
    if (!renderer) {
        err << "fascialab render: " << renderer.error().message << "\n";
        return kExitInternal;
    }
    auto target = render::OffscreenTarget::create(size.x, size.y, 1);
    if (!target) {
        err << "fascialab render: " << target.error().message << "\n";
        return exitCodeFor(target.error());
    }
    if (view.clip.enabled) {
        const core::Aabb box = body.bounds();
        const int axis = render::clipAxisComponent(view.clip.axis);
        view.clip.offsetM = clipOffset.value_or(box.center()[axis]);
    }
    std::optional<MapOverlayBuilder> builder;
    if (map)
        builder.emplace(body);
    display.tensionShownOn = tensionSurfaceFor(view);
    const std::vector<render::PolylineSet> fibreLines = options.count("--fibre-lines")
                                                            ? fibreStreamlineOverlay(body)
                                                            : std::vector<render::PolylineSet>{};
    // One render per session shown: the whole image, or its two halves side by side.
    std::uint64_t overlayRevision = 0;
    auto draw = [&](const MapDisplay& shown, glm::ivec2 at, glm::ivec2 viewport) {
        render::Overlays overlays;
        if (builder)
            overlays = builder->build(*map, shown);
        overlays.polylines = fibreLines;
        // Each half's overlays are new data to the renderer, wherever they happen to live.
        overlays.revision = ++overlayRevision;
        render::ViewOptions shownView = view;
        if (builder || !fibreLines.empty())
            shownView.overlays = &overlays;
        render::OrbitCamera camera;
        camera.setPreset(preset);
        camera.frame(body.bounds(), float(viewport.x) / float(viewport.y));
        glViewport(at.x, at.y, viewport.x, viewport.y);
        (*renderer)->draw(body, camera, viewport, shownView);
    };
    (*target)->bind();
    if (besideSession) {
        const glm::ivec2 half(size.x / 2, size.y);
        MapDisplay then = display;
        then.session = *besideSession;
        draw(then, {0, 0}, half);
        draw(display, {half.x, 0}, {size.x - half.x, size.y});
    } else {
        draw(display, {0, 0}, size);
    }
    const render::Image image = (*target)->readImage();
    if (auto status = render::writePng(image, options["--out"]); !status) {
        err << "fascialab render: " << status.error().message << "\n";
        return kExitBadInput;
    }
    out << "wrote " << options["--out"] << " (" << size.x << "x" << size.y << ", "
        << render::viewPresetName(preset) << ")\n";
    return kExitOk;
}

// The arguments handout and export share: [MODEL] --map FILE --out FILE, with --help.
struct MapCommand {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};
// Parses them; on --help or a usage error, writes what to say and returns the exit code.
std::variant<MapCommand, int> parseMapCommand(const std::vector<std::string>& args,
                                              std::vector<std::string> valued, const char* name,
                                              const char* help, const char* outHint,
                                              std::ostream& out, std::ostream& err) {
    valued.insert(valued.end(), {"--map", "--out"});
    auto parsed = parseArguments(args, valued, {"--help"});
    if (!parsed) {
        err << "fascialab " << name << ": " << parsed.error().message << "\n" << help;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << help;
        return kExitOk;
    }
    auto usage = [&](const std::string& message) {
        err << "fascialab " << name << ": " << message << "\n";
        return kExitUsage;
    };
    if (parsed->positional.size() > 1)
        return usage("expected at most one MODEL");
    if (!options.count("--map") || options["--map"].empty())
        return usage("--map FILE.fascia.json is required");
    if (!options.count("--out") || options["--out"].empty())
        return usage(std::string("--out ") + outHint + " is required");
    return MapCommand{std::move(parsed->positional), std::move(options)};
}

int runHandout(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseMapCommand(args, {}, "handout", kHandoutHelp, "FILE.pdf", out, err);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    auto& [positional, options] = std::get<MapCommand>(parsed);
    auto usage = [&](const std::string& message) {
        err << "fascialab handout: " << message << "\n";
        return kExitUsage;
    };
    if (core::lowerExtension(options["--out"]) != "pdf")
        return usage("--out: the handout is a PDF; the file name must end in .pdf");
    auto loaded = loadBodyAndMap(positional, options["--map"], err, "handout");
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
    MapDisplay display;
    display.session = static_cast<int>(document->sessions.size()) - 1;
    display.labels = false; // the handout's list names them; labels would crowd the figure
    display.tensionShownOn = anatomy::LayerKind::Skin;
    HandoutImages images;
    const glm::ivec2 size(760, 1240);
    for (auto [preset, image] : {std::pair{render::ViewPreset::Posterior, &images.posterior},
                                 std::pair{render::ViewPreset::Anterior, &images.anterior}}) {
        auto rendered =
            renderMapView(**renderer, body, *document, display, patientViewOptions(), preset, size);
        if (!rendered) {
            err << "fascialab handout: " << rendered.error().message << "\n";
            return exitCodeFor(rendered.error());
        }
        *image = std::move(*rendered);
    }
    if (auto written = writeHandoutPdf(options["--out"], *document, images); !written) {
        err << "fascialab handout: " << written.error().message << "\n";
        return exitCodeFor(written.error());
    }
    out << "wrote " << options["--out"] << " (session of " << document->sessions.back().date << ", "
        << document->sessions.back().triggerPoints.size() << " trigger points)\n";
    return kExitOk;
}

int runExport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseMapCommand(args, {"--session"}, "export", kExportHelp, "FILE.glb", out, err);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    auto& [positional, options] = std::get<MapCommand>(parsed);
    auto usage = [&](const std::string& message) {
        err << "fascialab export: " << message << "\n";
        return kExitUsage;
    };
    const std::string ext = core::lowerExtension(options["--out"]);
    if (ext != "glb" && ext != "gltf")
        return usage("--out: the file name must end in .glb or .gltf");
    auto loaded = loadBodyAndMap(positional, options["--map"], err, "export");
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

// A number option in [minimum, maximum]; `fallback` when absent.
core::Result<float> numberOption(const std::map<std::string, std::string>& options,
                                 const std::string& name, float fallback, float minimum,
                                 float maximum) {
    const auto it = options.find(name);
    if (it == options.end())
        return fallback;
    float value = 0.0f;
    const auto [ptr, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || !std::isfinite(value))
        return core::usageError(name + " must be a number, not '" + it->second + "'");
    if (value < minimum || value > maximum)
        return core::usageError(name + " must lie between " + fixed(minimum, 0) + " and " +
                                fixed(maximum, 0) + ", not " + it->second);
    return value;
}

int runSimulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed =
        parseArguments(args,
                       {"--map", "--session", "--tool", "--technique", "--at", "--pressure",
                        "--force", "--seconds", "--csv", "--every", "--out-map", "--threads"},
                       {"--help", "--superficial"});
    auto usage = [&](const std::string& message) {
        err << "fascialab simulate: " << message << "\n";
        return kExitUsage;
    };
    if (!parsed) {
        err << "fascialab simulate: " << parsed.error().message << "\n" << kSimulateHelp;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << kSimulateHelp;
        return kExitOk;
    }
    if (parsed->positional.size() > 1)
        return usage("expected at most one MODEL");
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
        return usage("--technique must be passive, active or stretch, not '" +
                     options["--technique"] + "'");
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
        auto loaded = loadBodyAndMap(parsed->positional, options["--map"], err, "simulate");
        if (!loaded) {
            err << "fascialab simulate: " << loaded.error().message << "\n";
            return exitCodeFor(loaded.error());
        }
        body = std::move(loaded->body);
        document = std::move(loaded->map);
    } else {
        if (options.count("--out-map") || options.count("--session"))
            return usage("--out-map and --session need --map");
        auto loaded = loadBodyArgument(parsed->positional);
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

    sim::WebOptions webOptions;
    webOptions.superficialFascia = options.count("--superficial") > 0;
    std::vector<std::string> notes;
    auto web = settledWeb(body, parameters, webOptions, sessionData, notes);
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
    simulation.setTreatment(treatment);

    std::ostringstream csv;
    sim::writeCsvHeader(csv, simulation.web());
    const sim::Sample first = simulation.sample();
    sim::writeCsvRow(csv, first);
    const double stepS = static_cast<double>(settings.timeStepS);
    const auto frames = static_cast<long>(std::llround(static_cast<double>(*seconds) / stepS));
    const auto framesPerRow = std::max<long>(1, std::lround(static_cast<double>(*every) / stepS));
    for (long frame = 1; frame <= frames; ++frame) {
        simulation.step();
        if (frame % framesPerRow == 0 || frame == frames)
            sim::writeCsvRow(csv, simulation.sample());
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
        annotate::Session& updated = document->sessions[static_cast<size_t>(session)];
        applyRelease(updated, simulation.web(), body,
                     "Simulated: " + tool->name + ", " + std::string(sim::techniqueId(*technique)) +
                         ", " + fixed(load->pressureKPa, 0) + " kPa for " + fixed(*seconds, 0) +
                         " s at " + options["--at"] + " (a teaching model, not a measurement).");
        if (auto saved = annotate::saveMap(options["--out-map"], *document); !saved) {
            err << "fascialab simulate: " << saved.error().message << "\n";
            return exitCodeFor(saved.error());
        }
        out << "wrote " << options["--out-map"] << "\n";
    }
    return kExitOk;
}

int runViewerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(args, {"--screenshot", "--map"}, {"--help"});
    if (!parsed) {
        err << "fascialab: " << parsed.error().message << "\n" << kMainHelp;
        return kExitUsage;
    }
    if (parsed->options.count("--help")) {
        out << kViewerHelp;
        return kExitOk;
    }
    if (parsed->positional.size() > 1) {
        err << "fascialab: expected at most one MODEL\n" << kMainHelp;
        return kExitUsage;
    }
    ViewerOptions options;
    if (parsed->options.count("--map"))
        options.mapPath = parsed->options["--map"];
    if (!parsed->positional.empty())
        options.modelPath = parsed->positional[0];
    if (parsed->options.count("--screenshot"))
        options.screenshotAndQuit = parsed->options["--screenshot"];
    auto result = runViewer(options);
    if (!result) {
        err << "fascialab: " << result.error().message << "\n";
        return exitCodeFor(result.error());
    }
    return kExitOk;
}

} // namespace

int runCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    std::vector<std::string> args(argv + 1, argv + argc);
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
    return runViewerCommand(args, out, err);
}

} // namespace app
