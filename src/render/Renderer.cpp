#include "render/Renderer.h"

#include "core/Log.h"
#include "render/ColorMap.h"

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace render {

LayerStyle defaultLayerStyle(anatomy::LayerKind layer) {
    using anatomy::LayerKind;
    switch (layer) {
    case LayerKind::Skin:
        return {{0.62f, 0.40f, 0.30f}, 0.10f, 24.0f, 0.0f};
    case LayerKind::SuperficialFascia:
        return {{0.80f, 0.68f, 0.38f}, 0.35f, 40.0f, 0.6f};
    case LayerKind::DeepFascia:
        return {{0.52f, 0.56f, 0.62f}, 0.55f, 40.0f, 0.75f};
    case LayerKind::Muscle:
        return {{0.52f, 0.09f, 0.07f}, 0.22f, 28.0f, 0.45f};
    case LayerKind::Bone:
        return {{0.78f, 0.72f, 0.58f}, 0.08f, 16.0f, 0.0f};
    case LayerKind::Other:
        return {{0.55f, 0.55f, 0.57f}, 0.15f, 24.0f, 0.0f};
    }
    return {{0.5f, 0.5f, 0.5f}, 0.1f, 16.0f, 0.0f};
}

// Per-frame values every pass needs.
struct Renderer::FrameContext {
    glm::mat4 view{1.0f};
    glm::mat4 viewProjection{1.0f};
    glm::vec4 clipPlane{0.0f, 0.0f, 0.0f, 1.0f}; // keeps everything when clipping is off
    glm::vec3 capNormalView{0.0f, 0.0f, 1.0f};
    glm::vec2 depthWeight{0.0f, 0.1f};
    float cameraDistance = 3.0f;
    glm::vec3 eye{0.0f};
    float pixelSizePerMetre = 0.001f; // a pixel's size in metres, per metre of distance
    std::uint64_t serial = 0;         // tells programs whether this frame's uniforms are set
    glm::vec4 viewRay{0.0f};          // pixel -> view-plane point at z = -1 (see mesh.frag)
    glm::vec2 nearFar{0.1f, 10.0f};
    int xrayCore = -1; // x-ray: the innermost visible layer, drawn as usual
    // Which layers have structures drawn opaque: simplified surfaces of two neighbouring
    // opaque layers must not show crossing, translucent ones may (the crossing is under a
    // pixel).
    std::array<bool, anatomy::kAllLayers.size()> opaqueLayer{};
    // kTranslucentDepthToleranceM at the camera's distance, in polygon-offset units (steps
    // of a 24-bit depth buffer).
    float translucentDepthToleranceUnits = 0.0f;
    // How much deeper each opaque layer is drawn, in polygon-offset units: where simplified
    // surfaces of neighbouring opaque layers cross, the outer one stays in front (see draw()).
    std::array<float, anatomy::kAllLayers.size()> opaqueDepthOffsetUnits{};
    // The screen rectangle the visible structures cover (lower-left origin, size), padded
    // for anti-aliasing: full-screen passes only need to run there.
    glm::ivec2 bodyRectOrigin{0, 0}, bodyRectSize{0, 0};
    core::Aabb sceneBox; // of every structure, shown or not
};

const std::array<std::pair<unsigned, const char*>, 6> Renderer::kMeshVariantNames = {{
    {kFibres, "FIBRES"},
    {kOverlay, "OVERLAY"},
    {kCap, "CAP"},
    {kXray, "XRAY"},
    {kAccumulate, "ACCUMULATE"},
    {kClip, "CLIP"},
}};

namespace {

constexpr float kXrayShellOpacity = 0.10f;
constexpr float kTranslucentDepthToleranceM = 0.003f;

// The gap between each layer and the next one inwards (skin | superficial fascia | deep fascia
// | muscle | bone): deep fascia lies 1 mm over muscle, the others at least 2 mm apart.
constexpr std::array<float, 4> kGapBelowLayerM = {0.002f, 0.002f, 0.001f, 0.002f};
// Beside an opaque neighbouring layer a structure is simplified within this share of the gap
// between them. Two such surfaces may cross by half the gap; the depth offsets hide that.
constexpr float kNestedErrorShareOfGap = 0.75f;

// Window depth per metre of view depth at `z` metres, in steps of a 24-bit depth buffer:
// a perspective depth changes by f n / ((f - n) z^2) per metre.
float depthUnitsPerMetre(float nearM, float farM, float z) {
    z = std::max(z, nearM);
    return farM * nearM / ((farM - nearM) * z * z) * 16777216.0f;
}

// A pin pointing along +Z from the origin: a thin stem of length 1 and a round head.
struct PinGeometry {
    std::vector<glm::vec3> interleaved; // position, normal, fibre (zero)
    std::vector<std::uint32_t> indices;
};

PinGeometry buildPin() {
    PinGeometry pin;
    auto vertex = [&](glm::vec3 p, glm::vec3 n) {
        pin.interleaved.insert(pin.interleaved.end(), {p, n, glm::vec3(0.0f)});
        return static_cast<std::uint32_t>(pin.interleaved.size() / 3 - 1);
    };
    constexpr int kAround = 16, kRings = 10;
    constexpr float kStemRadius = 0.04f, kHeadRadius = 0.32f;
    const float pi = glm::pi<float>();
    // Stem: an open cylinder from z = 0 to the head.
    for (int i = 0; i < kAround; ++i) {
        const float a0 = 2 * pi * float(i) / kAround, a1 = 2 * pi * float(i + 1) / kAround;
        const glm::vec3 n0(std::cos(a0), std::sin(a0), 0), n1(std::cos(a1), std::sin(a1), 0);
        const auto b0 = vertex(n0 * kStemRadius, n0), b1 = vertex(n1 * kStemRadius, n1);
        const auto t0 = vertex(n0 * kStemRadius + glm::vec3(0, 0, 1), n0);
        const auto t1 = vertex(n1 * kStemRadius + glm::vec3(0, 0, 1), n1);
        pin.indices.insert(pin.indices.end(), {b0, b1, t1, b0, t1, t0});
    }
    // Head: a sphere centred at the stem's top.
    const glm::vec3 centre(0, 0, 1.0f);
    std::vector<std::uint32_t> grid;
    for (int r = 0; r <= kRings; ++r) {
        const float polar = pi * float(r) / kRings;
        for (int i = 0; i <= kAround; ++i) {
            const float a = 2 * pi * float(i) / kAround;
            const glm::vec3 n(std::sin(polar) * std::cos(a), std::sin(polar) * std::sin(a),
                              std::cos(polar));
            grid.push_back(vertex(centre + n * kHeadRadius, n));
        }
    }
    for (int r = 0; r < kRings; ++r)
        for (int i = 0; i < kAround; ++i) {
            const auto a = grid[size_t(r * (kAround + 1) + i)];
            const auto b = grid[size_t(r * (kAround + 1) + i + 1)];
            const auto c = grid[size_t((r + 1) * (kAround + 1) + i)];
            const auto d = grid[size_t((r + 1) * (kAround + 1) + i + 1)];
            pin.indices.insert(pin.indices.end(), {a, c, d, a, d, b});
        }
    return pin;
}

// A rotation taking +Z to `direction`.
glm::mat3 basisAlong(glm::vec3 direction) {
    const glm::vec3 z = glm::normalize(direction);
    const glm::vec3 helper = std::abs(z.y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
    const glm::vec3 x = glm::normalize(glm::cross(helper, z));
    return glm::mat3(x, glm::cross(z, x), z);
}

// The body's bounding box projected to the viewport, in pixels relative to its lower-left
// corner, padded for the anti-aliasing filter's reach; empty when off screen.
std::pair<glm::ivec2, glm::ivec2>
screenRectangle(const core::Aabb& box, const glm::mat4& viewProjection, glm::ivec2 viewportSize) {
    glm::vec2 lo(1e9f), hi(-1e9f);
    for (int corner = 0; corner < 8; ++corner) {
        const glm::vec3 p((corner & 1) ? box.max.x : box.min.x,
                          (corner & 2) ? box.max.y : box.min.y,
                          (corner & 4) ? box.max.z : box.min.z);
        const glm::vec4 clip = viewProjection * glm::vec4(p, 1.0f);
        if (clip.w <= 1e-6f)
            return {{0, 0}, viewportSize}; // the box reaches behind the eye: do it all
        const glm::vec2 ndc = glm::vec2(clip) / clip.w;
        lo = glm::min(lo, ndc);
        hi = glm::max(hi, ndc);
    }
    constexpr int kPad = 10; // FXAA's span reaches 8 pixels
    const glm::vec2 size(viewportSize);
    const glm::ivec2 origin = glm::clamp(glm::ivec2(glm::floor((lo * 0.5f + 0.5f) * size)) - kPad,
                                         glm::ivec2(0), viewportSize);
    const glm::ivec2 end = glm::clamp(glm::ivec2(glm::ceil((hi * 0.5f + 0.5f) * size)) + kPad,
                                      glm::ivec2(0), viewportSize);
    return {origin, glm::max(end - origin, glm::ivec2(0))};
}

bool isFascia(anatomy::LayerKind layer) {
    return layer == anatomy::LayerKind::SuperficialFascia ||
           layer == anatomy::LayerKind::DeepFascia;
}

void attachTexture(GLuint texture, GLenum attachment, GLint internalFormat, GLenum format,
                   GLenum type, glm::ivec2 size) {
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexImage2D(GL_TEXTURE_2D, 0, internalFormat, size.x, size.y, 0, format, type, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glFramebufferTexture2D(GL_FRAMEBUFFER, attachment, GL_TEXTURE_2D, texture, 0);
}

} // namespace

core::Result<std::unique_ptr<Renderer>> Renderer::create() {
    std::unique_ptr<Renderer> renderer(new Renderer());
    const struct {
        ShaderProgram* program;
        const char* vertex;
        const char* fragment;
    } programs[] = {{&renderer->m_backgroundProgram, "fullscreen.vert", "background.frag"},
                    {&renderer->m_fxaaProgram, "fullscreen.vert", "fxaa.frag"},
                    {&renderer->m_compositeProgram, "fullscreen.vert", "oit_composite.frag"},
                    {&renderer->m_linesProgram, "lines.vert", "lines.frag"}};
    for (const auto& p : programs) {
        auto built = buildProgram(p.vertex, p.fragment);
        if (!built)
            return built.error();
        *p.program = std::move(*built);
    }
    glGenVertexArrays(1, &renderer->m_emptyVertexArray);
    glGenVertexArrays(1, &renderer->m_lineVertexArray);
    glGenBuffers(1, &renderer->m_lineBuffer);
    glBindVertexArray(renderer->m_lineVertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, renderer->m_lineBuffer);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(glm::vec3), nullptr);

    const PinGeometry pin = buildPin();
    glGenVertexArrays(1, &renderer->m_pinVertexArray);
    glGenBuffers(1, &renderer->m_pinVertexBuffer);
    glGenBuffers(1, &renderer->m_pinIndexBuffer);
    glBindVertexArray(renderer->m_pinVertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, renderer->m_pinVertexBuffer);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pin.interleaved.size() * 12),
                 pin.interleaved.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, renderer->m_pinIndexBuffer);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(pin.indices.size() * 4),
                 pin.indices.data(), GL_STATIC_DRAW);
    for (GLuint attribute = 0; attribute < 3; ++attribute) {
        glEnableVertexAttribArray(attribute);
        glVertexAttribPointer(attribute, 3, GL_FLOAT, GL_FALSE, 36,
                              reinterpret_cast<const void*>(attribute * 12u));
    }
    renderer->m_pinIndexCount = static_cast<GLsizei>(pin.indices.size());
    glBindVertexArray(0);

    // The plain variant must build: it is the fallback for every other.
    auto plain = buildProgram("mesh.vert", "mesh.frag");
    if (!plain)
        return plain.error();
    renderer->m_meshPrograms.emplace(0u, MeshProgram{std::move(*plain), 0});
    glUseProgram(0);
    return renderer;
}

