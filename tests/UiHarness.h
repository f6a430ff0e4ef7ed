// A harness for driving the viewer's panels with ImGui's null backend: no window, no GL,
// real widgets.
#pragma once

#include "TestSupport.h"
#include "anatomy/gen/BodyGenerator.h"
#include "ui/ViewerUi.h"

#include <catch2/catch.hpp>
#include <imgui_internal.h>

#include <functional>
#include <optional>
#include <unordered_set>

namespace uitest {

class NullImGui {
public:
    explicit NullImGui(ImVec2 display = ImVec2(1280, 800)) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // the null backend still needs an atlas
    }
    ~NullImGui() { ImGui::DestroyContext(); }

    std::vector<ui::Command> frame(const ui::UiModel& model, ui::UiState& state, ImVec2 mouse,
                                   bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = mouse;
        io.MouseDown[0] = down;
        ImGui::NewFrame();
        auto commands = ui::drawViewerUi(model, state, 1.0f);
        ImGui::Render();
        return commands;
    }

    // Clicks points on a grid over a region until a command satisfies `wanted`. The mouse
    // hovers each point first and presses only over a widget (ImGui's hovered item id), each
    // widget once. A header the press folded is pressed again, so what lies under it stays in
    // reach; one it unfolded stays open. A popup the press opened (a combo's list) is searched
    // in turn and then closed.
    std::optional<ui::Command> clickUntil(const ui::UiModel& model, ui::UiState& state, ImVec2 from,
                                          ImVec2 to,
                                          const std::function<bool(const ui::Command&)>& wanted) {
        ImGuiContext& g = *ImGui::GetCurrentContext();
        const int popupLevel = g.OpenPopupStack.Size;
        std::unordered_set<ImGuiID> pressed;
        auto press = [&](ImVec2 at, std::vector<ui::Command>& sent) {
            for (bool down : {true, false}) {
                auto c = frame(model, state, at, down);
                sent.insert(sent.end(), c.begin(), c.end());
            }
        };
        // Steps finer than the smallest widget (a check box, about 20 px) but no finer.
        for (float y = from.y; y < to.y; y += 8)
            for (float x = from.x; x < to.x; x += 16) {
                std::vector<ui::Command> all = frame(model, state, ImVec2(x, y), false);
                const ImGuiID hovered = g.HoveredId;
                if (hovered == 0 || !pressed.insert(hovered).second)
                    continue;
                press(ImVec2(x, y), all);
                ImGuiWindow* window = g.HoveredWindow;
                if (window && window->StateStorage.GetInt(hovered, -1) == 0)
                    press(ImVec2(x, y), all); // a header it folded: open again
                // A text field keeps the keyboard, and no other widget is hovered while it does;
                // the next press anywhere else would take it away.
                ImGui::ClearActiveID();
                for (const auto& c : all)
                    if (wanted(c))
                        return c;
                if (g.OpenPopupStack.Size > popupLevel) {
                    ImGuiWindow* popup = g.OpenPopupStack.back().Window;
                    if (popup) {
                        const ImVec2 min(popup->Pos.x + 4, popup->Pos.y + 4),
                            max(popup->Pos.x + popup->Size.x, popup->Pos.y + popup->Size.y);
                        if (auto found = clickUntil(model, state, min, max, wanted))
                            return found;
                    }
                    ImGui::ClosePopupToLevel(popupLevel, false);
                }
            }
        return std::nullopt;
    }
};

inline ui::UiModel modelFor(const anatomy::Body& body, const render::ViewOptions& view, int hovered,
                            int selected) {
    ui::UiModel model;
    model.body = &body;
    model.view = &view;
    model.hoveredStructure = hovered;
    model.selectedStructure = selected;
    model.frameTimeMs = 16.0f;
    model.bodyBounds = body.bounds();
    return model;
}

// A skin-only body: enough for the panels, generated in a fraction of a second.
inline anatomy::Body quickBody() {
    anatomy::gen::BodyParameters params;
    params.cellSizeM = 0.03f;
    params.skeleton = false;
    return anatomy::gen::generateBody(params);
}

inline std::optional<ui::Command> clickFor(NullImGui& imgui, const ui::UiModel& model,
                                           ui::UiState& state, ImVec2 from, ImVec2 to,
                                           ui::CommandKind kind) {
    return imgui.clickUntil(model, state, from, to,
                            [kind](const ui::Command& c) { return c.kind == kind; });
}

} // namespace uitest
