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
    auto background = buildProgram("background.vert", "background.frag");
    if (!background)
        return background.error();
    renderer->m_meshProgram = std::move(*mesh);
    renderer->m_backgroundProgram = std::move(*background);
    glGenVertexArrays(1, &renderer->m_emptyVertexArray);
    return renderer;
}

void Renderer::draw(const anatomy::Body& body, const OrbitCamera& camera, glm::ivec2 viewportSize,
                    const ViewOptions& options) {
    m_meshCache.sync(body);

    glDisable(GL_SCISSOR_TEST);
    glDepthMask(GL_TRUE);
    glClearColor(0.0f, 0.0f, 0.0f, options.transparentBackground ? 0.0f : 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    if (!options.transparentBackground) {
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_BLEND);
        glUseProgram(m_backgroundProgram.id());
        glUniform3f(m_backgroundProgram.uniform("uTopColor"), 0.30f, 0.33f, 0.37f);
        glUniform3f(m_backgroundProgram.uniform("uBottomColor"), 0.11f, 0.12f, 0.14f);
        glBindVertexArray(m_emptyVertexArray);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

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
