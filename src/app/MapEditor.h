// app: the open map and everything the viewer does to it — open, save, autosave and recovery,
// placing and moving trigger points, painting tension, the library, undo/redo — without GL or
// ImGui, so it is tested directly.
#pragma once

#include "anatomy/Bvh.h"
#include "annotate/Anchoring.h"
#include "annotate/History.h"
#include "annotate/Library.h"
#include "annotate/TensionBrush.h"
#include "app/MapOverlays.h"
#include "render/Camera.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace app {

enum class MapMode {
    View,         // look and pick; marks are shown
    Annotate,     // click places a trigger point on the muscle under the cursor; drag moves one
    Paint,        // drag paints (or erases) tension on fascia or skin
    WhereItHurts, // click on the skin lists the trigger points that refer pain there
    Present,      // for the patient: large type, plain words, no clinical detail
    DrawZone,     // drag on the skin draws (or erases) the chosen referred-pain zone
};

// The folder for the recovery copy of an untitled map: $XDG_STATE_HOME/fascialab or
// ~/.local/state/fascialab.
std::filesystem::path stateDirectory();

class MapEditor {
public:
    // `untitledRecovery`: where an untitled map is autosaved.
    explicit MapEditor(std::filesystem::path untitledRecovery);

    // The body marks are placed on. Re-anchors the open map when the body changes; returns the
    // report's summary ("" when nothing moved).
    std::string attachBody(const anatomy::Body* body, const anatomy::BodyBvh* bvh);

    const annotate::MapDocument& document() const { return m_document; }
    int session() const { return m_display.session; }
    void setSession(int session);
    const std::filesystem::path& path() const { return m_path; }
    bool modified() const { return m_history.modified(); }
    const annotate::History& history() const { return m_history; }
    // "Alex Example — 3 sessions" / "Untitled map".
    std::string title() const;

    void newDocument();
    // On failure the open document is untouched and the error names the file.
    core::Status open(const std::filesystem::path& path, std::string* report = nullptr);
    // Saves to `path`, or to the current path when empty. Removes the recovery copy.
    core::Status save(const std::filesystem::path& path = {});

    // Autosave: at most once a minute, only with unsaved changes, to the recovery file.
    static constexpr double kAutosaveIntervalS = 60.0;
    bool autosaveIfDue(double nowSeconds);
    std::filesystem::path recoveryFile() const;
    // Restores the document from a recovery file; the result has unsaved changes and keeps
    // `originalPath` (empty for an untitled map) as where it will be saved.
    core::Status recover(const std::filesystem::path& recovery,
                         const std::filesystem::path& originalPath);
    // Drops the recovery copy (after a save, a clean exit, or when the user declines it).
    void discardRecovery();

    // Every edit goes through here, so it can be undone.
    void perform(annotate::Edit edit);
    bool undo();
    bool redo();
    void undoTo(size_t position); // go back or forward to a point in the history list

    // Trigger points: on the first muscle along the ray, through whatever skin or fascia is
    // shown over it. Returns the new point's id, or nothing when the ray finds no muscle.
    std::optional<std::string> placeTriggerPoint(const core::Ray& ray);
    void beginMove(const std::string& id);
    void moveTo(const core::Ray& ray); // follows the muscle under the cursor
    void endMove();
    void deleteTriggerPoint(const std::string& id);
    void changeTriggerPoint(const annotate::TriggerPoint& after, const std::string& label);

    // Tension: a stroke is a series of dabs on the first fascia or skin surface under the
    // cursor; it is one edit in the history.
    void beginStroke();
    void dab(const core::Ray& ray, const std::function<bool(int)>& visible);
    void endStroke();
    bool stroking() const { return m_stroke.has_value(); }

    // Referred-pain zones drawn by hand: a new, empty zone (linked to the selected trigger
    // point, if any) becomes the zone being drawn; a stroke on the skin adds discs of
    // `zonePen` to its essential or spillover part, or erases the discs it touches. A stroke is
    // one edit in the history.
    std::string newZone(const std::string& name = "");
    void renameZone(const std::string& id, const std::string& name);
    void deleteZone(const std::string& id);
    void linkZone(const std::string& pointId, const std::string& zoneId, bool linked);
    void beginZoneStroke();
    void zoneDab(const core::Ray& ray);
    void endZoneStroke();
    struct ZonePen {
        bool essential = true;
        float radiusM = 0.025f;
        bool erase = false;
        bool operator==(const ZonePen&) const = default;
    };
    ZonePen zonePen;
    std::string drawingZoneId; // the zone strokes go to

    // Library, placed on the attached body on first use.
    const std::vector<annotate::PlacedPoint>& library();
    std::string insertLibraryPoint(size_t placedIndex);
    // "Where it hurts": what refers to the skin point under the ray.
    std::vector<annotate::Referral> whereItHurts(const core::Ray& ray);

    // For the patient: the camera turned towards a trigger point and the zones it refers pain
    // to, framing both (a trapezius point and its temple zone are seen from the side).
    std::optional<render::OrbitCamera>
    viewOfReferral(const std::string& id, const render::OrbitCamera& from, float aspect) const;

    // On opening: the camera turned to the standard view that best sees the session's trigger
    // points, framed on them (MarksView.h); nothing when the session has none on the body.
    std::optional<render::OrbitCamera> viewOfMarks(const render::OrbitCamera& from,
                                                   float aspect) const;

    // Compare: the severity of a trigger point in another session (nullopt when absent there).
    std::optional<int> severityIn(int session, const std::string& id) const;

    MapDisplay& display() { return m_display; }
    const MapDisplay& display() const { return m_display; }
    annotate::Brush& brush() { return m_brush; }
    MapMode mode = MapMode::View;

    // Overlays for the renderer; rebuilt only when the document or the display changed.
    const render::Overlays& overlays();
    // The same display for another session (the "then" half of a side-by-side comparison).
    const render::Overlays& overlaysForSession(int session);

private:
    annotate::Session& currentSession();
    void documentChanged();
    std::optional<anatomy::RayHit> firstHit(const core::Ray& ray,
                                            const std::function<bool(int)>& accept) const;

    annotate::MapDocument m_document;
    annotate::History m_history;
    std::filesystem::path m_path;
    std::filesystem::path m_untitledRecovery;
    MapDisplay m_display;
    annotate::Brush m_brush;

    const anatomy::Body* m_body = nullptr;
    const anatomy::BodyBvh* m_bvh = nullptr;
    std::unique_ptr<MapOverlayBuilder> m_builder;
    std::optional<std::vector<annotate::PlacedPoint>> m_library;

    std::optional<annotate::TriggerPoint> m_moving; // the point as it was before the drag
    std::optional<std::vector<annotate::TensionField>> m_stroke; // fields before the stroke
    std::optional<annotate::ReferredZone> m_zoneStroke;          // the zone before the stroke

    std::uint64_t m_documentRevision = 1;
    std::uint64_t m_builtRevision = 0;
    MapDisplay m_builtDisplay;
    render::Overlays m_overlays;
    struct Cached {
        std::uint64_t documentRevision = 0;
        MapDisplay display;
        render::Overlays overlays;
    };
    Cached m_other; // overlaysForSession's last result
    double m_lastAutosave = -1.0;
    std::uint64_t m_autosavedRevision = 0;
};

} // namespace app
