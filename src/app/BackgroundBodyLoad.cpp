#include "app/BackgroundBodyLoad.h"

#include <chrono>

namespace app {

BackgroundBodyLoad::~BackgroundBodyLoad() {
    if (m_future.valid()) {
        cancel();
        m_future.wait();
    }
}

bool BackgroundBodyLoad::start(std::string title, Load load) {
    if (running())
        return false;
    m_title = std::move(title);
    m_progress = std::make_unique<core::TaskProgress>();
    m_future =
        std::async(std::launch::async, [load = std::move(load), progress = m_progress.get()] {
            return load(*progress);
        });
    return true;
}

std::optional<core::Result<anatomy::Body>> BackgroundBodyLoad::takeFinished() {
    if (!m_future.valid() ||
        m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return std::nullopt;
    return m_future.get();
}

void BackgroundBodyLoad::cancel() {
    if (m_progress)
        m_progress->cancel();
}

void BackgroundBodyLoad::wait() const {
    if (m_future.valid())
        m_future.wait();
}

std::pair<std::string, float> BackgroundBodyLoad::progress() const {
    return m_progress ? m_progress->now() : std::pair<std::string, float>{};
}

} // namespace app
