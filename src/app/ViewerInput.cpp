// app: the viewer's keyboard and mouse — shortcuts, camera moves, the clipping plane, picking,
// and what a click or drag in the viewport does in each mode.
#include "app/ViewerInput.h"

#include "app/ViewerMapMode.h"
#include "app/ViewerSimulateMode.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <glm/geometric.hpp>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace app {

ViewerInput::ViewerInput(ViewerContext& context, ViewerMapMode& mapMode,
                         ViewerSimulateMode& simulateMode, CommandSink apply)
    : m_context(context), m_mapMode(mapMode), m_simulate(simulateMode), m_apply(std::move(apply)) {}

// The first structure the ray meets among those drawn (visible, not cut away): only what
// is drawn can be picked or pressed on.
std::optional<anatomy::RayHit> ViewerInput::pick(const core::Ray& ray) const {
    const render::ViewOptions& view = m_context.view;
    const auto [from, to] = view.clip.keptInterval(ray);
    return m_context.bvh.intersect(
        ray,
        [this](int s) {
            return m_context.view.structureOpacity(m_context.body, static_cast<size_t>(s)) > 0.05f;
        },
        from, to);
}

std::optional<glm::vec3> ViewerInput::surfaceUnder(const core::Ray& ray) const {
    const auto hit = pick(ray);
    return hit ? std::optional<glm::vec3>(hit->position) : std::nullopt;
}

void ViewerInput::toggleClip() {
    ui::Command c{ui::CommandKind::SetClip};
    c.clip = m_context.view.clip;
    c.clip.enabled = !c.clip.enabled;
    if (c.clip.enabled && c.clip.offsetM == 0.0f)
        c.clip.offsetM = m_context.bodyBounds.center()[render::clipAxisComponent(c.clip.axis)];
    m_apply(c);
}

void ViewerInput::handleKeyboard(const ImGuiIO& io) {
    if (io.WantCaptureKeyboard)
        return;
    render::ViewOptions& view = m_context.view;
    render::OrbitCamera& camera = m_context.camera;
    MapEditor& map = m_context.map;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    const bool ctrl = io.KeyCtrl;
    if (ctrl && pressed(GLFW_KEY_O))
        m_apply({ui::CommandKind::OpenModel});
    if (ctrl && pressed(GLFW_KEY_Z))
        m_apply({io.KeyShift ? ui::CommandKind::Redo : ui::CommandKind::Undo});
    if (ctrl && pressed(GLFW_KEY_Y))
        m_apply({ui::CommandKind::Redo});
    if (ctrl && pressed(GLFW_KEY_S))
        m_apply({ui::CommandKind::SaveMap});
    if (pressed(GLFW_KEY_ESCAPE) && map.mode == MapMode::Present) {
        ui::Command c{ui::CommandKind::SetMapMode};
        c.index = 0;
        m_apply(c);
        return;
    }
    if (!ctrl && pressed(GLFW_KEY_DELETE) && !map.display().selectedId.empty())
        map.deleteTriggerPoint(map.display().selectedId);
    if (ctrl && pressed(GLFW_KEY_Q))
        m_context.window.requestClose();
    if (ctrl && pressed(GLFW_KEY_F))
        m_context.uiState.focusSearch = true;
    if (pressed(GLFW_KEY_F12))
        m_context.screenshotRequested = true;
    if (m_simulate.active() && pressed(GLFW_KEY_SPACE))
        m_simulate.togglePlaying();
    if (!ctrl) {
        if (pressed(GLFW_KEY_F)) {
            if (view.selectedStructure >= 0)
                m_context.frameStructure(view.selectedStructure);
            else
                m_apply({ui::CommandKind::FrameAll});
        }
        if (pressed(GLFW_KEY_A))
            m_apply({ui::CommandKind::FrameAll});
        if (pressed(GLFW_KEY_P))
            m_apply({ui::CommandKind::PeelLayer});
        if (pressed(GLFW_KEY_R))
            m_apply({ui::CommandKind::RestoreLayers});
        if (pressed(GLFW_KEY_X))
            view.xray = !view.xray;
        if (pressed(GLFW_KEY_C))
            toggleClip();
        if (pressed(GLFW_KEY_I) && view.selectedStructure >= 0)
            render::isolateStructures(view, {view.selectedStructure});
        if (pressed(GLFW_KEY_H) && view.selectedStructure >= 0)
            view.structure(static_cast<size_t>(view.selectedStructure)).visible = false;
        if (pressed(GLFW_KEY_ESCAPE)) {
            if (!view.isolated.empty())
                view.isolated.clear();
            else
                view.selectedStructure = -1;
        }
    }
    const render::ViewPreset presets[] = {render::ViewPreset::Anterior,
                                          render::ViewPreset::Posterior, render::ViewPreset::Left,
                                          render::ViewPreset::Right, render::ViewPreset::Superior};
    for (int i = 0; i < 5; ++i)
        if (!ctrl && pressed(GLFW_KEY_1 + i)) {
            ui::Command c{ui::CommandKind::SetViewPreset};
            c.preset = presets[i];
            m_apply(c);
        }
    // Arrow keys orbit, +/- zoom, Shift+arrows pan: the camera works without a mouse too.
    const float step = 1.6f * io.DeltaTime;
    const bool shift = io.KeyShift;
    auto down = [](int key) { return ImGui::IsKeyDown(key); };
    if (shift) {
        const float panStep = 0.6f * io.DeltaTime;
        if (down(GLFW_KEY_LEFT))
            camera.pan(-panStep, 0);
        if (down(GLFW_KEY_RIGHT))
            camera.pan(panStep, 0);
        if (down(GLFW_KEY_UP))
            camera.pan(0, panStep);
        if (down(GLFW_KEY_DOWN))
            camera.pan(0, -panStep);
    } else {
        if (down(GLFW_KEY_LEFT))
            camera.orbit(-step, 0);
        if (down(GLFW_KEY_RIGHT))
            camera.orbit(step, 0);
        if (down(GLFW_KEY_UP))
            camera.orbit(0, step);
        if (down(GLFW_KEY_DOWN))
            camera.orbit(0, -step);
    }
    if (down(GLFW_KEY_EQUAL) || down(GLFW_KEY_KP_ADD))
        camera.zoom(1.0f - 1.2f * io.DeltaTime);
    if (down(GLFW_KEY_MINUS) || down(GLFW_KEY_KP_SUBTRACT))
        camera.zoom(1.0f + 1.2f * io.DeltaTime);
}