Renderer::~Renderer() {
    glDeleteFramebuffers(1, &m_sceneFramebuffer);
    glDeleteFramebuffers(1, &m_oitFramebuffer);
    glDeleteFramebuffers(1, &m_backdropFramebuffer);
    glDeleteTextures(1, &m_sceneColor);
    glDeleteTextures(1, &m_backdropColor);
    glDeleteTextures(1, &m_oitAccumulated);
    glDeleteTextures(1, &m_oitWeights);
    glDeleteRenderbuffers(1, &m_sceneDepth);
    glDeleteVertexArrays(1, &m_emptyVertexArray);
    glDeleteVertexArrays(1, &m_lineVertexArray);
    glDeleteBuffers(1, &m_lineBuffer);
    glDeleteVertexArrays(1, &m_pinVertexArray);
    glDeleteBuffers(1, &m_pinVertexBuffer);
    glDeleteBuffers(1, &m_pinIndexBuffer);
}

void Renderer::resizeTargets(glm::ivec2 size) {
    if (size == m_targetSize)
        return;
    m_targetSize = size;
    if (!m_sceneFramebuffer) {
        glGenFramebuffers(1, &m_sceneFramebuffer);
        glGenFramebuffers(1, &m_oitFramebuffer);
        glGenFramebuffers(1, &m_backdropFramebuffer);
        glGenTextures(1, &m_sceneColor);
        glGenTextures(1, &m_backdropColor);
        glGenTextures(1, &m_oitAccumulated);
        glGenTextures(1, &m_oitWeights);
        glGenRenderbuffers(1, &m_sceneDepth);
    }
    glBindRenderbuffer(GL_RENDERBUFFER, m_sceneDepth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, size.x, size.y);

    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    attachTexture(m_sceneColor, GL_COLOR_ATTACHMENT0, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_sceneDepth);

    // Half floats hold the weighted sums; the depth is the opaque pass's, tested, not written.
    glBindFramebuffer(GL_FRAMEBUFFER, m_oitFramebuffer);
    attachTexture(m_oitAccumulated, GL_COLOR_ATTACHMENT0, GL_RGBA16F, GL_RGBA, GL_FLOAT, size);
    attachTexture(m_oitWeights, GL_COLOR_ATTACHMENT1, GL_R16F, GL_RED, GL_FLOAT, size);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_sceneDepth);
    const GLenum buffers[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, buffers);

    // The backdrop changes only with the size: shaded once here, a plain copy each frame
    // (a software rasteriser shades a full-screen pass pixel by pixel; a copy is a memcpy).
    glBindFramebuffer(GL_FRAMEBUFFER, m_backdropFramebuffer);
    attachTexture(m_backdropColor, GL_COLOR_ATTACHMENT0, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size);
    glViewport(0, 0, size.x, size.y);
    glDisable(GL_SCISSOR_TEST);
    drawBackground();
}

