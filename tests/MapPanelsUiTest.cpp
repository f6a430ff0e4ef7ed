// The map's, Simulate and Learn panels driven with ImGui's null backend: no window, no GL,
// real widgets.
#include "UiHarness.h"

#include "anatomy/Bvh.h"
#include "annotate/MapFile.h"
#include "ui/LearnPanel.h"
#include "ui/MapPanels.h"

using namespace uitest;

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

TEST_CASE("File → Write patient handout asks for a file name, then to write the handout there",
          "[ui]") {
    MapFixture fixture;
    NullImGui imgui;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const auto dialog = [&g]() -> ImGuiWindow* {
        ImGuiWindow* top = g.OpenPopupStack.Size > 0 ? g.OpenPopupStack.back().Window : nullptr;
        return top && std::string(top->Name) == "Write patient handout" ? top : nullptr;
    };
    // Opens "File" and clicks each point below it, from the top, until the dialog opens; what
    // any other item opened is closed again.
    const auto openFromFileMenu = [&](const ui::UiModel& model, ui::UiState& state) {
        for (float y = 25; y < 300 && !dialog(); y += 6) {
            for (const ImVec2 at : {ImVec2(15, 8), ImVec2(60, y)})
                for (bool down : {false, true, false})
                    imgui.frame(model, state, at, down);
            imgui.frame(model, state, ImVec2(60, y), false); // a dialog asked for opens now
            if (!dialog() && g.OpenPopupStack.Size > 0)
                ImGui::ClosePopupToLevel(0, false);
        }
        return dialog();
    };
    // Without a map there is nothing to write: the item is greyed out.
    ui::UiState noMapState;
    CHECK_FALSE(openFromFileMenu(modelFor(test::defaultBody(), fixture.view, -1, -1), noMapState));

    ui::UiState state;
    const ui::UiModel model = fixture.model();
    ImGuiWindow* window = openFromFileMenu(model, state);
    REQUIRE(window);
    const ImVec2 from(window->Pos.x + 4, window->Pos.y + 4),
        to(window->Pos.x + window->Size.x, window->Pos.y + window->Size.y);
    const auto written = clickFor(imgui, model, state, from, to, ui::CommandKind::WriteHandout);
    REQUIRE(written);
    CHECK(written->path == "handout.pdf");
}
