#include "app/ViewerLearnMode.h"

#include "app/ViewerSimulateMode.h"
#include "core/Log.h"
#include "sim/Parameters.h"
#include "sim/Tool.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <utility>

namespace app {

namespace {

std::string nowIso() {
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    return text;
}

std::string historyLine(const learn::QuizRecord& quiz) {
    char line[160];
    std::snprintf(line, sizeof line, "%s: %.1f of %zu (seed %llu)", quiz.when.c_str(),
                  static_cast<double>(quiz.points()), quiz.answers.size(),
                  static_cast<unsigned long long>(quiz.seed));
    return line;
}

// The outward normal of the mesh's vertex nearest p, so a pin stands out of the surface.
glm::vec3 normalNear(const anatomy::SurfaceMesh& mesh, const glm::vec3& p) {
    glm::vec3 normal(0.0f, 0.0f, 1.0f);
    float best = std::numeric_limits<float>::max();
    for (size_t v = 0; v < mesh.positions.size() && v < mesh.normals.size(); ++v)
        if (const float d = glm::length(mesh.positions[v] - p); d < best) {
            best = d;
            normal = mesh.normals[v];
        }
    return normal;
}

int toolIndex(const std::string& id) {
    const auto& tools = sim::defaultParameters().tools;
    for (size_t i = 0; i < tools.size(); ++i)
        if (tools[i].id == id)
            return static_cast<int>(i);
    return 0;
}

} // namespace

ViewerLearnMode::ViewerLearnMode(ViewerContext& context, ViewerSimulateMode& simulateMode,
                                 CommandSink apply)
    : m_context(context), m_simulate(simulateMode), m_apply(std::move(apply)) {}

const std::vector<annotate::PlacedPoint>& ViewerLearnMode::placed() {
    return m_context.map.library();
}

void ViewerLearnMode::applyCommand(const ui::Command& command) {
    using ui::CommandKind;
    switch (command.kind) {
    case CommandKind::StartLesson:
        startLesson(command.index);
        break;
    case CommandKind::GoToStep:
        showStep(command.index);
        break;
    case CommandKind::LeaveLesson:
        leaveLesson();
        break;
    case CommandKind::StartQuiz:
        startQuiz(command.quiz);
        break;
    case CommandKind::AnswerQuestion: {
        learn::Answer given;
        given.text = command.text;
        given.choice = command.text.empty() ? command.index : -1;
        answer(given);
        break;
    }
    case CommandKind::NextQuestion:
        if (m_quiz && m_answered) {
            if (m_question + 1 < m_quiz->questions.size())
                showQuestion(m_question + 1);
            else
                finishQuiz();
        }
        break;
    case CommandKind::LeaveQuiz:
        leaveQuiz();
        break;
    case CommandKind::SetProfile:
        openProfile(command.text);
        break;
    case CommandKind::StartPalpation:
        startPalpation(command.quiz);
        break;
    case CommandKind::SetPalpationPressure:
        m_palpationPressureKPa = std::clamp(command.value, 5.0f, 250.0f);
        break;
    case CommandKind::MarkRestriction:
        if (m_palpation && m_lastPress && !m_revealed && m_marks.size() < 10) {
            m_marks.push_back({*m_lastPress, 5});
            composePalpationMarks();
        }
        break;
    case CommandKind::SetMarkSeverity:
        if (command.index >= 0 && command.index < static_cast<int>(m_marks.size()))
            m_marks[static_cast<size_t>(command.index)].severity =
                std::clamp(static_cast<int>(command.value), 0, 10);
        break;
    case CommandKind::DeleteMark:
        if (command.index >= 0 && command.index < static_cast<int>(m_marks.size())) {
            m_marks.erase(m_marks.begin() + command.index);
            composePalpationMarks();
        }
        break;
    case CommandKind::RevealPalpation:
        revealPalpation();
        break;
    case CommandKind::LeavePalpation:
        leavePalpation();
        break;
    default:
        break;
    }
}

void ViewerLearnMode::startLesson(int index) {
    const learn::LessonSet& set = learn::builtInLessons();
    if (index < 0 || index >= static_cast<int>(set.lessons.size()))
        return;
    leaveQuiz();
    if (m_lesson < 0) {
        m_layersBefore = m_context.view.layerVisible;
        m_opacityBefore = m_context.view.layerOpacity;
    }
    m_lesson = index;
    showStep(0);
}

bool ViewerLearnMode::openLesson(const std::string& idAndStep) {
    const size_t colon = idAndStep.rfind(':');
    const std::string id = idAndStep.substr(0, colon);
    int step = 1;
    if (colon != std::string::npos) {
        const std::string number = idAndStep.substr(colon + 1);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos ||
            number.size() > 4)
            return false;
        step = std::stoi(number);
    }
    const learn::LessonSet& set = learn::builtInLessons();
    for (size_t i = 0; i < set.lessons.size(); ++i)
        if (set.lessons[i].id == id) {
            if (step < 1 || step > static_cast<int>(set.lessons[i].steps.size()))
                return false;
            startLesson(static_cast<int>(i));
            showStep(step - 1);
            // Opened from the command line: the step's view at once, not eased into.
            if (m_stepView && m_stepView->camera) {
                m_context.camera = *m_stepView->camera;
                m_context.transition = {};
            }
            return true;
        }
    return false;
}

