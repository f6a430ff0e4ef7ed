#include "render/Renderer.h"
#include "render/RendererFrame.h"

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

const std::array<std::pair<unsigned, const char*>, 6> Renderer::kMeshVariantNames = {{
    {kFibres, "FIBRES"},
    {kOverlay, "OVERLAY"},
    {kCap, "CAP"},
    {kXray, "XRAY"},
    {kAccumulate, "ACCUMULATE"},
    {kClip, "CLIP"},
}};

namespace {

constexpr float kTranslucentDepthToleranceM = 0.003f;

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
    constexpr float kStemRadius = 0.04f, kHeadRadius = kPinHeadRadius;
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
                    {&renderer->m_fxaaProgram, "bands.vert", "fxaa.frag"},
                    {&renderer->m_linesProgram, "lines.vert", "lines.frag"}};
    for (const auto& p : programs) {
        auto built = buildProgram(p.vertex, p.fragment);
        if (!built)
            return built.error();
        *p.program = std::move(*built);
    }
    if (auto ready = renderer->m_transparency.init(); !ready)
        return ready.error();
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
    glDeleteFramebuffers(1, &m_backdropFramebuffer);
    glDeleteTextures(1, &m_sceneColor);
    glDeleteTextures(1, &m_backdropColor);
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
        glGenFramebuffers(1, &m_backdropFramebuffer);
        glGenTextures(1, &m_sceneColor);
        glGenTextures(1, &m_backdropColor);
        glGenRenderbuffers(1, &m_sceneDepth);
    }
    glBindRenderbuffer(GL_RENDERBUFFER, m_sceneDepth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, size.x, size.y);

    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    attachTexture(m_sceneColor, GL_COLOR_ATTACHMENT0, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size);
    m_drawnOrigin = {0, 0}; // a new image: the backdrop goes in everywhere
    m_drawnSize = size;
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_sceneDepth);

    m_transparency.resize(size, m_sceneColor, m_sceneDepth);

    // The backdrop changes only with the size: shaded once here, a plain copy each frame
    // (a software rasteriser shades a full-screen pass pixel by pixel; a copy is a memcpy).
    glBindFramebuffer(GL_FRAMEBUFFER, m_backdropFramebuffer);
    attachTexture(m_backdropColor, GL_COLOR_ATTACHMENT0, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size);
    glViewport(0, 0, size.x, size.y);
    glDisable(GL_SCISSOR_TEST);
    drawBackground();
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
                         1.0f / std::max(0.04f * bodyBox.radius(), 0.005f)};
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
    std::vector<core::Aabb> visibleBoxes;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (options.structureOpacity(body, i) > 0.0f) {
            visibleBox.extend(m_meshCache.mesh(i).bounds);
            visibleBoxes.push_back(m_meshCache.mesh(i).bounds);
        }
        if (drawOpacity(body, i, frame, options) >= 1.0f && !drawnAsNetwork(body, i, options))
            frame.opaqueLayer[static_cast<size_t>(body.structures()[i].layer)] = true;
    }
    if (visibleBox.valid())
        std::tie(frame.bodyRectOrigin, frame.bodyRectSize) =
            screenRectangle(visibleBox, frame.viewProjection, size);
    // The structures' own screen rectangles, a pixel and a little more around each (the
    // anti-aliasing reads a pixel's neighbours). Pins and lines may lie anywhere in the body's
    // rectangle, vertices the overlay moves may leave their structure's box, and a cut shows
    // the plane's outline: then all of the rectangle.
    const bool overlaysAround =
        options.clip.enabled || (options.overlays && (!options.overlays->markers.empty() ||
                                                      !options.overlays->polylines.empty() ||
                                                      !options.overlays->offsets.empty()));
    if (overlaysAround)
        m_bodyRegion.setRectangle(frame.bodyRectOrigin, frame.bodyRectSize, size);
    else
        m_bodyRegion.build(visibleBoxes, frame.viewProjection, size, 2);
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
        // The backdrop back where the last frame drew: on a software rasteriser the copy is a
        // memcpy of every pixel, and the body covers a fifth of the frame.
        if (m_drawnSize.x > 0 && m_drawnSize.y > 0) {
            const glm::ivec2 end = m_drawnOrigin + m_drawnSize;
            glBindFramebuffer(GL_READ_FRAMEBUFFER, m_backdropFramebuffer);
            glBlitFramebuffer(m_drawnOrigin.x, m_drawnOrigin.y, end.x, end.y, m_drawnOrigin.x,
                              m_drawnOrigin.y, end.x, end.y, GL_COLOR_BUFFER_BIT, GL_NEAREST);
            glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
        }
    }
    // Structures, their network and the translucent layers stay within the body's rectangle;
    // pins, lines and the clipping plane's outline may reach beyond it; a transparent
    // background clears everything.
    const bool beyondBody = options.transparentBackground || overlaysAround;
    m_drawnOrigin = beyondBody ? glm::ivec2(0) : frame.bodyRectOrigin;
    m_drawnSize = beyondBody ? size : frame.bodyRectSize;
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
        // Every line as its segments, all in one draw: a software rasteriser pays a draw's
        // setup for each line of a multi-draw, and the fibre strokes of a restricted patch
        // are thousands of two-point lines (25 ms a frame drawn one by one on llvmpipe).
        std::vector<glm::vec3> segments;
        for (const Polyline& line : set.lines)
            for (size_t k = 0; k + 1 < line.points.size(); ++k) {
                segments.push_back(line.points[k]);
                segments.push_back(line.points[k + 1]);
            }
        if (segments.empty())
            continue;
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segments.size() * sizeof(glm::vec3)),
                     segments.data(), GL_STREAM_DRAW);
        const glm::vec3 c = glm::sqrt(set.color);
        glUniform4f(m_linesProgram.uniform("uColor"), c.r, c.g, c.b, 1.0f);
        glDrawArrays(GL_LINES, 0, static_cast<GLsizei>(segments.size()));
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
    // Pins keep one size on screen: about 5% of the view height (Overlays.h).
    for (const Marker& marker : options.overlays->markers) {
        glm::mat4 model(basisAlong(pinDirection(marker)) *
                        pinLengthM(marker, frame.cameraDistance));
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
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_sceneColor);
    glUniform1i(m_fxaaProgram.uniform("uScene"), 0);
    glUniform2i(m_fxaaProgram.uniform("uRectOrigin"), origin.x, origin.y);
    glUniform2f(m_fxaaProgram.uniform("uInverseSize"), 1.0f / float(size.x), 1.0f / float(size.y));
    glUniform1i(m_fxaaProgram.uniform("uAntialias"), options.antialiasing ? 1 : 0);
    glUniform1i(m_fxaaProgram.uniform("uUnpremultiply"), options.transparentBackground ? 1 : 0);
    m_bodyRegion.draw(m_fxaaProgram);
}

} // namespace render
