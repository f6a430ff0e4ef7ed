// Maps on the body, rendered: the golden image of a map, `render --map`, and the patient
// handout as a real PDF checked with poppler's pdfinfo and pdftotext.
#include "CliRunner.h"
#include "GlFixture.h"
#include "Golden.h"
#include "TestSupport.h"

#include "anatomy/io/GltfWriter.h"
#include "annotate/MapFile.h"
#include "app/HandoutJob.h"
#include "app/MapRender.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>

namespace {

// The default body as a file, so the command line reads the same body the map was made on
// without regenerating it.
const std::filesystem::path& defaultBodyFile() {
    static const std::filesystem::path path = [] {
        const auto dir = test::makeTempDir("map-gl-body");
        const auto file = dir / "default-body.glb";
        REQUIRE(anatomy::io::saveGltf(test::defaultBody(), file).ok());
        return file;
    }();
    return path;
}

std::string commandOutput(const std::string& command) {
    std::string output;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0)
        output.append(buffer.data(), n);
    return output;
}

} // namespace

TEST_CASE("Golden: a client's map on the default body, pins, zones and tension",
          "[gl][golden][map]") {
    test::GlFixture gl;
    auto document = annotate::loadMap(test::examplePath());
    REQUIRE(document.ok());
    app::MapDisplay display;
    display.session = 0;
    display.selectedId = "tp-1";
    display.tensionShownOn = anatomy::LayerKind::Skin;
    auto image =
        app::renderMapView(*gl.renderer, test::defaultBody(), *document, display,
                           render::ViewOptions{}, render::ViewPreset::Posterior, {320, 480});
    REQUIRE(image.ok());
    test::compareWithGolden(*image, "map_example_posterior", test::kRenderTolerance);

    // The map is really drawn: without it, the image differs where the marks are.
    app::MapDisplay nothing = display;
    nothing.pins = nothing.zones = nothing.tension = false;
    auto plain =
        app::renderMapView(*gl.renderer, test::defaultBody(), *document, nothing,
                           render::ViewOptions{}, render::ViewPreset::Posterior, {320, 480});
    REQUIRE(plain.ok());
    CHECK(render::compareImages(*image, *plain).differingPixelShare > 0.005);
}

TEST_CASE("render --map draws a session of a map; bad maps and sessions are refused",
          "[gl][cli][map]") {
    const auto dir = test::makeTempDir("render-map");
    const std::string out = (dir / "map.png").string();
    const std::string body = defaultBodyFile().string();
    const auto ok =
        test::runCli({"render", body, "--map", test::examplePath().string(), "--session", "2",
                      "--view", "posterior", "--size", "200x300", "--out", out});
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK(std::filesystem::exists(out));
    CHECK(ok.err.empty()); // exact on its own body: nothing moved

    const auto corrupt = (test::sourceDir() / "data" / "maps" / "truncated.fascia.json").string();
    const auto bad = test::runCli({"render", body, "--map", corrupt, "--out", out});
    CHECK(bad.code == 2);
    CHECK_THAT(bad.err, Catch::Contains("truncated.fascia.json"));
    const auto badSession = test::runCli(
        {"render", body, "--map", test::examplePath().string(), "--session", "9", "--out", out});
    CHECK(badSession.code == 1);
    CHECK_THAT(badSession.err, Catch::Contains("from 1 to 3"));
    CHECK(test::runCli({"render", body, "--session", "1", "--out", out}).code == 1);
}

TEST_CASE("render --beside shows two sessions side by side, each as it would be alone",
          "[gl][cli][map]") {
    const auto dir = test::makeTempDir("render-beside");
    const std::string body = defaultBodyFile().string();
    const std::string map = test::examplePath().string();
    const std::string pair = (dir / "pair.png").string();
    const auto run = test::runCli({"render", body, "--map", map, "--beside", "1", "--view",
                                   "posterior", "--size", "400x300", "--out", pair});
    INFO(run.err);
    REQUIRE(run.code == 0);
    // Each half is the same picture as that session rendered alone at half the width.
    auto alone = [&](const char* session) {
        const std::string out = (dir / (std::string("session-") + session + ".png")).string();
        REQUIRE(test::runCli({"render", body, "--map", map, "--session", session, "--view",
                              "posterior", "--size", "200x300", "--out", out})
                    .code == 0);
        auto image = render::readPng(out);
        REQUIRE(image.ok());
        return std::move(*image);
    };
    auto both = render::readPng(pair);
    REQUIRE(both.ok());
    auto half = [&](int x0) {
        render::Image part{200, 300, std::vector<std::uint8_t>(200 * 300 * 4)};
        for (int y = 0; y < 300; ++y)
            std::copy_n(both->pixel(x0, y), 200 * 4, part.pixel(0, y));
        return part;
    };
    const render::Image first = alone("1"), last = alone("3");
    const render::Image left = half(0), right = half(200);
    CHECK(render::compareImages(left, first).maxChannelDifference <= 2);
    CHECK(render::compareImages(right, last).maxChannelDifference <= 2);
    // The sessions really differ (a point found later, tension eased).
    CHECK(render::compareImages(left, right).differingPixelShare > 0.001);
    const auto bad = test::runCli({"render", body, "--map", map, "--beside", "0", "--out", pair});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Catch::Contains("--beside must be a session number from 1 to 3"));
    CHECK(test::runCli({"render", body, "--beside", "1", "--out", pair}).code == 1);
}

