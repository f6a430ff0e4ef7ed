// How the renderer feeds a software rasteriser: faces turned away from the eye never reach it,
// structures drawn alike share a draw, and what one frame leaves behind (the transparency sums,
// the opaque image) never shows in the next.
#include "GlFixture.h"
#include "TestSupport.h"
#include "render/DrawBatches.h"

#include <catch2/catch.hpp>

namespace {

// A cube from -1 to 1, each face two triangles wound counter-clockwise seen from outside.
render::CpuTriangles cubeTriangles(std::vector<glm::vec3>& positions) {
    positions.clear();
    for (int corner = 0; corner < 8; ++corner)
        positions.emplace_back((corner & 1) ? 1.0f : -1.0f, (corner & 2) ? 1.0f : -1.0f,
                               (corner & 4) ? 1.0f : -1.0f);
    render::CpuTriangles cube;
    cube.indices = {0, 2, 3, 0, 3, 1,  // -z
                    4, 5, 7, 4, 7, 6,  // +z
                    0, 1, 5, 0, 5, 4,  // -y
                    2, 6, 7, 2, 7, 3,  // +y
                    0, 4, 6, 0, 6, 2,  // -x
                    1, 3, 7, 1, 7, 5}; // +x
    for (size_t t = 0; t < cube.indices.size(); t += 3) {
        const glm::vec3 a = positions[cube.indices[t]];
        const glm::vec3 n = glm::normalize(
            glm::cross(positions[cube.indices[t + 1]] - a, positions[cube.indices[t + 2]] - a));
        cube.planes.emplace_back(n, glm::dot(n, a));
    }
    return cube;
}

// A tiny displacement of every vertex, which the renderer takes for the fascia pressed in: then
// it tests no face for which way it turns and leaves every one to the GPU.
render::Overlays nudgedEverywhere(const anatomy::Body& body) {
    render::Overlays overlays;
    for (size_t i = 0; i < body.structures().size(); ++i)
        overlays.offsets.push_back(
            {static_cast<int>(i), std::vector<glm::vec3>(body.structures()[i].mesh.vertexCount(),
                                                         glm::vec3(0.0f, 0.0f, 1e-12f))});
    return overlays;
}

} // namespace

TEST_CASE("A pass streams only the faces turned towards the eye, structures drawn alike in one "
          "draw",
          "[gl]") {
    test::GlFixture gl;
    std::vector<glm::vec3> positions;
    const render::CpuTriangles cube = cubeTriangles(positions);
    render::DrawBatches batches;
    render::BatchState muscle;
    muscle.layer = static_cast<int>(anatomy::LayerKind::Muscle);
    muscle.cullBackFaces = true;

    // From straight in front only the front face is seen; from nowhere in particular (no eye)
    // every face goes.
    const glm::vec3 front(0.0f, 0.0f, 5.0f);
    CHECK(batches.add(muscle, cube, 8, 0, &front, 1e-4f) == 2);
    CHECK(batches.add(muscle, cube, 8, 8, nullptr, 0.0f) == 12);
    // The same state: one batch, the second cube's indices after its first vertex.
    REQUIRE(batches.batches().size() == 1);
    CHECK(batches.batches()[0].indexCount == 3 * (2 + 12));
    CHECK(batches.batches()[0].minVertex == 0);
    CHECK(batches.batches()[0].maxVertex == 15);

    // An eye in the plane of the +x face sees it edge on: the GPU decides, so it is kept.
    render::BatchState selected = muscle;
    selected.highlight = 2;
    const glm::vec3 edgeOn(1.0f, 0.0f, 5.0f);
    CHECK(batches.add(selected, cube, 8, 16, &edgeOn, 1e-4f) == 4);
    REQUIRE(batches.batches().size() == 2); // another state, another draw
    CHECK(batches.batches()[1].firstIndex == 3 * 14);
    batches.upload();
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("Leaving out the faces turned away changes no pixel", "[gl]") {
    test::GlFixture gl;
    const anatomy::Body body = test::nestedSpheres();
    for (const auto& options : {render::ViewOptions{}, test::translucentLayers(0.3f, 0.4f, 0.5f)}) {
        const render::Image culled = gl.render(body, options, render::ViewPreset::Left, 200, 150);
        const size_t streamed = gl.renderer->lastFrameStats().trianglesDrawn;
        const render::Overlays nudged = nudgedEverywhere(body);
        render::ViewOptions whole = options;
        whole.overlays = &nudged;
        const render::Image drawnWhole = gl.render(body, whole, render::ViewPreset::Left, 200, 150);
        // About half of each closed surface faces away.
        CHECK(streamed < 0.6 * double(gl.renderer->lastFrameStats().trianglesDrawn));
        CHECK(render::compareImages(culled, drawnWhole, 0).maxChannelDifference == 0);
    }
}

TEST_CASE("A frame drawn after others is the frame a fresh renderer draws", "[gl]") {
    // The transparency sums are cleared by the resolve that reads them, and the backdrop is
    // copied back only where the last frame drew: nothing of one frame may show in the next.
    const anatomy::Body body = test::nestedSpheres();
    const render::ViewOptions translucent = test::translucentLayers(0.3f, 0.4f, 0.5f);
    render::ViewOptions transparentBackground = translucent;
    transparentBackground.transparentBackground = true;
    test::GlFixture fresh;
    const render::Image expected =
        fresh.render(body, translucent, render::ViewPreset::Anterior, 200, 150);

    test::GlFixture used;
    used.render(body, translucent, render::ViewPreset::Left, 200, 150);
    used.render(body, transparentBackground, render::ViewPreset::Superior, 200, 150);
    used.render(body, render::ViewOptions{}, render::ViewPreset::Posterior, 200, 150);
    const render::Image again =
        used.render(body, translucent, render::ViewPreset::Anterior, 200, 150);
    CHECK(render::compareImages(again, expected, 0).maxChannelDifference == 0);
    CHECK(glGetError() == GL_NO_ERROR);
}
