#include "CliRunner.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "anatomy/io/GltfWriter.h"
#include "annotate/MapFile.h"
#include "app/BodyOptions.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
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

TEST_CASE("simulate: a treatment in batch gives the same CSV twice, with any number of threads",
          "[cli][sim]") {
    const auto dir = test::makeTempDir("cli-simulate");
    const std::string body = (dir / "body.glb").string();
    REQUIRE(anatomy::io::saveGltf(test::defaultBody(), body).ok());
    const std::string map =
        (test::sourceDir() / ".." / "examples" / "alex-three-sessions.fascia.json").string();
    const auto simulate = [&](const std::string& csv, const std::string& threads,
                              std::vector<std::string> extra = {}) {
        std::vector<std::string> args{
            "simulate", body,   "--map", map,          "--tool",    "thumb",     "--technique",
            "passive",  "--at", "tp-1",  "--pressure", "40",        "--seconds", "0.5",
            "--every",  "0.1",  "--csv", csv,          "--threads", threads};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    };
    const auto one = simulate((dir / "one.csv").string(), "1",
                              {"--out-map", (dir / "after.fascia.json").string()});
    INFO(one.err);
    REQUIRE(one.code == 0);
    CHECK_THAT(one.out, Catch::Contains("Trapezius (upper fibres) TrP1 (left):"));
    const auto two = simulate((dir / "two.csv").string(), "2");
    REQUIRE(two.code == 0);
    const auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string csv = read(dir / "one.csv");
    CHECK(csv == read(dir / "two.csv")); // one thread and two: the same bytes
    // A header and a row every 0.1 s from 0 to 0.5 s, each with the tool's force and the
    // release of each restriction (the map's painted fields and trigger points).
    std::istringstream lines(csv);
    std::string header, line;
    std::getline(lines, header);
    CHECK_THAT(header, Catch::StartsWith("time_s,tool_force_n,tool_depth_mm,"));
    CHECK_THAT(header, Catch::Contains("released_pct:tp-1"));
    int rows = 0;
    std::string last;
    while (std::getline(lines, line)) {
        ++rows;
        last = line;
        CHECK(std::count(line.begin(), line.end(), ',') ==
              std::count(header.begin(), header.end(), ','));
    }
    CHECK(rows == 6);
    CHECK_THAT(last, Catch::StartsWith("0.5000,"));
    const float force = std::stof(last.substr(last.find(',') + 1));
    // What holds the tissue (the bed beneath, the sheet around) balances the 8 N thumb.
    CHECK(force == Approx(8.0f).epsilon(0.02));
    // The written map has every session of the original unchanged and one more right after
    // the simulated one (the last, by default), with what released where, unrounded.
    const auto after = annotate::loadMap(dir / "after.fascia.json");
    REQUIRE(after.ok());
    const auto before = annotate::loadMap(map);
    REQUIRE(before.ok());
    REQUIRE(after->sessions.size() == before->sessions.size() + 1);
    for (size_t s = 0; s < before->sessions.size(); ++s)
        CHECK(after->sessions[s] == before->sessions[s]);
    const annotate::Session& simulated = after->sessions.back();
    const annotate::Session& treated = before->sessions.back();
    CHECK(simulated.date == treated.date);
    CHECK_THAT(simulated.notes, Catch::Contains("Simulated: Thumb, passive, 40 kPa"));
    REQUIRE(simulated.simulated.has_value());
    CHECK_THAT(simulated.simulated->treatment, Catch::StartsWith("Thumb, passive, 40 kPa"));
    REQUIRE(simulated.simulated->released.count("tp-1") == 1);
    const float released = simulated.simulated->released.at("tp-1");
    CHECK(released > 0.0f); // half a second of 40 kPa releases a little, not a whole point
    CHECK(released < 0.1f);
    // The CSV's last row says the same, to its rounding.
    const size_t column = static_cast<size_t>(std::count(
        header.begin(),
        header.begin() + static_cast<std::ptrdiff_t>(header.find("released_pct:tp-1")), ','));
    std::istringstream fields(last);
    std::string field;
    for (size_t c = 0; c <= column; ++c)
        std::getline(fields, field, ',');
    CHECK(100.0f * released == Approx(std::stof(field)).margin(0.01f));
    // The client's rating is theirs: the severities are as they were.
    REQUIRE(simulated.triggerPoints.size() == treated.triggerPoints.size());
    for (size_t p = 0; p < treated.triggerPoints.size(); ++p)
        CHECK(simulated.triggerPoints[p].severity == treated.triggerPoints[p].severity);
    // Simulating an earlier session puts the new one right after it.
    const auto earlier =
        simulate((dir / "three.csv").string(), "2",
                 {"--session", "1", "--out-map", (dir / "s1.fascia.json").string()});
    INFO(earlier.err);
    REQUIRE(earlier.code == 0);
    const auto afterFirst = annotate::loadMap(dir / "s1.fascia.json");
    REQUIRE(afterFirst.ok());
    REQUIRE(afterFirst->sessions.size() == before->sessions.size() + 1);
    CHECK(afterFirst->sessions[0] == before->sessions[0]);
    CHECK(afterFirst->sessions[1].simulated.has_value());
    for (size_t s = 1; s < before->sessions.size(); ++s)
        CHECK(afterFirst->sessions[s + 1] == before->sessions[s]);

    // A pressure beyond the thumb's range is clamped, and says so.
    auto clamped = run({"simulate", body, "--tool", "thumb", "--technique", "passive", "--at",
                        "0,1.2,0.2", "--pressure", "400", "--seconds", "0.1"});
    CHECK(clamped.code == 0);
    CHECK_THAT(clamped.err, Catch::Contains("400 kPa is above the realistic range"));
}

