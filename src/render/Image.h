// render: RGBA8 images for screenshots and golden-image comparison.
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace render {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba; // row 0 is the top row

    std::uint8_t* pixel(int x, int y) { return &rgba[(static_cast<size_t>(y) * width + x) * 4]; }
    const std::uint8_t* pixel(int x, int y) const {
        return &rgba[(static_cast<size_t>(y) * width + x) * 4];
    }
};

core::Status writePng(const Image& image, const std::filesystem::path& path);
core::Result<Image> readPng(const std::filesystem::path& path);

struct ImageDifference {
    int maxChannelDifference = 0;     // 0..255
    double meanChannelDifference = 0; // over every channel of every pixel
    double differingPixelShare = 0;   // pixels with any channel differing by more than a threshold
};

// Images must have the same size.
ImageDifference compareImages(const Image& a, const Image& b, int pixelThreshold = 8);

} // namespace render
