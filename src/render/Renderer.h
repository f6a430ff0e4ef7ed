// render: draws a Body with the studio look, its overlays and the chosen view options into the
// bound framebuffer. Needs a current OpenGL 3.3 core context; knows nothing about windows,
// ImGui or the app.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "render/BodyRegion.h"
#include "render/Camera.h"
#include "render/DrawBatches.h"
#include "render/MeshCache.h"
#include "render/Overlays.h"
#include "render/ShaderLibrary.h"
#include "render/Transparency.h"
#include "render/ViewOptions.h"

#include <array>
#include <map>
#include <memory>
#include <optional>

namespace render {

struct LayerStyle {
    glm::vec3 baseColor; // linear RGB
    float specular;
    float shininess;
    float fibreSheen; // share of the highlight that follows the fibres (0: isotropic)
};

// The atlas palette: muscle red, fascia silver-white, bone ivory, skin warm.
LayerStyle defaultLayerStyle(anatomy::LayerKind layer);

// What the last frame drew, for the status bar and tests.
struct FrameStats {
    size_t drawCalls = 0; // structures drawn alike share one
    // Sent to the GPU: the levels of detail drawn, less the faces turned away from the eye
    // where back faces are culled.
    size_t trianglesDrawn = 0;
    size_t translucentStructures = 0; // drawn through the order-independent transparency pass
};

class Renderer {
public:
    static core::Result<std::unique_ptr<Renderer>> create();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;
    ~Renderer();

    // Draws the backdrop, the body and its overlays into the bound framebuffer's current
    // viewport (its size is `viewportSize`), anti-aliased.
    void draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
              const ViewOptions& options);
    const MeshCache& meshCache() const { return m_meshCache; }

    // Shader variants of mesh.vert/mesh.frag, as bits; each is #defined in the shaders.
    enum MeshVariant : unsigned {
        kFibres = 1,
        kOverlay = 2,
        kCap = 4,
        kXray = 8,
        kAccumulate = 16,
        kClip = 32,
    };
    static const std::array<std::pair<unsigned, const char*>, 6> kMeshVariantNames;
    const FrameStats& lastFrameStats() const { return m_stats; }

private:
    Renderer() = default;
    struct FrameContext;
    void resizeTargets(glm::ivec2 size);
    void drawBackground();
    void drawOpaque(const anatomy::Body& body, const FrameContext& frame,
                    const ViewOptions& options);
    void drawTranslucent(const anatomy::Body& body, const FrameContext& frame,
                         const ViewOptions& options);
    // The lines-and-points program with this frame's camera and a clipping plane.
    void useLinesProgram(const FrameContext& frame, const glm::vec4& clipPlane);
    void drawNetwork(const anatomy::Body& body, const FrameContext& frame,
                     const ViewOptions& options);
    void drawPolylines(const anatomy::Body& body, const FrameContext& frame,
                       const ViewOptions& options);
    void drawMarkers(const FrameContext& frame, const ViewOptions& options);
    void drawClipOutline(const FrameContext& frame, const ViewOptions& options);
    void present(glm::ivec2 origin, glm::ivec2 size, const FrameContext& frame,
                 const ViewOptions& options);
    // Binds the variant's program (compiled on first use) with this frame's uniforms set.
    const ShaderProgram& useMeshProgram(unsigned variant, const FrameContext& frame,
                                        const ViewOptions& options);
    // Adds structure `index` to the pass's draw batches, from the level of detail its distance
    // allows; drawQueued then draws the batches in the order queued.
    void queueStructure(const anatomy::Body& body, size_t index, const FrameContext& frame,
                        const ViewOptions& options, float opacity, unsigned passVariant,
                        float depthOffsetUnits, bool cullBackFaces);
    void drawQueued(const FrameContext& frame, const ViewOptions& options);
    // The coarsest simplification error that cannot show at this structure's distance.
    float allowedErrorM(const anatomy::Body& body, size_t index, const FrameContext& frame,
                        bool opaque) const;
    bool drawnAsNetwork(const anatomy::Body& body, size_t index, const ViewOptions& options) const;
    float drawOpacity(const anatomy::Body& body, size_t index, const FrameContext& frame,
                      const ViewOptions& options) const;
    // The box of the body's skin when it is drawn opaque, closed and uncut: whatever lies
    // under it is hidden, and drawing it would change no pixel.
    std::optional<core::Aabb> opaqueClosedSkinBounds(const anatomy::Body& body,
                                                     const ViewOptions& options) const;

    FrameStats m_stats;
    struct MeshProgram {
        ShaderProgram program;
        std::uint64_t frameSerial = 0;
    };
    std::map<unsigned, MeshProgram> m_meshPrograms;
    std::uint64_t m_frameSerial = 0;
    ShaderProgram m_backgroundProgram;
    ShaderProgram m_fxaaProgram;
    ShaderProgram m_linesProgram;
    GLuint m_emptyVertexArray = 0;
    // The frame is drawn into our own targets, then anti-aliased into the caller's framebuffer:
    // the opaque image (colour + depth) and the transparency buffers sharing its depth.
    GLuint m_sceneFramebuffer = 0, m_sceneColor = 0, m_sceneDepth = 0;
    // The studio backdrop at the targets' size, drawn once and copied in each frame where the
    // last frame drew (lower-left origin, size): everywhere else it is still in place.
    GLuint m_backdropFramebuffer = 0, m_backdropColor = 0;
    glm::ivec2 m_drawnOrigin{0, 0}, m_drawnSize{0, 0};
    TransparencyBuffers m_transparency;
    // Where this frame's structures can be, for the passes over the frame pixel by pixel.
    BodyRegion m_bodyRegion;
    glm::ivec2 m_targetSize{0, 0};
    // Streamed line and pin geometry.
    GLuint m_lineVertexArray = 0, m_lineBuffer = 0;
    GLuint m_pinVertexArray = 0, m_pinVertexBuffer = 0, m_pinIndexBuffer = 0;
    GLsizei m_pinIndexCount = 0;
    MeshCache m_meshCache;
    DrawBatches m_batches;
};

} // namespace render
