// app: the viewer's map work — the map commands (open, save, sessions, trigger points, zones,
// compare, undo), the unsaved-changes and recovery questions, the patient handout, the map's
// marks as drawn (and the earlier session beside them), pin labels (none for a pin the body
// hides), turning the camera to a map's marks when it opens, and to a trigger point when framing
// it or presenting it to the patient.
#pragma once

#include "annotate/Library.h"
#include "app/HandoutJob.h"
#include "app/ViewerContext.h"
#include "core/Result.h"
#include "ui/ViewerUi.h"

#include <glm/vec2.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace app {

// A dropped or chosen file that is a map (.fascia.json) rather than a model.
bool isMapFile(const std::string& path);

class ViewerMapMode {
public:
    explicit ViewerMapMode(ViewerContext& context);

    // Opens the map the command line named (none when empty) and offers back work a crash
    // left unsaved.
    core::Status start(const std::string& mapPath);
    // Whether closing must wait for the user's answer about unsaved changes.
    bool holdClose();
    // A clean exit leaves no recovery copy behind (unsaved work was saved or discarded).
    void shutDown();

    void applyCommand(const ui::Command& command);
    void fillModel(ui::MapModel& model);

    // The handout being written (File → Write handout): one stage a frame, so the window keeps
    // drawing; the status bar shows it with a Cancel button, and a cancel writes nothing.
    void advanceHandout();
    std::optional<ui::UiModel::BackgroundTask> handoutTask() const;
    void cancelHandout();

    // A click in the viewport: a trigger point on the muscle under the cursor (Annotate), or
    // the library's points that refer pain to the skin there (Where it hurts).
    void placeTriggerPoint(const core::Ray& ray);
    void showWhereItHurts(const core::Ray& ray);

    // The context's frame overlays become the map's marks with the fibre streamlines.
    void composeOverlays();
    // Only the pins over what the simulation drew into the frame overlays: they stay, to aim at.
    void composePinsOver();
    // Whether the view shows two sessions side by side (not in presentation mode).
    bool sideBySide() const;
    // The earlier session's overlays for the left half, with the same fibre lines.
    const render::Overlays& composeThenOverlays();
    // Opening a map (the command line, File > Open, a dropped file) or a body asks to turn the
    // camera to the map's trigger points; this does it once the body is there, at once
    // (`immediately`: the first view of a body) or eased. Nothing when the session has none.
    void askToTurnToMarks() { m_turnToMarks = true; }
    void turnToMarks(bool immediately);
    // Labels for the markers of `overlays`, drawn in the viewport half starting at `origin`,
    // at their pins' heads: none for a pin the body hides, a faded one for a pin just under
    // the tissue over it (PinSight.h).
    std::vector<ui::ScreenLabel> markerLabels(const render::Overlays& overlays,
                                              glm::vec2 origin) const;
    // "Then" over the left half (at `thenOrigin`) and "Now" over the right, with their dates.
    std::vector<ui::ScreenLabel> sideBySideCaptions(glm::vec2 thenOrigin) const;

private:
    // Which map and target revisions a composed set of overlays was copied from, so it is
    // copied again only when the map changed or something else (the simulation) drew into it.
    struct Composed {
        std::uint64_t source = 0, target = 0;
    };
    void withFibreLines(const render::Overlays& source, render::Overlays& target,
                        Composed& composed);
    // The map's overlays, with painted tension on the outermost layer that would hide it.
    const render::Overlays& mapOverlays();

    void reportMap(const core::Status& status, const std::string& success);
    void saveMap(const std::string& path);
    bool confirmDrop(const ui::Command& command);
    void applyAfterDiscard(const ui::Command& command);
    void writeHandout(const std::string& path);
    void frameTriggerPoint(const std::string& id);
    void presentTriggerPoint(const std::string& id);

    ViewerContext& m_context;
    MapEditor& m_map; // the context's, named for brevity
    Composed m_composed;
    int m_compareSession = -1;
    ui::CompareView m_compareView = ui::CompareView::SideBySide;
    render::Overlays m_thenOverlays;
    Composed m_thenComposed;
    std::vector<annotate::Referral> m_referrals;
    std::optional<ui::CommandKind> m_pendingAfterUnsaved; // waiting for save/discard/cancel
    std::optional<ui::Command> m_pendingCommand;
    bool m_unsavedAsked = false;
    bool m_allowClose = false;
    bool m_turnToMarks = false; // a map was opened: turn to its marks once the body is there
    std::optional<std::filesystem::path> m_recoveryOffer;
    std::optional<HandoutJob> m_handout;
    std::uint64_t m_handoutBody = 0; // the body it is drawn on (Body::uid)
};

} // namespace app
