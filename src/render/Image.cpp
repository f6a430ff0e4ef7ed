#include "render/Image.h"

#include "core/AtomicFile.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <cstring>

namespace render {

core::Status writePng(const Image& image, const std::filesystem::path& path) {
    if (image.width <= 0 || image.height <= 0)
        return core::internalError(path.string() + ": cannot write an empty image");
    std::vector<std::byte> encoded;
    auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<std::byte>*>(context);
        const auto* bytes = static_cast<const std::byte*>(data);
        out->insert(out->end(), bytes, bytes + size);
    };
    if (!stbi_write_png_to_func(append, &encoded, image.width, image.height, 4, image.rgba.data(),
                                image.width * 4))
        return core::internalError(path.string() + ": PNG encoding failed");
    return core::writeFileAtomically(path, encoded);
}

core::Result<Image> readPng(const std::filesystem::path& path) {
    int width = 0, height = 0, channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &width, &height, &channels, 4);
    if (!data)
        return core::badInput(path.string() + ": cannot read PNG: " + stbi_failure_reason());
    Image image;
    image.width = width;
    image.height = height;
    image.rgba.assign(data, data + static_cast<size_t>(width) * height * 4);
    stbi_image_free(data);
    return image;
}

ImageDifference compareImages(const Image& a, const Image& b, int pixelThreshold) {
    ImageDifference diff;
    if (a.width != b.width || a.height != b.height || a.rgba.size() != b.rgba.size()) {
        diff.maxChannelDifference = 255;
        diff.meanChannelDifference = 255;
        diff.differingPixelShare = 1.0;
        return diff;
    }
    double sum = 0;
    size_t differing = 0;
    const size_t pixels = static_cast<size_t>(a.width) * a.height;
    for (size_t i = 0; i < pixels; ++i) {
        int pixelMax = 0;
        for (int c = 0; c < 4; ++c) {
            const int d = std::abs(int(a.rgba[i * 4 + c]) - int(b.rgba[i * 4 + c]));
            pixelMax = std::max(pixelMax, d);
            sum += d;
        }
        diff.maxChannelDifference = std::max(diff.maxChannelDifference, pixelMax);
        differing += pixelMax > pixelThreshold ? 1 : 0;
    }
    diff.meanChannelDifference = pixels ? sum / double(pixels * 4) : 0.0;
    diff.differingPixelShare = pixels ? double(differing) / double(pixels) : 0.0;
    return diff;
}

} // namespace render
