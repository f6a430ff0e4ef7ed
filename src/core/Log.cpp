#include "core/Log.h"

#include <cstdio>
#include <deque>
#include <mutex>

namespace core {
namespace {
constexpr size_t kKeptLines = 256;
std::mutex g_mutex;
LogLevel g_minimum = LogLevel::Info;
std::deque<LogLine> g_recent;

const char* levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Error:
        return "error";
    }
    return "?";
}
} // namespace

void setLogLevel(LogLevel minimum) {
    std::lock_guard lock(g_mutex);
    g_minimum = minimum;
}

void log(LogLevel level, std::string_view message) {
    std::lock_guard lock(g_mutex);
    g_recent.push_back({level, std::string(message)});
    if (g_recent.size() > kKeptLines)
        g_recent.pop_front();
    if (level < g_minimum)
        return;
    std::fprintf(stderr, "fascialab: %s: %.*s\n", levelName(level),
                 static_cast<int>(message.size()), message.data());
}

std::vector<LogLine> recentLogLines() {
    std::lock_guard lock(g_mutex);
    return {g_recent.begin(), g_recent.end()};
}

} // namespace core
