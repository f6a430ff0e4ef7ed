// GL tests: they need a context and get one headless through EGL (Mesa llvmpipe in CI).
#include "CliRunner.h"
#include "GlFixture.h"
#include "TestSupport.h"
#include "render/OffscreenTarget.h"
#include "render/ShaderLibrary.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <random>
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

namespace {

// Triangles as the GPU draws them, read back from an element buffer.
std::vector<std::uint32_t> uploadedIndices(GLuint buffer, GLsizei count) {
    std::vector<std::uint32_t> indices(static_cast<size_t>(count));
    glBindVertexArray(0);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffer);
    glGetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, 0,
                       static_cast<GLsizeiptr>(indices.size() * sizeof(std::uint32_t)),
                       indices.data());
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
    return indices;
}

// Each triangle as written, rotated to start at its smallest index (winding kept), sorted.
std::vector<std::array<std::uint32_t, 3>> triangleSet(const std::vector<std::uint32_t>& indices) {
    std::vector<std::array<std::uint32_t, 3>> triangles;
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        std::array<std::uint32_t, 3> tri = {indices[t], indices[t + 1], indices[t + 2]};
        std::rotate(tri.begin(), std::min_element(tri.begin(), tri.end()), tri.end());
        triangles.push_back(tri);
    }
    std::sort(triangles.begin(), triangles.end());
    return triangles;
}

// Vertices a 16-entry first-in first-out post-transform cache would shade, per triangle.
double verticesShadedPerTriangle(const std::vector<std::uint32_t>& indices) {
    std::deque<std::uint32_t> cache;
    size_t misses = 0;
    for (std::uint32_t index : indices)
        if (std::find(cache.begin(), cache.end(), index) == cache.end()) {
            ++misses;
            cache.push_back(index);
            if (cache.size() > 16)
                cache.pop_front();
        }
    return double(misses) / double(indices.size() / 3);
}

// A bound 200 x 150 offscreen target (kept in `target`) and a camera framing `body` in it.
render::OrbitCamera framedTarget(const anatomy::Body& body,
                                 std::unique_ptr<render::OffscreenTarget>& target) {
    auto created = render::OffscreenTarget::create(200, 150, 1);
    REQUIRE(created.ok());
    target = std::move(*created);
    target->bind();
    render::OrbitCamera camera;
    camera.frame(body.bounds(), 200.0f / 150.0f);
    return camera;
}

} // namespace

