// Loading a model or building a body reports its stages and stops when cancelled: a model's
// load (glTF and the Assimp importer's child process), the atlas body's build (which then
// caches nothing), and the viewer's background load with its status-bar progress bar.
#include "TestSupport.h"
#include "anatomy/io/ContainedImport.h"
#include "anatomy/io/ModelLoader.h"
#include "app/BackgroundBodyLoad.h"
#include "app/DefaultBody.h"
#include "core/TaskProgress.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::filesystem::path kAtlas =
    test::sourceDir().parent_path() / "third_party" / "bodyparts3d";

} // namespace

TEST_CASE("A model's load tells its stages in order, and a cancel stops it", "[io][cancel]") {
    const std::filesystem::path part = kAtlas / "parts" / "FJ1284.glb";
    std::vector<std::pair<std::string, float>> stages;
    core::TaskProgress progress(
        [&](const std::string& stage, float done) { stages.emplace_back(stage, done); });
    auto body = anatomy::io::loadModel(part, &progress);
    REQUIRE(body.ok());
    REQUIRE(stages.size() >= 4);
    CHECK(stages.front() == std::pair<std::string, float>{"reading FJ1284.glb", 0.0f});
    CHECK(stages.back() == std::pair<std::string, float>{"done", 1.0f});
    for (size_t i = 1; i < stages.size(); ++i)
        CHECK(stages[i].second >= stages[i - 1].second);

    core::TaskProgress cancelled;
    cancelled.cancel();
    auto stopped = anatomy::io::loadModel(part, &cancelled);
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().kind == core::ErrorKind::Cancelled);
    CHECK(stopped.error().message == "opening " + part.string() + ": cancelled");
}

TEST_CASE("A cancel kills an import's child process at once, long before its time limit",
          "[io][cancel]") {
    const auto dir = test::makeTempDir("cancel-import");
    const auto path = dir / "hang.obj";
    std::ofstream(path) << "v 0 0 0\n";
    const auto hang = [](const std::filesystem::path&) -> core::Result<anatomy::io::RawModel> {
        for (;;)
            std::this_thread::sleep_for(std::chrono::seconds(1));
    };
    core::TaskProgress progress;
    std::thread canceller([&progress] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        progress.cancel();
    });
    const auto start = std::chrono::steady_clock::now();
    auto result = anatomy::io::importContained(path, hang, std::chrono::seconds(60), &progress);
    const double seconds = secondsSince(start);
    canceller.join();
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == core::ErrorKind::Cancelled);
    CHECK(seconds < 2.0); // 0.3 s to the cancel, then at most a tenth of a second
}

TEST_CASE("A cancelled build of the atlas body caches nothing", "[io][cancel]") {
    const auto cache = test::makeTempDir("cancel-atlas-cache");
    core::TaskProgress progress;
    progress.cancel();
    auto body = app::loadAtlasBody(kAtlas, cache, nullptr, &progress);
    REQUIRE_FALSE(body.ok());
    CHECK(body.error().kind == core::ErrorKind::Cancelled);
    CHECK(std::filesystem::is_empty(cache));
    // The default body's choice passes the cancel on rather than falling back to another body.
    auto chosen = app::loadChosenBody({}, cache, nullptr, &progress);
    REQUIRE_FALSE(chosen.ok());
    CHECK(chosen.error().kind == core::ErrorKind::Cancelled);
}

TEST_CASE("The viewer's background load shows its stage, takes one load at a time and stops "
          "when cancelled",
          "[io][cancel]") {
    app::BackgroundBodyLoad load;
    CHECK_FALSE(load.takeFinished().has_value()); // nothing started
    // A load that reports a stage, then waits to be cancelled.
    REQUIRE(load.start("Opening slow.glb", [](core::TaskProgress& progress) {
        progress.report("decoding the meshes", 0.3f);
        while (progress.keepGoing())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return core::Result<anatomy::Body>(core::cancelledError("opening slow.glb"));
    }));
    CHECK(load.running());
    CHECK_FALSE(load.start("Opening other.glb", [](core::TaskProgress&) {
        return core::Result<anatomy::Body>(anatomy::Body());
    }));
    const auto start = std::chrono::steady_clock::now();
    while (load.progress().first.empty() && secondsSince(start) < 10.0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(load.progress() == std::pair<std::string, float>{"decoding the meshes", 0.3f});
    CHECK_FALSE(load.takeFinished().has_value()); // still running
    load.cancel();
    CHECK(load.cancelling());
    load.wait();
    auto finished = load.takeFinished();
    REQUIRE(finished.has_value());
    REQUIRE_FALSE(finished->ok());
    CHECK(finished->error().kind == core::ErrorKind::Cancelled);
    CHECK_FALSE(load.running());
    // The next load may start, and its body arrives.
    REQUIRE(load.start("Opening small.glb", [](core::TaskProgress&) {
        anatomy::Body body;
        body.sourcePath = "small.glb";
        return core::Result<anatomy::Body>(std::move(body));
    }));
    load.wait();
    finished = load.takeFinished();
    REQUIRE(finished.has_value());
    REQUIRE(finished->ok());
    CHECK((*finished)->sourcePath == "small.glb");
}
