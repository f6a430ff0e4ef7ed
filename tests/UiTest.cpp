// The viewer's panels driven with ImGui's null backend: no window, no GL, real widgets.
#include "TestSupport.h"
#include "anatomy/Bvh.h"
#include "anatomy/gen/BodyGenerator.h"
#include "annotate/MapFile.h"
#include "ui/Inspector.h"
#include "ui/LearnPanel.h"
#include "ui/MapPanels.h"
#include "ui/ViewerUi.h"

#include <catch2/catch.hpp>
#include <imgui_internal.h>

#include <functional>
#include <unordered_set>

namespace {

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

// ---- the map's panels ------------------------------------------------------------------

namespace {

struct MapFixture {
    annotate::MapDocument document;
    anatomy::BodyBvh bvh{test::defaultBody()};
    std::vector<annotate::PlacedPoint> library;
    render::ViewOptions view;
    MapFixture() {
        auto loaded = annotate::loadMap(test::sourceDir().parent_path() / "examples" /
                                        "alex-three-sessions.fascia.json");
        REQUIRE(loaded.ok());
        document = std::move(*loaded);
        library = annotate::placeLibrary(test::defaultBody(), bvh, annotate::referenceLibrary());
    }
    ui::UiModel model(int mode = 0, const std::string& selected = "") const {
        ui::UiModel m = modelFor(test::defaultBody(), view, -1, -1);
        m.map.document = &document;
        m.map.title = "Alex Example — 3 sessions";
        m.map.session = 2;
        m.map.mode = mode;
        m.map.selectedId = selected;
        m.map.history = {"Add Upper trapezius TrP1 (left)", "Paint tension"};
        m.map.historyPosition = 2;
        m.map.library = &library;
        return m;
    }
};

const ImVec2 kInspectorFrom(985, 75), kInspectorTo(1275, 770);

std::optional<ui::Command> clickInTab(NullImGui& imgui, const ui::UiModel& model, int tab,
                                      const std::function<bool(const ui::Command&)>& wanted) {
    ui::UiState state;
    state.showTab = tab;
    imgui.frame(model, state, ImVec2(0, 0), false);
    const ImVec2 to(kInspectorTo.x, ImGui::GetIO().DisplaySize.y - 30);
    return imgui.clickUntil(model, state, kInspectorFrom, to,
                            [&](const ui::Command& c) { return wanted(c); });
}

} // namespace

TEST_CASE("The Map tab switches modes, lists, selects and edits trigger points", "[ui][map]") {
    NullImGui imgui(ImVec2(1280, 1600)); // a tall screen: the whole tab without scrolling
    MapFixture fixture;
    using K = ui::CommandKind;
    auto mode = clickInTab(imgui, fixture.model(), 1, [](const ui::Command& c) {
        return c.kind == K::SetMapMode && c.index == 1;
    });
    REQUIRE(mode.has_value());
    auto session = clickInTab(imgui, fixture.model(), 1,
                              [](const ui::Command& c) { return c.kind == K::AddSession; });
    CHECK(session.has_value());
    auto select = clickInTab(imgui, fixture.model(), 1,
                             [](const ui::Command& c) { return c.kind == K::SelectTriggerPoint; });
    REQUIRE(select.has_value());
    CHECK_FALSE(select->text.empty());
    CHECK(annotate::findTriggerPoint(fixture.document.sessions[2], select->text));
    // With a point selected, its properties: latent, delete.
    const auto selected = fixture.model(0, "tp-2");
    auto latent = clickInTab(imgui, selected, 1, [](const ui::Command& c) {
        return c.kind == K::ChangeTriggerPoint && c.triggerPoint &&
               c.triggerPoint->state == annotate::TriggerPointState::Latent;
    });
    REQUIRE(latent.has_value());
    CHECK(latent->triggerPoint->id == "tp-2");
    auto remove = clickInTab(imgui, selected, 1,
                             [](const ui::Command& c) { return c.kind == K::DeleteTriggerPoint; });
    REQUIRE(remove.has_value());
    CHECK(remove->text == "tp-2");
    auto frame = clickInTab(imgui, selected, 1,
                            [](const ui::Command& c) { return c.kind == K::FrameTriggerPoint; });
    CHECK(frame.has_value());
}

TEST_CASE("The Map tab's history, brush and compare sections send their commands", "[ui][map]") {
    NullImGui imgui(ImVec2(1280, 1600)); // a tall screen: every section fits without scrolling
    MapFixture fixture;
    using K = ui::CommandKind;
    auto undo = clickInTab(imgui, fixture.model(), 1, [](const ui::Command& c) {
        return c.kind == K::Undo || (c.kind == K::UndoTo && c.index < 2);
    });
    CHECK(undo.has_value());
    auto brush = clickInTab(imgui, fixture.model(2), 1,
                            [](const ui::Command& c) { return c.kind == K::SetBrush; });
    CHECK(brush.has_value());
    ui::UiModel comparing = fixture.model();
    comparing.map.compareSession = 0;
    auto compare = clickInTab(imgui, comparing, 1, [](const ui::Command& c) {
        return c.kind == K::SetCompare && c.index == 0 &&
               c.compareView == ui::CompareView::Difference; // "as the difference"
    });
    CHECK(compare.has_value());
    comparing.map.compareView = ui::CompareView::Difference;
    auto beside = clickInTab(imgui, comparing, 1, [](const ui::Command& c) {
        return c.kind == K::SetCompare && c.index == 0 &&
               c.compareView == ui::CompareView::SideBySide;
    });
    CHECK(beside.has_value());
}

TEST_CASE("The Map tab draws, links, renames and deletes referred-pain zones", "[ui][map]") {
    NullImGui imgui(ImVec2(1280, 2000)); // a tall screen: every section fits without scrolling
    MapFixture fixture;
    using K = ui::CommandKind;
    const annotate::Session& session = fixture.document.sessions[2];
    REQUIRE_FALSE(session.referredZones.empty());
    auto mode = clickInTab(imgui, fixture.model(), 1, [](const ui::Command& c) {
        return c.kind == K::SetMapMode && c.index == 5; // "Draw pain zones"
    });
    CHECK(mode.has_value());
    auto created = clickInTab(imgui, fixture.model(), 1,
                              [](const ui::Command& c) { return c.kind == K::NewZone; });
    CHECK(created.has_value());
    auto chosen = clickInTab(imgui, fixture.model(), 1,
                             [](const ui::Command& c) { return c.kind == K::SelectZone; });
    REQUIRE(chosen.has_value());
    CHECK(annotate::findZone(session, chosen->text));

    // With a zone chosen: the pen (spillover), delete.
    ui::UiModel drawing = fixture.model(5);
    drawing.map.drawingZoneId = session.referredZones.front().id;
    auto pen = clickInTab(imgui, drawing, 1, [](const ui::Command& c) {
        return c.kind == K::SetZonePen && !c.zonePen.essential;
    });
    CHECK(pen.has_value());
    auto removed =
        clickInTab(imgui, drawing, 1, [](const ui::Command& c) { return c.kind == K::DeleteZone; });
    REQUIRE(removed.has_value());
    CHECK(removed->text == session.referredZones.front().id);

    // A selected trigger point lists every zone with a tick for the linked ones.
    const annotate::TriggerPoint& point = session.triggerPoints.front();
    auto link = clickInTab(imgui, fixture.model(0, point.id), 1,
                           [](const ui::Command& c) { return c.kind == K::LinkZone; });
    REQUIRE(link.has_value());
    CHECK(link->text == point.id);
    const bool wasLinked =
        std::count(point.referredZones.begin(), point.referredZones.end(), link->path) > 0;
    CHECK(link->flag == !wasLinked); // a click flips the tick
}

TEST_CASE("The Library tab inserts a point, by muscle and by where it hurts", "[ui][map]") {
    NullImGui imgui;
    MapFixture fixture;
    auto insert = clickInTab(imgui, fixture.model(), 2, [](const ui::Command& c) {
        return c.kind == ui::CommandKind::InsertLibraryPoint;
    });
    REQUIRE(insert.has_value());
    CHECK(insert->index >= 0);
    CHECK(insert->index < static_cast<int>(fixture.library.size()));
    // Where it hurts: the referrals for a click are listed with an insert button each.
    ui::UiModel hurts = fixture.model(3);
    hurts.map.referrals = {annotate::Referral{7, true, 0.01f}};
    auto fromReferral = clickInTab(imgui, hurts, 2, [](const ui::Command& c) {
        return c.kind == ui::CommandKind::InsertLibraryPoint && c.index == 7;
    });
    CHECK(fromReferral.has_value());
}

TEST_CASE("Presentation mode hides the panels and steps through points in plain words",
          "[ui][map]") {
    NullImGui imgui;
    MapFixture fixture;
    ui::UiState state;
    const ui::UiModel present = fixture.model(4);
    const auto first = imgui.frame(present, state, ImVec2(0, 0), false);
    // It selects the point it talks about (so its zones are highlighted).
    bool selects = false;
    for (const ui::Command& c : first)
        selects = selects || (c.kind == ui::CommandKind::SelectTriggerPoint && c.text == "tp-1");
    CHECK(selects);
    // No clinical panels: clicking where the Layers panel was does nothing.
    CHECK_FALSE(
        imgui.clickUntil(present, state, ImVec2(4, 30), ImVec2(200, 200), [](const ui::Command& c) {
            return c.kind == ui::CommandKind::SetLayerVisible;
        }));
    auto end = imgui.clickUntil(
        present, state, ImVec2(0, 560), ImVec2(1280, 800),
        [](const ui::Command& c) { return c.kind == ui::CommandKind::SetMapMode && c.index == 0; });
    CHECK(end.has_value());
}

TEST_CASE("Unsaved changes and recovered work are asked about, never dropped", "[ui][map]") {
    NullImGui imgui;
    MapFixture fixture;
    ui::UiModel asking = fixture.model();
    asking.map.askUnsaved = true;
    ui::UiState state;
    imgui.frame(asking, state, ImVec2(0, 0), false);
    asking.map.askUnsaved = false; // asked once; the modal stays until answered
    auto answer = imgui.clickUntil(
        asking, state, ImVec2(300, 250), ImVec2(1000, 550),
        [](const ui::Command& c) { return c.kind == ui::CommandKind::AnswerUnsaved; });
    REQUIRE(answer.has_value());
    CHECK(answer->index >= 0);
    CHECK(answer->index <= 2);
    ui::UiModel recovery = fixture.model();
    recovery.map.recoveryOffer = "/tmp/untitled.fascia.json.recovery";
    ui::UiState recoveryState;
    auto restore = imgui.clickUntil(
        recovery, recoveryState, ImVec2(300, 250), ImVec2(1000, 550),
        [](const ui::Command& c) { return c.kind == ui::CommandKind::AnswerRecovery; });
    CHECK(restore.has_value());
}

TEST_CASE("The trigger-point list filters and sorts", "[ui][map]") {
    auto loaded = annotate::loadMap(test::sourceDir().parent_path() / "examples" /
                                    "alex-three-sessions.fascia.json");
    REQUIRE(loaded.ok());
    const annotate::Session& session = loaded->sessions[0];
    const auto bySeverity = ui::listedTriggerPoints(session, "", 1);
    REQUIRE(bySeverity.size() == session.triggerPoints.size());
    for (size_t i = 1; i < bySeverity.size(); ++i)
        CHECK(bySeverity[i - 1]->severity >= bySeverity[i]->severity);
    const auto filtered = ui::listedTriggerPoints(session, "LEVATOR", 0);
    REQUIRE(filtered.size() == 1);
    CHECK_THAT(filtered[0]->name, Catch::StartsWith("Levator"));
    const auto activeFirst = ui::listedTriggerPoints(session, "", 2);
    CHECK(activeFirst.front()->state == annotate::TriggerPointState::Active);
    CHECK(activeFirst.back()->state == annotate::TriggerPointState::Latent);
}

TEST_CASE("The Simulate tab starts, steers and leaves the simulation and plots its figures",
          "[ui][sim]") {
    NullImGui imgui(ImVec2(1280, 2100)); // tall: the whole tab without scrolling
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model = modelFor(body, view, -1, -1);
    using K = ui::CommandKind;
    // Off: the stance is shown and a button starts the mode.
    auto start = clickInTab(
        imgui, model, 3, [](const ui::Command& c) { return c.kind == K::SetSimulate && c.flag; });
    CHECK(start.has_value());

    // On, with a simulation running: figures, plots and release per restriction.
    ui::SimulateModel& sim = model.simulate;
    sim.active = true;
    sim.tools = {"Thumb", "Palm", "Elbow", "Ball", "Foam roller"};
    sim.minimumKPa = 5.0f;
    sim.maximumKPa = 250.0f;
    sim.pressureKPa = 40.0f;
    sim.pressing = true;
    sim.timeS = 12.0;
    const std::vector<float> times = {0.0f, 6.0f, 12.0f}, tension = {545.0f, 500.0f, 456.0f},
                             energy = {0.01f, 0.012f, 0.011f}, released = {0.0f, 20.0f, 40.0f};
    sim.timeSeries = &times;
    sim.tensionUnderTool = &tension;
    sim.meanTension = &tension;
    sim.strainEnergy = &energy;
    sim.restrictions = {{"Upper trapezius TrP1 (left)", 40.0f, &released}};
    // No assumptions here: their collapsing header, toggled by the scan as it passes over it,
    // would move everything below it between one search and the next.
    sim.canAddSession = true;
    for (auto [wanted, what] :
         std::vector<std::pair<std::function<bool(const ui::Command&)>, const char*>>{
             {[](const ui::Command& c) { return c.kind == K::SetSimTechnique && c.index == 1; },
              "active technique"},
             {[](const ui::Command& c) { return c.kind == K::SetSimPlaying && !c.flag; }, "pause"},
             {[](const ui::Command& c) { return c.kind == K::SimStep; }, "step"},
             {[](const ui::Command& c) { return c.kind == K::SimReset; }, "reset"},
             {[](const ui::Command& c) { return c.kind == K::SimHoldOn && c.index == 0; },
              "hold on the first restriction"},
             {[](const ui::Command& c) { return c.kind == K::SimLift; }, "lift"},
             {[](const ui::Command& c) { return c.kind == K::SimAddSession; },
              "keep the release as a new session"},
             {[](const ui::Command& c) { return c.kind == K::SetSimPressure; }, "pressure"},
             {[](const ui::Command& c) { return c.kind == K::SetSimulate && !c.flag; }, "leave"},
         }) {
        INFO(what);
        CHECK(clickInTab(imgui, model, 3, wanted).has_value());
    }
    // The pressure slider never asks for more than the tool's range.
    auto pressure = clickInTab(imgui, model, 3,
                               [](const ui::Command& c) { return c.kind == K::SetSimPressure; });
    REQUIRE(pressure.has_value());
    CHECK(pressure->value >= sim.minimumKPa);
    CHECK(pressure->value <= sim.maximumKPa);
    // Nothing to keep (no map session, or the clock has not run): no such button.
    sim.canAddSession = false;
    CHECK_FALSE(clickInTab(imgui, model, 3, [](const ui::Command& c) {
                    return c.kind == K::SimAddSession;
                }).has_value());
}

TEST_CASE("The Learn tab starts lessons and quizzes, steps through them and keeps progress",
          "[ui][learn]") {
    NullImGui imgui(ImVec2(1280, 1600));
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model = modelFor(body, view, -1, -1);
    using K = ui::CommandKind;
    ui::LearnModel& learn = model.learn;
    learn.lessons = {{"Fascia: one web", "Peel the body.", 6}, {"Referred pain", "Zones.", 7}};
    // The list: a lesson starts, a quiz starts with its setup, a student is named.
    auto lesson = clickInTab(imgui, model, 4, [](const ui::Command& c) {
        return c.kind == K::StartLesson && c.index == 1;
    });
    CHECK(lesson.has_value());
    auto quiz =
        clickInTab(imgui, model, 4, [](const ui::Command& c) { return c.kind == K::StartQuiz; });
    REQUIRE(quiz.has_value());
    // (The grid of clicks moved the slider and ticked boxes on its way to the button.)
    CHECK(quiz->quiz.questions >= 1);
    CHECK(quiz->quiz.questions <= 30);
    for (const std::string& region : quiz->quiz.regions)
        CHECK(std::count(std::begin(ui::kLearnRegions), std::end(ui::kLearnRegions), region) == 1);

    // A lesson running: back is greyed out on the first step; next, replay and leave ask.
    learn.lesson = 1;
    learn.step = 0;
    learn.stepTitle = "Upper trapezius to the temple";
    learn.caption = "The pin marks the trigger point; the solid zone is where pain is felt.";
    CHECK_FALSE(clickInTab(imgui, model, 4, [](const ui::Command& c) {
        return c.kind == K::GoToStep && c.index < 0;
    }));
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::GoToStep && c.index == 1; }));
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::GoToStep && c.index == 0; }));
    CHECK(
        clickInTab(imgui, model, 4, [](const ui::Command& c) { return c.kind == K::LeaveLesson; }));
    learn.lesson = -1;

    // A multiple-choice question: each choice answers with its index.
    learn.quizActive = true;
    learn.questions = 10;
    learn.prompt = "Name the highlighted muscle.";
    learn.choices = {"Deltoid", "Infraspinatus", "Teres minor", "Supraspinatus"};
    auto choice = clickInTab(imgui, model, 4, [](const ui::Command& c) {
        return c.kind == K::AnswerQuestion && c.index == 2;
    });
    REQUIRE(choice.has_value());
    CHECK(choice->text.empty());
    // A typed answer goes with the Answer button.
    learn.choices.clear();
    {
        ui::UiState state;
        state.showTab = 4;
        std::snprintf(state.typedAnswer, sizeof state.typedAnswer, "levator scapula");
        imgui.frame(model, state, ImVec2(0, 0), false);
        auto typed =
            imgui.clickUntil(model, state, kInspectorFrom, ImVec2(kInspectorTo.x, 1570),
                             [](const ui::Command& c) { return c.kind == K::AnswerQuestion; });
        REQUIRE(typed.has_value());
        CHECK(typed->text == "levator scapula");
    }
    // Answered: the right answer is shown and the next question asked for.
    learn.answered = true;
    learn.feedback = "It is the Infraspinatus (left).";
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::NextQuestion; }));
    // Finished: the summary, and closing it ends the quiz.
    learn.finished = true;
    learn.summary = {"Score: 7.5 of 10", "To practise: region trunk (40 % of the marks)"};
    CHECK(clickInTab(imgui, model, 4, [](const ui::Command& c) { return c.kind == K::LeaveQuiz; }));
}