TEST_CASE("simulate refuses impossible parameters with a message", "[cli][sim]") {
    CHECK(run({"simulate", "--help"}).code == 0);
    const std::vector<std::string> base{"--tool", "thumb", "--technique", "passive",
                                        "--at",   "0,1,0", "--seconds",   "1"};
    struct Case {
        std::vector<std::string> change;
        std::string message;
    };
    const Case cases[] = {
        {{"--tool", "hammer"}, "--tool must be one of thumb, palm, elbow, ball, foam-roller"},
        {{"--technique", "poke"},
         "--technique must be passive, active, stretch or pin-and-stretch, not 'poke'"},
        {{"--movement", "dance"}, "--movement is for --technique pin-and-stretch"},
        {{"--technique", "pin-and-stretch", "--movement", "dance"},
         "--movement must be one of head-side-bend, knee-straighten,"},
        {{"--pressure", "-3"}, "must be a number of zero or more"},
        {{"--pressure", "lots"}, "--pressure must be a number"},
        {{"--seconds", "-1"}, "--seconds must lie between 0 and 3600"},
        {{"--at", "1,2"}, "--at: '1,2' is not x,y,z"},
        {{"--out-map", "x.json"}, "--out-map and --session need --map"},
        {{"--pull", "latissimus-dorsi/left"},
         "--pull: 'latissimus-dorsi/left' is not MUSCLE/SIDE=NEWTONS"},
        {{"--pull", "latissimus-dorsi/left=-4"}, "is not MUSCLE/SIDE=NEWTONS (0 to 2000 N)"},
        {{"--pull", "deltoid/left=30"},
         "--pull: no muscle inserts into this body's fascia as \"deltoid/left\" (there are: "
         "latissimus-dorsi/left"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args{"simulate"};
        std::vector<std::string> options = base;
        for (size_t i = 0; i + 1 < c.change.size() + 1; i += 2) {
            const auto it = std::find(options.begin(), options.end(), c.change[i]);
            if (it != options.end())
                *(it + 1) = c.change[i + 1];
            else
                options.insert(options.end(), {c.change[i], c.change[i + 1]});
        }
        if (std::find(options.begin(), options.end(), "--pressure") == options.end())
            options.insert(options.end(), {"--pressure", "40"});
        args.insert(args.end(), options.begin(), options.end());
        INFO(c.message);
        const auto r = run(args);
        CHECK(r.code == 1);
        CHECK_THAT(r.err, Catch::Contains(c.message));
    }
    const auto missingMap =
        run({"simulate", "--map", "/nonexistent/x.fascia.json", "--tool", "thumb", "--technique",
             "passive", "--at", "tp-1", "--pressure", "40", "--seconds", "1"});
    CHECK(missingMap.code == 2);
    CHECK_THAT(missingMap.err, Catch::Contains("/nonexistent/x.fascia.json"));
}

TEST_CASE("Without a MODEL the atlas body is shown; --body generated gives the generator's",
          "[cli]") {
    const auto dir = test::makeTempDir("cli-body");
    // export with no map writes the default body, every layer, nodes named as structures are.
    const std::string atlas = (dir / "atlas.glb").string();
    const auto written = run({"export", "--out", atlas});
    REQUIRE(written.code == 0);
    const auto info = run({"info", atlas, "--json"});
    REQUIRE(info.code == 0);
    const auto json = nlohmann::json::parse(info.out);
    CHECK(json["structures"].size() == test::defaultBody().structures().size());
    for (const char* layer : {"skin", "superficial-fascia", "deep-fascia", "muscle", "bone"})
        CHECK(json["layers"][layer]["structures"].get<int>() > 0);
    std::ifstream file(atlas, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(file), {}};
    CHECK(bytes.find("muscle/trapezius-upper/left") != std::string::npos);
    CHECK(bytes.find("deep-fascia/deep-fascia/midline") != std::string::npos);

    // The generated body on request, shaped by its options.
    const std::string generated = (dir / "generated.glb").string();
    REQUIRE(run({"export", "--body", "generated", "--out", generated}).code == 0);
    const auto generatedInfo = nlohmann::json::parse(run({"info", generated, "--json"}).out);
    CHECK(generatedInfo["structures"].size() == test::generatedBody().structures().size());
    CHECK(generatedInfo["structures"].size() != json["structures"].size());
    // (Generating another body takes seconds, a minute under the sanitizers: the options are
    // checked as parsed; the generator's own tests check what they make.)
    auto shaped =
        app::bodyChoice({{}, {{"--body", "generated"}, {"--height", "1.5"}, {"--sex", "female"}}});
    REQUIRE(shaped.ok());
    CHECK(shaped->kind == app::BodyChoice::Kind::Generated);
    CHECK(shaped->generated.heightM == 1.5f);
    CHECK(shaped->generated.sex == anatomy::gen::Sex::Female);

    // Usage errors, each naming the problem.
    const auto badBody = run({"render", "--body", "robot", "--out", (dir / "x.png").string()});
    CHECK(badBody.code == 1);
    CHECK_THAT(badBody.err, Catch::Contains("robot"));
    const auto shapedAtlas = run({"export", "--height", "1.6", "--out", atlas});
    CHECK(shapedAtlas.code == 1);
    CHECK_THAT(shapedAtlas.err, Catch::Contains("--body generated"));
    const auto both = run({"export", atlas, "--body", "atlas", "--out", (dir / "y.glb").string()});
    CHECK(both.code == 1);
    CHECK_THAT(both.err, Catch::Contains("not both"));
    CHECK(run({"simulate", "--body", "generated", "--sex", "other", "--tool", "thumb",
               "--technique", "passive", "--at", "0,1,0", "--seconds", "1"})
              .code == 1);
    CHECK(run({"export", "--session", "2", "--out", atlas}).code == 1);
    CHECK_THAT(run({"export", "--help"}).out, Catch::Contains("--body"));
}
