#include "app/Handout.h"

#include "annotate/Library.h"
#include "app/MapOverlays.h"
#include "core/AtomicFile.h"
#include "render/ColorMap.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace app {
namespace {

constexpr double kPageWidth = 595.0; // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 48.0;
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
    double r, g, b;
};
constexpr Rgb kInk{0.12, 0.14, 0.17};
constexpr Rgb kMuted{0.38, 0.40, 0.44};
constexpr Rgb kAccent{0.16, 0.38, 0.56};

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Lays text out top to bottom, wrapping words and starting new pages as needed.
class Flow {
public:
    Flow(cairo_t* cr, std::string footer) : m_cr(cr), m_footer(std::move(footer)) {}

    double y() const { return m_y; }
    void skip(double points) { m_y += points; }
    void ensure(double points) {
        if (m_y + points > kPageHeight - kMargin - 40.0)
            newPage();
    }
    void newPage() {
        drawFooter();
        cairo_show_page(m_cr);
        m_y = kMargin;
    }
    void finish() { drawFooter(); }

    void paragraph(const std::string& text, double size, bool bold = false, Rgb colour = kInk,
                   double indent = 0.0) {
        setFont(size, bold);
        cairo_set_source_rgb(m_cr, colour.r, colour.g, colour.b);
        const double width = kPageWidth - 2 * kMargin - indent;
        for (const std::string& line : wrap(text, width)) {
            ensure(size * 1.35);
            cairo_move_to(m_cr, kMargin + indent, m_y + size);
            cairo_show_text(m_cr, line.c_str());
            m_y += size * 1.35;
        }
    }

    void setFont(double size, bool bold) {
        cairo_select_font_face(m_cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(m_cr, size);
    }

private:
    std::vector<std::string> wrap(const std::string& text, double width) {
        std::vector<std::string> lines;
        std::istringstream paragraphs(text);
        std::string paragraphText;
        while (std::getline(paragraphs, paragraphText)) {
            std::istringstream words(paragraphText);
            std::string word, line;
            while (words >> word) {
                const std::string candidate = line.empty() ? word : line + " " + word;
                cairo_text_extents_t extents;
                cairo_text_extents(m_cr, candidate.c_str(), &extents);
                if (extents.x_advance > width && !line.empty()) {
                    lines.push_back(line);
                    line = word;
                } else {
                    line = candidate;
                }
            }
            lines.push_back(line);
        }
        return lines;
    }

    void drawFooter() {
        const double size = 7.5;
        setFont(size, false);
        cairo_set_source_rgb(m_cr, kMuted.r, kMuted.g, kMuted.b);
        const double saved = m_y;
        m_y = kPageHeight - kMargin - 24.0;
        const double width = kPageWidth - 2 * kMargin;
        for (const std::string& line : wrap(m_footer, width)) {
            cairo_move_to(m_cr, kMargin, m_y + size);
            cairo_show_text(m_cr, line.c_str());
            m_y += size * 1.3;
        }
        m_y = saved;
    }

    cairo_t* m_cr;
    std::string m_footer;
    double m_y = kMargin;
};

// Cairo wants premultiplied BGRA in native-endian 32-bit words.
cairo_surface_t* surfaceFromImage(const render::Image& image) {
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, image.width, image.height);
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < image.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<size_t>(y) * stride);
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            const std::uint32_t a = p[3];
            const auto premultiply = [a](std::uint32_t c) { return (c * a + 127) / 255; };
            row[x] = (a << 24) | (premultiply(p[0]) << 16) | (premultiply(p[1]) << 8) |
                     premultiply(p[2]);
        }
    }
    cairo_surface_mark_dirty(surface);
    return surface;
}