void ViewerLearnMode::showStep(int step) {
    if (m_lesson < 0)
        return;
    const learn::Lesson& lesson = learn::builtInLessons().lessons[static_cast<size_t>(m_lesson)];
    if (step < 0 || step >= static_cast<int>(lesson.steps.size()))
        return;
    stopClip();
    m_step = step;
    const learn::LessonStep& s = lesson.steps[static_cast<size_t>(step)];
    m_stepView = showLessonStep(s, m_context.body, placed(), m_context.camera, m_context.aspect(),
                                m_context.view);
    if (m_stepView->camera)
        m_context.moveCameraTo(*m_stepView->camera);
    ui::Command fibres{ui::CommandKind::SetFibreLines};
    fibres.flag = m_stepView->fibreLines;
    m_apply(fibres);
    ++m_stepRevision;
    m_clipNote.clear();
    if (s.clip && m_stepView->clipTarget) {
        // The clip plays through Simulate mode: the web is built (in the background the first
        // time), then the tool is held on the target for the clip's simulated seconds.
        ui::Command enter{ui::CommandKind::SetSimulate};
        enter.flag = true;
        m_simulate.applyCommand(enter);
        ui::Command tool{ui::CommandKind::SetSimTool};
        tool.index = toolIndex(s.clip->tool);
        m_simulate.applyCommand(tool);
        ui::Command technique{ui::CommandKind::SetSimTechnique};
        technique.index = static_cast<int>(
            sim::techniqueFromId(s.clip->technique).value_or(sim::Technique::Passive));
        m_simulate.applyCommand(technique);
        ui::Command pressure{ui::CommandKind::SetSimPressure};
        pressure.value = s.clip->pressureKPa;
        m_simulate.applyCommand(pressure);
        // A long hold plays faster than real time, about ten seconds on screen.
        ui::Command scale{ui::CommandKind::SetSimTimeScale};
        scale.value = std::max(1.0f, s.clip->seconds / 10.0f);
        m_simulate.applyCommand(scale);
        m_clipRunning = true;
        m_clipPressed = false;
        m_clipEnteredSimulate = true;
    }
}

void ViewerLearnMode::stopClip() {
    // A clip that ended or failed has stopped running but left Simulate mode on: it goes too.
    m_clipRunning = false;
    if (!std::exchange(m_clipEnteredSimulate, false))
        return;
    if (m_simulate.active()) {
        m_simulate.lift();
        ui::Command leave{ui::CommandKind::SetSimulate};
        leave.flag = false;
        m_simulate.applyCommand(leave);
    }
}

void ViewerLearnMode::leaveLesson() {
    stopClip();
    if (m_lesson >= 0) {
        m_context.view.layerVisible = m_layersBefore;
        m_context.view.layerOpacity = m_opacityBefore;
    }
    m_lesson = -1;
    m_stepView.reset();
    m_context.view.highlighted.clear();
    m_context.view.fasciaNetwork = false;
}

