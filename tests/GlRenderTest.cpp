// GL tests: they need a context and get one headless through EGL (Mesa llvmpipe in CI).
#include "CliRunner.h"
#include "GlFixture.h"
#include "TestSupport.h"
#include "render/OffscreenTarget.h"
#include "render/ShaderLibrary.h"

#include <catch2/catch.hpp>

#include <sstream>

TEST_CASE("A headless OpenGL 3.3+ core context is available", "[gl]") {
    test::GlFixture gl;
    INFO(gl.context->description());
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    CHECK(major * 10 + minor >= 33);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("Every embedded shader compiles and links", "[gl]") {
    test::GlFixture gl;
    CHECK_FALSE(render::shaderSource("mesh.frag").empty());
    CHECK(render::buildProgram("mesh.vert", "mesh.frag").ok());
    CHECK(render::buildProgram("fullscreen.vert", "background.frag").ok());
    CHECK(render::buildProgram("fullscreen.vert", "fxaa.frag").ok());
    auto missing = render::buildProgram("mesh.vert", "nonexistent.frag");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("nonexistent.frag"));
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("The mesh cache uploads only what changed", "[gl]") {
    test::GlFixture gl;
    anatomy::Body body = test::twoSpheres();
    render::MeshCache cache;
    cache.sync(body);
    CHECK(cache.uploadCount() == 2);
    cache.sync(body);
    CHECK(cache.uploadCount() == 2);
    body.structures()[1].mesh.positions[0].x += 0.01f;
    ++body.structures()[1].revision;
    cache.sync(body);
    CHECK(cache.uploadCount() == 3);
    CHECK(cache.mesh(0).indexCount ==
          static_cast<GLsizei>(body.structures()[0].mesh.indices.size()));
    anatomy::Body other = test::twoSpheres();
    cache.sync(other); // a different body replaces everything
    CHECK(cache.uploadCount() == 5);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("Rendering draws the body where the camera looks and hides hidden layers", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::twoSpheres();
    render::ViewOptions options;
    const render::Image all = gl.render(body, options, render::ViewPreset::Anterior, 320, 200);
    // The centre shows the lit body, the corner the backdrop.
    const auto* centre = all.pixel(160, 100);
    const auto* corner = all.pixel(2, 2);
    CHECK(centre[0] > corner[0] + 40);
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = false;
    options.layerVisible[static_cast<size_t>(anatomy::LayerKind::Bone)] = false;
    const render::Image none = gl.render(body, options, render::ViewPreset::Anterior, 320, 200);
    CHECK(std::abs(int(none.pixel(160, 100)[0]) - int(none.pixel(160, 5)[0])) < 30);
    options.transparentBackground = true;
    const render::Image clear = gl.render(body, options, render::ViewPreset::Anterior, 64, 64);
    CHECK(clear.pixel(32, 32)[3] == 0);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("Offscreen targets refuse impossible sizes", "[gl]") {
    test::GlFixture gl;
    CHECK_FALSE(render::OffscreenTarget::create(0, 10, 4).ok());
    CHECK_FALSE(render::OffscreenTarget::create(100000, 10, 4).ok());
    auto ok = render::OffscreenTarget::create(3840, 2160, 4);
    REQUIRE(ok.ok());
    CHECK((*ok)->width() == 3840);
}

TEST_CASE("fascialab render writes a PNG of the default body", "[gl][cli]") {
    const auto dir = test::makeTempDir("render-cli");
    const std::string out = (dir / "default.png").string();
    REQUIRE(
        test::runCli({"render", "--view", "posterior", "--size", "400x300", "--out", out}).code ==
        0);
    auto image = render::readPng(out);
    REQUIRE(image.ok());
    CHECK(image->width == 400);
    CHECK(image->height == 300);
    // Skin-coloured pixels in the middle: the body is there and framed.
    const auto* p = image->pixel(200, 150);
    CHECK(p[0] > p[2] + 30);
}

TEST_CASE("Layers under an opaque closed skin are skipped without changing a pixel", "[gl]") {
    test::GlFixture gl;
    anatomy::Body body;
    core::Aabb box;
    box.extend(glm::vec3(-0.5f));
    box.extend(glm::vec3(0.5f));
    auto sphere = [&](const char* name, anatomy::LayerKind layer, float radius) {
        anatomy::Structure s;
        s.name = name;
        s.displayName = name;
        s.layer = layer;
        s.mesh = anatomy::gen::meshDistanceField(
            [radius](const glm::vec3& p) { return glm::length(p) - radius; }, box, 0.02f);
        return s;
    };
    body.addStructure(sphere("skin", anatomy::LayerKind::Skin, 0.3f));
    body.addStructure(sphere("muscle", anatomy::LayerKind::Muscle, 0.2f));
    render::ViewOptions all, skinOnly;
    skinOnly.layerVisible.fill(false);
    skinOnly.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    auto same = [](const render::Image& a, const render::Image& b) {
        return render::compareImages(a, b, 0).maxChannelDifference == 0;
    };
    const auto view = render::ViewPreset::Anterior;
    CHECK(same(gl.render(body, all, view, 160, 120), gl.render(body, skinOnly, view, 160, 120)));
    gl.render(body, all, view, 160, 120);
    CHECK(gl.renderer->lastFrameStats().drawCalls == 1); // the muscle was skipped

    // A translucent skin shows the muscle.
    render::ViewOptions translucent = all;
    translucent.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = 0.4f;
    render::ViewOptions translucentSkinOnly = skinOnly;
    translucentSkinOnly.layerOpacity[static_cast<size_t>(anatomy::LayerKind::Skin)] = 0.4f;
    CHECK_FALSE(same(gl.render(body, translucent, view, 160, 120),
                     gl.render(body, translucentSkinOnly, view, 160, 120)));

    // A skin with a hole in front is not closed: the muscle shows through the hole.
    auto& skin = body.structures()[0];
    std::vector<std::uint32_t> kept;
    for (size_t t = 0; t + 2 < skin.mesh.indices.size(); t += 3) {
        const glm::vec3 p = skin.mesh.positions[skin.mesh.indices[t]];
        if (p.z < 0.25f)
            kept.insert(kept.end(), skin.mesh.indices.begin() + static_cast<long>(t),
                        skin.mesh.indices.begin() + static_cast<long>(t) + 3);
    }
    skin.mesh.indices = kept;
    ++skin.revision;
    CHECK_FALSE(
        same(gl.render(body, all, view, 160, 120), gl.render(body, skinOnly, view, 160, 120)));
    gl.render(body, all, view, 160, 120);
    CHECK(gl.renderer->lastFrameStats().drawCalls == 2);
    CHECK(glGetError() == GL_NO_ERROR);
}
