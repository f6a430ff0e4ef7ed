// Benchmarks for the generated default body, each with a peer measured in the same run:
//   generation (target <= 10 s) vs. loading the same body back from the glTF it writes;
//   a frame at 1280x800 with every layer shown (target >= 30 frames per second on llvmpipe;
//   an opaque closed skin hides the rest), with the skin peeled (muscle and bone), and with
//   skin and fascia translucent over them, each vs. the skin alone.
// Run: build/bench/fascialab_bench --benchmark_filter=DefaultBody
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "platform/HeadlessContext.h"
#include "render/OffscreenTarget.h"
#include "render/Renderer.h"

#include <benchmark/benchmark.h>
#include <epoxy/gl.h>

#include <cstdio>
#include <filesystem>
#include <functional>

namespace {

const anatomy::Body& defaultBody() {
    static const anatomy::Body body = anatomy::gen::generateBody();
    return body;
}

void BM_DefaultBody_Generate(benchmark::State& state) {
    size_t triangles = 0;
    for (auto _ : state) {
        const anatomy::Body body = anatomy::gen::generateBody();
        triangles = body.triangleCount();
        benchmark::DoNotOptimize(triangles);
    }
    state.counters["triangles"] = static_cast<double>(triangles);
}

void BM_DefaultBody_Peer_LoadGlb(benchmark::State& state) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / "fascialab-bench-default-body.glb";
    if (!anatomy::io::saveGltf(defaultBody(), path)) {
        state.SkipWithError("could not write the default body");
        return;
    }
    for (auto _ : state) {
        auto body = anatomy::io::loadModel(path);
        benchmark::DoNotOptimize(body);
    }
    std::filesystem::remove(path);
}

void renderDefaultBody(benchmark::State& state,
                       const std::function<void(render::ViewOptions&)>& configure) {
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
    const anatomy::Body& body = defaultBody();
    render::ViewOptions options;
    configure(options);
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 1280.0f / 800.0f);
    (*target)->bind();
    (*renderer)->draw(body, camera, {1280, 800}, options); // upload outside the timed loop
    glFinish();
    for (auto _ : state) {
        camera.orbit(0.01f, 0.0f); // a moving camera, as in the viewer
        (*renderer)->draw(body, camera, {1280, 800}, options);
        glFinish(); // count llvmpipe's work, not just command submission
    }
    state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
    state.counters["triangles"] = static_cast<double>(body.triangleCount());
    state.SetLabel((*context)->description());
}

void BM_DefaultBody_Frame_AllLayers(benchmark::State& state) {
    renderDefaultBody(state, [](render::ViewOptions&) {});
}

void BM_DefaultBody_Frame_TranslucentSkinAndFascia(benchmark::State& state) {
    renderDefaultBody(state, [](render::ViewOptions& options) {
        using anatomy::LayerKind;
        options.layerOpacity[static_cast<size_t>(LayerKind::Skin)] = 0.35f;
        options.layerOpacity[static_cast<size_t>(LayerKind::SuperficialFascia)] = 0.3f;
        options.layerOpacity[static_cast<size_t>(LayerKind::DeepFascia)] = 0.4f;
    });
}

// The skin peeled: every muscle and bone drawn, the view a student studies.
void BM_DefaultBody_Frame_MuscleAndBone(benchmark::State& state) {
    renderDefaultBody(state, [](render::ViewOptions& options) {
        using anatomy::LayerKind;
        options.layerVisible.fill(false);
        options.layerVisible[static_cast<size_t>(LayerKind::Muscle)] = true;
        options.layerVisible[static_cast<size_t>(LayerKind::Bone)] = true;
    });
}

void BM_DefaultBody_Frame_Peer_SkinOnly(benchmark::State& state) {
    renderDefaultBody(state, [](render::ViewOptions& options) {
        options.layerVisible.fill(false);
        options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    });
}

} // namespace

BENCHMARK(BM_DefaultBody_Generate)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_DefaultBody_Peer_LoadGlb)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
// Real (wall) time: the GPU work happens on llvmpipe's threads, not the calling one.
#define FASCIALAB_FRAME_BENCHMARK(name)                                                            \
    BENCHMARK(name)                                                                                \
        ->Unit(benchmark::kMillisecond)                                                            \
        ->UseRealTime()                                                                            \
        ->MinTime(0.5)                                                                             \
        ->Repetitions(5)                                                                           \
        ->ReportAggregatesOnly(true)
FASCIALAB_FRAME_BENCHMARK(BM_DefaultBody_Frame_AllLayers);
FASCIALAB_FRAME_BENCHMARK(BM_DefaultBody_Frame_MuscleAndBone);
FASCIALAB_FRAME_BENCHMARK(BM_DefaultBody_Frame_TranslucentSkinAndFascia);
FASCIALAB_FRAME_BENCHMARK(BM_DefaultBody_Frame_Peer_SkinOnly);
