#include "render/Renderer.h"

#include <glm/gtc/type_ptr.hpp>

namespace render {

LayerStyle defaultLayerStyle(anatomy::LayerKind layer) {
    using anatomy::LayerKind;
    switch (layer) {
    case LayerKind::Skin:
        return {{0.62f, 0.40f, 0.30f}, 0.10f, 24.0f};
    case LayerKind::SuperficialFascia:
        return {{0.80f, 0.68f, 0.38f}, 0.35f, 40.0f};
    case LayerKind::DeepFascia:
        return {{0.72f, 0.74f, 0.78f}, 0.60f, 64.0f};
    case LayerKind::Muscle:
        return {{0.52f, 0.09f, 0.07f}, 0.22f, 28.0f};
    case LayerKind::Bone:
        return {{0.78f, 0.72f, 0.58f}, 0.08f, 16.0f};
    case LayerKind::Other:
        return {{0.55f, 0.55f, 0.57f}, 0.15f, 24.0f};
    }
    return {{0.5f, 0.5f, 0.5f}, 0.1f, 16.0f};
}

core::Result<std::unique_ptr<Renderer>> Renderer::create() {
    std::unique_ptr<Renderer> renderer(new Renderer());
    auto mesh = buildProgram("mesh.vert", "mesh.frag");
    if (!mesh)
        return mesh.error();
    auto background = buildProgram("fullscreen.vert", "background.frag");
    if (!background)
        return background.error();
    auto fxaa = buildProgram("fullscreen.vert", "fxaa.frag");
    if (!fxaa)
        return fxaa.error();
    renderer->m_meshProgram = std::move(*mesh);
    renderer->m_backgroundProgram = std::move(*background);
    renderer->m_fxaaProgram = std::move(*fxaa);
    glGenVertexArrays(1, &renderer->m_emptyVertexArray);
    return renderer;
}

Renderer::~Renderer() {
    glDeleteFramebuffers(1, &m_copyFramebuffer);
    glDeleteTextures(1, &m_copyColor);
    glDeleteVertexArrays(1, &m_emptyVertexArray);
}

namespace {

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

} // namespace

void Renderer::draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
                    const ViewOptions& options) {
    GLint viewport[4] = {0, 0, viewportSize.x, viewportSize.y};
    glGetIntegerv(GL_VIEWPORT, viewport);
    const glm::ivec2 size(std::max(viewportSize.x, 1), std::max(viewportSize.y, 1));

    glDepthMask(GL_TRUE);
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT |
            (options.transparentBackground ? GL_COLOR_BUFFER_BIT : 0));
    glBindVertexArray(m_emptyVertexArray);
    if (!options.transparentBackground) {
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_BLEND);
        glUseProgram(m_backgroundProgram.id());
        glUniform3f(m_backgroundProgram.uniform("uTopColor"), 0.30f, 0.33f, 0.37f);
        glUniform3f(m_backgroundProgram.uniform("uBottomColor"), 0.11f, 0.12f, 0.14f);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    drawScene(body, camera, size, options);

    // Anti-alias only where the body is: on a software rasteriser a full-screen filter costs
    // as much as the body itself.
    const float aspect = float(size.x) / float(size.y);
    core::Aabb visibleBox;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const anatomy::LayerKind layer = body.structures()[i].layer;
        if (options.visible(layer) && options.opacity(layer) > 0.0f)
            visibleBox.extend(m_meshCache.mesh(i).bounds);
    }
    if (visibleBox.valid() && (options.antialiasing || options.transparentBackground)) {
        const auto [origin, extent] =
            screenRectangle(visibleBox, camera.projection(aspect) * camera.view(), size);
        if (extent.x > 0 && extent.y > 0)
            antialiasRectangle(glm::ivec2(viewport[0], viewport[1]) + origin, extent, options);
    }
    glBindVertexArray(0);
}

void Renderer::antialiasRectangle(glm::ivec2 origin, glm::ivec2 size, const ViewOptions& options) {
    GLint output = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &output);
    if (!m_copyFramebuffer) {
        glGenFramebuffers(1, &m_copyFramebuffer);
        glGenTextures(1, &m_copyColor);
    }
    if (glm::any(glm::greaterThan(size, m_copySize))) {
        m_copySize = glm::max(size, m_copySize);
        glBindTexture(GL_TEXTURE_2D, m_copyColor);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m_copySize.x, m_copySize.y, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, m_copyFramebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_copyColor, 0);
    }
    // Copy the rectangle out, then filter it back in place.
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(output));
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_copyFramebuffer);
    const bool scissor = glIsEnabled(GL_SCISSOR_TEST);
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(origin.x, origin.y, origin.x + size.x, origin.y + size.y, 0, 0, size.x,
                      size.y, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(output));

    GLint scissorBox[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_SCISSOR_BOX, scissorBox);
    glEnable(GL_SCISSOR_TEST);
    glScissor(origin.x, origin.y, size.x, size.y);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(m_fxaaProgram.id());
    glBindVertexArray(m_emptyVertexArray);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_copyColor);
    glUniform1i(m_fxaaProgram.uniform("uScene"), 0);
    glUniform2i(m_fxaaProgram.uniform("uRectOrigin"), origin.x, origin.y);
    glUniform2f(m_fxaaProgram.uniform("uInverseSize"), 1.0f / float(m_copySize.x),
                1.0f / float(m_copySize.y));
    glUniform1i(m_fxaaProgram.uniform("uAntialias"), options.antialiasing ? 1 : 0);
    glUniform1i(m_fxaaProgram.uniform("uUnpremultiply"), options.transparentBackground ? 1 : 0);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glScissor(scissorBox[0], scissorBox[1], scissorBox[2], scissorBox[3]);
    if (!scissor)
        glDisable(GL_SCISSOR_TEST);
}

