// The viewer's Simulate mode as its loop runs it, on the default body with the example map's
// first session: a thumb held hands-free at 40 kPa on the upper-trapezius point (the Hold
// button), and each frame the body drawn as the mode shows it (skin and superficial fascia
// hidden, the deep fascia with its tension heat map and its motion magnified x5) at 1280x800,
// then the clock advanced by the frame's real time within the viewer's budget. The figure is
// simulated seconds per real second (target >= 1.0 on two cores), with the whole body in view
// (closeup:0) and facing the point a hand's breadth around it, as Hold turns the view
// (closeup:1); the peer runs the simulation alone, nothing drawn, as fast as it goes.
// Run: build/bench/fascialab_bench --benchmark_filter=ViewerLoop
#include "annotate/MapFile.h"
#include "app/DefaultBody.h"
#include "app/SimulateMode.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"

#include <benchmark/benchmark.h>
#include <epoxy/gl.h>

#include <chrono>
#include <filesystem>
#include <optional>

namespace {

const anatomy::Body& defaultBody() {
    static const anatomy::Body body =
        app::loadDefaultBody(std::filesystem::temp_directory_path() / "fascialab-bench-cache");
    return body;
}

// Simulate mode ready on the default body with the example's first session, the thumb held on
// its upper-trapezius point; an error message otherwise.
std::string holdOnUpperTrapezius(app::SimulateMode& mode,
                                 std::optional<app::SimulateMode::Hold>* hold = nullptr) {
    auto map = annotate::loadMap(std::filesystem::path(FASCIALAB_SOURCE_DIR) / "examples" /
                                 "alex-three-sessions.fascia.json");
    if (!map)
        return map.error().message;
    mode.prepare(defaultBody(), &map->sessions.front());
    mode.waitUntilPrepared();
    mode.poll();
    if (!mode.ready())
        return "the simulation did not start: " + mode.message();
    const auto& restrictions = mode.simulation()->web().restrictions();
    for (size_t r = 0; r < restrictions.size(); ++r)
        if (restrictions[r].id == "tp-1")
            if (const auto held = mode.holdOn(r)) {
                if (hold)
                    *hold = held;
                return {};
            }
    return "no upper-trapezius point (tp-1) in the example's first session";
}

void BM_Sim_ViewerLoop_HeldThumb(benchmark::State& state) {
    auto context = platform::HeadlessContext::create();
    if (!context) {
        state.SkipWithError(context.error().message.c_str());
        return;
    }
    auto renderer = render::Renderer::create();
    auto target = render::OffscreenTarget::create(1280, 800, 1);
    if (!renderer || !target) {
        state.SkipWithError("renderer setup failed");
        return;
    }
    app::SimulateMode mode;
    std::optional<app::SimulateMode::Hold> hold;
    if (const std::string error = holdOnUpperTrapezius(mode, &hold); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    const anatomy::Body& body = defaultBody();
    render::ViewOptions view;
    using anatomy::LayerKind;
    view.layerVisible[static_cast<size_t>(LayerKind::Skin)] = false;
    view.layerVisible[static_cast<size_t>(LayerKind::SuperficialFascia)] = false;
    render::Overlays overlays;
    view.overlays = &overlays;
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 1280.0f / 800.0f);
    if (state.range(0) != 0) { // as Hold turns the view: facing the point, 16 cm around it
        core::Aabb around;
        around.extend(hold->point - glm::vec3(0.08f));
        around.extend(hold->point + glm::vec3(0.08f));
        camera.faceFrom(hold->normal);
        camera = camera.framing(around, 1280.0f / 800.0f);
    }
    (*target)->bind();
    mode.fillOverlays(overlays, 5.0f);
    (*renderer)->draw(body, camera, {1280, 800}, view); // uploads, outside the timed loop
    glFinish();

    const double startS = mode.simulation()->timeS();
    const auto begin = std::chrono::steady_clock::now();
    auto lastClock = begin;
    // As the viewer's loop does: the overlays composed afresh, the frame drawn, then the clock
    // run for the real time since it last ran, within the frame's budget.
    double fillS = 0.0, drawS = 0.0, clockedS = 0.0;
    std::uint64_t revision = overlays.revision;
    for (auto _ : state) {
        const auto frameStart = std::chrono::steady_clock::now();
        overlays = render::Overlays();
        mode.fillOverlays(overlays, 5.0f);
        overlays.revision = ++revision; // new values: the renderer uploads them
        const auto filled = std::chrono::steady_clock::now();
        (*renderer)->draw(body, camera, {1280, 800}, view);
        glFinish();
        const auto drawn = std::chrono::steady_clock::now();
        fillS += std::chrono::duration<double>(filled - frameStart).count();
        drawS += std::chrono::duration<double>(drawn - filled).count();
        const double frameS = std::chrono::duration<double>(drawn - lastClock).count();
        lastClock = drawn;
        clockedS += frameS;
        const double seconds = std::min(frameS, app::SimulateMode::kLongestFrameS);
        mode.advance(seconds, app::SimulateMode::budgetFor(seconds));
    }
    const double wallS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    // Simulated time per real second, over the real time the clock was given (all of the run
    // but the last frame's own computing). The clock never runs ahead of the wall clock, so 1.0
    // is the most it can show; it falls short by what it still owes at the end (under a step
    // when it keeps up, shown as behind_ms) and what it dropped.
    state.counters["real_time"] = (mode.simulation()->timeS() - startS) / clockedS;
    state.counters["behind_ms"] = 1e3 * mode.owedSeconds();
    state.counters["fps"] = static_cast<double>(state.iterations()) / wallS;
    // Where a frame's time goes: the overlays filled from the simulation, and drawing.
    state.counters["fill_ms"] = 1e3 * fillS / static_cast<double>(state.iterations());
    state.counters["draw_ms"] = 1e3 * drawS / static_cast<double>(state.iterations());
    state.counters["drawn"] = static_cast<double>((*renderer)->lastFrameStats().trianglesDrawn);
    // Simulated time let go because the backlog was full, per second of the run.
    state.counters["dropped"] = mode.droppedSeconds() / clockedS;
    state.SetLabel((*context)->description());
}
BENCHMARK(BM_Sim_ViewerLoop_HeldThumb)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("closeup")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(400); // one run: preparing the web takes longer than the frames

void BM_Sim_ViewerLoop_Peer_NothingDrawn(benchmark::State& state) {
    app::SimulateMode mode;
    if (const std::string error = holdOnUpperTrapezius(mode); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    const double startS = mode.simulation()->timeS();
    const auto begin = std::chrono::steady_clock::now();
    for (auto _ : state)
        mode.stepOnce();
    const double wallS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    state.counters["real_time"] = (mode.simulation()->timeS() - startS) / wallS;
}
BENCHMARK(BM_Sim_ViewerLoop_Peer_NothingDrawn)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(300);

} // namespace