float Renderer::drawOpacity(const anatomy::Body& body, size_t index, const FrameContext& frame,
                            const ViewOptions& options) const {
    const float opacity = options.structureOpacity(body, index);
    if (opacity <= 0.0f || frame.xrayCore < 0)
        return opacity;
    const int layer = static_cast<int>(body.structures()[index].layer);
    return layer == frame.xrayCore ? opacity : std::min(opacity, kXrayShellOpacity);
}

bool Renderer::drawnAsNetwork(const anatomy::Body& body, size_t index,
                              const ViewOptions& options) const {
    return options.fasciaNetwork && isFascia(body.structures()[index].layer);
}

std::optional<core::Aabb> Renderer::opaqueClosedSkinBounds(const anatomy::Body& body,
                                                           const ViewOptions& options) const {
    using anatomy::LayerKind;
    if (options.xray || options.clip.enabled || !options.isolated.empty())
        return std::nullopt;
    core::Aabb bounds;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (body.structures()[i].layer != LayerKind::Skin)
            continue;
        // An open, hidden or translucent skin: the layers beneath show through.
        if (!m_meshCache.mesh(i).closed.value_or(false) || options.structureOpacity(body, i) < 1.0f)
            return std::nullopt;
        bounds.extend(m_meshCache.mesh(i).bounds);
    }
    return bounds.valid() ? std::optional<core::Aabb>(bounds) : std::nullopt;
}