TEST_CASE("Painted tension shows on the outermost layer that would hide it", "[gl][map]") {
    auto document = annotate::loadMap(test::examplePath());
    REQUIRE(document.ok());
    render::ViewOptions view;
    CHECK(app::tensionSurfaceFor(view) == anatomy::LayerKind::Skin);
    view.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = false;
    CHECK(app::tensionSurfaceFor(view) == anatomy::LayerKind::SuperficialFascia);
    view.layerOpacity[static_cast<size_t>(anatomy::LayerKind::SuperficialFascia)] = 0.3f;
    CHECK_FALSE(app::tensionSurfaceFor(view).has_value()); // the fascia shows through
    view.xray = true;
    view.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    CHECK_FALSE(app::tensionSurfaceFor(view).has_value());

    // Lifted onto the skin, the example's deep-fascia tension lands on skin vertices only,
    // also as a difference between sessions (both sessions lifted alike).
    app::MapOverlayBuilder builder(test::defaultBody());
    app::MapDisplay display;
    display.session = 2;
    display.tensionShownOn = anatomy::LayerKind::Skin;
    for (int difference : {-1, 0}) {
        display.differenceFrom = difference;
        const render::Overlays overlays = builder.build(*document, display);
        REQUIRE_FALSE(overlays.heatMap.empty());
        for (const render::StructureField& field : overlays.heatMap.fields)
            CHECK(test::defaultBody().structures()[static_cast<size_t>(field.structure)].layer ==
                  anatomy::LayerKind::Skin);
        if (difference >= 0)
            CHECK(overlays.heatMap.minimum < 0.0f);
    }
}

TEST_CASE("handout writes a real two-page PDF a patient can read", "[gl][cli][handout]") {
    const auto dir = test::makeTempDir("handout");
    const auto pdf = dir / "alex.pdf";
    const auto run = test::runCli({"handout", defaultBodyFile().string(), "--map",
                                   test::examplePath().string(), "--out", pdf.string()});
    INFO(run.err);
    REQUIRE(run.code == 0);
    const std::string info = commandOutput("pdfinfo '" + pdf.string() + "' 2>&1");
    INFO(info);
    CHECK_THAT(info, Catch::Contains("Pages:           2"));
    CHECK_THAT(info, Catch::Contains("Title:           Your body map — Alex Example"));
    CHECK_THAT(info, Catch::Contains("A4"));
    const std::string text = commandOutput("pdftotext -layout '" + pdf.string() + "' - 2>&1");
    INFO(text);
    for (const char* expected : {"Alex Example", "2026-10-20", "From behind", "From the front",
                                 "What the picture shows", "Trapezius (upper fibres) (left)",
                                 "7 → 5 → 3", "What you can do", "Your plan", "not a diagnosis"})
        CHECK_THAT(text, Catch::Contains(expected));
    CHECK_THAT(text, !Catch::Contains("TrP1")); // plain words, not the manual's numbering

    // A second handout keeps the first as .bak.
    REQUIRE(test::runCli({"handout", defaultBodyFile().string(), "--map",
                          test::examplePath().string(), "--out", pdf.string()})
                .code == 0);
    CHECK(std::filesystem::exists(pdf.string() + ".bak"));

    const auto missing = test::runCli(
        {"handout", "--map", (dir / "nope.fascia.json").string(), "--out", pdf.string()});
    CHECK(missing.code == 2);
    CHECK_THAT(missing.err, Catch::Contains("nope.fascia.json"));
    CHECK(test::runCli({"handout", "--map", test::examplePath().string(), "--out", "x.png"}).code ==
          1);
    CHECK(test::runCli({"handout", "--out", pdf.string()}).code == 1);
}

TEST_CASE("The viewer's handout is drawn a stage at a time and written only at the last",
          "[gl][handout]") {
    test::GlFixture gl;
    auto document = annotate::loadMap(test::examplePath());
    REQUIRE(document.ok());
    const auto dir = test::makeTempDir("handout-job");
    const auto pdf = dir / "alex.pdf";

    app::HandoutJob job(pdf, *document);
    std::vector<std::string> stages;
    double done = -1.0;
    while (!job.finished()) {
        stages.emplace_back(job.stage());
        CHECK(job.done() > done); // the bar only moves on
        done = job.done();
        CHECK_FALSE(std::filesystem::exists(pdf)); // nothing is written before the last stage
        REQUIRE(job.advance(*gl.renderer, test::defaultBody()).ok());
    }
    CHECK(stages == std::vector<std::string>{"drawing the body from behind",
                                             "drawing the body from the front", "writing the PDF"});
    CHECK(job.done() == 1.0);
    const std::string info = commandOutput("pdfinfo '" + pdf.string() + "' 2>&1");
    CHECK_THAT(info, Catch::Contains("Pages:           2"));

    // A job stopped after drawing (the viewer's Cancel) leaves the file as it was.
    const auto before = std::filesystem::last_write_time(pdf);
    {
        app::HandoutJob cancelled(pdf, *document);
        REQUIRE(cancelled.advance(*gl.renderer, test::defaultBody()).ok());
        REQUIRE(cancelled.advance(*gl.renderer, test::defaultBody()).ok());
    }
    CHECK(std::filesystem::last_write_time(pdf) == before);
    CHECK_FALSE(std::filesystem::exists(pdf.string() + ".bak"));

    // A folder that cannot be written: the last stage fails, naming the file, and the job ends.
    app::HandoutJob unwritable(dir / "no-such-folder" / "alex.pdf", *document);
    core::Status status = core::Ok{};
    while (!unwritable.finished() && status.ok())
        status = unwritable.advance(*gl.renderer, test::defaultBody());
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message, Catch::Contains("alex.pdf"));
    CHECK(unwritable.finished());
}
