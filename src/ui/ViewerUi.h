// ui: the viewer's ImGui panels. They read a snapshot of app state (UiModel) and return the
// user's intentions as commands; they never touch GL or change app state themselves.
#pragma once

#include "anatomy/Body.h"
#include "annotate/Library.h"
#include "annotate/MapDocument.h"
#include "annotate/TensionBrush.h"
#include "render/Camera.h"
#include "render/Renderer.h"
#include "ui/FileBrowser.h"

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ui {

enum class CommandKind {
    OpenModel, // path
    OpenDefaultBody,
    CancelBackgroundTask, // stops the task the status bar shows (a body loading, a handout)
    SaveScreenshot,
    ExportImage, // path, size, flag (transparent background), includeUi
    Quit,
    SetViewPreset, // preset
    FrameAll,
    FrameStructure,      // structure
    SelectStructure,     // structure (-1 clears)
    SetLayerVisible,     // layer, flag
    SetLayerOpacity,     // layer, value
    SetStructureVisible, // structure, flag
    SetStructureOpacity, // structure, value (< 0: follow the layer)
    Isolate,             // structures (empty: end isolation)
    PeelLayer,
    RestoreLayers,
    SetXray,          // flag
    SetClip,          // clip
    SetFibreSheen,    // flag
    SetFibreLines,    // flag
    SetFasciaNetwork, // flag
    // Maps
    NewMap,
    OpenMap,             // path (empty: ask with the file browser)
    SaveMap,             // path (empty: the current file, or ask)
    SaveMapAs,           // ask for a path
    ExportAnnotatedGltf, // path
    WriteHandout,        // path (PDF)
    SetMapMode,          // index (app::MapMode)
    SetSession,          // index
    AddSession,          // text (date)
    ChangeSessionHeader, // text (date), path (notes)
    ChangeInfo,          // info
    SelectTriggerPoint,  // text (id; empty clears)
    FrameTriggerPoint,   // text (id)
    ChangeTriggerPoint,  // triggerPoint, path (label)
    DeleteTriggerPoint,  // text (id)
    InsertLibraryPoint,  // index (into the placed library)
    SetBrush,            // brush
    Undo,
    Redo,
    UndoTo,         // index (history position)
    SetCompare,     // index (session to compare with; -1 off), compareView
    NewZone,        // a new referred-pain zone, drawn next
    SelectZone,     // text (zone id): the zone strokes go to
    RenameZone,     // text (zone id), path (name)
    DeleteZone,     // text (zone id)
    LinkZone,       // text (trigger point id), path (zone id), flag (linked)
    SetZonePen,     // zonePen
    AnswerUnsaved,  // index: 0 save, 1 discard, 2 cancel
    AnswerRecovery, // flag: restore
    // Simulate mode
    SetSimulate,         // flag: enter or leave
    SetSimTool,          // index
    SetSimTechnique,     // index (sim::Technique: passive, active, stretch)
    SetSimPressure,      // value (kPa)
    SetSimPlaying,       // flag
    SimStep,             // one frame, also while paused
    SimReset,            // back to the settled start
    SimHoldOn,           // index: hold the tool, hands-free, on that restriction's centre
    SimLift,             // take the tool away
    SimAddSession,       // the map gains a session with what the simulation released
    SetSimTimeScale,     // value
    SetSimMagnification, // value (how much the fascia's motion is enlarged on screen)
    // Learn mode
    StartLesson, // index (into LearnModel::lessons)
    GoToStep,    // index (step of the running lesson; the same index replays it)
    LeaveLesson,
    StartQuiz,      // quiz (its setup)
    AnswerQuestion, // text (typed) or index (choice); clicks on the body come from the viewport
    NextQuestion,
    LeaveQuiz,
    SetProfile,           // text (student's name)
    StartPalpation,       // quiz (regions[0] the region, questions the count, seed)
    SetPalpationPressure, // value (kPa)
    MarkRestriction,      // at the last press
    SetMarkSeverity,      // index (mark), value (severity 0-10)
    DeleteMark,           // index
    RevealPalpation,
    LeavePalpation,
};

// What a student chose for a quiz in the Learn tab.
struct QuizSetup {
    int questions = 10;
    int seed = 1;
    std::vector<std::string> regions; // empty: all
    std::vector<std::string> kinds;   // empty: all ("find", "name", "place", "referral", "layer")
    bool multipleChoice = false;
};

// How two sessions are compared: severities only, the tension maps side by side, or the
// tension as the difference.
enum class CompareView { Severity, SideBySide, Difference };

// The pen that draws referred-pain zones by hand.
struct ZonePen {
    bool essential = true; // the essential part (solid) or the spillover part (stippled)
    float radiusM = 0.025f;
    bool erase = false;
};

struct Command {
    Command(CommandKind k) : kind(k) {} // NOLINT: implicit so panels can push {kind}
    CommandKind kind;
    std::string path;
    render::ViewPreset preset = render::ViewPreset::Anterior;
    int structure = -1;
    std::vector<int> structures;
    anatomy::LayerKind layer = anatomy::LayerKind::Skin;
    bool flag = false;
    float value = 0.0f;
    render::ClipPlane clip;
    int width = 0, height = 0;
    bool includeUi = false;
    int index = -1;
    std::string text;
    std::optional<annotate::TriggerPoint> triggerPoint;
    annotate::DocumentInfo info;
    annotate::Brush brush;
    CompareView compareView = CompareView::SideBySide;
    ZonePen zonePen;
    QuizSetup quiz;
};

// What the panels need to know about the open map.
// app::MapMode's number for presenting to the patient.
inline constexpr int kPresentMapMode = 4;

struct MapModel {
    const annotate::MapDocument* document = nullptr;
    std::string title; // "Alex Example — 3 sessions (unsaved)"
    int session = 0;
    int mode = 0; // app::MapMode
    std::string selectedId;
    std::vector<std::string> history; // labels, oldest first
    size_t historyPosition = 0;
    annotate::Brush brush;
    int compareSession = -1;
    CompareView compareView = CompareView::SideBySide;
    std::string drawingZoneId; // the referred-pain zone being drawn
    ZonePen zonePen;
    const std::vector<annotate::PlacedPoint>* library = nullptr; // placed on the body
    std::vector<annotate::Referral> referrals; // "where it hurts" for the last click
    bool askUnsaved = false;                   // a modal asks: save, discard or cancel
    std::string recoveryOffer;                 // non-empty: offer to restore this recovery file
    std::string recoveryAge;                   // how long ago it was written, in words
    float time = 0.0f;                         // seconds, for the presentation's animated highlight
};

// What the Simulate panel shows: plain figures, so the panels need not know the simulation.
struct SimulateModel {
    bool active = false;    // the mode is on
    bool preparing = false; // the web is being built
    std::string message;    // what preparing said (an error, or what of the map was not used)
    std::vector<std::string> tools; // display names, in order
    int tool = 0;
    std::string toolNote; // "2 cm2 thumb pad, 5-250 kPa"
    int technique = 0;    // passive, active, stretch
    float pressureKPa = 0.0f, minimumKPa = 0.0f, maximumKPa = 0.0f, forceN = 0.0f;
    bool playing = true;
    float timeScale = 1.0f;
    float achievedRate = 0.0f; // simulated seconds per real second
    float magnification = 5.0f;
    bool pressing = false;
    double timeS = 0.0;
    // The map has the simulated session, and the clock has run: its release can be kept.
    bool canAddSession = false;
    // Now
    float toolForceN = 0.0f, toolDepthMm = 0.0f, tensionUnderToolKPa = 0.0f;
    float meanTensionKPa = 0.0f, maxTensionKPa = 0.0f;
    double strainEnergyJ = 0.0;
    // Over time (not owned; may be null before the simulation is ready)
    const std::vector<float>* timeSeries = nullptr;
    const std::vector<float>* tensionUnderTool = nullptr;
    const std::vector<float>* meanTension = nullptr;
    const std::vector<float>* strainEnergy = nullptr;
    struct Restriction {
        std::string label;
        float releasedPercent = 0.0f;
        const std::vector<float>* history = nullptr;
    };
    std::vector<Restriction> restrictions;
    size_t particles = 0, triangles = 0, anchors = 0;
    std::vector<std::string> assumptions; // in words, shown under the disclaimer
};

// What the Learn tab shows: the lessons, the running lesson's step, the quiz and the student's
// progress, as plain text so the panels need not know the learn module.
struct LearnModel {
    struct LessonEntry {
        std::string title, summary;
        int steps = 0;
    };
    std::vector<LessonEntry> lessons;
    std::vector<std::string> lessonErrors; // lessons that did not load, each its message
    int lesson = -1;                       // running, or -1
    int step = 0;
    std::string stepTitle, caption;
    std::string clipNote; // what the step's clip is doing ("Thumb, passive, 40 kPa: 12 of 60 s")
    // The quiz, while one runs.
    bool quizActive = false;
    int question = 0, questions = 0;
    std::string prompt;
    std::vector<std::string> choices;
    bool answersByClick = false; // find and place questions: answered by clicking the body
    bool answered = false;
    bool lastCorrect = false;
    std::string feedback;
    float points = 0.0f; // so far
    bool finished = false;
    std::vector<std::string> summary; // after the last question: the score and weak areas
    // Palpation practice, while it runs
    bool palpationActive = false;
    bool palpationPreparing = false; // the tissue is being built, or a press is being felt
    std::string palpationRegion;
    int hiddenCount = 0;
    float palpationPressureKPa = 30.0f;
    std::string lastFeel; // "Gives 1.1 mm, pushing back 27 kPa per mm"
    bool canMark = false; // a press to mark at
    struct Mark {
        std::string label;
        int severity = 5;
    };
    std::vector<Mark> marks;
    bool revealed = false;
    std::vector<std::string> palpationResults;
    // Progress
    std::string student;
    std::vector<std::string> history;  // one line per past quiz, newest last
    std::vector<std::string> overTime; // per region and question kind, quiz after quiz
    std::string progressNote;          // a recovery or save message
};

// A label the app wants drawn at a point of the viewport (a trigger-point pin's name, beside
// the pin's head). Pin labels are laid out so none covers another (ui/LabelLayout.h); one moved
// away from its pin gets a leader line to it.
struct ScreenLabel {
    ImVec2 position; // window coordinates
    std::string text;
    bool highlighted = false;
    bool faded = false; // its pin lies just under the tissue over it, drawn faint
};

struct UiModel {
    const anatomy::Body* body = nullptr;
    const render::ViewOptions* view = nullptr;
    core::Aabb bodyBounds; // kept by the app, so panels need not walk the meshes every frame
    int hoveredStructure = -1;
    int selectedStructure = -1;
    float frameTimeMs = 0.0f;
    std::string statusMessage;
    bool fibreLines = false; // fibre streamlines shown
    // Work that takes more than a frame (a body loading or building in the background, the
    // handout being written): what it is, the stage it is in, the share done, and whether a
    // cancel was asked (it stops at its next checkpoint).
    struct BackgroundTask {
        std::string title, stage;
        float done = 0.0f;
        bool cancelling = false;
    };
    std::optional<BackgroundTask> task;
    std::vector<ScreenLabel> labels;
    std::vector<ScreenLabel> captions; // centred titles over parts of the viewport
    MapModel map;
    SimulateModel simulate;
    LearnModel learn;
};

// Where the panels sit, so the app can fit the 3D viewport between them.
struct Layout {
    ImVec2 viewportMin, viewportMax; // in ImGui (window) coordinates
};
// Presenting to a patient, the panels are hidden and the view fills the window above the
// presentation's own panel at the bottom.
inline constexpr float kPresentationPanelHeight = 250.0f;
Layout computeLayout(ImVec2 displaySize, float uiScale, bool presenting = false);

// State the panels keep between frames (open dialogs, the search text).
struct UiState {
    FileBrowser fileBrowser;
    char search[128] = "";
    // The last search's results, kept while the query and the body stay the same: a search
    // weighs every structure's names, too much to repeat every frame.
    struct SearchCache {
        std::string query;
        std::uint64_t bodyUid = 0;
        std::size_t structureCount = 0;
        std::vector<int> found;
    } searchCache;
    bool isolateOnJump = false;
    bool searchEntered = false; // Enter pressed in the search box: jump to the best match
    bool focusSearch = false;   // Ctrl+F: put the cursor in the search box next frame
    bool showAbout = false;
    bool showExport = false;
    char exportPath[512] = "fascialab-figure.png";
    int exportWidth = 1920, exportHeight = 1080;
    bool exportTransparent = false;
    bool exportIncludeUi = false;
    // Map panels
    char triggerPointFilter[64] = "";
    int triggerPointSort = 0; // 0 name, 1 severity, 2 state
    char librarySearch[64] = "";
    bool browseForMap = false;     // the file browser is open to pick a map
    bool browseForMapSave = false; // ... or a place to save it
    char savePath[512] = "client.fascia.json";
    bool showSaveAs = false;
    char handoutPath[512] = "handout.pdf";
    bool showHandout = false;  // File → Write patient handout: asks where
    int presentationIndex = 0; // which trigger point the presentation shows
    // Learn tab
    QuizSetup quizSetup;
    char typedAnswer[128] = "";
    char studentName[65] = "";
    int palpationRegion = 0; // the upper back
    int palpationCount = 2;
    // Brings an inspector tab to the front on the next frame (0 Structure, 1 Map, 2 Library,
    // 3 Simulate, 4 Learn).
    int showTab = -1;
};

// Draws every panel for one frame; returns what the user asked for.
std::vector<Command> drawViewerUi(const UiModel& model, UiState& state, float uiScale);

// The structures search lists for the panel's text, best first.
std::vector<int> searchResults(const anatomy::Body& body, const char* text);

// The product's stance, shown in the About box and the status bar.
inline constexpr const char* kDisclaimer =
    "FasciaLab is a teaching and communication tool, not a diagnostic device.";

} // namespace ui