void Renderer::draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
                    const ViewOptions& options) {
    GLint viewport[4] = {0, 0, viewportSize.x, viewportSize.y};
    glGetIntegerv(GL_VIEWPORT, viewport);
    GLint output = 0, outputRead = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &output);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &outputRead);
    const bool scissor = glIsEnabled(GL_SCISSOR_TEST);
    GLint scissorBox[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_SCISSOR_BOX, scissorBox);
    const glm::ivec2 size(std::max(viewportSize.x, 1), std::max(viewportSize.y, 1));

    m_meshCache.sync(body, options.overlays);
    m_stats = {};
    resizeTargets(size);

    FrameContext frame;
    const float aspect = float(size.x) / float(size.y);
    frame.view = camera.view();
    frame.viewProjection = camera.projection(aspect) * frame.view;
    frame.cameraDistance = camera.distanceM;
    frame.eye = camera.eye();
    frame.pixelSizePerMetre = 2.0f * std::tan(0.5f * camera.fovYRad) / float(size.y);
    frame.serial = ++m_frameSerial;
    frame.translucentDepthToleranceUnits =
        std::min(kTranslucentDepthToleranceM *
                     depthUnitsPerMetre(camera.nearM(), camera.farM(), camera.distanceM),
                 1.0e5f);
    {
        const float tanY = std::tan(0.5f * camera.fovYRad), tanX = tanY * aspect;
        frame.viewRay = {2.0f * tanX / float(size.x), 2.0f * tanY / float(size.y), -tanX, -tanY};
        frame.nearFar = {camera.nearM(), camera.farM()};
    }
    // The box of every uploaded mesh, kept by the cache: no walk over the vertices per frame.
    for (size_t i = 0; i < m_meshCache.size(); ++i)
        frame.sceneBox.extend(m_meshCache.mesh(i).bounds);
    const core::Aabb& bodyBox = frame.sceneBox;
    frame.depthWeight = {std::max(camera.distanceM - std::max(bodyBox.radius(), 0.01f), 0.0f),
                         std::max(0.04f * bodyBox.radius(), 0.005f)};
    if (options.clip.enabled) {
        frame.clipPlane = options.clip.equation();
        frame.capNormalView = glm::normalize(glm::mat3(frame.view) * -glm::vec3(frame.clipPlane));
    }
    if (options.xray) {
        for (size_t i = 0; i < body.structures().size(); ++i)
            if (options.structureOpacity(body, i) > 0.0f)
                frame.xrayCore = std::max(frame.xrayCore, int(body.structures()[i].layer));
        if (frame.xrayCore == int(anatomy::LayerKind::Other))
            frame.xrayCore = -1; // unclassified parts are no core; keep every layer as it is
    }

    core::Aabb visibleBox;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (options.structureOpacity(body, i) > 0.0f)
            visibleBox.extend(m_meshCache.mesh(i).bounds);
        if (drawOpacity(body, i, frame, options) >= 1.0f && !drawnAsNetwork(body, i, options))
            frame.opaqueLayer[static_cast<size_t>(body.structures()[i].layer)] = true;
    }
    if (visibleBox.valid())
        std::tie(frame.bodyRectOrigin, frame.bodyRectSize) =
            screenRectangle(visibleBox, frame.viewProjection, size);
    {
        // Simplified surfaces of two opaque layers the gap g apart, each within
        // kNestedErrorShareOfGap of it, may cross by (2 share - 1) g. Each opaque layer is
        // drawn that much deeper than the opaque layer outside it, so where they cross the outer
        // one is seen, as it should be. The units are worked out at the scene's far side, where
        // a depth step spans the most: nowhere is a layer pushed back further than that (which
        // could hide it behind a neighbour it truly lies in front of), and nearer the camera
        // it is pushed back less.
        const float farZ = camera.distanceM + bodyBox.radius();
        const float unitsPerMetre = depthUnitsPerMetre(camera.nearM(), camera.farM(), farZ);
        float offsetM = 0.0f, gapM = 0.0f;
        bool outer = false;
        for (size_t layer = 0; layer <= kGapBelowLayerM.size(); ++layer) {
            if (frame.opaqueLayer[layer]) {
                if (outer)
                    offsetM += (2.0f * kNestedErrorShareOfGap - 1.0f) * gapM;
                frame.opaqueDepthOffsetUnits[layer] = std::min(offsetM * unitsPerMetre, 1.0e5f);
                outer = true;
                gapM = 0.0f;
            }
            if (layer < kGapBelowLayerM.size())
                gapM += kGapBelowLayerM[layer];
        }
    }

    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    glViewport(0, 0, size.x, size.y);
    glDisable(GL_SCISSOR_TEST);
    glDepthMask(GL_TRUE);
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    if (options.transparentBackground) {
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    } else {
        glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m_backdropFramebuffer);
        glBlitFramebuffer(0, 0, size.x, size.y, 0, 0, size.x, size.y, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    }
    if (options.clip.enabled)
        glEnable(GL_CLIP_DISTANCE0);
    drawOpaque(body, frame, options);
    drawNetwork(body, frame, options);
    drawPolylines(body, frame, options);
    drawMarkers(frame, options);
    drawTranslucent(body, frame, options);
    glDisable(GL_CLIP_DISTANCE0);
    drawClipOutline(frame, options);

    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(output));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    present({viewport[0], viewport[1]}, size, frame, options);
    // Leave the caller's framebuffers and scissor as they were (screenshots read from them).
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(outputRead));
    glScissor(scissorBox[0], scissorBox[1], scissorBox[2], scissorBox[3]);
    if (scissor)
        glEnable(GL_SCISSOR_TEST);
    else
        glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
    glUseProgram(0);
}

