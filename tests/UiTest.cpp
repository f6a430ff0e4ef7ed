// The viewer's panels driven with ImGui's null backend: no window, no GL, real widgets.
#include "anatomy/gen/BodyGenerator.h"
#include "ui/ViewerUi.h"

#include <catch2/catch.hpp>

#include <functional>

namespace {

class NullImGui {
public:
    NullImGui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1280, 800);
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

    // Clicks points on a grid over a region until a command satisfies `wanted`.
    std::optional<ui::Command> clickUntil(const ui::UiModel& model, ui::UiState& state, ImVec2 from,
                                          ImVec2 to,
                                          const std::function<bool(const ui::Command&)>& wanted) {
        for (float y = from.y; y < to.y; y += 6)
            for (float x = from.x; x < to.x; x += 12) {
                std::vector<ui::Command> all;
                for (bool down : {false, true, false}) {
                    auto c = frame(model, state, ImVec2(x, y), down);
                    all.insert(all.end(), c.begin(), c.end());
                }
                for (const auto& c : all)
                    if (wanted(c))
                        return c;
            }
        return std::nullopt;
    }
};

// A skin-only body: enough for the panels, generated in a fraction of a second.
anatomy::Body quickBody() {
    anatomy::gen::BodyParameters params;
    params.cellSizeM = 0.03f;
    params.skeleton = false;
    return anatomy::gen::generateBody(params);
}

} // namespace

TEST_CASE("Panels draw a body without commands when nothing is clicked", "[ui]") {
    NullImGui imgui;
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model{&body, &view, 0, -1, 16.0f, ""};
    ui::UiState state;
    for (int i = 0; i < 3; ++i)
        CHECK(imgui.frame(model, state, ImVec2(640, 400), false).empty());
    const ui::Layout layout = ui::computeLayout(ImVec2(1280, 800), 1.0f);
    CHECK(layout.viewportMin.x > 200);
    CHECK(layout.viewportMax.x < 1100);
    CHECK(layout.viewportMax.y < 800);
    // An empty app state draws too.
    ui::UiModel empty;
    CHECK(imgui.frame(empty, state, ImVec2(0, 0), false).empty());
}

TEST_CASE("Unticking a layer in the Layers panel asks to hide it", "[ui]") {
    NullImGui imgui;
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model{&body, &view, -1, -1, 16.0f, ""};
    ui::UiState state;
    imgui.frame(model, state, ImVec2(0, 0), false);
    auto command =
        imgui.clickUntil(model, state, ImVec2(4, 30), ImVec2(200, 140), [](const ui::Command& c) {
            return c.kind == ui::CommandKind::SetLayerVisible;
        });
    REQUIRE(command.has_value());
    CHECK(command->layer == anatomy::LayerKind::Skin);
    CHECK(command->flag == false);
}

TEST_CASE("Clicking a structure in the list selects it", "[ui]") {
    NullImGui imgui;
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model{&body, &view, -1, -1, 16.0f, ""};
    ui::UiState state;
    auto command =
        imgui.clickUntil(model, state, ImVec2(20, 120), ImVec2(200, 300), [](const ui::Command& c) {
            return c.kind == ui::CommandKind::SelectStructure;
        });
    REQUIRE(command.has_value());
    CHECK(command->structure == 0);
}

TEST_CASE("The File menu's Quit item asks to quit", "[ui]") {
    NullImGui imgui;
    render::ViewOptions view;
    ui::UiModel model;
    ui::UiState state;
    // Open "File", then click one point below it; repeat over a grid until Quit is hit.
    std::optional<ui::Command> quit;
    // From the bottom up: Quit is the last item, and others above it open dialogs.
    for (float y = 300; y > 25 && !quit; y -= 6)
        for (float x = 10; x < 150 && !quit; x += 20) {
            for (bool down : {false, true, false})
                imgui.frame(model, state, ImVec2(15, 8), down);
            for (bool down : {false, true, false})
                for (const auto& c : imgui.frame(model, state, ImVec2(x, y), down))
                    if (c.kind == ui::CommandKind::Quit)
                        quit = c;
        }
    CHECK(quit.has_value());
}
