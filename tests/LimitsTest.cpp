// Limits instead of exhaustion: a map past its limits is refused before it can exhaust memory,
// each limit can be raised for one command (--limit NAME=VALUE) or for every run
// (FASCIALAB_LIMITS), and a bad limit is a usage error.
#include "CliRunner.h"
#include "TestSupport.h"

#include "annotate/MapFile.h"
#include "core/Limits.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace annotate;

TEST_CASE("A map past the limits is refused before it can exhaust memory", "[annotate]") {
    const auto dir = test::makeTempDir("map-limits");
    // A file larger than a map may be is refused before a byte of it is read (a sparse file:
    // it takes no room on the disk).
    const auto huge = dir / "huge.fascia.json";
    std::ofstream(huge) << "{";
    std::filesystem::resize_file(huge, 65ull * 1024 * 1024);
    auto refused = loadMap(huge);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains(huge.string()) &&
                                            Catch::Contains("the file is 65 MB") &&
                                            Catch::Contains("more than the 64 MB") &&
                                            Catch::Contains("--limit map-mb=N raises it"));
    // Raised, the same file is read, and fails for what it holds.
    ::setenv("FASCIALAB_MAX_MAP_MB", "100", 1);
    CHECK(maxMapBytes() == 100ull * 1024 * 1024);
    auto read = loadMap(huge);
    ::unsetenv("FASCIALAB_MAX_MAP_MB");
    REQUIRE_FALSE(read.ok());
    CHECK_THAT(read.error().message, !Catch::Contains("MB"));
    CHECK(maxMapBytes() == 64ull * 1024 * 1024);
    // A session of more trigger points than a map may hold.
    auto example = loadMap(test::examplePath());
    REQUIRE(example.ok());
    MapDocument crowded = *example;
    const TriggerPoint point = crowded.sessions[0].triggerPoints.front();
    crowded.sessions[0].triggerPoints.clear();
    for (size_t i = 0; i <= maxMarksPerSession(); ++i) {
        TriggerPoint copy = point;
        copy.id = "tp-" + std::to_string(i + 1);
        copy.referredZones.clear();
        crowded.sessions[0].triggerPoints.push_back(copy);
    }
    auto tooMany = readMapJson(writeMapJson(crowded), "crowded.fascia.json");
    REQUIRE_FALSE(tooMany.ok());
    CHECK_THAT(tooMany.error().message,
               Catch::Contains("sessions[0].triggerPoints: holds 10001 trigger points, more than "
                               "the 10000 a map may hold (--limit map-marks=N raises it)"));
    // Raised for one command, the crowded session is read; the next command has the default.
    const auto crowdedFile = dir / "crowded.fascia.json";
    REQUIRE(saveMap(crowdedFile, crowded).ok());
    // (export: a command that loads a map and needs no GL context, so that the unit tier's leak
    // check does not see the GL driver's own allocations.)
    const auto raised =
        test::runCli({"export", "--limit", "map-marks=20000", "--map", crowdedFile.string(),
                      "--out", (dir / "crowded.glb").string()});
    CHECK(raised.code == 0);
    CHECK(maxMarksPerSession() == 10000);
    const auto again = test::runCli(
        {"export", "--map", crowdedFile.string(), "--out", (dir / "crowded.glb").string()});
    CHECK(again.code == 2);
    CHECK_THAT(again.err, Catch::Contains("map-marks"));
    // A limit that is not one, or not a number, is a usage error naming what is wrong.
    const auto unknown = test::runCli({"library", "--limit", "map-megabytes=5"});
    CHECK(unknown.code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("map-mb"));
    const auto notNumber = test::runCli({"library", "--limit", "map-mb=lots"});
    CHECK(notNumber.code == 1);
    CHECK_THAT(notNumber.err, Catch::Contains("'lots'"));
    // FASCIALAB_LIMITS sets them for every run.
    ::setenv("FASCIALAB_LIMITS", "map-mb=128,import-seconds=90", 1);
    CHECK(maxMapBytes() == 128ull * 1024 * 1024);
    CHECK(core::limitValue(core::Limit::ImportSeconds) == 90.0);
    ::unsetenv("FASCIALAB_LIMITS");
    CHECK(maxMapBytes() == 64ull * 1024 * 1024);
}

TEST_CASE("The Draco budget is a limit, raised or lowered for one command", "[io][draco]") {
    // The atlas's smallest part: 46 points and 40 triangles.
    const std::string part =
        (test::sourceDir() / "../third_party/bodyparts3d/parts/FJ3372.glb").string();
    const auto lowered = test::runCli({"info", "--limit", "draco-million=0.00005", part});
    CHECK(lowered.code == 2);
    CHECK_THAT(lowered.err, Catch::Contains("46 points and 40 triangles") &&
                                Catch::Contains("--limit draco-million=N raises it"));
    const auto enough = test::runCli({"info", "--limit", "draco-million=0.0001", part});
    CHECK(enough.code == 0);
    CHECK(test::runCli({"info", part}).code == 0);
}