void Renderer::drawBackground() {
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(m_backgroundProgram.id());
    glUniform3f(m_backgroundProgram.uniform("uTopColor"), 0.30f, 0.33f, 0.37f);
    glUniform3f(m_backgroundProgram.uniform("uBottomColor"), 0.11f, 0.12f, 0.14f);
    glBindVertexArray(m_emptyVertexArray);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

const ShaderProgram& Renderer::useMeshProgram(unsigned variant, const FrameContext& frame,
                                              const ViewOptions& options) {
    auto found = m_meshPrograms.find(variant);
    if (found == m_meshPrograms.end()) {
        std::vector<std::string> defines;
        for (const auto& [bit, name] : kMeshVariantNames)
            if (variant & bit)
                defines.emplace_back(name);
        auto built = buildProgram("mesh.vert", "mesh.frag", defines);
        if (!built) {
            // Every variant compiles in the tests; should a driver refuse one, draw plainly.
            core::logError(built.error().message);
            return useMeshProgram(0, frame, options);
        }
        found = m_meshPrograms.emplace(variant, MeshProgram{std::move(*built), 0}).first;
        glUseProgram(found->second.program.id());
        glUniform3fv(found->second.program.uniform("uColorMap"),
                     static_cast<GLsizei>(kViridisStops.size()), &kViridisStops[0].x);
    }
    MeshProgram& mesh = found->second;
    const ShaderProgram& program = mesh.program;
    glUseProgram(program.id());
    if (mesh.frameSerial == frame.serial)
        return program;
    // Per-frame uniforms, once per frame for each program used.
    mesh.frameSerial = frame.serial;
    glUniformMatrix4fv(program.uniform("uViewProjection"), 1, GL_FALSE,
                       glm::value_ptr(frame.viewProjection));
    glUniformMatrix4fv(program.uniform("uView"), 1, GL_FALSE, glm::value_ptr(frame.view));
    const glm::mat4 identity(1.0f);
    glUniformMatrix4fv(program.uniform("uModel"), 1, GL_FALSE, glm::value_ptr(identity));
    glUniform4fv(program.uniform("uClipPlane"), 1, glm::value_ptr(frame.clipPlane));
    glUniform3fv(program.uniform("uCapNormal"), 1, glm::value_ptr(frame.capNormalView));
    glUniform2fv(program.uniform("uDepthWeight"), 1, glm::value_ptr(frame.depthWeight));
    glUniform4fv(program.uniform("uViewRay"), 1, glm::value_ptr(frame.viewRay));
    glUniform2fv(program.uniform("uNearFar"), 1, glm::value_ptr(frame.nearFar));
    if (options.overlays) {
        const HeatMap& heat = options.overlays->heatMap;
        glUniform2f(program.uniform("uHeatRange"), heat.minimum, heat.maximum);
        glUniform3fv(program.uniform("uZoneColor"), 1, glm::value_ptr(options.overlays->zoneColor));
    }
    return program;
}

void Renderer::drawOpaque(const anatomy::Body& body, const FrameContext& frame,
                          const ViewOptions& options) {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDisable(GL_BLEND);
    // A cut surface shows its inside, so nothing is culled while a plane cuts.
    if (options.clip.enabled)
        glDisable(GL_CULL_FACE);
    else
        glEnable(GL_CULL_FACE);
    glCullFace(GL_BACK);
    // From the outermost layer inwards: what lies beneath then fails the depth test before it
    // is shaded, which matters most on a software rasteriser. Under an opaque closed skin
    // nothing of the inner layers can be seen, so they are not drawn; a structure reaching
    // outside the skin's box (a misfit model) still is.
    // Within a layer, nearer structures first, for the same reason.
    const auto& structures = body.structures();
    const std::optional<core::Aabb> skin = opaqueClosedSkinBounds(body, options);
    std::vector<std::pair<float, size_t>> order;
    for (size_t i = 0; i < structures.size(); ++i) {
        if (drawnAsNetwork(body, i, options) || drawOpacity(body, i, frame, options) < 1.0f)
            continue;
        const core::Aabb& box = m_meshCache.mesh(i).bounds;
        if (skin && anatomy::liesUnderSkin(structures[i].layer) && skin->contains(box))
            continue;
        const float distance = glm::length(frame.eye - glm::clamp(frame.eye, box.min, box.max));
        order.emplace_back(float(structures[i].layer) * 1e4f + distance, i);
    }
    std::sort(order.begin(), order.end());
    glEnable(GL_POLYGON_OFFSET_FILL);
    for (const auto& [key, i] : order) {
        glPolygonOffset(0.0f,
                        frame.opaqueDepthOffsetUnits[static_cast<size_t>(structures[i].layer)]);
        drawStructure(body, i, frame, options, 1.0f, 0);
    }
    glDisable(GL_POLYGON_OFFSET_FILL);
    glDisable(GL_CULL_FACE);
}

void Renderer::drawTranslucent(const anatomy::Body& body, const FrameContext& frame,
                               const ViewOptions& options) {
    std::vector<size_t> translucent, opaque;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (drawnAsNetwork(body, i, options))
            continue;
        const float opacity = drawOpacity(body, i, frame, options);
        if (opacity > 0.0f && opacity < 1.0f)
            translucent.push_back(i);
        else if (opacity >= 1.0f)
            opaque.push_back(i);
    }
    // Whether opaque tissue of a deeper layer lies mostly within a structure's box (as muscle
    // under its fascia): then the far side of the structure lies behind that tissue.
    auto wrapsOpaque = [&](size_t i) {
        const anatomy::LayerKind layer = body.structures()[i].layer;
        const core::Aabb& box = m_meshCache.mesh(i).bounds;
        return std::any_of(opaque.begin(), opaque.end(), [&](size_t o) {
            const anatomy::LayerKind inner = body.structures()[o].layer;
            if (!anatomy::liesUnderSkin(inner) || int(inner) <= int(layer))
                return false;
            const core::Aabb& innerBox = m_meshCache.mesh(o).bounds;
            const glm::vec3 overlap =
                glm::max(glm::min(box.max, innerBox.max) - glm::max(box.min, innerBox.min), 0.0f);
            const glm::vec3 size = innerBox.size();
            return overlap.x * overlap.y * overlap.z >= 0.5f * size.x * size.y * size.z;
        });
    };
    m_stats.translucentStructures = translucent.size();
    if (translucent.empty() || frame.bodyRectSize.x <= 0 || frame.bodyRectSize.y <= 0)
        return;
    // Clearing and resolving only where the body is saves two full-screen passes.
    glEnable(GL_SCISSOR_TEST);
    glScissor(frame.bodyRectOrigin.x, frame.bodyRectOrigin.y, frame.bodyRectSize.x,
              frame.bodyRectSize.y);
    // Weighted blended order-independent transparency: every translucent surface, in any
    // order, into sums that the composite pass resolves.
    glBindFramebuffer(GL_FRAMEBUFFER, m_oitFramebuffer);
    const GLfloat zero[4] = {0, 0, 0, 1}; // colour sums 0, revealage (product) 1
    glClearBufferfv(GL_COLOR, 0, zero);
    const GLfloat zeroWeight[4] = {0, 0, 0, 0};
    glClearBufferfv(GL_COLOR, 1, zeroWeight);
    glEnable(GL_DEPTH_TEST);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    // Colour channels add; alpha multiplies by (1 - a): one blend state serves both targets.
    glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
    // Simplified surfaces of nested layers may cross where they lie a millimetre apart (deep
    // fascia over muscle): translucent surfaces are let through the opaque ones within a few
    // millimetres, so no spots of the tissue beneath show through them.
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(0.0f, -frame.translucentDepthToleranceUnits);
    for (size_t i : translucent) {
        const int layer = int(body.structures()[i].layer);
        // The far side of a shell lies behind the opaque tissue it wraps, so its back faces
        // would only fail the depth test: they are culled unless a plane cuts the body open.
        if (!options.clip.enabled && wrapsOpaque(i))
            glEnable(GL_CULL_FACE);
        else
            glDisable(GL_CULL_FACE);
        const bool shell = frame.xrayCore >= 0 && layer != frame.xrayCore;
        drawStructure(body, i, frame, options, drawOpacity(body, i, frame, options),
                      kAccumulate | (shell ? kXray : 0u));
    }
    glDepthMask(GL_TRUE);
    glDisable(GL_CULL_FACE);
    glDisable(GL_POLYGON_OFFSET_FILL);

    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    glDisable(GL_DEPTH_TEST);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(m_compositeProgram.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_oitAccumulated);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_oitWeights);
    glUniform1i(m_compositeProgram.uniform("uAccumulated"), 0);
    glUniform1i(m_compositeProgram.uniform("uWeights"), 1);
    glBindVertexArray(m_emptyVertexArray);
    glDisable(GL_CLIP_DISTANCE0);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glActiveTexture(GL_TEXTURE0);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    if (options.clip.enabled)
        glEnable(GL_CLIP_DISTANCE0);
}

