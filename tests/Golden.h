// Golden images: renders compared with stored PNGs under tests/golden with explicit tolerances.
// To rewrite them on purpose (after a deliberate visual change, looked at first):
//   FASCIALAB_UPDATE_GOLDENS=1 ctest --test-dir build -R gl
#pragma once

#include "TestSupport.h"
#include "render/Image.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

namespace test {

struct Tolerance {
    int maxChannel;        // worst single channel difference, 0..255
    double meanChannel;    // mean over all channels
    double differingShare; // share of pixels differing by more than 8
};

inline void compareWithGolden(const render::Image& image, const std::string& name,
                              Tolerance tolerance) {
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

} // namespace test
