#include "Summary.h"

#include <cstdio>
#include <optional>

namespace bench {

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
        const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
        const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
        if (run.error_occurred || !(single || median))
            continue;
        std::string name = run.run_name.function_name;
        if (!run.run_name.args.empty())
            name += "/" + run.run_name.args;
        Figures& figures = m_figures[name];
        figures.realSeconds =
            run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
        for (const auto& [counter, value] : run.counters)
            figures.counters[counter] = value.value;
    }
}

const SummaryReporter::Figures* SummaryReporter::find(const std::string& name) const {
    const auto found = m_figures.find(name);
    return found == m_figures.end() ? nullptr : &found->second;
}

void SummaryReporter::Finalize() {
    ConsoleReporter::Finalize();
    std::printf("\nSummary, each figure beside its peer from this run:\n");
    const auto timed = [&](const char* what, const std::string& name, const std::string& peerName,
                           const char* peerWhat, const char* target) {
        const Figures* figures = find(name);
        const Figures* peer = find(peerName);
        if (!figures || !peer || peer->realSeconds <= 0.0)
            return;
        const std::string perSecond =
            std::string(target).find("per second") == std::string::npos
                ? ""
                : " = " + std::to_string(static_cast<int>(1.0 / figures->realSeconds)) +
                      " per second";
        std::printf("  %s: %.1f ms%s, %.2fx the time of %s (%.1f ms); target %s\n", what,
                    1e3 * figures->realSeconds, perSecond.c_str(),
                    figures->realSeconds / peer->realSeconds, peerWhat, 1e3 * peer->realSeconds,
                    target);
    };
    timed("HRA skin frame, 1280x800", "BM_RenderFrame_1280x800_Fxaa",
          "BM_RenderFrame_1280x800_Peer_NoAntialiasing", "no anti-aliasing", "<= 16 ms");
    timed("HRA skin load", "BM_LoadModel", "BM_LoadModel_Peer_TinygltfParseOnly",
          "tinygltf's bare parse", "<= 100 ms");
    timed("Default body generated", "BM_DefaultBody_Generate", "BM_DefaultBody_Peer_LoadGlb",
          "loading it back", "<= 10000 ms");
    timed("Default body, every layer", "BM_DefaultBody_Frame_AllLayers",
          "BM_DefaultBody_Frame_Peer_SkinOnly", "the skin alone", ">= 30 frames per second");
    timed("Translucent skin and fascia, heat map", "BM_View_Frame_TranslucentSkinFasciaHeatMap",
          "BM_View_Frame_Peer_SkinOnly", "the skin alone", ">= 30 frames per second");
    timed("First frame from the cached default (atlas) body", "BM_View_FirstFrame_CachedBody",
          "BM_View_FirstFrame_Peer_Built", "building it", "<= 1500 ms");
    timed("Atlas body built", "BM_AtlasBody_Build", "BM_DefaultBody_Generate",
          "generating the default body", "<= 30000 ms");
    timed("Atlas body, every layer opaque", "BM_AtlasBody_Frame_AllLayers",
          "BM_AtlasBody_Frame_Peer_GeneratedAllLayers", "the generated body",
          ">= 60 frames per second");
    timed("Atlas body, muscle and bone", "BM_AtlasBody_Frame_MuscleAndBone",
          "BM_AtlasBody_Frame_Peer_GeneratedMuscleAndBone", "the generated body",
          "none, frames per second for reference");
    timed("Atlas body, translucent skin and fascia", "BM_AtlasBody_Frame_TranslucentSkinAndFascia",
          "BM_AtlasBody_Frame_Peer_GeneratedTranslucentSkinAndFascia", "the generated body",
          ">= 30 frames per second");
    if (const Figures* pick = find("BM_AtlasBody_Pick_Bvh"))
        std::printf("  Atlas body pick: %.2f us; target <= 1 ms\n", 1e6 * pick->realSeconds);
    if (const Figures* bvh = find("BM_View_Pick_Bvh"))
        if (const Figures* every = find("BM_View_Pick_Peer_EveryTriangle"))
            std::printf(
                "  Pick: %.2f us, %.0fx faster than testing every triangle; target <= 1 ms\n",
                1e6 * bvh->realSeconds, every->realSeconds / bvh->realSeconds);

    const auto threadsText = [](const std::string& threads) {
        return threads + (threads == "1" ? " thread" : " threads");
    };
    // One extra pass: the time of a step at 20 passes less that at 10, over 10, on each side;
    // what a step does besides its passes cancels out.
    const auto perPass = [&](const std::string& name) -> std::optional<double> {
        const Figures* ten = find(name + "/passes:10");
        const Figures* twenty = find(name + "/passes:20");
        if (!ten || !twenty)
            return std::nullopt;
        return (twenty->realSeconds - ten->realSeconds) / 10.0;
    };
    bool header = false;
    const auto compare = [&](const std::string& what, const std::string& ours,
                             const std::string& bullet) {
        const auto oursPass = perPass(ours), bulletPass = perPass(bullet);
        if (!oursPass || !bulletPass || !(*oursPass > 0.0))
            return;
        if (!header)
            std::printf("  One link pass against Bullet's btSoftBody (same particles and links, no "
                        "damping; the cost of a pass from steps of 10 and 20 passes; target >= "
                        "2x):\n");
        header = true;
        std::printf("    %s: %.3f ms against %.3f ms = %.1fx\n", what.c_str(), 1e3 * *oursPass,
                    1e3 * *bulletPass, *bulletPass / *oursPass);
    };
    for (const char* n : {"64", "128", "256"})
        for (const std::string threads : {"1", "2"})
            compare(std::string(n) + " x " + n + " particles, " + threadsText(threads),
                    std::string("BM_Sim_LinkSolves_FasciaLab/n:") + n + "/threads:" + threads,
                    std::string("BM_Sim_LinkSolves_BulletSoftBody/n:") + n);
    for (const std::string threads : {"1", "2"})
        compare("the generated body's deep fascia, " + threadsText(threads),
                "BM_Sim_LinkSolves_FasciaLab_DefaultBody/threads:" + threads,
                "BM_Sim_LinkSolves_BulletSoftBody_DefaultBody");
    for (const std::string stroke : {"0", "1"})
        for (const std::string threads : {"1", "2"}) {
            const Figures* body = find(std::string("BM_Sim_DefaultBodyDeepFascia/threads:") +
                                       threads + "/stroke:" + stroke);
            if (!body || body->counters.count("steps_per_s") == 0)
                continue;
            std::printf("  Default body's deep fascia, a thumb %s, %s: %.0f steps per second "
                        "(target >= 60), %.0f bytes per particle\n",
                        stroke == "1" ? "stroking" : "held", threadsText(threads).c_str(),
                        body->counters.at("steps_per_s"),
                        body->counters.count("bytes_per_particle")
                            ? body->counters.at("bytes_per_particle")
                            : 0.0);
        }
    const Figures* whole = find("BM_Sim_ViewerLoop_HeldThumb/closeup:0");
    const Figures* close = find("BM_Sim_ViewerLoop_HeldThumb/closeup:1");
    const Figures* alone = find("BM_Sim_ViewerLoop_Peer_NothingDrawn");
    const auto has = [](const Figures* f, const char* counter) {
        return f && f->counters.count(counter) > 0;
    };
    if (has(whole, "real_time") && has(close, "real_time") && has(alone, "real_time"))
        std::printf(
            "  Simulate mode in the viewer's loop, a thumb held on the example's point, drawn "
            "at 1280x800: %.2fx real time at %.0f frames per second with the body in view, "
            "%.2fx at %.0f close up (target >= 1.0x); the simulation alone, nothing drawn: "
            "%.2fx\n",
            whole->counters.at("real_time"), whole->counters.at("fps"),
            close->counters.at("real_time"), close->counters.at("fps"),
            alone->counters.at("real_time"));
}

} // namespace bench
