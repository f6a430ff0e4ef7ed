#include "ui/LearnPanel.h"

#include <algorithm>
#include <cstring>

namespace ui {

namespace {

const char* kKindNames[] = {"Find a muscle", "Name a muscle", "Place a trigger point",
                            "Referred pain", "Which layer"};

void toggle(std::vector<std::string>& list, const std::string& item, bool on) {
    const auto it = std::find(list.begin(), list.end(), item);
    if (on && it == list.end())
        list.push_back(item);
    if (!on && it != list.end())
        list.erase(it);
}

void drawLesson(const LearnModel& learn, std::vector<Command>& commands) {
    const auto& entry = learn.lessons[static_cast<size_t>(learn.lesson)];
    ImGui::TextWrapped("%s", entry.title.c_str());
    ImGui::Text("Step %d of %d", learn.step + 1, entry.steps);
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.90f, 0.75f, 1.0f));
    ImGui::TextWrapped("%s", learn.stepTitle.c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", learn.caption.c_str());
    if (!learn.clipNote.empty())
        ImGui::TextDisabled("%s", learn.clipNote.c_str());
    ImGui::Spacing();
    auto goTo = [&](int step) {
        Command c{CommandKind::GoToStep};
        c.index = step;
        commands.push_back(c);
    };
    const float third = (ImGui::GetContentRegionAvail().x - 2.0f * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    ImGui::BeginDisabled(learn.step == 0);
    if (ImGui::Button("Back", ImVec2(third, 0)))
        goTo(learn.step - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Replay", ImVec2(third, 0)))
        goTo(learn.step);
    ImGui::SameLine();
    ImGui::BeginDisabled(learn.step + 1 >= entry.steps);
    if (ImGui::Button("Next", ImVec2(third, 0)))
        goTo(learn.step + 1);
    ImGui::EndDisabled();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Between steps, turn and peel the body as you like.");
    ImGui::PopStyleColor();
    if (ImGui::Button("Leave the lesson", ImVec2(-1, 0)))
        commands.push_back({CommandKind::LeaveLesson});
}

void drawLessonList(const LearnModel& learn, std::vector<Command>& commands) {
    for (size_t i = 0; i < learn.lessons.size(); ++i) {
        const auto& entry = learn.lessons[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(entry.title.c_str())) {
            Command c{CommandKind::StartLesson};
            c.index = static_cast<int>(i);
            commands.push_back(c);
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s (%d steps)", entry.summary.c_str(), entry.steps);
        ImGui::PopID();
    }
    for (const std::string& error : learn.lessonErrors)
        ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.45f, 1.0f), "%s", error.c_str());
}

void drawQuizSetup(UiState& state, std::vector<Command>& commands) {
    QuizSetup& setup = state.quizSetup;
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::SliderInt("Questions", &setup.questions, 1, 30);
    ImGui::InputInt("Seed", &setup.seed);
    ImGui::PopItemWidth();
    ImGui::TextDisabled("The same seed gives the whole class the same quiz.");
    if (ImGui::TreeNode("Regions (none ticked: all)")) {
        for (const char* region : kLearnRegions) {
            bool on = std::find(setup.regions.begin(), setup.regions.end(), region) !=
                      setup.regions.end();
            if (ImGui::Checkbox(region, &on))
                toggle(setup.regions, region, on);
        }
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("Questions to ask (none ticked: all)")) {
        for (size_t k = 0; k < std::size(kLearnKinds); ++k) {
            bool on = std::find(setup.kinds.begin(), setup.kinds.end(), kLearnKinds[k]) !=
                      setup.kinds.end();
            if (ImGui::Checkbox(kKindNames[k], &on))
                toggle(setup.kinds, kLearnKinds[k], on);
        }
        ImGui::TreePop();
    }
    ImGui::Checkbox("Multiple choice", &setup.multipleChoice);
    if (ImGui::Button("Start the quiz", ImVec2(-1, 0))) {
        Command c{CommandKind::StartQuiz};
        c.quiz = setup;
        commands.push_back(c);
    }
}

void drawQuestion(const LearnModel& learn, UiState& state, std::vector<Command>& commands) {
    ImGui::Text("Question %d of %d   (%.1f points so far)", learn.question + 1, learn.questions,
                static_cast<double>(learn.points));
    ImGui::Separator();
    ImGui::TextWrapped("%s", learn.prompt.c_str());
    if (!learn.answered) {
        if (learn.answersByClick) {
            ImGui::TextDisabled("Click on the body to answer.");
            if (ImGui::Button("Show me")) // skipped: scored as no answer, the answer shown
                commands.push_back({CommandKind::AnswerQuestion});
        } else if (!learn.choices.empty()) {
            for (size_t i = 0; i < learn.choices.size(); ++i)
                if (ImGui::Button(learn.choices[i].c_str(), ImVec2(-1, 0))) {
                    Command c{CommandKind::AnswerQuestion};
                    c.index = static_cast<int>(i);
                    commands.push_back(c);
                }
        } else {
            ImGui::PushItemWidth(-1);
            const bool entered = ImGui::InputText("##answer", state.typedAnswer,
                                                  sizeof state.typedAnswer,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
            ImGui::PopItemWidth();
            if ((ImGui::Button("Answer") || entered) && state.typedAnswer[0] != '\0') {
                Command c{CommandKind::AnswerQuestion};
                c.text = state.typedAnswer;
                commands.push_back(c);
                state.typedAnswer[0] = '\0';
            }
        }
    } else {
        ImGui::TextColored(learn.lastCorrect ? ImVec4(0.55f, 0.9f, 0.55f, 1.0f)
                                             : ImVec4(0.95f, 0.6f, 0.45f, 1.0f),
                           "%s", learn.lastCorrect ? "Right" : "Not quite");
        ImGui::TextWrapped("%s", learn.feedback.c_str());
        if (ImGui::Button(learn.question + 1 < learn.questions ? "Next question" : "See the result",
                          ImVec2(-1, 0)))
            commands.push_back({CommandKind::NextQuestion});
    }
    if (ImGui::Button("Stop the quiz"))
        commands.push_back({CommandKind::LeaveQuiz});
}

void drawPalpationSetup(UiState& state, std::vector<Command>& commands) {
    ImGui::TextWrapped("Restrictions are hidden in a region. Press with the thumb and feel how "
                       "far the tissue gives and how firmly it pushes back; mark where you think "
                       "each one is and how severe, then reveal.");
    int& region = state.palpationRegion;
    int& count = state.palpationCount;
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::Combo("Region", &region, kPalpationRegions,
                 static_cast<int>(std::size(kPalpationRegions)));
    ImGui::SliderInt("Hidden", &count, 1, 3);
    region = std::clamp(region, 0, static_cast<int>(std::size(kPalpationRegions)) - 1);
    ImGui::PopItemWidth();
    if (ImGui::Button("Start palpating", ImVec2(-1, 0))) {
        Command c{CommandKind::StartPalpation};
        c.quiz.regions = {kPalpationRegions[region]};
        c.quiz.questions = count;
        c.quiz.seed = state.quizSetup.seed;
        commands.push_back(c);
    }
}

void drawPalpation(const LearnModel& learn, std::vector<Command>& commands) {
    ImGui::Text("Palpation: %d hidden in %s", learn.hiddenCount, learn.palpationRegion.c_str());
    ImGui::Separator();
    if (learn.palpationPreparing)
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.45f, 1.0f), "Preparing the tissue...");
    if (!learn.revealed) {
        ImGui::TextWrapped("Click the body to press with the thumb.");
        float pressure = learn.palpationPressureKPa;
        ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (ImGui::SliderFloat("Pressure (kPa)", &pressure, 10.0f, 80.0f, "%.0f")) {
            Command c{CommandKind::SetPalpationPressure};
            c.value = pressure;
            commands.push_back(c);
        }
        ImGui::PopItemWidth();
        if (!learn.lastFeel.empty())
            ImGui::TextWrapped("%s", learn.lastFeel.c_str());
        ImGui::BeginDisabled(!learn.canMark);
        if (ImGui::Button("Mark a restriction here", ImVec2(-1, 0)))
            commands.push_back({CommandKind::MarkRestriction});
        ImGui::EndDisabled();
    }
    for (size_t i = 0; i < learn.marks.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextUnformatted(learn.marks[i].label.c_str());
        if (!learn.revealed) {
            int severity = learn.marks[i].severity;
            ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
            if (ImGui::SliderInt("Severity", &severity, 0, 10)) {
                Command c{CommandKind::SetMarkSeverity};
                c.index = static_cast<int>(i);
                c.value = static_cast<float>(severity);
                commands.push_back(c);
            }
            ImGui::PopItemWidth();
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) {
                Command c{CommandKind::DeleteMark};
                c.index = static_cast<int>(i);
                commands.push_back(c);
            }
        }
        ImGui::PopID();
    }
    if (!learn.revealed) {
        if (ImGui::Button("Reveal", ImVec2(-1, 0)))
            commands.push_back({CommandKind::RevealPalpation});
    } else {
        for (const std::string& line : learn.palpationResults)
            ImGui::TextWrapped("%s", line.c_str());
    }
    if (ImGui::Button("Stop palpating"))
        commands.push_back({CommandKind::LeavePalpation});
}

