// core: how far a long piece of work is (loading a model, building a body), and whether whoever
// waits for it wants it stopped. The work reports its stage as it goes and asks keepGoing() at
// its checkpoints, stopping with cancelledError() when told no; the viewer reads the progress
// from another thread to draw its bar, and a command shows it on stderr. Thread safe.
#pragma once

#include "core/Result.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

namespace core {

class TaskProgress {
public:
    // `onReport` (optional) is called on the working thread with each report; `stopAsked`
    // (optional) is asked at each checkpoint as well as cancel(): a command's Ctrl-C.
    explicit TaskProgress(std::function<void(const std::string& stage, float done)> onReport = {},
                          std::function<bool()> stopAsked = {})
        : m_onReport(std::move(onReport)), m_stopAsked(std::move(stopAsked)) {}
    TaskProgress(const TaskProgress&) = delete;
    TaskProgress& operator=(const TaskProgress&) = delete;

    // The stage the work is in, in words, and the share of the whole done (0 to 1).
    void report(std::string stage, float done) {
        {
            std::lock_guard lock(m_mutex);
            m_stage = stage;
            m_done = done;
        }
        if (m_onReport)
            m_onReport(stage, done);
    }
    std::pair<std::string, float> now() const {
        std::lock_guard lock(m_mutex);
        return {m_stage, m_done};
    }

    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    // False once the work should stop.
    bool keepGoing() const {
        if (!m_cancelled.load(std::memory_order_relaxed) && m_stopAsked && m_stopAsked())
            m_cancelled.store(true, std::memory_order_relaxed);
        return !m_cancelled.load(std::memory_order_relaxed);
    }
    bool cancelled() const { return !keepGoing(); }

private:
    std::function<void(const std::string&, float)> m_onReport;
    std::function<bool()> m_stopAsked;
    mutable std::mutex m_mutex;
    std::string m_stage;
    float m_done = 0.0f;
    mutable std::atomic<bool> m_cancelled{false};
};

// What work stopped at a cancel returns: `what` names it ("opening big.glb").
inline Error cancelledError(const std::string& what) {
    return {ErrorKind::Cancelled, what + ": cancelled"};
}

// Reports a stage when there is a progress to report to, and says whether to go on.
inline bool reportStage(TaskProgress* progress, std::string stage, float done) {
    if (!progress)
        return true;
    progress->report(std::move(stage), done);
    return progress->keepGoing();
}

// One stage of a piece of work, which covers [from, to] of the whole: its long loops report how
// far they are within it and hear a cancel there, rather than only when the next stage begins.
class StageProgress {
public:
    StageProgress() = default; // nothing to report to; always goes on
    StageProgress(TaskProgress* progress, std::string stage, float from, float to)
        : m_progress(progress), m_stage(std::move(stage)), m_from(from), m_to(to) {}
    // Reports `share` (0 to 1) of the stage done; false once the work should stop.
    bool at(float share) const {
        return reportStage(m_progress, m_stage, m_from + (m_to - m_from) * share);
    }

private:
    TaskProgress* m_progress = nullptr;
    std::string m_stage;
    float m_from = 0.0f, m_to = 1.0f;
};

} // namespace core
