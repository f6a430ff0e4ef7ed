// core: minimal levelled logging to stderr; the viewer also keeps recent lines for its log panel.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class LogLevel { Debug, Info, Warning, Error };

void setLogLevel(LogLevel minimum);
void log(LogLevel level, std::string_view message);
inline void logInfo(std::string_view message) {
    log(LogLevel::Info, message);
}
inline void logWarning(std::string_view message) {
    log(LogLevel::Warning, message);
}
inline void logError(std::string_view message) {
    log(LogLevel::Error, message);
}

struct LogLine {
    LogLevel level;
    std::string text;
};
// The most recent lines (at most a few hundred), oldest first.
std::vector<LogLine> recentLogLines();

} // namespace core
