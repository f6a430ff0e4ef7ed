// Benchmarks for the atlas body, each beside the generated default body in the same run:
//   building it from the BodyParts3D parts (target <= 30 s on two cores) vs. generating the
//   default body; frames at 1280x800 with every layer opaque (target >= 60 frames per second on
//   llvmpipe) and with skin and fascia translucent over muscle and bone (target >= 30), each vs.
//   the same view of the generated body; a pick (target <= 1 ms) vs. testing every triangle.
// Run: build/bench/fascialab_bench --benchmark_filter=AtlasBody
#include "FrameTiming.h"
#include "anatomy/Bvh.h"
#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/gen/BodyGenerator.h"
#include "app/DefaultBody.h"

#include <benchmark/benchmark.h>

#include <functional>

namespace {

const anatomy::Body* atlasBody() {
    static const std::optional<anatomy::Body> body = []() -> std::optional<anatomy::Body> {
        auto built = anatomy::atlas::buildAtlasBody(app::atlasDirectory());
        if (!built)
            return std::nullopt;
        return std::move(*built);
    }();
    return body ? &*body : nullptr;
}

const anatomy::Body& generatedBody() {
    static const anatomy::Body body = anatomy::gen::generateBody();
    return body;
}

void BM_AtlasBody_Build(benchmark::State& state) {
    size_t triangles = 0;
    for (auto _ : state) {
        auto body = anatomy::atlas::buildAtlasBody(app::atlasDirectory());
        if (!body) {
            state.SkipWithError(body.error().message.c_str());
            return;
        }
        triangles = body->triangleCount();
    }
    state.counters["triangles"] = static_cast<double>(triangles);
}

void renderBody(benchmark::State& state, bool atlas,
                const std::function<void(render::ViewOptions&)>& configure) {
    if (atlas && !atlasBody()) {
        state.SkipWithError("the atlas body could not be built");
        return;
    }
    render::ViewOptions options;
    configure(options);
    bench::timeFrames(
        state, [&]() -> const anatomy::Body& { return atlas ? *atlasBody() : generatedBody(); },
        options);
}

void everyLayerOpaque(render::ViewOptions&) {}

void translucentSkinAndFascia(render::ViewOptions& options) {
    using anatomy::LayerKind;
    options.layerOpacity[static_cast<size_t>(LayerKind::Skin)] = 0.35f;
    options.layerOpacity[static_cast<size_t>(LayerKind::SuperficialFascia)] = 0.3f;
    options.layerOpacity[static_cast<size_t>(LayerKind::DeepFascia)] = 0.4f;
}

void muscleAndBone(render::ViewOptions& options) {
    using anatomy::LayerKind;
    options.layerVisible.fill(false);
    options.layerVisible[static_cast<size_t>(LayerKind::Muscle)] = true;
    options.layerVisible[static_cast<size_t>(LayerKind::Bone)] = true;
}

void BM_AtlasBody_Frame_AllLayers(benchmark::State& state) {
    renderBody(state, true, everyLayerOpaque);
}
void BM_AtlasBody_Frame_Peer_GeneratedAllLayers(benchmark::State& state) {
    renderBody(state, false, everyLayerOpaque);
}
void BM_AtlasBody_Frame_MuscleAndBone(benchmark::State& state) {
    renderBody(state, true, muscleAndBone);
}
void BM_AtlasBody_Frame_Peer_GeneratedMuscleAndBone(benchmark::State& state) {
    renderBody(state, false, muscleAndBone);
}
void BM_AtlasBody_Frame_TranslucentSkinAndFascia(benchmark::State& state) {
    renderBody(state, true, translucentSkinAndFascia);
}
void BM_AtlasBody_Frame_Peer_GeneratedTranslucentSkinAndFascia(benchmark::State& state) {
    renderBody(state, false, translucentSkinAndFascia);
}

void BM_AtlasBody_Pick_Bvh(benchmark::State& state) {
    if (!atlasBody()) {
        state.SkipWithError("the atlas body could not be built");
        return;
    }
    const anatomy::Body& body = *atlasBody();
    const anatomy::BodyBvh bvh(body);
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 1280.0f / 800.0f);
    std::vector<core::Ray> rays;
    for (int y = 40; y < 800; y += 40)
        for (int x = 440; x < 840; x += 20)
            rays.push_back(camera.rayThroughPixel({float(x), float(y)}, {1280.0f, 800.0f}));
    size_t next = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(bvh.intersect(rays[next++ % rays.size()]));
    state.counters["triangles"] = double(bvh.triangleCount());
}

} // namespace

BENCHMARK(BM_AtlasBody_Build)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_AllLayers);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_Peer_GeneratedAllLayers);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_MuscleAndBone);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_Peer_GeneratedMuscleAndBone);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_TranslucentSkinAndFascia);
FASCIALAB_TIMED_BENCHMARK(BM_AtlasBody_Frame_Peer_GeneratedTranslucentSkinAndFascia);
BENCHMARK(BM_AtlasBody_Pick_Bvh)->Unit(benchmark::kMicrosecond)->UseRealTime();