void ViewerLearnMode::advance() {
    auto ready = [](const auto& future) {
        return future.valid() &&
               future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    if (ready(m_tissueBuilding)) {
        auto tissue = m_tissueBuilding.get();
        if (tissue) {
            m_tissue = std::move(*tissue);
            m_lastFeel.clear();
        } else {
            m_lastFeel = tissue.error().message;
        }
    }
    if (ready(m_feeling)) {
        const auto feel = m_feeling.get();
        char text[160];
        if (feel)
            std::snprintf(text, sizeof text,
                          "At %.0f kPa the tissue gives %.1f mm, pushing back %.0f kPa per mm.",
                          static_cast<double>(m_palpationPressureKPa),
                          static_cast<double>(feel->giveMm),
                          static_cast<double>(feel->firmnessKPaPerMm));
        m_lastFeel = feel ? std::string(text) : feel.error().message;
        if (!feel)
            m_lastPress.reset();
    }
    if (!m_clipRunning || m_lesson < 0)
        return;
    const learn::Lesson& lesson = learn::builtInLessons().lessons[static_cast<size_t>(m_lesson)];
    const learn::StepClip& clip = *lesson.steps[static_cast<size_t>(m_step)].clip;
    ui::SimulateModel sim;
    m_simulate.fillModel(sim);
    if (!m_simulate.active()) {
        m_clipRunning = false;
        return;
    }
    if (!m_simulate.ready()) {
        m_clipNote = "Preparing the fascial web for the clip...";
        return;
    }
    if (!m_clipPressed && m_stepView && m_stepView->clipTarget) {
        m_clipPressed = m_simulate.press(*m_stepView->clipTarget);
        m_clipStartS = sim.timeS;
        if (!m_clipPressed) {
            m_clipNote = "No simulated fascia lies under the clip's target.";
            m_clipRunning = false;
            return;
        }
    }
    const double elapsed = sim.timeS - m_clipStartS;
    char note[160];
    std::snprintf(note, sizeof note, "%s, %s, %.0f kPa: %.0f of %.0f s simulated",
                  clip.tool.c_str(), clip.technique.c_str(), static_cast<double>(clip.pressureKPa),
                  std::min(elapsed, static_cast<double>(clip.seconds)),
                  static_cast<double>(clip.seconds));
    m_clipNote = note;
    if (elapsed >= static_cast<double>(clip.seconds)) {
        m_simulate.lift();
        m_clipNote += " (done; press Replay to see it again)";
        m_clipRunning = false; // the simulation stays on screen until the next step
    }
}

bool ViewerLearnMode::composeOverlays(render::Overlays& target) {
    const render::Overlays* shown = nullptr;
    if (m_palpation)
        shown = &m_palpationOverlays;
    else if (m_quiz && !m_finished)
        shown = &m_questionOverlays;
    else if (m_lesson >= 0 && m_stepView)
        shown = &m_stepView->overlays;
    if (!shown)
        return false;
    const std::uint64_t revision = target.revision;
    target = *shown;
    target.polylines = m_context.fibreLines;
    target.revision = std::max(revision, m_stepRevision + 1) + 1;
    return true;
}

void ViewerLearnMode::leaveQuiz() {
    if (m_quiz) {
        m_context.view.layerVisible = m_layersBefore;
        m_context.view.layerOpacity = m_opacityBefore;
    }
    m_quiz.reset();
    m_finished = false;
    m_context.view.highlighted.clear();
}

void ViewerLearnMode::startQuiz(const ui::QuizSetup& setup) {
    leaveLesson();
    leaveQuiz();
    learn::QuizOptions options;
    options.seed = static_cast<std::uint64_t>(std::max(setup.seed, 0));
    options.questions = setup.questions;
    options.regions = setup.regions;
    for (const std::string& k : setup.kinds)
        if (const auto kind = learn::questionKindFromId(k))
            options.kinds.push_back(*kind);
    options.multipleChoice = setup.multipleChoice;
    auto quiz = learn::makeQuiz(m_context.body, annotate::referenceLibrary(), placed(), options);
    if (!quiz) {
        m_context.status = quiz.error().message;
        return;
    }
    m_layersBefore = m_context.view.layerVisible;
    m_opacityBefore = m_context.view.layerOpacity;
    m_quiz = std::move(*quiz);
    m_question = 0;
    m_scores.clear();
    m_answered = false;
    m_finished = false;
    m_summary.clear();
    showQuestion(0);
}

void ViewerLearnMode::showQuestion(size_t index) {
    m_question = index;
    m_answered = false;
    const learn::Question& q = m_quiz->questions[index];
    m_context.view.highlighted = q.highlighted;
    m_questionOverlays = {};
    if (q.spot)
        m_questionOverlays.markers.push_back({*q.spot, {0, 0, 1}, "Here", {0.95f, 0.8f, 0.2f}});
    // Muscles and bones are asked about with the layers over them out of the way.
    if (q.kind == learn::QuestionKind::FindStructure ||
        q.kind == learn::QuestionKind::NameStructure || q.kind == learn::QuestionKind::PlacePoint)
        for (const anatomy::LayerKind layer :
             {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia,
              anatomy::LayerKind::DeepFascia})
            m_context.view.layerVisible[static_cast<size_t>(layer)] = false;
    if (q.kind == learn::QuestionKind::Referral)
        m_context.view.layerVisible[static_cast<size_t>(anatomy::LayerKind::Skin)] = true;
    if (q.kind == learn::QuestionKind::Layer)
        m_context.view.layerVisible[static_cast<size_t>(q.layer)] = true;
    ++m_stepRevision;
}

void ViewerLearnMode::answer(const learn::Answer& given) {
    if (!m_quiz || m_answered || m_finished)
        return;
    const learn::Question& q = m_quiz->questions[m_question];
    m_scores.push_back(learn::scoreAnswer(m_context.body, q, given));
    m_answered = true;
    // After the try, the right answer on the body: the muscle highlighted, the point pinned.
    m_questionOverlays = {};
    if (q.kind == learn::QuestionKind::FindStructure)
        m_context.view.highlighted = learn::resolveStructure(m_context.body, {q.muscle, q.side});
    if (q.kind == learn::QuestionKind::PlacePoint && q.pointStructure >= 0) {
        const anatomy::SurfaceMesh& muscle =
            m_context.body.structures()[static_cast<size_t>(q.pointStructure)].mesh;
        m_questionOverlays.markers.push_back(
            {q.pointAt, normalNear(muscle, q.pointAt), q.answer, {0.3f, 0.85f, 0.4f}});
        if (given.position)
            m_questionOverlays.markers.push_back({*given.position,
                                                  normalNear(muscle, *given.position),
                                                  "Your answer",
                                                  {0.95f, 0.6f, 0.2f}});
    }
    ++m_stepRevision;
}

bool ViewerLearnMode::answerByClick(int structure, const glm::vec3& point) {
    if (m_palpation) {
        // A press: felt in the background (half a second of simulated tissue), one at a time.
        if (!m_tissue || m_revealed || m_feeling.valid())
            return true;
        m_lastPress = point;
        m_lastFeel = "Feeling...";
        const PalpationTissue* tissue = &*m_tissue;
        const float pressure = m_palpationPressureKPa;
        m_feeling = std::async(std::launch::async, [tissue, point, pressure] {
            return tissue->press(point, pressure);
        });
        composePalpationMarks();
        return true;
    }
    if (!m_quiz || m_answered || m_finished)
        return false;
    const learn::QuestionKind kind = m_quiz->questions[m_question].kind;
    if (kind != learn::QuestionKind::FindStructure && kind != learn::QuestionKind::PlacePoint)
        return false;
    learn::Answer given;
    given.structure = structure;
    given.position = point;
    answer(given);
    return true;
}

std::string ViewerLearnMode::keep(const learn::QuizRecord& record) {
    if (m_student.empty())
        return "Name a student under Progress to keep results.";
    m_profile.quizzes.push_back(record);
    if (auto saved = learn::saveProfile(m_profilePath, m_profile); !saved) {
        core::logError(saved.error().message);
        return saved.error().message;
    }
    return "Saved in " + m_student + "'s progress.";
}

void ViewerLearnMode::finishQuiz() {
    m_finished = true;
    m_context.view.highlighted.clear();
    const learn::QuizRecord record = learn::recordOf(*m_quiz, m_scores, nowIso());
    char line[128];
    std::snprintf(line, sizeof line, "Score: %.1f of %zu", static_cast<double>(record.points()),
                  record.answers.size());
    m_summary = {line};
    for (const learn::ProgressRow& row : learn::weakAreas({record})) {
        std::snprintf(line, sizeof line, "To practise: %s %s (%.0f %% of the marks)",
                      row.by.c_str(), row.group.c_str(), static_cast<double>(row.share) * 100.0);
        m_summary.emplace_back(line);
    }
    m_summary.push_back(keep(record));
}

void ViewerLearnMode::openProfile(const std::string& student) {
    auto path = learn::profilePath(learn::defaultProfileFolder(), student);
    if (!path) {
        m_progressNote = path.error().message;
        return;
    }
    std::string note;
    auto profile = learn::loadProfile(*path, student, &note);
    if (!profile) {
        m_progressNote = profile.error().message;
        return;
    }
    m_student = student;
    m_profilePath = *path;
    m_profile = std::move(*profile);
    m_progressNote = note;
}

void ViewerLearnMode::reset() {
    leaveLesson();
    leaveQuiz();
    leavePalpation();
}

void ViewerLearnMode::startPalpation(const ui::QuizSetup& setup) {
    leaveLesson();
    leaveQuiz();
    leavePalpation();
    if (setup.regions.empty())
        return;
    auto exercise = learn::makePalpation(placed(), setup.regions.front(), setup.questions,
                                         static_cast<std::uint64_t>(std::max(setup.seed, 0)),
                                         palpableOn(m_context.body));
    if (!exercise) {
        m_context.status = exercise.error().message;
        return;
    }
    m_layersBefore = m_context.view.layerVisible;
    m_opacityBefore = m_context.view.layerOpacity;
    // The hand works on the fascia: the skin and the fat over it step aside, and no heat map
    // or fibre turn gives the answer away.
    for (const anatomy::LayerKind layer :
         {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia})
        m_context.view.layerVisible[static_cast<size_t>(layer)] = false;
    m_context.view.layerVisible[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = true;
    m_context.view.layerOpacity[static_cast<size_t>(anatomy::LayerKind::DeepFascia)] = 1.0f;
    m_palpation = std::move(*exercise);
    const anatomy::Body* body = &m_context.body;
    const learn::PalpationExercise hidden = *m_palpation;
    m_tissueBuilding = std::async(std::launch::async,
                                  [body, hidden] { return PalpationTissue::build(*body, hidden); });
    m_lastFeel.clear();
    composePalpationMarks();
}

void ViewerLearnMode::leavePalpation() {
    if (!m_palpation)
        return;
    // Whatever is being worked out in the background finishes before its inputs go.
    if (m_tissueBuilding.valid())
        m_tissueBuilding.wait();
    if (m_feeling.valid())
        m_feeling.wait();
    m_tissueBuilding = {};
    m_feeling = {};
    m_tissue.reset();
    m_palpation.reset();
    m_marks.clear();
    m_lastPress.reset();
    m_revealed = false;
    m_palpationResults.clear();
    m_context.view.layerVisible = m_layersBefore;
    m_context.view.layerOpacity = m_opacityBefore;
}

void ViewerLearnMode::revealPalpation() {
    if (!m_palpation || !m_tissue || m_revealed)
        return;
    std::vector<learn::PalpationGuess> guesses;
    for (const Mark& mark : m_marks)
        guesses.push_back({mark.at, mark.severity});
    const learn::PalpationResult result =
        learn::scorePalpation(m_tissue->surface(), *m_palpation, guesses);
    m_revealed = true;
    m_palpationResults.clear();
    char line[200];
    for (size_t i = 0; i < result.restrictions.size(); ++i) {
        const auto& r = result.restrictions[i];
        const learn::HiddenRestriction& h = m_palpation->hidden[i];
        if (r.guess < 0)
            std::snprintf(line, sizeof line, "%s, severity %d: not found", h.name.c_str(),
                          h.severity);
        else
            std::snprintf(line, sizeof line,
                          "%s, severity %d: %s by mark %d, %.1f cm away, "
                          "severity %+d",
                          h.name.c_str(), h.severity, r.found ? "found" : "missed", r.guess + 1,
                          static_cast<double>(*r.distanceM * 100.0f), r.severityError);
        m_palpationResults.emplace_back(line);
    }
    std::snprintf(line, sizeof line, "Score: %.1f of %zu; %zu marks matched nothing",
                  static_cast<double>(result.points), result.restrictions.size(),
                  result.falseAlarms.size());
    m_palpationResults.emplace_back(line);
    m_palpationResults.push_back(keep(learn::recordOf(*m_palpation, result, nowIso())));
    composePalpationMarks();
}

void ViewerLearnMode::composePalpationMarks() {
    m_palpationOverlays = {};
    const int fascia = deepFasciaStructure(m_context.body);
    auto outward = [&](const glm::vec3& p) {
        return fascia < 0
                   ? glm::vec3(0.0f, 0.0f, 1.0f)
                   : normalNear(m_context.body.structures()[static_cast<size_t>(fascia)].mesh, p);
    };
    if (m_lastPress && !m_revealed)
        m_palpationOverlays.markers.push_back(
            {*m_lastPress, outward(*m_lastPress), "", {0.6f, 0.6f, 0.65f}});
    for (size_t i = 0; i < m_marks.size(); ++i)
        m_palpationOverlays.markers.push_back({m_marks[i].at,
                                               outward(m_marks[i].at),
                                               "Mark " + std::to_string(i + 1),
                                               {0.95f, 0.6f, 0.2f}});
    if (m_revealed && m_palpation)
        for (const learn::HiddenRestriction& h : m_palpation->hidden)
            m_palpationOverlays.markers.push_back(
                {h.at,
                 outward(h.at),
                 h.name + ", severity " + std::to_string(h.severity),
                 {0.3f, 0.85f, 0.4f}});
    ++m_stepRevision;
}

void ViewerLearnMode::fillModel(ui::LearnModel& model) const {
    const learn::LessonSet& set = learn::builtInLessons();
    for (const learn::Lesson& lesson : set.lessons)
        model.lessons.push_back(
            {lesson.title, lesson.summary, static_cast<int>(lesson.steps.size())});
    model.lessonErrors = set.errors;
    model.lesson = m_lesson;
    model.step = m_step;
    if (m_lesson >= 0) {
        const learn::LessonStep& step =
            set.lessons[static_cast<size_t>(m_lesson)].steps[static_cast<size_t>(m_step)];
        model.stepTitle = step.title;
        model.caption = step.caption;
        model.clipNote = m_clipNote;
    }
    model.quizActive = m_quiz.has_value();
    if (m_quiz) {
        const learn::Question& q = m_quiz->questions[m_question];
        model.question = static_cast<int>(m_question);
        model.questions = static_cast<int>(m_quiz->questions.size());
        model.prompt = q.prompt;
        model.choices = q.choices;
        model.answersByClick = q.kind == learn::QuestionKind::FindStructure ||
                               q.kind == learn::QuestionKind::PlacePoint;
        model.answered = m_answered;
        if (m_answered && !m_scores.empty()) {
            model.lastCorrect = m_scores.back().correct;
            model.feedback = m_scores.back().feedback;
        }
        for (const learn::Score& s : m_scores)
            model.points += s.points;
        model.finished = m_finished;
        model.summary = m_summary;
    }
    model.palpationActive = m_palpation.has_value();
    if (m_palpation) {
        model.palpationPreparing = m_tissueBuilding.valid() || m_feeling.valid();
        model.palpationRegion = m_palpation->region;
        model.hiddenCount = static_cast<int>(m_palpation->hidden.size());
        model.palpationPressureKPa = m_palpationPressureKPa;
        model.lastFeel = m_lastFeel;
        model.canMark = m_lastPress.has_value() && !m_feeling.valid();
        for (size_t i = 0; i < m_marks.size(); ++i)
            model.marks.push_back({"Mark " + std::to_string(i + 1), m_marks[i].severity});
        model.revealed = m_revealed;
        model.palpationResults = m_palpationResults;
    }
    model.student = m_student;
    for (const learn::QuizRecord& quiz : m_profile.quizzes)
        model.history.push_back(historyLine(quiz));
    model.overTime = learn::progressOverTime(m_profile);
    model.progressNote = m_progressNote;
}

} // namespace app