void Renderer::useLinesProgram(const FrameContext& frame, const glm::vec4& clipPlane) {
    glUseProgram(m_linesProgram.id());
    glUniformMatrix4fv(m_linesProgram.uniform("uViewProjection"), 1, GL_FALSE,
                       glm::value_ptr(frame.viewProjection));
    glUniform4fv(m_linesProgram.uniform("uClipPlane"), 1, glm::value_ptr(clipPlane));
}

void Renderer::drawNetwork(const anatomy::Body& body, const FrameContext& frame,
                           const ViewOptions& options) {
    if (!options.fasciaNetwork)
        return;
    useLinesProgram(frame, frame.clipPlane);
    glEnable(GL_DEPTH_TEST);
    glEnable(GL_PROGRAM_POINT_SIZE);
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (!drawnAsNetwork(body, i, options) || options.structureOpacity(body, i) <= 0.0f)
            continue;
        const bool deep = body.structures()[i].layer == anatomy::LayerKind::DeepFascia;
        const glm::vec3 color =
            deep ? glm::vec3(0.80f, 0.86f, 0.95f) : glm::vec3(0.95f, 0.85f, 0.55f);
        const GLsizei edgeIndices = m_meshCache.bindEdges(body, i);
        glUniform4f(m_linesProgram.uniform("uColor"), color.r * 0.75f, color.g * 0.75f,
                    color.b * 0.75f, 1.0f);
        glDrawElements(GL_LINES, edgeIndices, GL_UNSIGNED_INT, nullptr);
        glUniform4f(m_linesProgram.uniform("uColor"), color.r, color.g, color.b, 1.0f);
        glUniform1f(m_linesProgram.uniform("uPointSize"), 2.0f);
        glBindVertexArray(m_meshCache.mesh(i).vertexArray);
        glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(body.structures()[i].mesh.vertexCount()));
        m_stats.drawCalls += 2;
    }
    glDisable(GL_PROGRAM_POINT_SIZE);
}