// Moves the clipping plane by a mouse drag: the plane's axis as seen on screen.
void ViewerInput::dragClipPlane(glm::vec2 delta) {
    const render::OrbitCamera& camera = m_context.camera;
    render::ClipPlane& clip = m_context.view.clip;
    const int axis = render::clipAxisComponent(clip.axis);
    glm::vec3 direction(0.0f);
    direction[axis] = 1.0f;
    const glm::vec3 right = glm::normalize(glm::cross(camera.forward(), camera.up()));
    const glm::vec2 onScreen(glm::dot(direction, right), -glm::dot(direction, camera.up()));
    const float viewHeightM = 2.0f * camera.distanceM * std::tan(0.5f * camera.fovYRad);
    const float metresPerPixel = viewHeightM / std::max(m_context.viewportSize.y, 1.0f);
    const float along = glm::length(onScreen) > 0.2f
                            ? glm::dot(delta, glm::normalize(onScreen))
                            : -delta.y; // the axis points at the viewer: drag up and down
    const core::Aabb& box = m_context.bodyBounds;
    clip.offsetM = std::clamp(clip.offsetM + along * metresPerPixel, box.min[axis], box.max[axis]);
}

void ViewerInput::handleMouse(const ImGuiIO& io) {
    render::ViewOptions& view = m_context.view;
    render::OrbitCamera& camera = m_context.camera;
    MapEditor& map = m_context.map;
    ViewerDrag& drag = m_context.drag;
    const glm::vec2 viewportSize = m_context.viewportSize;
    const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
    const glm::vec2 local = mouse - m_context.viewportMin;
    const bool inViewport =
        local.x >= 0 && local.y >= 0 && local.x < viewportSize.x && local.y < viewportSize.y;
    // ImGui gets the mouse first; the camera only sees what ImGui does not want.
    if (io.WantCaptureMouse || !inViewport || m_context.body.structures().empty()) {
        if (!ImGui::IsAnyMouseDown())
            view.hoveredStructure = -1;
        return;
    }
    const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
    const bool leftDown = ImGui::IsMouseDown(ImGuiMouseButton_Left);
    const bool panning = ImGui::IsMouseDown(ImGuiMouseButton_Right) ||
                         ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                         (leftDown && (io.KeyShift || io.KeyAlt));
    const bool anyMove = delta.x != 0.0f || delta.y != 0.0f;
    const core::Ray ray = camera.rayThroughPixel(local, viewportSize);
    auto visible = [this](int s) {
        return m_context.view.structureOpacity(m_context.body, static_cast<size_t>(s)) > 0.05f;
    };
    const std::string pin = pinUnder(mouse);
    map.display().hoveredId = pin;

    // What a left drag does depends on the mode and on where it started.
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !panning && !io.KeyCtrl) {
        drag = ViewerDrag::Camera;
        if (m_simulate.active()) {
            // The tool goes where the fascia is pressed; beside the body the view turns.
            if (const auto point = surfaceUnder(ray); point && m_simulate.ready()) {
                if (m_simulate.press(*point))
                    drag = ViewerDrag::Press;
            }
        } else if (!pin.empty() && (map.mode == MapMode::Annotate || map.mode == MapMode::View)) {
            map.display().selectedId = pin;
            if (map.mode == MapMode::Annotate) {
                map.beginMove(pin);
                drag = ViewerDrag::MovePin;
            }
        } else if (map.mode == MapMode::Paint) {
            map.beginStroke();
            map.dab(ray, visible);
            drag = ViewerDrag::Paint;
        } else if (map.mode == MapMode::DrawZone) {
            // Drawing with no zone chosen starts a new one, linked to the selected point.
            const auto& session = map.document().sessions[static_cast<size_t>(map.session())];
            if (!annotate::findZone(session, map.drawingZoneId) && !map.zonePen.erase)
                map.newZone();
            map.beginZoneStroke();
            map.zoneDab(ray);
            drag = ViewerDrag::DrawZone;
        }
    }
    if (leftDown && anyMove && drag == ViewerDrag::MovePin)
        map.moveTo(ray);
    if (leftDown && anyMove && drag == ViewerDrag::Paint)
        map.dab(ray, visible);
    if (leftDown && anyMove && drag == ViewerDrag::DrawZone)
        map.zoneDab(ray);
    if (leftDown && anyMove && drag == ViewerDrag::Press)
        if (const auto point = surfaceUnder(ray))
            m_simulate.drag(*point);
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (drag == ViewerDrag::Press)
            m_simulate.lift();
        if (drag == ViewerDrag::MovePin)
            map.endMove();
        if (drag == ViewerDrag::Paint)
            map.endStroke();
        if (drag == ViewerDrag::DrawZone)
            map.endZoneStroke();
    }
    const bool cameraDrag = drag == ViewerDrag::Camera || !leftDown;

    if (anyMove && ((leftDown && cameraDrag) || panning))
        m_context.transition = {}; // the user takes over from a running camera move
    if (leftDown && io.KeyCtrl && view.clip.enabled)
        dragClipPlane(delta);
    else if (panning)
        camera.pan(delta.x / viewportSize.y, delta.y / viewportSize.y);
    else if (leftDown && cameraDrag)
        camera.orbit(-delta.x * 0.008f, delta.y * 0.008f);
    // Wheel zooms; a trackpad's sideways scroll orbits, Ctrl+scroll zooms finely.
    // While a tool is pressed the wheel sets how hard.
    if (io.MouseWheel != 0.0f && drag == ViewerDrag::Press && leftDown)
        m_simulate.changePressure(io.MouseWheel);
    else if (io.MouseWheel != 0.0f)
        camera.zoom(std::pow(io.KeyCtrl ? 0.97f : 0.88f, io.MouseWheel));
    if (io.MouseWheelH != 0.0f)
        camera.orbit(-io.MouseWheelH * 0.05f, 0.0f);

    // Picking: hover every frame, select on a click that did not drag.
    const auto hit = pick(ray);
    view.hoveredStructure = hit ? hit->point.structure : -1;
    const bool click = ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                       ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0.0f &&
                       ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0.0f;
    const bool quizTookIt = click && drag == ViewerDrag::Camera && hit && m_context.bodyClick &&
                            m_context.bodyClick(hit->point.structure, hit->position);
    if (click && drag == ViewerDrag::Camera && pin.empty() && !quizTookIt) {
        switch (map.mode) {
        case MapMode::Annotate:
            m_mapMode.placeTriggerPoint(ray);
            break;
        case MapMode::WhereItHurts:
            m_mapMode.showWhereItHurts(ray);
            break;
        default:
            view.selectedStructure = view.hoveredStructure;
            map.display().selectedId.clear();
            break;
        }
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left))
        drag = ViewerDrag::None;
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && view.hoveredStructure >= 0 &&
        map.mode == MapMode::View)
        m_context.frameStructure(view.hoveredStructure);
}

