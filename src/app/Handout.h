// app: the patient handout — a PDF (cairo) in plain words: the client's name and date, the body
// from behind and from the front with the trigger points and where their pain is felt, a
// legend, the plan, self-care for each point, and what this is (education, not diagnosis).
#pragma once

#include "annotate/MapDocument.h"
#include "core/Result.h"
#include "render/Image.h"

#include <filesystem>

namespace app {

struct HandoutImages {
    render::Image posterior;
    render::Image anterior;
};

inline constexpr const char* kDisclaimer =
    "This sheet is for education and to support your conversation with your therapist. It is "
    "not a diagnosis. See a doctor about pain that is severe, new, spreading, or comes with "
    "numbness, weakness, fever or chest pain.";

// Writes the handout for the document's latest session; the previous file is kept as .bak.
core::Status writeHandoutPdf(const std::filesystem::path& path,
                             const annotate::MapDocument& document, const HandoutImages& images);

} // namespace app