void Renderer::drawPolylines(const anatomy::Body& body, const FrameContext& frame,
                             const ViewOptions& options) {
    if (!options.overlays || options.overlays->polylines.empty())
        return;
    useLinesProgram(frame, frame.clipPlane);
    glEnable(GL_DEPTH_TEST);
    glBindVertexArray(m_lineVertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, m_lineBuffer);
    for (const PolylineSet& set : options.overlays->polylines) {
        if (set.structure >= 0 &&
            (static_cast<size_t>(set.structure) >= body.structures().size() ||
             options.structureOpacity(body, static_cast<size_t>(set.structure)) <= 0.0f))
            continue;
        std::vector<glm::vec3> points;
        std::vector<GLint> first;
        std::vector<GLsizei> count;
        for (const Polyline& line : set.lines) {
            if (line.points.size() < 2)
                continue;
            first.push_back(static_cast<GLint>(points.size()));
            count.push_back(static_cast<GLsizei>(line.points.size()));
            points.insert(points.end(), line.points.begin(), line.points.end());
        }
        if (points.empty())
            continue;
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points.size() * sizeof(glm::vec3)),
                     points.data(), GL_STREAM_DRAW);
        const glm::vec3 c = glm::sqrt(set.color);
        glUniform4f(m_linesProgram.uniform("uColor"), c.r, c.g, c.b, 1.0f);
        glMultiDrawArrays(GL_LINE_STRIP, first.data(), count.data(),
                          static_cast<GLsizei>(first.size()));
        ++m_stats.drawCalls;
    }
}

void Renderer::drawMarkers(const FrameContext& frame, const ViewOptions& options) {
    if (!options.overlays || options.overlays->markers.empty())
        return;
    const ShaderProgram& program = useMeshProgram(0, frame, options);
    glUniform1f(program.uniform("uSpecular"), 0.5f);
    glUniform1f(program.uniform("uShininess"), 40.0f);
    glBindVertexArray(m_pinVertexArray);
    glEnable(GL_DEPTH_TEST);
    glEnable(GL_CULL_FACE);
    glDisable(GL_CLIP_DISTANCE0); // a pin stays visible even where its tissue is cut away
    // Pins keep one size on screen: about 5% of the view height.
    const float length = 0.025f * frame.cameraDistance;
    for (const Marker& marker : options.overlays->markers) {
        const float scale = length * (marker.state == MarkerState::Selected ? 1.35f : 1.0f);
        glm::mat4 model(
            basisAlong(glm::length(marker.normal) > 0 ? marker.normal : glm::vec3(0, 0, 1)) *
            scale);
        model[3] = glm::vec4(marker.position, 1.0f);
        glUniformMatrix4fv(program.uniform("uModel"), 1, GL_FALSE, glm::value_ptr(model));
        glUniform3fv(program.uniform("uBaseColor"), 1, glm::value_ptr(marker.color));
        const bool hovered = marker.state == MarkerState::Hovered;
        const bool selected = marker.state == MarkerState::Selected;
        glUniform1f(program.uniform("uHighlight"), selected ? 0.35f : hovered ? 0.25f : 0.0f);
        glUniform3f(program.uniform("uHighlightColor"), selected ? 0.10f : 1.0f,
                    selected ? 0.55f : 0.95f, selected ? 0.95f : 0.70f);
        // Visible part solid; the part hidden behind tissue faint, so a pin under the skin
        // can still be found.
        glUniform1f(program.uniform("uOpacity"), 1.0f);
        glDepthFunc(GL_LEQUAL);
        glDisable(GL_BLEND);
        glDrawElements(GL_TRIANGLES, m_pinIndexCount, GL_UNSIGNED_INT, nullptr);
        glDepthFunc(GL_GREATER);
        glDepthMask(GL_FALSE);
        glEnable(GL_BLEND);
        glBlendColor(0, 0, 0, 0.35f);
        glBlendFunc(GL_CONSTANT_ALPHA, GL_ONE_MINUS_CONSTANT_ALPHA);
        glDrawElements(GL_TRIANGLES, m_pinIndexCount, GL_UNSIGNED_INT, nullptr);
        glDepthMask(GL_TRUE);
        glDepthFunc(GL_LEQUAL);
        m_stats.drawCalls += 2;
    }
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    // The pins' model matrix must not stay on for the body.
    const glm::mat4 identity(1.0f);
    glUniformMatrix4fv(program.uniform("uModel"), 1, GL_FALSE, glm::value_ptr(identity));
    if (options.clip.enabled)
        glEnable(GL_CLIP_DISTANCE0);
}

void Renderer::drawClipOutline(const FrameContext& frame, const ViewOptions& options) {
    if (!options.clip.enabled)
        return;
    // The plane's rectangle across the body's box, a little larger, so the user sees where the
    // cut lies and which way it faces.
    core::Aabb box = frame.sceneBox;
    if (!box.valid())
        return;
    const glm::vec3 pad = box.size() * 0.04f + glm::vec3(0.01f);
    box.min -= pad;
    box.max += pad;
    const int axis = clipAxisComponent(options.clip.axis);
    const int u = (axis + 1) % 3, v = (axis + 2) % 3;
    std::vector<glm::vec3> corners;
    for (const glm::vec2 c :
         {glm::vec2(0, 0), glm::vec2(1, 0), glm::vec2(1, 1), glm::vec2(0, 1), glm::vec2(0, 0)}) {
        glm::vec3 p;
        p[axis] = options.clip.offsetM;
        p[u] = c.x > 0 ? box.max[u] : box.min[u];
        p[v] = c.y > 0 ? box.max[v] : box.min[v];
        corners.push_back(p);
    }
    useLinesProgram(frame, glm::vec4(0, 0, 0, 1)); // the outline lies in the plane: never clipped
    glUniform4f(m_linesProgram.uniform("uColor"), 0.45f, 0.80f, 1.0f, 1.0f);
    glDisable(GL_DEPTH_TEST);
    glBindVertexArray(m_lineVertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, m_lineBuffer);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(corners.size() * sizeof(glm::vec3)),
                 corners.data(), GL_STREAM_DRAW);
    glDrawArrays(GL_LINE_STRIP, 0, static_cast<GLsizei>(corners.size()));
    ++m_stats.drawCalls;
}

