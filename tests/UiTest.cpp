// The viewer's panels driven with ImGui's null backend: no window, no GL, real widgets.
#include "TestSupport.h"
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
        // Steps finer than the smallest widget (a check box, about 20 px) but no finer.
        for (float y = from.y; y < to.y; y += 8)
            for (float x = from.x; x < to.x; x += 16) {
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

ui::UiModel modelFor(const anatomy::Body& body, const render::ViewOptions& view, int hovered,
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
    const ui::UiModel model = modelFor(body, view, 0, -1);
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
    const ui::UiModel model = modelFor(body, view, -1, -1);
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
    const ui::UiModel model = modelFor(body, view, -1, -1);
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

namespace {

std::optional<ui::Command> clickFor(NullImGui& imgui, const ui::UiModel& model, ui::UiState& state,
                                    ImVec2 from, ImVec2 to, ui::CommandKind kind) {
    return imgui.clickUntil(model, state, from, to,
                            [kind](const ui::Command& c) { return c.kind == kind; });
}

} // namespace

TEST_CASE("Typing \"levator\" lists levator scapulae; clicking it selects and frames it", "[ui]") {
    NullImGui imgui;
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions view;
    const ui::UiModel model = modelFor(body, view, -1, -1);
    ui::UiState state;
    std::snprintf(state.search, sizeof state.search, "levator");
    const auto found = ui::searchResults(body, state.search);
    REQUIRE(found.size() >= 2);
    CHECK(body.structures()[static_cast<size_t>(found[0])].displayName == "Levator scapulae");
    std::vector<ui::Command> clicked;
    auto select = imgui.clickUntil(model, state, ImVec2(20, 300), ImVec2(260, 780),
                                   [&](const ui::Command& c) {
                                       clicked.push_back(c);
                                       return c.kind == ui::CommandKind::FrameStructure;
                                   });
    REQUIRE(select.has_value());
    CHECK(select->structure == found[0]);
    // Isolate on jump adds an isolation of the same structure.
    state.isolateOnJump = true;
    auto isolate =
        clickFor(imgui, model, state, ImVec2(20, 300), ImVec2(260, 780), ui::CommandKind::Isolate);
    REQUIRE(isolate.has_value());
    CHECK(isolate->structures == std::vector<int>{found[0]});
}

TEST_CASE("The Layers panel's buttons ask to peel, restore, x-ray, cut and show fibres", "[ui]") {
    NullImGui imgui;
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions view;
    const ui::UiModel model = modelFor(body, view, -1, -1);
    ui::UiState state;
    const ImVec2 from(4, 30), to(280, 620);
    using K = ui::CommandKind;
    for (K kind : {K::PeelLayer, K::RestoreLayers, K::SetXray, K::SetClip, K::SetFibreSheen,
                   K::SetFibreLines, K::SetFasciaNetwork, K::SetLayerOpacity}) {
        INFO(static_cast<int>(kind));
        CHECK(clickFor(imgui, model, state, from, to, kind).has_value());
    }
    auto clip = clickFor(imgui, model, state, from, to, K::SetClip);
    REQUIRE(clip.has_value());
    CHECK(clip->clip.enabled);
    // With the cut on, its axis, flip and position controls appear.
    view.clip.enabled = true;
    view.clip.offsetM = body.bounds().center().x;
    auto moved = imgui.clickUntil(model, state, from, to, [&](const ui::Command& c) {
        return c.kind == K::SetClip && c.clip.enabled && c.clip.offsetM != view.clip.offsetM;
    });
    REQUIRE(moved.has_value());
    const core::Aabb box = body.bounds();
    CHECK(moved->clip.offsetM >= box.min.x);
    CHECK(moved->clip.offsetM <= box.max.x);
}

TEST_CASE("The inspector isolates, frames and hides the selected structure", "[ui]") {
    NullImGui imgui;
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions view;
    const int trapezius = body.findStructure("trapezius-upper", anatomy::Side::Left);
    REQUIRE(trapezius >= 0);
    const ui::UiModel model = modelFor(body, view, -1, trapezius);
    ui::UiState state;
    const ImVec2 from(985, 30), to(1275, 770);
    auto isolate = imgui.clickUntil(model, state, from, to, [](const ui::Command& c) {
        return c.kind == ui::CommandKind::Isolate && c.structures.size() == 1;
    });
    REQUIRE(isolate.has_value());
    CHECK(isolate->structures.front() == trapezius);
    auto both = imgui.clickUntil(model, state, from, to, [](const ui::Command& c) {
        return c.kind == ui::CommandKind::Isolate && c.structures.size() == 2;
    });
    REQUIRE(both.has_value()); // left and right trapezius
    auto frame = clickFor(imgui, model, state, from, to, ui::CommandKind::FrameStructure);
    REQUIRE(frame.has_value());
    CHECK(frame->structure == trapezius);
    auto hide = clickFor(imgui, model, state, from, to, ui::CommandKind::SetStructureVisible);
    REQUIRE(hide.has_value());
    CHECK_FALSE(hide->flag);
}

TEST_CASE("A heat map brings its legend; the export dialog asks for a size", "[ui]") {
    NullImGui imgui;
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    const ui::UiModel model = modelFor(body, view, -1, -1);
    ui::UiState state;
    imgui.frame(model, state, ImVec2(0, 0), false);
    const int without = ImGui::GetDrawData()->TotalVtxCount;
    render::Overlays overlays;
    overlays.heatMap.fields.push_back(
        {0, std::vector<float>(body.structures()[0].mesh.vertexCount(), 5.0f)});
    overlays.heatMap.maximum = 40.0f;
    view.overlays = &overlays;
    imgui.frame(model, state, ImVec2(0, 0), false);
    const int with = ImGui::GetDrawData()->TotalVtxCount;
    CHECK(with > without + 4 * 32); // the colour bar's segments, ticks and values

    view.overlays = nullptr;
    state.showExport = true;
    state.exportWidth = 3840;
    state.exportHeight = 2160;
    auto exported = clickFor(imgui, model, state, ImVec2(300, 250), ImVec2(980, 600),
                             ui::CommandKind::ExportImage);
    REQUIRE(exported.has_value());
    // Whatever size buttons the clicks met on the way, the command carries the dialog's size.
    CHECK(exported->width == state.exportWidth);
    CHECK(exported->height == state.exportHeight);
    CHECK(exported->width >= 1920);
    CHECK(exported->path == "fascialab-figure.png");
}
