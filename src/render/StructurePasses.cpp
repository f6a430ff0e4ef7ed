// The body's structures: which are drawn opaque and which translucent, in what order, from which
// level of detail, and how they reach the GPU (see DrawBatches).
#include "render/RendererFrame.h"

#include <glm/gtc/type_ptr.hpp>

#include <algorithm>

namespace render {

namespace {

constexpr float kXrayShellOpacity = 0.10f;
// A face seen within this angle (its sine) of edge on is never left out by the CPU's test of
// which way it faces: the GPU's own test decides, so rounding never drops one it would draw.
constexpr float kEdgeOnSine = 1e-4f;

bool isFascia(anatomy::LayerKind layer) {
    return layer == anatomy::LayerKind::SuperficialFascia ||
           layer == anatomy::LayerKind::DeepFascia;
}

} // namespace

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

void Renderer::drawOpaque(const anatomy::Body& body, const FrameContext& frame,
                          const ViewOptions& options) {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDisable(GL_BLEND);
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
    m_batches.clear();
    // A cut surface shows its inside, so nothing is culled while a plane cuts.
    for (const auto& [key, i] : order)
        queueStructure(body, i, frame, options, 1.0f, 0,
                       frame.opaqueDepthOffsetUnits[static_cast<size_t>(structures[i].layer)],
                       !options.clip.enabled);
    drawQueued(frame, options);
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
    // Weighted blended order-independent transparency: every translucent surface, in any
    // order, into sums that the resolve divides out.
    m_batches.clear();
    for (size_t i : translucent) {
        const int layer = int(body.structures()[i].layer);
        const bool shell = frame.xrayCore >= 0 && layer != frame.xrayCore;
        // Simplified surfaces of nested layers may cross where they lie a millimetre apart
        // (deep fascia over muscle): translucent surfaces are let through the opaque ones
        // within a few millimetres, so no spots of the tissue beneath show through them.
        // The far side of a shell lies behind the opaque tissue it wraps, so its back faces
        // would only fail the depth test: they are culled unless a plane cuts the body open.
        queueStructure(body, i, frame, options, drawOpacity(body, i, frame, options),
                       kAccumulate | (shell ? kXray : 0u), -frame.translucentDepthToleranceUnits,
                       !options.clip.enabled && wrapsOpaque(i));
    }
    m_transparency.beginAccumulation(frame.bodyRectOrigin, frame.bodyRectSize);
    drawQueued(frame, options);
    glDisable(GL_CULL_FACE);
    glDisable(GL_POLYGON_OFFSET_FILL);
    glDisable(GL_CLIP_DISTANCE0);
    m_transparency.resolve(m_sceneFramebuffer, m_bodyRegion);
    if (options.clip.enabled)
        glEnable(GL_CLIP_DISTANCE0);
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

void Renderer::queueStructure(const anatomy::Body& body, size_t index, const FrameContext& frame,
                              const ViewOptions& options, float opacity, unsigned passVariant,
                              float depthOffsetUnits, bool cullBackFaces) {
    const anatomy::Structure& s = body.structures()[index];
    const GpuMesh& gpu = m_meshCache.mesh(index);
    if (gpu.indexCount == 0)
        return;
    BatchState state;
    state.variant = passVariant;
    if (options.fibreSheen && gpu.hasFibres && defaultLayerStyle(s.layer).fibreSheen > 0.0f)
        state.variant |= kFibres;
    if (gpu.hasOverlay && options.overlays)
        state.variant |= kOverlay;
    if (options.clip.enabled) {
        state.variant |= kClip;
        if (m_meshCache.closed(body, index))
            state.variant |= kCap;
    }
    state.layer = static_cast<int>(s.layer);
    state.opacity = opacity;
    const bool pointedOut = static_cast<int>(index) == options.selectedStructure ||
                            std::find(options.highlighted.begin(), options.highlighted.end(),
                                      static_cast<int>(index)) != options.highlighted.end();
    state.highlight = pointedOut ? 2 : static_cast<int>(index) == options.hoveredStructure ? 1 : 0;
    state.depthOffsetUnits = depthOffsetUnits;
    state.cullBackFaces = cullBackFaces;
    // A structure with overlay attributes of its own is drawn through its own vertex array; the
    // others share one, so that a layer's structures can share a draw.
    std::uint32_t baseVertex = 0;
    if (gpu.hasOverlay) {
        state.vertexArray = gpu.vertexArray;
    } else {
        state.vertexArray = m_meshCache.sharedVertexArray();
        baseVertex = gpu.baseVertex;
    }
    const bool opaque = (passVariant & kAccumulate) == 0;
    // Faces turned away are left out only where the GPU would cull them anyway, and not where
    // the overlay moves the vertices from the positions tested here.
    const bool leaveOutBackFaces = cullBackFaces && !gpu.hasOffsets;
    const CpuTriangles& triangles = m_meshCache.level(
        body, index, allowedErrorM(body, index, frame, opaque), leaveOutBackFaces);
    const glm::vec3 farthest =
        glm::max(glm::abs(frame.eye - gpu.bounds.min), glm::abs(frame.eye - gpu.bounds.max));
    m_stats.trianglesDrawn += m_batches.add(
        state, triangles, static_cast<std::uint32_t>(s.mesh.vertexCount()), baseVertex,
        leaveOutBackFaces ? &frame.eye : nullptr, kEdgeOnSine * glm::length(farthest));
}

void Renderer::drawQueued(const FrameContext& frame, const ViewOptions& options) {
    m_batches.upload();
    for (const DrawBatch& batch : m_batches.batches()) {
        const BatchState& state = batch.state;
        const LayerStyle style = defaultLayerStyle(static_cast<anatomy::LayerKind>(state.layer));
        const ShaderProgram& program = useMeshProgram(state.variant, frame, options);
        glUniform3fv(program.uniform("uBaseColor"), 1, glm::value_ptr(style.baseColor));
        glUniform1f(program.uniform("uOpacity"), state.opacity);
        glUniform1f(program.uniform("uSpecular"), style.specular);
        glUniform1f(program.uniform("uShininess"), style.shininess);
        glUniform1f(program.uniform("uFibreSheen"), style.fibreSheen);
        float highlight = 0.0f;
        glm::vec3 highlightColor(0.0f);
        if (state.highlight == 2) {
            highlight = 0.35f;
            highlightColor = {0.10f, 0.55f, 0.95f};
        } else if (state.highlight == 1) {
            highlight = 0.10f;
            highlightColor = {1.0f, 0.85f, 0.35f};
        }
        glUniform1f(program.uniform("uHighlight"), highlight);
        glUniform3fv(program.uniform("uHighlightColor"), 1, glm::value_ptr(highlightColor));
        // No offset (the outermost opaque layer) spares the rasteriser working one out.
        if (state.depthOffsetUnits != 0.0f) {
            glEnable(GL_POLYGON_OFFSET_FILL);
            // Only an opaque layer pushed back behind another takes the slope term; a
            // translucent one drawn forward, onto the opaque surface it lies on, does not.
            glPolygonOffset(state.depthOffsetUnits > 0.0f ? kNestedDepthSlopeFactor : 0.0f,
                            state.depthOffsetUnits);
        } else {
            glDisable(GL_POLYGON_OFFSET_FILL);
        }
        if (state.cullBackFaces)
            glEnable(GL_CULL_FACE);
        else
            glDisable(GL_CULL_FACE);
        glBindVertexArray(state.vertexArray);
        m_batches.draw(batch);
        ++m_stats.drawCalls;
    }
}

} // namespace render
