// Benchmarks for the generated default body, each with a peer measured in the same run:
//   generation (target <= 10 s) vs. loading the same body back from the glTF it writes;
//   a frame at 1280x800 with every layer shown (target >= 30 frames per second on llvmpipe;
//   an opaque closed skin hides the rest), with the skin peeled (muscle and bone), and with
//   skin and fascia translucent over them, each vs. the skin alone.
// Run: build/bench/fascialab_bench --benchmark_filter=DefaultBody
#include "FrameTiming.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"

#include <benchmark/benchmark.h>

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
    render::ViewOptions options;
    configure(options);
    bench::timeFrames(state, defaultBody, options);
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
FASCIALAB_TIMED_BENCHMARK(BM_DefaultBody_Frame_AllLayers);
FASCIALAB_TIMED_BENCHMARK(BM_DefaultBody_Frame_MuscleAndBone);
FASCIALAB_TIMED_BENCHMARK(BM_DefaultBody_Frame_TranslucentSkinAndFascia);
FASCIALAB_TIMED_BENCHMARK(BM_DefaultBody_Frame_Peer_SkinOnly);
