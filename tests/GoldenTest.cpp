// Golden images: renders compared with stored PNGs under tests/golden with explicit tolerances.
// To rewrite them on purpose (after a deliberate visual change, looked at first):
//   FASCIALAB_UPDATE_GOLDENS=1 ctest --test-dir build -R gl
#include "GlFixture.h"
#include "TestSupport.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>

namespace {

struct Tolerance {
    int maxChannel;        // worst single channel difference, 0..255
    double meanChannel;    // mean over all channels
    double differingShare; // share of pixels differing by more than 8
};

void compareWithGolden(const render::Image& image, const std::string& name, Tolerance tolerance) {
    const auto golden = test::sourceDir() / "golden" / (name + ".png");
    const auto actualPath =
        std::filesystem::temp_directory_path() / ("fascialab-actual-" + name + ".png");
    REQUIRE(render::writePng(image, actualPath).ok());
    if (test::updateGoldens()) {
        REQUIRE(render::writePng(image, golden).ok());
        WARN("rewrote golden " << golden.string());
        return;
    }
    auto expected = render::readPng(golden);
    REQUIRE(expected.ok());
    const auto diff = render::compareImages(image, *expected);
    INFO(name << ": max " << diff.maxChannelDifference << ", mean " << diff.meanChannelDifference
              << ", differing " << diff.differingPixelShare * 100 << "%; actual image at "
              << actualPath.string());
    CHECK(diff.maxChannelDifference <= tolerance.maxChannel);
    CHECK(diff.meanChannelDifference <= tolerance.meanChannel);
    CHECK(diff.differingPixelShare <= tolerance.differingShare);
}

// llvmpipe is deterministic; the tolerance absorbs other Mesa versions' rounding.
constexpr Tolerance kRenderTolerance{64, 0.6, 0.006};

} // namespace

TEST_CASE("Golden: two structures, studio lighting, anterior", "[gl][golden]") {
    test::GlFixture gl;
    const auto image = gl.render(test::twoSpheres(), {}, render::ViewPreset::Anterior, 320, 240);
    compareWithGolden(image, "two_spheres_anterior", kRenderTolerance);
}

TEST_CASE("Golden: translucent skin over bone", "[gl][golden]") {
    test::GlFixture gl;
    render::ViewOptions options;
    options.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = 0.4f;
    const auto image = gl.render(test::twoSpheres(), options, render::ViewPreset::Left, 320, 240);
    compareWithGolden(image, "two_spheres_translucent_left", kRenderTolerance);
}

TEST_CASE("Golden: the default body, posterior", "[gl][golden]") {
    test::GlFixture gl;
    const auto image =
        gl.render(anatomy::gen::generateBody(), {}, render::ViewPreset::Posterior, 320, 400);
    compareWithGolden(image, "default_body_posterior", kRenderTolerance);
}

TEST_CASE("Golden: the HRA skin, anterior", "[gl][golden][data]") {
    auto data = test::sharedData("the HRA skin golden image");
    if (!data)
        return;
    test::GlFixture gl;
    auto body = anatomy::io::loadModel(*data / "bodies" / "hra" / "VH_M_Skin.glb");
    REQUIRE(body.ok());
    const auto image = gl.render(*body, {}, render::ViewPreset::Anterior, 320, 400);
    compareWithGolden(image, "hra_skin_anterior", kRenderTolerance);
}
