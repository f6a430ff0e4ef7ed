// core: the limits that keep a broken or hostile file from exhausting memory or time. Each has
// a name, a default far above what a real file needs and a ceiling; a user with an unusual file
// raises one with `--limit NAME=VALUE` on any command, or for the viewer and every command at
// once with FASCIALAB_LIMITS="NAME=VALUE,...". A file past a limit is refused with a message
// that names the limit and how to raise it.
#pragma once

#include "core/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class Limit {
    MapMegabytes,         // "map-mb": a map file's size, read before it is parsed
    MapSessions,          // "map-sessions": sessions in a map
    MapMarksPerSession,   // "map-marks": trigger points (and, apart, zones) in a session
    ImportSeconds,        // "import-seconds": an importer's run in its child process
    DracoMillionElements, // "draco-million": points plus triangles a glTF's Draco streams
                          // may decode to, in millions
};

struct LimitInfo {
    Limit limit;
    const char* name;    // as written after --limit
    double defaultValue; // what it is unless raised
    double ceiling;      // the most it may be raised to
    const char* unit;    // "MB", "s", ...
    const char* what;    // what it bounds, for help and messages
};

// Every limit, in the order the docs list them.
const std::vector<LimitInfo>& limitTable();

// The limit's value now: what --limit set in the running command, else what the environment
// says (FASCIALAB_LIMITS, or the older FASCIALAB_MAX_MAP_MB and FASCIALAB_IMPORT_TIME_LIMIT_S),
// read at each call, else its default.
double limitValue(Limit limit);

// "NAME=VALUE[,NAME=VALUE...]": sets each; refuses an unknown name, a value that is not a
// positive number or one over the ceiling, naming `source` (for example "--limit").
Status setLimits(std::string_view list, const std::string& source);

// How to raise a limit, for a refusal's message: "--limit map-mb=N raises it".
std::string raiseHint(Limit limit);

// Restores every limit as it was when constructed, so that a command run in-process (the
// tests run many) leaves no limit raised for the next.
class LimitsScope {
public:
    LimitsScope();
    ~LimitsScope();
    LimitsScope(const LimitsScope&) = delete;
    LimitsScope& operator=(const LimitsScope&) = delete;

private:
    std::vector<double> m_saved;
};

} // namespace core
