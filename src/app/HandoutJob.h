// app: the patient handout made in stages (the body drawn from behind, then from the front, then
// the PDF written), so that `fascialab handout` can say which stage it is in and stop between
// two on Ctrl-C, and the viewer can do one stage a frame, keeping its window drawn with a
// progress bar and a Cancel button. Nothing is written before the last stage, which writes the
// PDF atomically: a job stopped earlier leaves no file.
#pragma once

#include "annotate/MapDocument.h"
#include "app/Handout.h"
#include "app/MapOverlays.h"
#include "core/Result.h"
#include "render/Renderer.h"

#include <filesystem>

namespace app {

class HandoutJob {
public:
    // The handout of `document`'s latest session, to be written to `path`. `shown` keeps what
    // the therapist chose to show (pins, zones, tension); the rest is the patient's view: no
    // labels (the handout's list names the points), nothing selected, tension on the skin.
    HandoutJob(std::filesystem::path path, annotate::MapDocument document, MapDisplay shown = {});

    bool finished() const { return m_stage == kStages; }
    // What the next stage does ("drawing the body from behind") and the share done before it.
    const char* stage() const;
    double done() const;
    // Does the next stage on `body`; the last writes the PDF. After an error the job is over
    // (finished), and nothing was written.
    core::Status advance(render::Renderer& renderer, const anatomy::Body& body);

    const std::filesystem::path& path() const { return m_path; }

private:
    static constexpr int kStages = 3;
    std::filesystem::path m_path;
    annotate::MapDocument m_document; // as it was when the job began
    MapDisplay m_display;
    HandoutImages m_images;
    int m_stage = 0;
};

} // namespace app
