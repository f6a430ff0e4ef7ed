// app: what the viewer's frame, its modes and its input share — the window, the renderer, the
// body and its picking tree, the camera, what is shown, the open map and the status line.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/Bvh.h"
#include "app/MapEditor.h"
#include "platform/Window.h"
#include "render/Camera.h"
#include "render/Overlays.h"
#include "render/Renderer.h"
#include "render/ViewOptions.h"
#include "ui/ViewerUi.h"

#include <glm/common.hpp>
#include <glm/vec2.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace app {

// What a left-button drag in the viewport does, decided where it started: turn the view, move
// a trigger point, paint tension, draw a zone, or press the simulated tool.
enum class ViewerDrag { None, Camera, MovePin, Paint, DrawZone, Press };

// One per viewer window, owned by the viewer loop; the modes and the input keep a reference.
struct ViewerContext {
    explicit ViewerContext(platform::Window& viewerWindow)
        : window(viewerWindow), map(stateDirectory() / "untitled.fascia.json.recovery") {}

    platform::Window& window;
    std::unique_ptr<render::Renderer> renderer;
    anatomy::Body body;
    core::Aabb bodyBounds; // computed once per body
    anatomy::BodyBvh bvh;
    render::OrbitCamera camera;
    render::CameraTransition transition;
    render::ViewOptions view;
    ui::UiState uiState;
    std::string status; // the status line at the bottom of the window
    // The 3D view between the panels, in window coordinates: the right half ("now") when two
    // sessions are shown side by side.
    glm::vec2 viewportMin{0.0f}, viewportSize{1.0f};
    MapEditor map;
    // The fibre streamlines while they are shown; drawn over the map and the simulation alike.
    std::vector<render::PolylineSet> fibreLines;
    // What the renderer draws over the body in the viewport: the map's marks or the
    // simulation, with the fibre streamlines.
    render::Overlays frameOverlays;
    ViewerDrag drag = ViewerDrag::None;
    // Offered a click on the body first (a quiz question answered by clicking); true when it
    // took the click.
    std::function<bool(int structure, const glm::vec3& point)> bodyClick;
    bool screenshotRequested = false; // F12 or the menu: saved after the frame is drawn

    float aspect() const { return viewportSize.x / std::max(viewportSize.y, 1.0f); }

    // Eases the camera there instead of jumping, so the user keeps their bearings.
    void moveCameraTo(const render::OrbitCamera& destination) {
        transition = render::CameraTransition(camera, destination);
    }

    void frameStructure(int index) {
        if (index < 0 || index >= static_cast<int>(body.structures().size()))
            return;
        const core::Aabb box = body.structures()[static_cast<size_t>(index)].mesh.bounds();
        // A little context around a small structure: at least a hand's breadth in view.
        core::Aabb padded = box;
        const glm::vec3 grow = glm::max(glm::vec3(0.0f), glm::vec3(0.12f) - box.size()) * 0.5f;
        padded.min -= grow;
        padded.max += grow;
        moveCameraTo(camera.framing(padded, aspect()));
    }

    // A revision no overlays composed for the renderer had before, so its GPU copy follows.
    std::uint64_t nextOverlaysRevision() { return ++overlaysRevisions; }
    std::uint64_t overlaysRevisions = 0;
};

} // namespace app
