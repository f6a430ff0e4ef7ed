// The viewer's panels driven with ImGui's null backend: no window, no GL, real widgets.
#include "UiHarness.h"

#include "ui/Inspector.h"

using namespace uitest;

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
    // Presenting, the view spans the window above the presentation panel.
    const ui::Layout presenting = ui::computeLayout(ImVec2(1280, 800), 1.0f, true);
    CHECK(presenting.viewportMin.x == 0);
    CHECK(presenting.viewportMax.x == 1280);
    CHECK(presenting.viewportMax.y == 800 - ui::kPresentationPanelHeight);
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

TEST_CASE("A body loading in the background shows a progress bar and a Cancel button",
          "[ui][cancel]") {
    NullImGui imgui;
    ui::UiModel model;
    ui::UiState state;
    // The status bar along the bottom of the 1280 x 800 window.
    const ImVec2 from(4, 774), to(900, 798);
    CHECK_FALSE(clickFor(imgui, model, state, from, to, ui::CommandKind::CancelBackgroundTask));
    model.task = ui::UiModel::BackgroundTask{"Opening arm.glb", "decoding the meshes", 0.3f};
    CHECK(clickFor(imgui, model, state, from, to, ui::CommandKind::CancelBackgroundTask));
    // Once asked, the button waits for the load to stop.
    model.task->cancelling = true;
    CHECK_FALSE(clickFor(imgui, model, state, from, to, ui::CommandKind::CancelBackgroundTask));
}

TEST_CASE("The inspector isolates, frames and hides the selected structure", "[ui]") {
    NullImGui imgui;
    const anatomy::Body& body = test::defaultBody();
    render::ViewOptions view;
    const int trapezius = body.findStructure("trapezius-upper", anatomy::Side::Left);
    REQUIRE(trapezius >= 0);
    const ui::UiModel model = modelFor(body, view, -1, trapezius);
    ui::UiState state;
    const ImVec2 from(985, 75), to(1275, 770); // below the inspector's tabs
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

TEST_CASE("The inspector says where a structure's shape comes from", "[ui]") {
    const anatomy::Body& body = test::defaultBody();
    const auto lineOf = [](const std::vector<ui::InspectorLine>& lines, const std::string& label) {
        for (const ui::InspectorLine& line : lines)
            if (line.label == label)
                return line.text;
        return std::string();
    };
    // A part of the atlas: its BodyParts3D file and FMA id, and what a student reads about it.
    const int trapezius = body.findStructure("trapezius-upper", anatomy::Side::Left);
    REQUIRE(trapezius >= 0);
    const auto atlasLines = ui::inspectorLines(body.structures()[static_cast<size_t>(trapezius)]);
    CHECK(lineOf(atlasLines, "Side") == "left");
    CHECK(lineOf(atlasLines, "Source").rfind("BodyParts3D FJ", 0) == 0);
    CHECK(lineOf(atlasLines, "FMA").rfind("FMA", 0) == 0);
    CHECK_FALSE(lineOf(atlasLines, "Origin").empty());
    // A muscle the atlas lacks says so.
    const int latissimus = body.findStructure("latissimus-dorsi", anatomy::Side::Right);
    REQUIRE(latissimus >= 0);
    const auto modelledLines =
        ui::inspectorLines(body.structures()[static_cast<size_t>(latissimus)]);
    CHECK(lineOf(modelledLines, "Source") == "modelled, not from the atlas");
    CHECK_FALSE(lineOf(modelledLines, "Innervation").empty());
    // And the inspector draws those lines: more text than for a structure without them.
    NullImGui imgui;
    render::ViewOptions view;
    ui::UiState state;
    imgui.frame(modelFor(body, view, -1, latissimus), state, ImVec2(0, 0), false);
    const int withSource = ImGui::GetDrawData()->TotalVtxCount;
    anatomy::Body bare;
    anatomy::Structure copy = body.structures()[static_cast<size_t>(latissimus)];
    copy.info = {};
    bare.addStructure(std::move(copy));
    imgui.frame(modelFor(bare, view, -1, 0), state, ImVec2(0, 0), false);
    CHECK(ImGui::GetDrawData()->TotalVtxCount < withSource);
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
