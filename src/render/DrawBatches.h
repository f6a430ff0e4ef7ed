// render: a pass's triangles streamed through one index buffer. On a software rasteriser the
// thread that issues the draws also shades every vertex and sets up every triangle, so:
// - where back faces are culled anyway, the triangles facing away from the eye (half of a
//   closed surface) are left out before the GPU sees them: none of their vertices is shaded
//   for them and none is assembled, set up and culled one by one;
// - structures drawn one after another with the same state (shader variant, vertex array,
//   material, depth offset, culling) become one draw call: the atlas body has some 700.
// Triangles keep their order and the GPU would have culled every one left out, so the image is
// exactly what drawing each structure whole would give.
#pragma once

#include "render/MeshCache.h"

#include <epoxy/gl.h>
#include <glm/glm.hpp>

#include <cstdint>
#include <vector>

namespace render {

// Everything a draw sets besides its triangles.
struct BatchState {
    unsigned variant = 0; // Renderer::MeshVariant bits
    GLuint vertexArray = 0;
    int layer = 0; // the material: defaultLayerStyle of this LayerKind
    float opacity = 1.0f;
    int highlight = 0; // 0 none, 1 hovered, 2 selected
    float depthOffsetUnits = 0.0f;
    bool cullBackFaces = false;

    bool operator==(const BatchState&) const = default;
};

struct DrawBatch {
    BatchState state;
    size_t firstIndex = 0; // in the stream
    size_t indexCount = 0;
    std::uint32_t minVertex = 0, maxVertex = 0; // every index lies within
};

class DrawBatches {
public:
    DrawBatches() = default;
    DrawBatches(const DrawBatches&) = delete;
    DrawBatches& operator=(const DrawBatches&) = delete;
    ~DrawBatches();

    // Starts a pass.
    void clear();
    // Appends `triangles` (over `vertexCount` vertices, which start at `baseVertex` in the bound
    // vertex array) to the last batch when `state` is the same, else to a new one. With `eye`
    // (and the triangles' planes), faces turned away from it by more than `margin` (metres, at
    // least the farthest vertex's distance from the eye times the sine of the angle within which
    // a face counts as seen edge on) are left out. Returns the triangles appended.
    size_t add(const BatchState& state, const CpuTriangles& triangles, std::uint32_t vertexCount,
               std::uint32_t baseVertex, const glm::vec3* eye, float margin);
    // Uploads the pass's indices; then each batch can be drawn.
    void upload();
    const std::vector<DrawBatch>& batches() const { return m_batches; }
    // Draws `batch` with the vertex array of its state bound.
    void draw(const DrawBatch& batch) const;

private:
    std::vector<std::uint32_t> m_indices;
    std::vector<DrawBatch> m_batches;
    GLuint m_buffer = 0;
};

} // namespace render