TEST_CASE("The mesh cache draws every triangle once, ordered to reuse shaded vertices", "[gl]") {
    test::GlFixture gl;
    anatomy::Body body = test::twoSpheres();
    // Triangles in random order, as an imported model may list them.
    anatomy::SurfaceMesh& mesh = body.structures()[0].mesh;
    std::vector<size_t> order(mesh.triangleCount());
    for (size_t t = 0; t < order.size(); ++t)
        order[t] = t;
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    std::vector<std::uint32_t> shuffled;
    for (size_t t : order)
        shuffled.insert(shuffled.end(), mesh.indices.begin() + std::ptrdiff_t(3 * t),
                        mesh.indices.begin() + std::ptrdiff_t(3 * t + 3));
    mesh.indices = shuffled;

    render::MeshCache cache;
    cache.sync(body);
    const render::GpuMesh& gpu = cache.mesh(0);
    const std::vector<std::uint32_t> drawn = uploadedIndices(gpu.indexBuffer, gpu.indexCount);
    CHECK(triangleSet(drawn) == triangleSet(mesh.indices));
    const double before = verticesShadedPerTriangle(mesh.indices);
    const double after = verticesShadedPerTriangle(drawn);
    INFO("vertices shaded per triangle: " << before << " as listed, " << after << " as drawn");
    CHECK(after < 0.5 * before);
    // Each level of detail is ordered the same way.
    REQUIRE_FALSE(gpu.lods.empty());
    for (const render::GpuLod& lod : gpu.lods)
        CHECK(verticesShadedPerTriangle(uploadedIndices(lod.indexBuffer, lod.indexCount)) <
              0.5 * before);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("The backdrop is redrawn when the frame changes size", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::twoSpheres();
    const render::ViewOptions options;
    const auto front = render::ViewPreset::Anterior;
    const render::Image wide = gl.render(body, options, front, 320, 200);
    const render::Image tall = gl.render(body, options, front, 160, 400);
    // A renderer that has only ever drawn the tall frame draws the same pixels.
    test::GlFixture fresh;
    const render::Image tallFresh = fresh.render(body, options, front, 160, 400);
    REQUIRE(tall.rgba.size() == tallFresh.rgba.size());
    CHECK(tall.rgba == tallFresh.rgba);
    // A studio gradient, lighter at the top, in both.
    for (const render::Image* image : {&wide, &tall}) {
        const auto* top = image->pixel(2, 2);
        const auto* bottom = image->pixel(2, image->height - 3);
        CHECK(int(top[0]) + top[1] + top[2] > int(bottom[0]) + bottom[1] + bottom[2] + 30);
        CHECK(top[3] == 255);
    }
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
    body.addStructure(test::sphereStructure("skin", anatomy::LayerKind::Skin, 0.3f));
    body.addStructure(test::sphereStructure("muscle", anatomy::LayerKind::Muscle, 0.2f));
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

TEST_CASE("Translucent layers blend the same whatever order they are drawn in", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    anatomy::Body reversed;
    for (auto it = body.structures().rbegin(); it != body.structures().rend(); ++it)
        reversed.addStructure(*it);
    const auto options = test::translucentLayers(0.3f, 0.4f, 0.5f);
    const auto a = gl.render(body, options, render::ViewPreset::Anterior, 200, 150);
    const auto b = gl.render(reversed, options, render::ViewPreset::Anterior, 200, 150);
    CHECK(render::compareImages(a, b, 2).maxChannelDifference <= 2);
    CHECK(gl.renderer->lastFrameStats().translucentStructures == 3);
    // Each layer still shows: hiding any one changes the picture.
    for (const anatomy::LayerKind layer :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::DeepFascia, anatomy::LayerKind::Muscle}) {
        auto without = options;
        without.layerVisible[static_cast<size_t>(layer)] = false;
        const auto c = gl.render(body, without, render::ViewPreset::Anterior, 200, 150);
        CHECK(render::compareImages(a, c, 8).differingPixelShare > 0.05);
    }
}

TEST_CASE("Structures are drawn from coarser levels of detail the farther they are", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    std::unique_ptr<render::OffscreenTarget> target;
    render::OrbitCamera camera = framedTarget(body, target);
    render::ViewOptions options = test::translucentLayers(0.5f, 0.5f, 0.5f);
    gl.renderer->draw(body, camera, {200, 150}, options);
    const size_t framed = gl.renderer->lastFrameStats().trianglesDrawn;
    CHECK(framed < body.triangleCount());
    // Farther away, coarser levels keep the error under a pixel.
    const float framedDistance = camera.distanceM;
    camera.distanceM = 4.0f * framedDistance;
    gl.renderer->draw(body, camera, {200, 150}, options);
    const size_t far = gl.renderer->lastFrameStats().trianglesDrawn;
    CHECK(far < framed);
    // Close up, finer levels (down to the full meshes).
    camera.distanceM = 0.5f * framedDistance;
    gl.renderer->draw(body, camera, {200, 150}, options);
    const size_t close = gl.renderer->lastFrameStats().trianglesDrawn;
    CHECK(close > framed);
    CHECK(close <= body.triangleCount());
    // Every structure has levels, each coarser than the last.
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const auto& gpu = gl.renderer->meshCache().mesh(i);
        REQUIRE_FALSE(gpu.lods.empty());
        GLsizei previous = gpu.indexCount;
        for (const auto& lod : gpu.lods) {
            CHECK(lod.indexCount < previous);
            previous = lod.indexCount;
        }
    }
}

TEST_CASE("Where simplified opaque layers cross, the outer one stays in front", "[gl]") {
    // An opaque skin and an opaque muscle sphere about as large: the muscle pokes out of the skin
    // by `outsideM`. Within what the simplification may cross (half the 5 mm between the two
    // layers), the skin is seen; well beyond it, the muscle.
    const auto centreIsSkin = [](float outsideM) {
        test::GlFixture gl;
        anatomy::Body body;
        body.addStructure(test::sphereStructure("skin", anatomy::LayerKind::Skin, 0.30f));
        body.addStructure(
            test::sphereStructure("muscle", anatomy::LayerKind::Muscle, 0.30f + outsideM));
        const render::Image image =
            gl.render(body, render::ViewOptions{}, render::ViewPreset::Anterior, 200, 150);
        const auto* centre = image.pixel(100, 75);
        INFO("centre " << int(centre[0]) << ", " << int(centre[1]) << ", " << int(centre[2]));
        // Skin is beige (green near red), muscle red (green far below red).
        return centre[1] > 0.7 * centre[0];
    };
    CHECK(centreIsSkin(0.001f));
    CHECK_FALSE(centreIsSkin(0.02f));
}