void drawProgress(const LearnModel& learn, UiState& state, std::vector<Command>& commands) {
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    if (state.studentName[0] == '\0' && !learn.student.empty())
        std::snprintf(state.studentName, sizeof state.studentName, "%s", learn.student.c_str());
    const bool entered = ImGui::InputText("Student", state.studentName, sizeof state.studentName,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopItemWidth();
    ImGui::SameLine();
    if ((ImGui::Button("Open") || entered) && state.studentName[0] != '\0') {
        Command c{CommandKind::SetProfile};
        c.text = state.studentName;
        commands.push_back(c);
    }
    if (!learn.progressNote.empty())
        ImGui::TextWrapped("%s", learn.progressNote.c_str());
    if (learn.student.empty()) {
        ImGui::TextDisabled("Name a student to keep their quiz results.");
        return;
    }
    if (learn.history.empty())
        ImGui::TextDisabled("No quizzes yet.");
    for (const std::string& line : learn.history)
        ImGui::TextWrapped("%s", line.c_str());
    if (!learn.overTime.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("Share of the marks over time");
        for (const std::string& line : learn.overTime)
            ImGui::TextWrapped("%s", line.c_str());
    }
}

} // namespace

void drawLearnTab(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    const LearnModel& learn = model.learn;
    if (learn.palpationActive) {
        drawPalpation(learn, commands);
        return;
    }
    if (learn.quizActive) {
        if (learn.finished) {
            ImGui::Text("Quiz finished");
            for (const std::string& line : learn.summary)
                ImGui::TextWrapped("%s", line.c_str());
            if (ImGui::Button("Close", ImVec2(-1, 0)))
                commands.push_back({CommandKind::LeaveQuiz});
        } else {
            drawQuestion(learn, state, commands);
        }
        return;
    }
    if (learn.lesson >= 0 && learn.lesson < static_cast<int>(learn.lessons.size())) {
        drawLesson(learn, commands);
        return;
    }
    if (ImGui::CollapsingHeader("Lessons", ImGuiTreeNodeFlags_DefaultOpen))
        drawLessonList(learn, commands);
    if (ImGui::CollapsingHeader("Quiz", ImGuiTreeNodeFlags_DefaultOpen))
        drawQuizSetup(state, commands);
    if (ImGui::CollapsingHeader("Palpation practice"))
        drawPalpationSetup(state, commands);
    if (ImGui::CollapsingHeader("Progress"))
        drawProgress(learn, state, commands);
}

} // namespace ui
