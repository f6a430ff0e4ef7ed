// Benchmarks for seeing the layers, each with a peer measured in the same run:
//   picking by ray cast against the BVH (target <= 1 ms a pick) vs. testing every triangle;
//   a frame with skin and fascia translucent and a tension heat map on the deep fascia
//   (target >= 30 frames per second at 1280x800 on llvmpipe) vs. the skin alone;
//   the viewer's first frame from the cached default body, the atlas body (target <= 1.5 s),
//   vs. building it without a cache.
// Run: build/bench/fascialab_bench --benchmark_filter=View
#include "FrameTiming.h"
#include "anatomy/Bvh.h"
#include "app/DefaultBody.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>

namespace {

std::filesystem::path benchCacheDir() {
    return std::filesystem::temp_directory_path() / "fascialab-bench-cache";
}

const anatomy::Body& defaultBody() {
    static const anatomy::Body body = app::loadDefaultBody(benchCacheDir());
    return body;
}

// Rays through a grid of pixels over the anterior view, as a mouse would hover.
std::vector<core::Ray> hoverRays(const anatomy::Body& body) {
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 1280.0f / 800.0f);
    std::vector<core::Ray> rays;
    for (int y = 40; y < 800; y += 40)
        for (int x = 440; x < 840; x += 20)
            rays.push_back(camera.rayThroughPixel({float(x), float(y)}, {1280.0f, 800.0f}));
    return rays;
}

void BM_View_Pick_Bvh(benchmark::State& state) {
    const anatomy::Body& body = defaultBody();
    const anatomy::BodyBvh bvh(body);
    const auto rays = hoverRays(body);
    size_t next = 0, hits = 0;
    for (auto _ : state) {
        const auto hit = bvh.intersect(rays[next++ % rays.size()]);
        hits += hit ? 1 : 0;
        benchmark::DoNotOptimize(hit);
    }
    state.counters["hit_share"] = double(hits) / double(std::max<size_t>(state.iterations(), 1));
    state.counters["triangles"] = double(bvh.triangleCount());
}

// Every triangle of the body tested against the ray, nearest kept.
void BM_View_Pick_Peer_EveryTriangle(benchmark::State& state) {
    const anatomy::Body& body = defaultBody();
    const auto rays = hoverRays(body);
    size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(anatomy::intersectEveryTriangle(body, rays[next++ % rays.size()]));
}

// Tension on the deep fascia as a simulation would hand it over: a smooth field in kPa.
render::Overlays tensionOverlay(const anatomy::Body& body) {
    render::Overlays overlays;
    overlays.heatMap.minimum = 0.0f;
    overlays.heatMap.maximum = 40.0f;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const anatomy::Structure& s = body.structures()[i];
        if (s.layer != anatomy::LayerKind::DeepFascia)
            continue;
        render::StructureField field{static_cast<int>(i), {}};
        for (const glm::vec3& p : s.mesh.positions)
            field.values.push_back(20.0f + 15.0f * std::sin(8.0f * p.y) * std::cos(6.0f * p.x));
        overlays.heatMap.fields.push_back(std::move(field));
    }
    return overlays;
}

void BM_View_Frame_TranslucentSkinFasciaHeatMap(benchmark::State& state) {
    static const render::Overlays overlays = tensionOverlay(defaultBody());
    render::ViewOptions options;
    using anatomy::LayerKind;
    options.layerOpacity[static_cast<size_t>(LayerKind::Skin)] = 0.35f;
    options.layerOpacity[static_cast<size_t>(LayerKind::SuperficialFascia)] = 0.3f;
    options.layerOpacity[static_cast<size_t>(LayerKind::DeepFascia)] = 0.6f;
    options.overlays = &overlays;
    bench::timeFrames(state, defaultBody, options);
}

void BM_View_Frame_Peer_SkinOnly(benchmark::State& state) {
    render::ViewOptions options;
    options.layerVisible.fill(false);
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    bench::timeFrames(state, defaultBody, options);
}

// From nothing to the first finished frame of the default body, as the viewer starts: the
// cached body loaded, a renderer made, its meshes and levels of detail uploaded, one frame.
double firstFrameSeconds(const std::function<anatomy::Body()>& makeBody) {
    const auto start = std::chrono::steady_clock::now();
    auto context = platform::HeadlessContext::create();
    if (!context)
        return -1.0;
    const anatomy::Body body = makeBody();
    auto renderer = render::Renderer::create();
    auto target = render::OffscreenTarget::create(1280, 800, 1);
    if (!renderer || !target)
        return -1.0;
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 1280.0f / 800.0f);
    (*target)->bind();
    (*renderer)->draw(body, camera, {1280, 800}, {});
    glFinish();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_View_FirstFrame_CachedBody(benchmark::State& state) {
    app::loadDefaultBody(benchCacheDir()); // make sure the cache exists
    for (auto _ : state) {
        const double seconds =
            firstFrameSeconds([] { return app::loadDefaultBody(benchCacheDir()); });
        if (seconds < 0) {
            state.SkipWithError("no headless context");
            return;
        }
        state.SetIterationTime(seconds);
    }
}

void BM_View_FirstFrame_Peer_Built(benchmark::State& state) {
    for (auto _ : state) {
        const double seconds = firstFrameSeconds([] { return app::loadDefaultBody({}); });
        if (seconds < 0) {
            state.SkipWithError("no headless context");
            return;
        }
        state.SetIterationTime(seconds);
    }
}

} // namespace

BENCHMARK(BM_View_Pick_Bvh)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_View_Pick_Peer_EveryTriangle)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
FASCIALAB_TIMED_BENCHMARK(BM_View_Frame_TranslucentSkinFasciaHeatMap);
FASCIALAB_TIMED_BENCHMARK(BM_View_Frame_Peer_SkinOnly);
BENCHMARK(BM_View_FirstFrame_CachedBody)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_View_FirstFrame_Peer_Built)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1)
    ->Repetitions(1);