TEST_CASE("The Learn tab's palpation practice presses, marks, reveals and stops", "[ui][learn]") {
    NullImGui imgui(ImVec2(1280, 1600));
    const anatomy::Body body = quickBody();
    render::ViewOptions view;
    ui::UiModel model = modelFor(body, view, -1, -1);
    using K = ui::CommandKind;
    ui::LearnModel& learn = model.learn;
    // The setup, under its heading (opened by the grid of clicks on the way).
    std::optional<ui::Command> start;
    {
        ui::UiState state;
        state.showTab = 4;
        imgui.frame(model, state, ImVec2(0, 0), false);
        start = imgui.clickUntil(model, state, kInspectorFrom, ImVec2(kInspectorTo.x, 1570),
                                 [](const ui::Command& c) { return c.kind == K::StartPalpation; });
    }
    REQUIRE(start.has_value());
    REQUIRE(start->quiz.regions.size() == 1);
    CHECK(start->quiz.questions >= 1);
    CHECK(start->quiz.questions <= 3);

    learn.palpationActive = true;
    learn.palpationRegion = "trunk";
    learn.hiddenCount = 2;
    learn.lastFeel = "At 30 kPa the tissue gives 1.1 mm, pushing back 27 kPa per mm.";
    // Nothing pressed yet: no mark can be made.
    CHECK_FALSE(clickInTab(imgui, model, 4,
                           [](const ui::Command& c) { return c.kind == K::MarkRestriction; }));
    learn.canMark = true;
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::MarkRestriction; }));
    learn.marks = {{"Mark 1", 5}};
    auto severity = clickInTab(imgui, model, 4,
                               [](const ui::Command& c) { return c.kind == K::SetMarkSeverity; });
    REQUIRE(severity.has_value());
    CHECK(severity->index == 0);
    CHECK(severity->value >= 0.0f);
    CHECK(severity->value <= 10.0f);
    CHECK(
        clickInTab(imgui, model, 4, [](const ui::Command& c) { return c.kind == K::DeleteMark; }));
    CHECK(clickInTab(imgui, model, 4, [](const ui::Command& c) {
        return c.kind == K::SetPalpationPressure && c.value >= 10.0f && c.value <= 80.0f;
    }));
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::RevealPalpation; }));
    learn.revealed = true;
    learn.palpationResults = {"Rhomboid major TrP1 (left), severity 6: found by mark 1"};
    CHECK_FALSE(clickInTab(imgui, model, 4,
                           [](const ui::Command& c) { return c.kind == K::RevealPalpation; }));
    CHECK(clickInTab(imgui, model, 4,
                     [](const ui::Command& c) { return c.kind == K::LeavePalpation; }));
}
