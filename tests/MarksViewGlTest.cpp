// `fascialab render --map` without --view shows the side the map's marks are on; an explicit
// --view still wins.
#include "CliRunner.h"
#include "TestSupport.h"

#include "render/Image.h"

#include <catch2/catch.hpp>

TEST_CASE("render --map without --view looks at the marks; --view still wins",
          "[gl][cli][map][labels]") {
    const auto dir = test::makeTempDir("render-marks-view");
    const std::string map =
        (test::sourceDir().parent_path() / "examples" / "alex-three-sessions.fascia.json").string();
    auto render = [&](const std::string& name, std::vector<std::string> extra) {
        const std::string out = (dir / name).string();
        std::vector<std::string> args{"render", "--map", map, "--size", "160x240", "--out", out};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto run = test::runCli(args);
        INFO(run.err);
        REQUIRE(run.code == 0);
        auto image = render::readPng(out);
        REQUIRE(image.ok());
        return std::pair{run.out, std::move(*image)};
    };
    // The example's marks are on the back: the default view is the posterior one.
    const auto [chosenText, chosen] = render("chosen.png", {});
    CHECK_THAT(chosenText, Catch::Contains("posterior"));
    const auto [backText, back] = render("back.png", {"--view", "posterior"});
    CHECK(render::compareImages(chosen, back).maxChannelDifference == 0);
    // Asked for the front, it shows the front.
    const auto [frontText, front] = render("front.png", {"--view", "anterior"});
    CHECK_THAT(frontText, Catch::Contains("anterior"));
    CHECK(render::compareImages(chosen, front).differingPixelShare > 0.01);
}
