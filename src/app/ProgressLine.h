// app: progress and cancelling for long commands. A command that runs for seconds to minutes
// (simulate) shows how far it is on one line of stderr, rewritten in place, when stderr is a
// terminal (or FASCIALAB_PROGRESS=1 asks for it, as a log or a test may); Ctrl-C (SIGINT) or
// SIGTERM asks it to stop, and it stops where it is, writing nothing, with exit code 130.
#pragma once

#include <chrono>
#include <csignal>
#include <ostream>
#include <string>

namespace app {

inline constexpr int kExitCancelled = 130; // 128 + SIGINT, as shells report an interrupted job

class ProgressLine {
public:
    // Shows nothing unless stderr is a terminal or FASCIALAB_PROGRESS=1.
    ProgressLine(std::ostream& err, std::string prefix);
    ~ProgressLine(); // ends the line if one was shown
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // "<prefix>: <done> of <total> <unit> (NN %)", at most five times a second.
    void update(double done, double total, const char* unit);
    // "<prefix>: <what> (NN %)", for work told in stages.
    void stage(const std::string& what, double done);
    // Ends the line, so that what is written next starts on its own.
    void end();
    bool shown() const { return m_show; }

private:
    std::ostream& m_err;
    std::string m_prefix;
    bool m_show = false;
    bool m_written = false;
    std::chrono::steady_clock::time_point m_last{};
};

// While alive, SIGINT and SIGTERM set a flag instead of ending the process (the handlers it
// replaced are put back after); the work checks interrupted() between its steps.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

    static bool interrupted();

private:
    struct sigaction m_previousInt {};
    struct sigaction m_previousTerm {};
};

} // namespace app
