#include "app/ProgressLine.h"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace app {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int) {
    g_interrupted = 1;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
}

} // namespace

ProgressLine::ProgressLine(std::ostream& err, std::string prefix)
    : m_err(err), m_prefix(std::move(prefix)) {
    const char* forced = std::getenv("FASCIALAB_PROGRESS");
    m_show = (forced && std::strcmp(forced, "1") == 0) || ::isatty(STDERR_FILENO) == 1;
}

ProgressLine::~ProgressLine() {
    end();
}

void ProgressLine::end() {
    if (m_written)
        m_err << "\n" << std::flush;
    m_written = false;
}

void ProgressLine::update(double done, double total, const char* unit) {
    if (!m_show)
        return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = done >= total;
    if (m_written && !last && now - m_last < std::chrono::milliseconds(200))
        return;
    m_last = now;
    m_written = true;
    const double percent = total > 0.0 ? std::floor(100.0 * done / total) : 100.0;
    // Carriage return, the line, and a clear to its end: one line rewritten in place.
    m_err << "\r" << m_prefix << ": " << number(done) << " of " << number(total) << " " << unit
          << " (" << number(percent) << " %)\x1b[K" << std::flush;
}

void ProgressLine::stage(const std::string& what, double done) {
    if (!m_show)
        return;
    m_written = true;
    m_err << "\r" << m_prefix << ": " << what << " (" << number(std::floor(100.0 * done))
          << " %)\x1b[K" << std::flush;
}

InterruptScope::InterruptScope() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &m_previousInt);
    ::sigaction(SIGTERM, &action, &m_previousTerm);
}

InterruptScope::~InterruptScope() {
    ::sigaction(SIGINT, &m_previousInt, nullptr);
    ::sigaction(SIGTERM, &m_previousTerm, nullptr);
}

bool InterruptScope::interrupted() {
    return g_interrupted != 0;
}

} // namespace app
