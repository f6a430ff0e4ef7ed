#include "CliRunner.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

namespace {
test::CliRun run(std::vector<std::string> args) {
    return test::runCli(std::move(args));
}
} // namespace

TEST_CASE("Every command has --help and exits 0", "[cli]") {
    for (auto args : std::vector<std::vector<std::string>>{
             {"--help"}, {"info", "--help"}, {"render", "--help"}}) {
        const auto r = run(args);
        CHECK(r.code == 0);
        CHECK_THAT(r.out, Catch::Contains("Usage") || Catch::Contains("fascialab"));
    }
}

TEST_CASE("Usage errors exit 1 with a message", "[cli]") {
    CHECK(run({"info"}).code == 1);
    CHECK(run({"info", "a.glb", "b.glb"}).code == 1);
    CHECK(run({"info", "--bogus", "a.glb"}).code == 1);
    auto noOut = run({"render"});
    CHECK(noOut.code == 1);
    CHECK_THAT(noOut.err, Catch::Contains("--out"));
    auto badView = run({"render", "--view", "sideways", "--out", "x.png"});
    CHECK(badView.code == 1);
    CHECK_THAT(badView.err, Catch::Contains("sideways"));
    CHECK(run({"render", "--layers", "skin,spleen", "--out", "x.png"}).code == 1);
    CHECK(run({"render", "--size", "0x10", "--out", "x.png"}).code == 1);
    CHECK(run({"render", "--size", "big", "--out", "x.png"}).code == 1);
}

TEST_CASE("Bad input exits 2 with the file named", "[cli]") {
    const auto dir = test::makeTempDir("cli");
    const auto r = run({"info", (dir / "missing.glb").string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains((dir / "missing.glb").string()));
    const auto render =
        run({"render", (dir / "missing.obj").string(), "--out", (dir / "x.png").string()});
    CHECK(render.code == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));
}

TEST_CASE("info describes a real body, as text and JSON", "[cli][data]") {
    auto data = test::sharedData("info on a real body");
    if (!data)
        return;
    const std::string skin = (*data / "bodies" / "hra" / "VH_M_Skin.glb").string();
    const auto text = run({"info", skin});
    REQUIRE(text.code == 0);
    CHECK_THAT(text.out, Catch::Contains("skin/VH_M_skin/midline") && Catch::Contains("107334") &&
                             Catch::Contains("deep-fascia/deep-fascia/midline"));
    const auto json = run({"info", skin, "--json"});
    REQUIRE(json.code == 0);
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j["triangle_count"].get<int>() == 3 * 107334); // the skin and two derived fascia layers
    CHECK(j["structures"][0]["triangles"].get<int>() == 107334);
    CHECK(j["layers"]["skin"]["structures"].get<int>() == 1);
    CHECK(j["size_m"][1].get<double>() == Approx(1.83).margin(0.01));
}
