// Benchmarks: model load time and headless frame time at 1280x800. Each figure comes with a peer
// measured in the same run (a ratio), since shared machines are noisy:
//   load  vs. tinygltf's bare parse of the same file (what our conversion adds);
//   frame (FXAA) vs. the same frame without anti-aliasing, and with 4x MSAA for comparison.
// Run: build/bench/fascialab_bench [MODEL.glb]   (default: the HRA skin, else the default body)
#include "FrameTiming.h"
#include "Summary.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/ModelLoader.h"

#include <benchmark/benchmark.h>
#include <tiny_gltf.h>

#include <cstdio>
#include <filesystem>

namespace {

std::string g_modelPath;

anatomy::Body loadBenchBody() {
    if (!g_modelPath.empty()) {
        auto body = anatomy::io::loadModel(g_modelPath);
        if (body)
            return std::move(*body);
        std::fprintf(stderr, "%s\n", body.error().message.c_str());
    }
    return anatomy::gen::generateBody();
}

void BM_LoadModel(benchmark::State& state) {
    if (g_modelPath.empty()) {
        state.SkipWithError("no model file to load");
        return;
    }
    for (auto _ : state) {
        auto body = anatomy::io::loadModel(g_modelPath);
        benchmark::DoNotOptimize(body);
    }
}

bool skipImages(tinygltf::Image*, const int, std::string*, std::string*, int, int,
                const unsigned char*, int, void*) {
    return true;
}

void BM_LoadModel_Peer_TinygltfParseOnly(benchmark::State& state) {
    if (g_modelPath.empty() || std::filesystem::path(g_modelPath).extension() != ".glb") {
        state.SkipWithError("peer needs a .glb model");
        return;
    }
    for (auto _ : state) {
        tinygltf::TinyGLTF loader;
        loader.SetImageLoader(skipImages, nullptr);
        tinygltf::Model model;
        std::string err, warn;
        benchmark::DoNotOptimize(loader.LoadBinaryFromFile(&model, &err, &warn, g_modelPath));
    }
}

void renderFrames(benchmark::State& state, int samples, bool fxaa) {
    render::ViewOptions options;
    options.antialiasing = fxaa;
    // The skin alone: imported skins get derived fascia layers beneath, hidden by the opaque
    // skin; the figure is for the skin mesh itself.
    options.layerVisible.fill(false);
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    anatomy::Body body;
    bench::timeFrames(
        state,
        [&]() -> const anatomy::Body& {
            body = loadBenchBody();
            return body;
        },
        options, samples);
}

void BM_RenderFrame_1280x800_Fxaa(benchmark::State& state) {
    renderFrames(state, 1, true);
}
void BM_RenderFrame_1280x800_Peer_NoAntialiasing(benchmark::State& state) {
    renderFrames(state, 1, false);
}
void BM_RenderFrame_1280x800_Peer_Msaa4(benchmark::State& state) {
    renderFrames(state, 4, false);
}

} // namespace

FASCIALAB_TIMED_BENCHMARK(BM_LoadModel);
FASCIALAB_TIMED_BENCHMARK(BM_LoadModel_Peer_TinygltfParseOnly);
FASCIALAB_TIMED_BENCHMARK(BM_RenderFrame_1280x800_Fxaa);
FASCIALAB_TIMED_BENCHMARK(BM_RenderFrame_1280x800_Peer_NoAntialiasing);
FASCIALAB_TIMED_BENCHMARK(BM_RenderFrame_1280x800_Peer_Msaa4);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc > 1) {
        g_modelPath = argv[1];
    } else {
        const std::filesystem::path skin =
            std::filesystem::path(FASCIALAB_SHARED_DATA) / "bodies/hra/VH_M_Skin.glb";
        if (std::filesystem::exists(skin))
            g_modelPath = skin.string();
    }
    std::printf("model: %s\n", g_modelPath.empty() ? "default body" : g_modelPath.c_str());
    bench::SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
