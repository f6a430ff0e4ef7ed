// app: the viewer's keyboard and mouse — the shortcuts, the camera (orbit, pan, zoom, from the
// mouse, the arrow keys or a trackpad), dragging the clipping plane, and what a click or drag
// in the viewport does in each mode: picking structures and pins, placing and moving trigger
// points, painting tension, drawing zones, pressing the simulated tool.
#pragma once

#include "anatomy/Bvh.h"
#include "app/ViewerContext.h"
#include "ui/ViewerUi.h"

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <functional>
#include <optional>
#include <string>

struct ImGuiIO;

namespace app {

class ViewerMapMode;
class ViewerSimulateMode;

class ViewerInput {
public:
    // Shortcuts that mean the same as a menu item or a button go through `apply`, the
    // viewer's own dispatch, so both behave alike.
    using CommandSink = std::function<void(const ui::Command&)>;
    ViewerInput(ViewerContext& context, ViewerMapMode& mapMode, ViewerSimulateMode& simulateMode,
                CommandSink apply);

    // Both do nothing with what ImGui wants (typing in a field, a click on a panel).
    void handleKeyboard(const ImGuiIO& io);
    void handleMouse(const ImGuiIO& io);

private:
    std::optional<anatomy::RayHit> pick(const core::Ray& ray) const;
    std::optional<glm::vec3> surfaceUnder(const core::Ray& ray) const;
    std::string pinUnder(const glm::vec2& mouse) const;
    void toggleClip();
    void dragClipPlane(glm::vec2 delta);

    ViewerContext& m_context;
    ViewerMapMode& m_mapMode;
    ViewerSimulateMode& m_simulate;
    CommandSink m_apply;
};

} // namespace app