void drawImage(cairo_t* cr, const render::Image& image, double x, double y, double width,
               double height) {
    if (image.width <= 0 || image.height <= 0)
        return;
    cairo_surface_t* surface = surfaceFromImage(image);
    const double scale = std::min(width / image.width, height / image.height);
    cairo_save(cr);
    cairo_translate(cr, x + (width - image.width * scale) / 2,
                    y + (height - image.height * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(surface);
}

void caption(cairo_t* cr, const std::string& text, double centreX, double y) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 11);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    cairo_set_source_rgb(cr, kMuted.r, kMuted.g, kMuted.b);
    cairo_move_to(cr, centreX - extents.x_advance / 2, y);
    cairo_show_text(cr, text.c_str());
}

void pinSymbol(cairo_t* cr, double x, double y, glm::dvec3 colour) {
    cairo_new_path(cr); // text leaves a current point that an arc would join with a line
    cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
    cairo_arc(cr, x, y, 5.0, 0, 2 * M_PI);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.2);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, 5.0, 0, 2 * M_PI);
    cairo_stroke(cr);
}

void zoneSymbol(cairo_t* cr, double x, double y, bool stippled) {
    cairo_new_path(cr);
    const double r = 0.80, g = 0.06, b = 0.05;
    if (!stippled) {
        cairo_set_source_rgb(cr, r, g, b);
        cairo_rectangle(cr, x - 6, y - 6, 12, 12);
        cairo_fill(cr);
        return;
    }
    cairo_set_source_rgb(cr, r, g, b);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            cairo_new_path(cr);
            cairo_arc(cr, x - 4 + 4 * i, y - 4 + 4 * j, 1.0, 0, 2 * M_PI);
            cairo_fill(cr);
        }
}

void legendRow(Flow& flow, const std::function<void(double, double)>& symbol,
               const std::string& text) {
    flow.ensure(18);
    symbol(kMargin + 8, flow.y() + 7);
    flow.paragraph(text, 9.5, false, kInk, 24);
    flow.skip(2);
}

void colourBar(cairo_t* cr, double x, double y, double width, double height) {
    cairo_pattern_t* gradient = cairo_pattern_create_linear(x, 0, x + width, 0);
    for (int i = 0; i <= 16; ++i) {
        const float t = static_cast<float>(i) / 16.0f;
        const glm::dvec3 c = render::viridis(t);
        cairo_pattern_add_color_stop_rgb(gradient, static_cast<double>(t), c.r, c.g, c.b);
    }
    cairo_rectangle(cr, x, y, width, height);
    cairo_set_source(cr, gradient);
    cairo_fill(cr);
    cairo_pattern_destroy(gradient);
}

// "7 → 5 → 3" over the sessions the point appears in.
std::string severityTrend(const annotate::MapDocument& document, const std::string& id) {
    std::string trend;
    for (const annotate::Session& session : document.sessions)
        if (const annotate::TriggerPoint* point = annotate::findTriggerPoint(session, id))
            trend += (trend.empty() ? "" : " → ") + std::to_string(point->severity);
    return trend;
}

// "Upper trapezius (left)" from "Upper trapezius TrP1 (left)": patients need the muscle, not
// the manual's numbering.
std::string plainName(const annotate::TriggerPoint& point) {
    std::string name = point.name;
    const size_t trp = name.find(" TrP");
    if (trp != std::string::npos) {
        size_t end = trp + 4;
        while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])))
            ++end;
        name.erase(trp, end - trp);
    }
    return name;
}

} // namespace

