// Simulate mode as the viewer draws it: the example's upper-trapezius point seen close up at
// rest, with a thumb held on it, and once the thumb is lifted after half a minute. The
// three panels side by side are written to FASCIALAB_FIGURE_DIR (the picture in
// docs/simulation.md, scripts/render-figures.sh) or the temporary folder.
#include "GlFixture.h"
#include "TestSupport.h"

#include "annotate/MapFile.h"
#include "app/SimulateMode.h"
#include "render/Image.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace {

// Pixels coloured as the top half of the heat scale (viridis from green to yellow), where the
// body is otherwise drawn in pinks, reds and greys: the tissue under tension.
int tensePixels(const render::Image& image) {
    int count = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            count += p[1] > 150 && p[2] < 130 ? 1 : 0;
        }
    return count;
}

} // namespace

TEST_CASE("Simulate mode's hold as the viewer draws it: the dip under the thumb tense, the point "
          "cooler than before once lifted",
          "[gl][sim]") {
    test::GlFixture gl;
    const anatomy::Body& body = test::defaultBody();
    auto map = annotate::loadMap(test::examplePath());
    REQUIRE(map.ok());
    app::SimulateMode mode;
    mode.prepare(body, &map->sessions.front());
    mode.waitUntilPrepared();
    REQUIRE(mode.poll());
    REQUIRE(mode.ready());
    const auto& restrictions = mode.simulation()->web().restrictions();
    size_t upperTrapezius = restrictions.size();
    for (size_t r = 0; r < restrictions.size(); ++r)
        if (restrictions[r].id == "tp-1")
            upperTrapezius = r;
    REQUIRE(upperTrapezius < restrictions.size());
    // Where Hold presses (taken back at once, before any time has run).
    const auto hold = mode.holdOn(upperTrapezius);
    REQUIRE(hold.has_value());
    mode.lift();

    // As Hold turns the view: facing the point, with the skin and superficial fascia hidden.
    constexpr int kWidth = 440, kHeight = 320;
    render::ViewOptions view;
    view.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = false;
    view.layerVisible[static_cast<size_t>(anatomy::LayerKind::SuperficialFascia)] = false;
    render::Overlays overlays;
    view.overlays = &overlays;
    render::OrbitCamera camera;
    core::Aabb around;
    around.extend(hold->point - glm::vec3(0.04f));
    around.extend(hold->point + glm::vec3(0.04f));
    camera.faceFrom(hold->normal);
    camera = camera.framing(around, float(kWidth) / float(kHeight));
    auto target = render::OffscreenTarget::create(kWidth, kHeight, 1);
    REQUIRE(target.ok());
    std::uint64_t revision = 0;
    const auto draw = [&] {
        overlays = render::Overlays();
        mode.fillOverlays(overlays, 5.0f);
        overlays.revision = ++revision;
        (*target)->bind();
        gl.renderer->draw(body, camera, {kWidth, kHeight}, view);
        return (*target)->readImage();
    };
    // At rest; held for half a minute (10 s under the sanitizers, which run the simulation far
    // slower); lifted for a second.
    const double heldS = test::randomCases(3) == 3 ? 30.0 : 10.0;
    constexpr double kUnlimited = 1e9; // the clock runs every frame asked for
    const render::Image resting = draw();
    REQUIRE(mode.holdOn(upperTrapezius).has_value());
    mode.advance(heldS, kUnlimited);
    const float released = mode.simulation()->sample().releasedPercent[upperTrapezius];
    const render::Image held = draw();
    mode.lift();
    mode.advance(1.0, kUnlimited);
    const render::Image lifted = draw();

    const int tenseResting = tensePixels(resting), tenseHeld = tensePixels(held),
              tenseLifted = tensePixels(lifted);
    std::printf("the upper trapezius point: %d tense pixels at rest, %d with the thumb held "
                "%.0f s (%.1f %% of the point released), %d once lifted\n",
                tenseResting, tenseHeld, heldS, static_cast<double>(released), tenseLifted);
    CHECK(tenseResting > 200);           // the restriction is tense at rest
    CHECK(tenseHeld > 2 * tenseResting); // the dip under the thumb far more
    CHECK(tenseLifted < tenseResting);   // released, the point is cooler than before
    CHECK(released > 10.0f);

    render::Image panels;
    panels.width = 3 * kWidth + 8;
    panels.height = kHeight;
    panels.rgba.assign(static_cast<size_t>(panels.width) * kHeight * 4, 255);
    const render::Image* images[3] = {&resting, &held, &lifted};
    for (int k = 0; k < 3; ++k)
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x)
                std::copy_n(images[k]->pixel(x, y), 4, panels.pixel(k * (kWidth + 4) + x, y));
    const char* folder = std::getenv("FASCIALAB_FIGURE_DIR");
    const std::filesystem::path out =
        (folder ? std::filesystem::path(folder) : std::filesystem::temp_directory_path()) /
        "simulate-hold-fibres.png";
    REQUIRE(render::writePng(panels, out).ok());
    std::printf("wrote %s\n", out.string().c_str());
}