// The trigger point whose pin is under the mouse (within a fingertip), or "".
std::string ViewerInput::pinUnder(const glm::vec2& mouse) const {
    const render::Overlays& overlays = m_context.frameOverlays;
    const MapEditor& map = m_context.map;
    const auto& session = map.document().sessions[static_cast<size_t>(map.session())];
    if (!map.display().pins || overlays.markers.size() != session.triggerPoints.size())
        return {};
    const render::OrbitCamera& camera = m_context.camera;
    const glm::vec2 origin = m_context.viewportMin, size = m_context.viewportSize;
    const glm::mat4 viewProjection = camera.projection(m_context.aspect()) * camera.view();
    float best = 14.0f; // pixels
    std::string found;
    for (size_t i = 0; i < overlays.markers.size(); ++i) {
        const glm::vec4 clip = viewProjection * glm::vec4(overlays.markers[i].position, 1.0f);
        if (clip.w <= 0.0f)
            continue;
        const glm::vec2 ndc = glm::vec2(clip) / clip.w;
        const glm::vec2 screen(origin.x + (ndc.x * 0.5f + 0.5f) * size.x,
                               origin.y + (0.5f - ndc.y * 0.5f) * size.y);
        const float d = glm::length(screen - mouse);
        if (d < best) {
            best = d;
            found = session.triggerPoints[i].id;
        }
    }
    return found;
}

} // namespace app