core::Status writeHandoutPdf(const std::filesystem::path& path,
                             const annotate::MapDocument& document, const HandoutImages& images) {
    if (document.sessions.empty())
        return core::badInput(path.string() + ": the map has no sessions to print");
    const annotate::Session& latest = document.sessions.back();
    std::string pdf;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(appendToString, &pdf, kPageWidth, kPageHeight);
    const std::string client =
        !document.info.clientName.empty() ? document.info.clientName : document.info.clientId;
    const std::string title = "Your body map" + (client.empty() ? std::string() : " — " + client);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "FasciaLab");
    cairo_t* cr = cairo_create(surface);

    Flow flow(cr, std::string(kDisclaimer) + " Made with FasciaLab.");
    // ---- page 1: the pictures
    flow.paragraph("Your body map", 24, true, kAccent);
    flow.paragraph((client.empty() ? std::string() : client + " · ") + "session of " + latest.date +
                       (document.sessions.size() > 1
                            ? " (" + std::to_string(document.sessions.size()) + " sessions so far)"
                            : std::string()),
                   11, false, kMuted);
    flow.skip(8);
    const double imageTop = flow.y() + 4;
    const double imageHeight = 480;
    const double columnWidth = (kPageWidth - 2 * kMargin - 16) / 2;
    drawImage(cr, images.posterior, kMargin, imageTop + 16, columnWidth, imageHeight);
    drawImage(cr, images.anterior, kMargin + columnWidth + 16, imageTop + 16, columnWidth,
              imageHeight);
    caption(cr, "From behind", kMargin + columnWidth / 2, imageTop + 8);
    caption(cr, "From the front", kMargin + columnWidth * 1.5 + 16, imageTop + 8);
    flow.skip(imageHeight + 30);

    flow.paragraph("What the picture shows", 13, true, kAccent);
    flow.skip(4);
    legendRow(
        flow,
        [&](double x, double y) {
            pinSymbol(cr, x, y, pinColour(annotate::TriggerPointState::Active));
        },
        "A tight, tender spot in a muscle (an active trigger point) that can cause pain now.");
    legendRow(
        flow,
        [&](double x, double y) {
            pinSymbol(cr, x, y, pinColour(annotate::TriggerPointState::Latent));
        },
        "A spot that is tender only when pressed (latent).");
    legendRow(
        flow, [&](double x, double y) { zoneSymbol(cr, x, y, false); },
        "Where its pain is usually felt — often away from the spot itself.");
    legendRow(
        flow, [&](double x, double y) { zoneSymbol(cr, x, y, true); },
        "Where it may also be felt.");
    legendRow(
        flow, [&](double x, double y) { colourBar(cr, x - 6, y - 5, 12, 10); },
        "Tight connective tissue (fascia) as your therapist felt it: from slightly (dark) to very "
        "tight (yellow).");

    // ---- page 2 on: each point in plain words, then the plan
    flow.newPage();
    flow.paragraph("Where it hurts, and where it comes from", 18, true, kAccent);
    flow.skip(6);
    const auto& library = annotate::referenceLibrary();
    for (const annotate::TriggerPoint& point : latest.triggerPoints) {
        flow.ensure(80);
        pinSymbol(cr, kMargin + 6, flow.y() + 8, pinColour(point.state));
        flow.paragraph(plainName(point), 13, true, kInk, 18);
        const annotate::LibraryPoint* entry = library.find(point.libraryId);
        const std::string felt = entry ? entry->symptoms : point.pain;
        if (!felt.empty())
            flow.paragraph("You may feel it as: " + felt, 10.5, false, kInk, 18);
        if (!point.pain.empty() && entry && point.pain != entry->symptoms)
            flow.paragraph("You told us: " + point.pain, 10.5, false, kInk, 18);
        const std::string trend = severityTrend(document, point.id);
        if (!trend.empty())
            flow.paragraph("How strong (0 = none, 10 = worst), session by session: " + trend, 10.5,
                           false, kMuted, 18);
        if (entry)
            flow.paragraph("What you can do: " + entry->selfCare, 10.5, false, kInk, 18);
        flow.skip(8);
    }
    if (latest.triggerPoints.empty())
        flow.paragraph("No trigger points were marked in this session.", 10.5, false, kMuted);
    if (!document.info.plan.empty()) {
        flow.skip(6);
        flow.ensure(60);
        flow.paragraph("Your plan", 15, true, kAccent);
        flow.skip(2);
        flow.paragraph(document.info.plan, 10.5);
    }
    flow.finish();
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return core::internalError(path.string() +
                                   ": could not make the PDF: " + cairo_status_to_string(status));
    return core::writeFileAtomically(path, pdf);
}

} // namespace app
