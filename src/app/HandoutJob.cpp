#include "app/HandoutJob.h"

#include "app/MapRender.h"

#include <array>
#include <utility>

namespace app {

namespace {

struct Stage {
    const char* name;
    double doneBefore; // the share of the work done when it starts (drawing takes the most)
};
constexpr std::array<Stage, 3> kStageList = {Stage{"drawing the body from behind", 0.0},
                                             Stage{"drawing the body from the front", 0.4},
                                             Stage{"writing the PDF", 0.8}};

} // namespace

HandoutJob::HandoutJob(std::filesystem::path path, annotate::MapDocument document, MapDisplay shown)
    : m_path(std::move(path)), m_document(std::move(document)), m_display(std::move(shown)) {
    m_display.session = static_cast<int>(m_document.sessions.size()) - 1;
    m_display.labels = false;
    m_display.tensionShownOn = anatomy::LayerKind::Skin;
    m_display.selectedId.clear();
    m_display.hoveredId.clear();
    m_display.onlySelectedZones = false;
    m_display.differenceFrom = -1;
}

const char* HandoutJob::stage() const {
    return finished() ? "done" : kStageList[static_cast<size_t>(m_stage)].name;
}

double HandoutJob::done() const {
    return finished() ? 1.0 : kStageList[static_cast<size_t>(m_stage)].doneBefore;
}

core::Status HandoutJob::advance(render::Renderer& renderer, const anatomy::Body& body) {
    if (finished())
        return core::Ok{};
    const int stage = m_stage++;
    if (stage == kStages - 1)
        return writeHandoutPdf(m_path, m_document, m_images);
    const glm::ivec2 size(760, 1240);
    const bool behind = stage == 0;
    auto rendered =
        renderMapView(renderer, body, m_document, m_display, patientViewOptions(),
                      behind ? render::ViewPreset::Posterior : render::ViewPreset::Anterior, size);
    if (!rendered) {
        m_stage = kStages;
        return rendered.error();
    }
    (behind ? m_images.posterior : m_images.anterior) = std::move(*rendered);
    return core::Ok{};
}

} // namespace app
