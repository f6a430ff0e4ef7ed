#include "render/Image.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

TEST_CASE("PNG round trip and image comparison", "[image]") {
    render::Image image;
    image.width = 64;
    image.height = 32;
    image.rgba.resize(64 * 32 * 4);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x) {
            auto* p = image.pixel(x, y);
            p[0] = static_cast<std::uint8_t>(x * 4);
            p[1] = static_cast<std::uint8_t>(y * 8);
            p[2] = 128;
            p[3] = 255;
        }
    const auto path = test::makeTempDir("png") / "gradient.png";
    REQUIRE(render::writePng(image, path).ok());
    auto read = render::readPng(path);
    REQUIRE(read.ok());
    CHECK(read->rgba == image.rgba);
    CHECK(render::compareImages(image, *read).maxChannelDifference == 0);

    render::Image changed = image;
    changed.pixel(3, 3)[0] = static_cast<std::uint8_t>(changed.pixel(3, 3)[0] + 100);
    const auto diff = render::compareImages(image, changed);
    CHECK(diff.maxChannelDifference == 100);
    CHECK(diff.differingPixelShare == Approx(1.0 / (64 * 32)));

    auto bad = render::readPng(path.parent_path() / "missing.png");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("missing.png"));
}
