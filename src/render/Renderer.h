// render: draws a Body with the studio look into the bound framebuffer. Needs a current
// OpenGL 3.3 core context; knows nothing about windows, ImGui or the app.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "render/Camera.h"
#include "render/MeshCache.h"
#include "render/ShaderLibrary.h"

#include <array>
#include <memory>
#include <optional>

namespace render {

struct LayerStyle {
    glm::vec3 baseColor; // linear RGB
    float specular;
    float shininess;
};

// The atlas palette: muscle red, fascia silver-white, bone ivory, skin warm.
LayerStyle defaultLayerStyle(anatomy::LayerKind layer);

struct ViewOptions {
    std::array<bool, anatomy::kAllLayers.size()> layerVisible{true, true, true, true, true, true};
    std::array<float, anatomy::kAllLayers.size()> layerOpacity{1, 1, 1, 1, 1, 1};
    int hoveredStructure = -1;
    int selectedStructure = -1;
    bool transparentBackground = false;
    bool antialiasing =
        true; // FXAA over the body's screen rectangle; cheap on software rasterisers

    bool visible(anatomy::LayerKind layer) const {
        return layerVisible[static_cast<size_t>(layer)];
    }
    float opacity(anatomy::LayerKind layer) const {
        return layerOpacity[static_cast<size_t>(layer)];
    }
};

// What the last frame drew, for the status bar and tests.
struct FrameStats {
    size_t drawCalls = 0; // a translucent structure takes two: back faces, then front
    size_t trianglesDrawn = 0;
};

class Renderer {
public:
    static core::Result<std::unique_ptr<Renderer>> create();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;
    ~Renderer();

    // Draws the backdrop and the body into the bound framebuffer's current viewport, which must
    // have a depth buffer, then anti-aliases the rectangle the body covers.
    void draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
              const ViewOptions& options);
    const MeshCache& meshCache() const { return m_meshCache; }
    const FrameStats& lastFrameStats() const { return m_stats; }

private:
    Renderer() = default;
    void drawScene(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 size,
                   const ViewOptions& options);
    void antialiasRectangle(glm::ivec2 origin, glm::ivec2 size, const ViewOptions& options);
    void drawStructure(const anatomy::Body& body, size_t index, const ViewOptions& options,
                       float opacity);
    // The box of the body's skin when it is visible, opaque and closed: whatever lies under it
    // is hidden, and drawing it would change no pixel.
    std::optional<core::Aabb> opaqueClosedSkinBounds(const anatomy::Body& body,
                                                     const ViewOptions& options) const;

    FrameStats m_stats;
    ShaderProgram m_meshProgram;
    ShaderProgram m_backgroundProgram;
    ShaderProgram m_fxaaProgram;
    GLuint m_emptyVertexArray = 0;
    // A copy of the rectangle being anti-aliased (a pass cannot read what it writes).
    GLuint m_copyFramebuffer = 0, m_copyColor = 0;
    glm::ivec2 m_copySize{0, 0};
    MeshCache m_meshCache;
};

} // namespace render
