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
    auto present = buildProgram("fullscreen.vert", "present.frag");
    if (!present)
        return present.error();
    renderer->m_meshProgram = std::move(*mesh);
    renderer->m_presentProgram = std::move(*present);
    glGenVertexArrays(1, &renderer->m_emptyVertexArray);
    return renderer;
}

Renderer::~Renderer() {
    glDeleteFramebuffers(1, &m_sceneFramebuffer);
    glDeleteTextures(1, &m_sceneColor);
    glDeleteRenderbuffers(1, &m_sceneDepth);
    glDeleteVertexArrays(1, &m_emptyVertexArray);
}

void Renderer::ensureSceneTarget(glm::ivec2 size) {
    if (size == m_sceneSize && m_sceneFramebuffer)
        return;
    if (!m_sceneFramebuffer) {
        glGenFramebuffers(1, &m_sceneFramebuffer);
        glGenTextures(1, &m_sceneColor);
        glGenRenderbuffers(1, &m_sceneDepth);
    }
    glBindTexture(GL_TEXTURE_2D, m_sceneColor);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size.x, size.y, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    // Linear filtering: the anti-aliasing pass samples between pixels.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindRenderbuffer(GL_RENDERBUFFER, m_sceneDepth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, size.x, size.y);
    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_sceneColor, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_sceneDepth);
    m_sceneSize = size;
}

void Renderer::draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
                    const ViewOptions& options) {
    // Remember where the caller wants the picture.
    GLint outputFramebuffer = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &outputFramebuffer);
    GLint outputViewport[4] = {0, 0, viewportSize.x, viewportSize.y};
    glGetIntegerv(GL_VIEWPORT, outputViewport);
    const bool scissor = glIsEnabled(GL_SCISSOR_TEST);

    const glm::ivec2 size(std::max(viewportSize.x, 1), std::max(viewportSize.y, 1));
    ensureSceneTarget(size);
    glBindFramebuffer(GL_FRAMEBUFFER, m_sceneFramebuffer);
    glViewport(0, 0, size.x, size.y);
    glDisable(GL_SCISSOR_TEST);
    drawScene(body, camera, size, options);

    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(outputFramebuffer));
    glViewport(outputViewport[0], outputViewport[1], outputViewport[2], outputViewport[3]);
    if (scissor)
        glEnable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(m_presentProgram.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_sceneColor);
    glUniform1i(m_presentProgram.uniform("uScene"), 0);
    glUniform2f(m_presentProgram.uniform("uInverseSize"), 1.0f / float(size.x),
                1.0f / float(size.y));
    glUniform1i(m_presentProgram.uniform("uAntialias"), options.antialiasing ? 1 : 0);
    glUniform1i(m_presentProgram.uniform("uBackdrop"), options.transparentBackground ? 0 : 1);
    glUniform3f(m_presentProgram.uniform("uTopColor"), 0.30f, 0.33f, 0.37f);
    glUniform3f(m_presentProgram.uniform("uBottomColor"), 0.11f, 0.12f, 0.14f);
    glBindVertexArray(m_emptyVertexArray);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
}

void Renderer::drawScene(const anatomy::Body& body, const OrbitCamera& camera,
                         glm::ivec2 viewportSize, const ViewOptions& options) {
    m_meshCache.sync(body);
    glDepthMask(GL_TRUE);
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);

    const float aspect = float(viewportSize.x) / float(std::max(viewportSize.y, 1));
    const glm::mat4 view = camera.view();
    const glm::mat4 viewProjection = camera.projection(aspect) * view;
    glUseProgram(m_meshProgram.id());
    glUniformMatrix4fv(m_meshProgram.uniform("uViewProjection"), 1, GL_FALSE,
                       glm::value_ptr(viewProjection));
    glUniformMatrix4fv(m_meshProgram.uniform("uView"), 1, GL_FALSE, glm::value_ptr(view));
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);

    // Opaque structures first, writing depth.
    glDisable(GL_BLEND);
    glEnable(GL_CULL_FACE);
    glCullFace(GL_BACK);
    const auto& structures = body.structures();
    for (size_t i = 0; i < structures.size(); ++i) {
        const anatomy::LayerKind layer = structures[i].layer;
        if (options.visible(layer) && options.opacity(layer) >= 1.0f)
            drawStructure(body, i, options, 1.0f);
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
        highlight = 0.18f;
        highlightColor = {1.0f, 0.85f, 0.35f};
    }
    glUniform1f(m_meshProgram.uniform("uHighlight"), highlight);
    glUniform3fv(m_meshProgram.uniform("uHighlightColor"), 1, glm::value_ptr(highlightColor));
    glBindVertexArray(gpu.vertexArray);
    glDrawElements(GL_TRIANGLES, gpu.indexCount, GL_UNSIGNED_INT, nullptr);
}

} // namespace render