void Renderer::present(glm::ivec2 origin, glm::ivec2 size, const FrameContext& frame,
                       const ViewOptions& options) {
    // Copy the frame out, then anti-alias only where the body is: on a software rasteriser a
    // full-screen filter costs as much as the body itself.
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_sceneFramebuffer);
    glBlitFramebuffer(0, 0, size.x, size.y, origin.x, origin.y, origin.x + size.x,
                      origin.y + size.y, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    const glm::ivec2 extent = frame.bodyRectSize;
    if (extent.x <= 0 || extent.y <= 0 || !(options.antialiasing || options.transparentBackground))
        return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(origin.x + frame.bodyRectOrigin.x, origin.y + frame.bodyRectOrigin.y, extent.x,
              extent.y);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(m_fxaaProgram.id());
    glBindVertexArray(m_emptyVertexArray);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_sceneColor);
    glUniform1i(m_fxaaProgram.uniform("uScene"), 0);
    glUniform2i(m_fxaaProgram.uniform("uRectOrigin"), origin.x, origin.y);
    glUniform2f(m_fxaaProgram.uniform("uInverseSize"), 1.0f / float(size.x), 1.0f / float(size.y));
    glUniform1i(m_fxaaProgram.uniform("uAntialias"), options.antialiasing ? 1 : 0);
    glUniform1i(m_fxaaProgram.uniform("uUnpremultiply"), options.transparentBackground ? 1 : 0);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

float Renderer::allowedErrorM(const anatomy::Body& body, size_t index, const FrameContext& frame,
                              bool opaque) const {
    // The edges of zones and of a partial heat map lie at vertices: the full mesh keeps them
    // where they were drawn.
    const GpuMesh& gpu = m_meshCache.mesh(index);
    if (gpu.overlayHasEdges)
        return 0.0f;
    // Otherwise within three quarters of a pixel at the structure's nearest point (a whole
    // pixel for a translucent one, whose soft edges hide more)...
    const core::Aabb& box = gpu.bounds;
    const glm::vec3 nearest = glm::clamp(frame.eye, box.min, box.max);
    const float distance = std::max(glm::length(frame.eye - nearest), 0.05f);
    const float pixel = frame.pixelSizePerMetre * distance;
    if (!opaque)
        return pixel;
    const float onScreen = 0.75f * pixel;
    // ...and, drawn opaque next to another opaque layer, within kNestedErrorShareOfGap of the
    // gap between them (the depth offsets keep the inner one from showing through).
    const size_t layer = static_cast<size_t>(body.structures()[index].layer);
    if (body.structures()[index].layer == anatomy::LayerKind::Other)
        return std::min(onScreen, 0.0005f); // an imported model's parts may lie anywhere
    float nesting = INFINITY;
    if (layer > 0 && frame.opaqueLayer[layer - 1])
        nesting = std::min(nesting, kNestedErrorShareOfGap * kGapBelowLayerM[layer - 1]);
    if (layer < kGapBelowLayerM.size() && frame.opaqueLayer[layer + 1])
        nesting = std::min(nesting, kNestedErrorShareOfGap * kGapBelowLayerM[layer]);
    return std::min(onScreen, nesting);
}

void Renderer::drawStructure(const anatomy::Body& body, size_t index, const FrameContext& frame,
                             const ViewOptions& options, float opacity, unsigned passVariant) {
    const anatomy::Structure& s = body.structures()[index];
    const GpuMesh& gpu = m_meshCache.mesh(index);
    if (gpu.indexCount == 0)
        return;
    const LayerStyle style = defaultLayerStyle(s.layer);
    unsigned variant = passVariant;
    if (options.fibreSheen && gpu.hasFibres && style.fibreSheen > 0.0f)
        variant |= kFibres;
    if (gpu.hasOverlay && options.overlays)
        variant |= kOverlay;
    if (options.clip.enabled) {
        variant |= kClip;
        if (m_meshCache.closed(body, index))
            variant |= kCap;
    }
    const ShaderProgram& program = useMeshProgram(variant, frame, options);
    glUniform3fv(program.uniform("uBaseColor"), 1, glm::value_ptr(style.baseColor));
    glUniform1f(program.uniform("uOpacity"), opacity);
    glUniform1f(program.uniform("uSpecular"), style.specular);
    glUniform1f(program.uniform("uShininess"), style.shininess);
    glUniform1f(program.uniform("uFibreSheen"), style.fibreSheen);
    float highlight = 0.0f;
    glm::vec3 highlightColor(0.0f);
    if (static_cast<int>(index) == options.selectedStructure) {
        highlight = 0.35f;
        highlightColor = {0.10f, 0.55f, 0.95f};
    } else if (static_cast<int>(index) == options.hoveredStructure) {
        highlight = 0.10f;
        highlightColor = {1.0f, 0.85f, 0.35f};
    }
    glUniform1f(program.uniform("uHighlight"), highlight);
    glUniform3fv(program.uniform("uHighlightColor"), 1, glm::value_ptr(highlightColor));
    const bool opaque = (passVariant & kAccumulate) == 0;
    const GLsizei indexCount =
        m_meshCache.bindLevel(index, allowedErrorM(body, index, frame, opaque));
    glDrawElements(GL_TRIANGLES, indexCount, GL_UNSIGNED_INT, nullptr);
    ++m_stats.drawCalls;
    m_stats.trianglesDrawn += static_cast<size_t>(indexCount) / 3;
}

} // namespace render
