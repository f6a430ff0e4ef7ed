// bench: the timed frame loop the render benchmarks share: a headless context and an offscreen
// target at 1280x800, one untimed frame to upload the meshes, then frames with a slowly
// orbiting camera, each finished (glFinish) so llvmpipe's work counts, not just submission.
#pragma once

#include "anatomy/Body.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"

#include <benchmark/benchmark.h>
#include <epoxy/gl.h>

#include <functional>

namespace bench {

// `body` is called once the context exists (loading may need none, but generating takes a
// while and should not count).
inline void timeFrames(benchmark::State& state, const std::function<const anatomy::Body&()>& body,
                       const render::ViewOptions& options, int samples = 1) {
    auto context = platform::HeadlessContext::create();
    if (!context) {
        state.SkipWithError(context.error().message.c_str());
        return;
    }
    auto renderer = render::Renderer::create();
    auto target = render::OffscreenTarget::create(1280, 800, samples);
    if (!renderer || !target) {
        state.SkipWithError("renderer setup failed");
        return;
    }
    const anatomy::Body& scene = body();
    render::OrbitCamera camera;
    camera.frame(scene.bounds(), 1280.0f / 800.0f);
    (*target)->bind();
    (*renderer)->draw(scene, camera, {1280, 800}, options); // upload outside the timed loop
    glFinish();
    for (auto _ : state) {
        camera.orbit(0.01f, 0.0f); // a moving camera, as in the viewer
        (*renderer)->draw(scene, camera, {1280, 800}, options);
        glFinish();
    }
    state.counters["fps"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["triangles"] = static_cast<double>(scene.triangleCount());
    // What reaches the GPU (the levels of detail, less the faces turned away from the eye): on a
    // software rasteriser each one costs.
    state.counters["drawn"] = static_cast<double>((*renderer)->lastFrameStats().trianglesDrawn);
    state.SetLabel((*context)->description());
}

} // namespace bench

// Frames and loads are timed in real (wall) time: llvmpipe's work runs on its own threads,
// not the calling one. Five repetitions give a median and a spread.
#define FASCIALAB_TIMED_BENCHMARK(name)                                                            \
    BENCHMARK(name)                                                                                \
        ->Unit(benchmark::kMillisecond)                                                            \
        ->UseRealTime()                                                                            \
        ->MinTime(0.5)                                                                             \
        ->Repetitions(5)                                                                           \
        ->ReportAggregatesOnly(true)
