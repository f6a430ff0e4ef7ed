// app: the viewer's Learn mode — a guided lesson played step by step (the camera, the layers,
// highlights and trigger points of each step, its simulation clip through Simulate mode), a quiz
// answered in the panel or by clicking the body, and the student's progress kept in their
// profile. The learn module holds the content and the scoring; this joins it to the window.
#pragma once

#include "app/LessonStepView.h"
#include "app/PalpationTissue.h"
#include "app/ViewerContext.h"
#include "learn/Lesson.h"
#include "learn/Progress.h"
#include "learn/Quiz.h"
#include "ui/ViewerUi.h"

#include <array>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace app {

class ViewerSimulateMode;

class ViewerLearnMode {
public:
    // Commands for the view's own settings (the fibre lines) go through `apply`, the viewer's
    // dispatch, as a click on the menu would.
    using CommandSink = std::function<void(const ui::Command&)>;
    ViewerLearnMode(ViewerContext& context, ViewerSimulateMode& simulateMode, CommandSink apply);

    void applyCommand(const ui::Command& command);
    void fillModel(ui::LearnModel& model) const;
    // Each frame: starts a step's clip once the simulation is ready, and ends it on time.
    void advance();
    // While a lesson step or a quiz question shows something on the body, draws it into
    // `target` and returns true; otherwise leaves `target` alone and returns false.
    bool composeOverlays(render::Overlays& target);
    // A click on the body while a quiz question asks for one, or a press while palpating;
    // false when nothing took it.
    bool answerByClick(int structure, const glm::vec3& point);
    // "referred-pain:2" (or just the id, at its first step), the camera there at once; false
    // when there is no such lesson or step.
    bool openLesson(const std::string& idAndStep);
    // The body changed: whatever was running ends.
    void reset();

    bool lessonRunning() const { return m_lesson >= 0; }
    bool quizRunning() const { return m_quiz.has_value(); }
    bool palpating() const { return m_palpation.has_value(); }

private:
    void startLesson(int index);
    void showStep(int step);
    void leaveLesson();
    void stopClip();
    void startQuiz(const ui::QuizSetup& setup);
    void showQuestion(size_t index);
    void leaveQuiz();
    void answer(const learn::Answer& given);
    void finishQuiz();
    // Saves a finished quiz or palpation in the student's profile; says what happened.
    std::string keep(const learn::QuizRecord& record);
    void openProfile(const std::string& student);
    void startPalpation(const ui::QuizSetup& setup);
    void leavePalpation();
    void revealPalpation();
    void composePalpationMarks();
    const std::vector<annotate::PlacedPoint>& placed();

    ViewerContext& m_context;
    ViewerSimulateMode& m_simulate;
    CommandSink m_apply;
    // Lesson
    int m_lesson = -1, m_step = 0;
    std::optional<StepView> m_stepView;
    std::uint64_t m_stepRevision = 0;
    std::array<bool, anatomy::kAllLayers.size()> m_layersBefore{};
    std::array<float, anatomy::kAllLayers.size()> m_opacityBefore{};
    bool m_clipRunning = false, m_clipPressed = false;
    bool m_clipEnteredSimulate = false; // the step's clip turned Simulate mode on
    double m_clipStartS = 0.0;
    std::string m_clipNote;
    // Quiz
    std::optional<learn::Quiz> m_quiz;
    size_t m_question = 0;
    std::vector<learn::Score> m_scores;
    bool m_answered = false, m_finished = false;
    std::vector<std::string> m_summary;
    render::Overlays m_questionOverlays;
    // Palpation
    struct Mark {
        glm::vec3 at;
        int severity = 5;
    };
    std::optional<learn::PalpationExercise> m_palpation;
    std::future<core::Result<PalpationTissue>> m_tissueBuilding;
    std::optional<PalpationTissue> m_tissue;
    std::future<core::Result<Feel>> m_feeling;
    std::optional<glm::vec3> m_lastPress;
    std::string m_lastFeel;
    float m_palpationPressureKPa = 30.0f;
    std::vector<Mark> m_marks;
    bool m_revealed = false;
    std::vector<std::string> m_palpationResults;
    render::Overlays m_palpationOverlays;
    // Progress
    std::string m_student;
    std::filesystem::path m_profilePath;
    learn::Profile m_profile;
    std::string m_progressNote;
};

} // namespace app
