// app: `fascialab render`, a headless image of a body, with a map's marks or a lesson's step.
#include "app/Commands.h"

#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "app/FibreOverlay.h"
#include "app/LessonStepView.h"
#include "app/MapRender.h"
#include "app/MarksView.h"
#include "core/FileUtil.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"

#include <charconv>
#include <optional>
#include <ostream>

namespace app {
namespace {

constexpr const char* kRenderHelp =
    R"(Usage: fascialab render [MODEL] [--map FILE [--session N] [--beside N]] [--view VIEW]
                        [--layers LIST]
                        [--opacity LIST] [--size WxH] [--xray] [--clip AXIS[:OFFSET]] [--clip-flip]
                        [--network] [--fibre-lines] [--transparent] [--lesson ID:STEP]
                        --out FILE.png

Renders the model (the default body when no MODEL) headless, without a display or GPU, to a PNG.
  --map FILE           a trigger-point map (.fascia.json): its pins, referred-pain zones and
                       painted tension; marks made on another body move to the nearest surface
  --session N          which session of the map, 1 = the first (default: the latest)
  --beside N           session N in the left half, the --session one in the right half, for
                       comparing tension and marks over the care plan
  --view VIEW          anterior, posterior, left, right or superior (default: anterior, or
                       with --map the one of the first four that faces the session's trigger
                       points)
  --layers LIST        comma-separated layers to show: skin, superficial-fascia, deep-fascia,
                       muscle, bone, unclassified (default: all)
  --opacity LIST       per-layer opacity from 0 to 1, e.g. skin=0.3,deep-fascia=0.6
  --xray               outer layers as glass-like shells over the innermost shown layer
  --clip AXIS[:OFFSET] cut along a sagittal, coronal or transverse plane, OFFSET metres along
                       its axis (default: through the body's centre); --clip-flip keeps the
                       other half
  --network            fascia as the particles and edges of the simulation's triangles
  --fibre-lines        fascia fibre directions as streamlines
  --lesson ID:STEP     a step of a guided lesson (fascialab lessons lists them; STEP from 1) as
                       Learn mode shows it: its camera, layers, highlights and trigger points
  --size WxH           image size in pixels, up to 8192 a side (default 1280x800; 3840x2160 is 4K)
  --transparent        transparent background (PNG alpha)
  --out FILE.png       where to write the image (required)
Exit codes: 0 success, 1 usage error, 2 bad input, 3 internal error (no OpenGL).
)";

// "referred-pain:3": the third step of a shipped lesson.
core::Result<const learn::LessonStep*> lessonStepArgument(const std::string& text) {
    const size_t colon = text.rfind(':');
    const std::string id = text.substr(0, colon);
    const learn::Lesson* lesson = learn::builtInLessons().find(id);
    if (!lesson)
        return core::usageError("--lesson: no lesson \"" + id +
                                "\" (fascialab lessons lists them)");
    int step = 1;
    if (colon != std::string::npos) {
        const char* end = text.data() + text.size();
        const auto parsedStep = std::from_chars(text.data() + colon + 1, end, step);
        if (parsedStep.ec != std::errc() || parsedStep.ptr != end)
            return core::usageError("--lesson: the step must be a number, not \"" +
                                    text.substr(colon + 1) + "\"");
    }
    if (step < 1 || step > static_cast<int>(lesson->steps.size()))
        return core::usageError("--lesson: " + id + " has steps 1 to " +
                                std::to_string(lesson->steps.size()));
    return &lesson->steps[static_cast<size_t>(step - 1)];
}

} // namespace

int runRender(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--view", "--layers",  "--opacity", "--size", "--out",
                                       "--map",  "--session", "--beside",  "--clip", "--lesson"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(
        args, valued,
        {"--help", "--xray", "--clip-flip", "--network", "--fibre-lines", "--transparent"});
    if (!parsed) {
        err << "fascialab render: " << parsed.error().message << "\n"
            << withBodyOptions(kRenderHelp);
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << withBodyOptions(kRenderHelp);
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
    const learn::LessonStep* lessonStep = nullptr;
    if (options.count("--lesson")) {
        if (options.count("--map"))
            return usage("--lesson shows a lesson's own marks; leave out --map");
        const auto step = lessonStepArgument(options["--lesson"]);
        if (!step)
            return usage(step.error().message);
        lessonStep = *step;
    }
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

    auto loaded = loadBodyArgument(*parsed);
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
    if (map) {
        builder.emplace(body);
        // Without --view, a map is seen from the side its marks are on (MarksView.h).
        if (!options.count("--view"))
            if (const auto marks = viewOfMarks(body, builder->index(),
                                               map->sessions[static_cast<size_t>(display.session)]))
                preset = marks->preset;
    }
    std::optional<StepView> stepView;
    if (lessonStep) {
        const anatomy::BodyBvh bvh(body);
        const auto placed = annotate::placeLibrary(body, bvh, annotate::referenceLibrary());
        render::OrbitCamera camera;
        camera.setPreset(preset);
        camera.frame(body.bounds(), float(size.x) / float(size.y));
        stepView =
            showLessonStep(*lessonStep, body, placed, camera, float(size.x) / float(size.y), view);
    }
    display.tensionShownOn = tensionSurfaceFor(view);
    const std::vector<render::PolylineSet> fibreLines =
        options.count("--fibre-lines") || (stepView && stepView->fibreLines)
            ? fibreStreamlineOverlay(body)
            : std::vector<render::PolylineSet>{};
    // One render per session shown: the whole image, or its two halves side by side.
    std::uint64_t overlayRevision = 0;
    auto draw = [&](const MapDisplay& shown, glm::ivec2 at, glm::ivec2 viewport) {
        render::Overlays overlays;
        if (builder)
            overlays = builder->build(*map, shown);
        if (stepView)
            overlays = stepView->overlays;
        overlays.polylines = fibreLines;
        // Each half's overlays are new data to the renderer, wherever they happen to live.
        overlays.revision = ++overlayRevision;
        render::ViewOptions shownView = view;
        if (builder || stepView || !fibreLines.empty())
            shownView.overlays = &overlays;
        render::OrbitCamera camera;
        camera.setPreset(preset);
        camera.frame(body.bounds(), float(viewport.x) / float(viewport.y));
        if (stepView && stepView->camera)
            camera = *stepView->camera;
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
        << (lessonStep ? "lesson " + options["--lesson"]
                       : std::string(render::viewPresetName(preset)))
        << ")\n";
    return kExitOk;
}

} // namespace app