std::optional<core::Aabb> Renderer::opaqueClosedSkinBounds(const anatomy::Body& body,
                                                           const ViewOptions& options) const {
    using anatomy::LayerKind;
    if (!options.visible(LayerKind::Skin) || options.opacity(LayerKind::Skin) < 1.0f)
        return std::nullopt;
    core::Aabb bounds;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        if (body.structures()[i].layer != LayerKind::Skin)
            continue;
        if (!m_meshCache.mesh(i).closed)
            return std::nullopt; // an open skin: the layers beneath show through its gaps
        bounds.extend(m_meshCache.mesh(i).bounds);
    }
    return bounds.valid() ? std::optional<core::Aabb>(bounds) : std::nullopt;
}

void Renderer::drawScene(const anatomy::Body& body, const OrbitCamera& camera,
                         glm::ivec2 viewportSize, const ViewOptions& options) {
    m_meshCache.sync(body);
    m_stats = {};

    const float aspect = float(viewportSize.x) / float(std::max(viewportSize.y, 1));
    const glm::mat4 view = camera.view();
    const glm::mat4 viewProjection = camera.projection(aspect) * view;
    glUseProgram(m_meshProgram.id());
    glUniformMatrix4fv(m_meshProgram.uniform("uViewProjection"), 1, GL_FALSE,
                       glm::value_ptr(viewProjection));
    glUniformMatrix4fv(m_meshProgram.uniform("uView"), 1, GL_FALSE, glm::value_ptr(view));
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);

    // Opaque structures first, writing depth, from the outermost layer inwards: what lies
    // beneath then fails the depth test before it is shaded, which matters most on a software
    // rasteriser.
    glDisable(GL_BLEND);
    glEnable(GL_CULL_FACE);
    glCullFace(GL_BACK);
    const auto& structures = body.structures();
    // Under an opaque closed skin nothing of the inner layers can be seen, so they are not
    // drawn; a structure reaching outside the skin's box (a misfit model) still is.
    const std::optional<core::Aabb> skin = opaqueClosedSkinBounds(body, options);
    for (const anatomy::LayerKind layer : anatomy::kAllLayers) {
        if (!options.visible(layer) || options.opacity(layer) < 1.0f)
            continue;
        for (size_t i = 0; i < structures.size(); ++i) {
            if (structures[i].layer != layer)
                continue;
            if (skin && anatomy::liesUnderSkin(layer) && skin->contains(m_meshCache.mesh(i).bounds))
                continue;
            drawStructure(body, i, options, 1.0f);
        }
    }
    // Then translucent layers from the innermost outwards, back faces before front faces,
    // without writing depth; correct order-independent blending is a later pass.
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    for (auto it = anatomy::kAllLayers.rbegin(); it != anatomy::kAllLayers.rend(); ++it) {
        const float opacity = options.opacity(*it);
        if (!options.visible(*it) || opacity >= 1.0f || opacity <= 0.0f)
            continue;
        for (GLenum face : {GL_FRONT, GL_BACK}) {
            glCullFace(face);
            for (size_t i = 0; i < structures.size(); ++i)
                if (structures[i].layer == *it)
                    drawStructure(body, i, options, opacity);
        }
    }
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glBindVertexArray(0);
}

void Renderer::drawStructure(const anatomy::Body& body, size_t index, const ViewOptions& options,
                             float opacity) {
    const anatomy::Structure& s = body.structures()[index];
    const GpuMesh& gpu = m_meshCache.mesh(index);
    if (gpu.indexCount == 0)
        return;
    const LayerStyle style = defaultLayerStyle(s.layer);
    glUniform3fv(m_meshProgram.uniform("uBaseColor"), 1, glm::value_ptr(style.baseColor));
    glUniform1f(m_meshProgram.uniform("uOpacity"), opacity);
    glUniform1f(m_meshProgram.uniform("uSpecular"), style.specular);
    glUniform1f(m_meshProgram.uniform("uShininess"), style.shininess);
    float highlight = 0.0f;
    glm::vec3 highlightColor(0.0f);
    if (static_cast<int>(index) == options.selectedStructure) {
        highlight = 0.35f;
        highlightColor = {0.10f, 0.55f, 0.95f};
    } else if (static_cast<int>(index) == options.hoveredStructure) {
        highlight = 0.10f;
        highlightColor = {1.0f, 0.85f, 0.35f};
    }
    glUniform1f(m_meshProgram.uniform("uHighlight"), highlight);
    glUniform3fv(m_meshProgram.uniform("uHighlightColor"), 1, glm::value_ptr(highlightColor));
    glBindVertexArray(gpu.vertexArray);
    glDrawElements(GL_TRIANGLES, gpu.indexCount, GL_UNSIGNED_INT, nullptr);
    ++m_stats.drawCalls;
    m_stats.trianglesDrawn += static_cast<size_t>(gpu.indexCount) / 3;
}

} // namespace render
