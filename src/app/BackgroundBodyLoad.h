// app: a body loaded or built on a worker thread while the viewer keeps drawing (the default
// body on the first launch, a model the user opens). It tells its stage and the share done,
// for the status bar's progress bar; a cancel stops it at its next checkpoint, and the body on
// screen stays until a new one is ready.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"
#include "core/TaskProgress.h"

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace app {

class BackgroundBodyLoad {
public:
    using Load = std::function<core::Result<anatomy::Body>(core::TaskProgress&)>;
    ~BackgroundBodyLoad(); // cancels a load still running and waits for it to stop

    // Starts `load` on a worker thread; `title` says what it is ("Opening arm.glb"). False,
    // starting nothing, while another load runs.
    bool start(std::string title, Load load);
    bool running() const { return m_future.valid(); }
    // The finished load's result, once; nullopt while it runs or when none was started.
    std::optional<core::Result<anatomy::Body>> takeFinished();
    void cancel();
    void wait() const;

    const std::string& title() const { return m_title; }
    std::pair<std::string, float> progress() const; // stage, share done
    bool cancelling() const { return m_progress && m_progress->cancelled(); }

private:
    std::unique_ptr<core::TaskProgress> m_progress;
    std::future<core::Result<anatomy::Body>> m_future;
    std::string m_title;
};

} // namespace app