TEST_CASE("Zones and a partial heat map are drawn on the full mesh, a whole field on a level of "
          "detail",
          "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    std::unique_ptr<render::OffscreenTarget> target;
    render::OrbitCamera camera = framedTarget(body, target);
    const size_t vertices = body.structures()[0].mesh.vertexCount();
    const auto drawnWith = [&](const render::Overlays* overlays) {
        render::ViewOptions options = test::translucentLayers(0.5f, 0.5f, 0.5f);
        options.overlays = overlays;
        gl.renderer->draw(body, camera, {200, 150}, options);
        return gl.renderer->lastFrameStats().trianglesDrawn;
    };
    const size_t plain = drawnWith(nullptr);
    const size_t fullSkin = body.structures()[0].mesh.triangleCount();

    // A field on every vertex is smooth: the level of detail stays.
    render::Overlays whole;
    whole.heatMap.fields.push_back({0, std::vector<float>(vertices, 10.0f)});
    CHECK(drawnWith(&whole) == plain);

    // Heat on half the surface has an edge: the skin is drawn whole.
    render::Overlays partial;
    std::vector<float> half(vertices, std::nanf(""));
    for (size_t v = 0; v < vertices; ++v)
        if (body.structures()[0].mesh.positions[v].y > 0.0f)
            half[v] = 10.0f;
    partial.heatMap.fields.push_back({0, half});
    const size_t withPartial = drawnWith(&partial);
    CHECK(withPartial > plain);

    // So is a referred-pain zone, however small.
    render::Overlays zoned;
    std::vector<render::ZoneKind> zones(vertices, render::ZoneKind::None);
    zones[vertices / 2] = render::ZoneKind::Spillover;
    zoned.zones.push_back({0, zones});
    CHECK(drawnWith(&zoned) == withPartial);
    // Unless the field says its edge is only a display threshold.
    partial.heatMap.exactEdges = false;
    ++partial.revision;
    CHECK(drawnWith(&partial) == plain);
    // Only the skin changed: what it gains is what its level of detail had left out.
    CHECK(withPartial - plain < fullSkin);
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("Every variant of the mesh shader compiles and links", "[gl]") {
    test::GlFixture gl;
    const auto& names = render::Renderer::kMeshVariantNames;
    for (unsigned variant = 0; variant < (1u << names.size()); ++variant) {
        std::vector<std::string> defines;
        for (const auto& [bit, name] : names)
            if (variant & bit)
                defines.emplace_back(name);
        auto program = render::buildProgram("mesh.vert", "mesh.frag", defines);
        INFO("variant " << variant);
        CHECK(program.ok());
    }
    CHECK(render::buildProgram("fullscreen.vert", "oit_composite.frag").ok());
    CHECK(render::buildProgram("lines.vert", "lines.frag").ok());
}

TEST_CASE("A clipping plane cuts the body open and shows the cut faces", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    render::ViewOptions whole, cut;
    cut.clip.enabled = true;
    cut.clip.axis = render::ClipAxis::Coronal;
    cut.clip.offsetM = 0.0f; // keeps the back half: from the front the cut faces the camera
    const auto a = gl.render(body, whole, render::ViewPreset::Anterior, 200, 150);
    const auto b = gl.render(body, cut, render::ViewPreset::Anterior, 200, 150);
    // The centre no longer shows skin but a cut face: the bone's section, flat and darker.
    const auto* before = a.pixel(100, 75);
    const auto* after = b.pixel(100, 75);
    CHECK(int(after[3]) == 255);
    CHECK(std::abs(int(before[0]) - int(after[0])) + std::abs(int(before[1]) - int(after[1])) > 20);
    // Keeping the other half from the front shows the skin's outside again.
    cut.clip.flipped = true;
    const auto c = gl.render(body, cut, render::ViewPreset::Anterior, 200, 150);
    CHECK(render::compareImages(a, c, 8).differingPixelShare < 0.2);
}

TEST_CASE("The deep fascia hides the muscles under it, also seen edge-on at the inner knee",
          "[gl]") {
    // Deep fascia, muscle and bone, all opaque, from behind. The fascia wraps every muscle of
    // the legs (the hands' and feet's bones come through theirs, so only the legs between hip
    // and ankle are looked at): no pixel there may be muscle red. Before the slope term of the
    // inner layers' depth offset, the sartorius and gastrocnemius showed through at both inner
    // knees (where they lie 0.2-0.6 mm under their fascia): 155 of the legs' 26 279 pixels.
    test::GlFixture gl;
    render::ViewOptions options;
    for (anatomy::LayerKind hidden :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia})
        options.layerVisible[static_cast<size_t>(hidden)] = false;
    const render::Image image =
        gl.render(test::defaultBody(), options, render::ViewPreset::Posterior, 600, 934);
    // The legs: from just below the buttocks to above the ankles, between the hands.
    size_t legs = 0, red = 0;
    for (int y = int(0.58f * float(image.height)); y < int(0.86f * float(image.height)); ++y)
        for (int x = int(0.36f * float(image.width)); x < int(0.64f * float(image.width)); ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            const bool background = std::abs(int(p[0]) - int(p[2])) < 20 && p[0] < 90;
            if (background)
                continue;
            ++legs;
            red += p[0] > p[1] + 60 && p[0] > p[2] + 60;
        }
    INFO(red << " muscle-red pixels of " << legs << " on the legs");
    CHECK(legs > 20000);
    CHECK(red == 0);
}
