// A lesson's step as Learn mode shows it, rendered headless: its camera, layers, highlighted
// muscles and fascia region, and its trigger points with their zones.
#include "CliRunner.h"
#include "Golden.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

namespace {

render::Image renderStep(const std::string& step) {
    const auto out = test::makeTempDir("lesson-gl") / "step.png";
    const auto run =
        test::runCli({"render", "--lesson", step, "--size", "320x400", "--out", out.string()});
    INFO(run.err);
    REQUIRE(run.code == 0);
    auto image = render::readPng(out);
    REQUIRE(image);
    return std::move(*image);
}

} // namespace

TEST_CASE("Golden: a lesson step, the thoracolumbar fascia between latissimus and gluteus",
          "[gl][golden][learn]") {
    test::compareWithGolden(renderStep("fascia-web:4"), "lesson_fascia_web_step4",
                            test::kRenderTolerance);
}

TEST_CASE("Golden: a lesson step, upper trapezius TrP1 and its zone at the temple",
          "[gl][golden][learn]") {
    test::compareWithGolden(renderStep("referred-pain:2"), "lesson_referred_pain_step2",
                            test::kRenderTolerance);
}

TEST_CASE("render --lesson refuses an unknown lesson or step", "[gl][learn][cli]") {
    const std::string out = (test::makeTempDir("lesson-gl-bad") / "x.png").string();
    const auto unknown = test::runCli({"render", "--lesson", "no-such-lesson", "--out", out});
    CHECK(unknown.code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("no lesson \"no-such-lesson\""));
    const auto step = test::runCli({"render", "--lesson", "fascia-web:99", "--out", out});
    CHECK(step.code == 1);
    CHECK_THAT(step.err, Catch::Contains("fascia-web has steps 1 to"));
    CHECK(test::runCli({"render", "--lesson", "fascia-web:two", "--out", out}).code == 1);
}
