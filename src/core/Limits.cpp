#include "core/Limits.h"

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace core {
namespace {

const std::vector<LimitInfo> kTable = {
    {Limit::MapMegabytes, "map-mb", 64, 1 << 20, "MB",
     "a map file's size (a real map is kilobytes to a few megabytes)"},
    {Limit::MapSessions, "map-sessions", 10000, 1e7, "sessions", "sessions in one map"},
    {Limit::MapMarksPerSession, "map-marks", 10000, 1e7, "marks",
     "trigger points, and referred-pain zones, in one session"},
    {Limit::ImportSeconds, "import-seconds", 60, 1e6, "s",
     "how long an importer (Assimp) may run on one file before it is stopped"},
    {Limit::DracoMillionElements, "draco-million", 64, 4096, "million",
     "points plus triangles that one glTF's Draco-compressed meshes may decode to"},
};

constexpr size_t kCount = 5;
// What --limit set in the running command (and whether it set it); see limitValue.
std::array<std::atomic<double>, kCount> g_values{};
std::array<std::atomic<bool>, kCount> g_set{};

size_t indexOf(Limit limit) {
    return static_cast<size_t>(limit);
}

const LimitInfo* find(std::string_view name) {
    for (const LimitInfo& info : kTable)
        if (name == info.name)
            return &info;
    return nullptr;
}

std::string names() {
    std::string all;
    for (const LimitInfo& info : kTable)
        all += (all.empty() ? "" : ", ") + std::string(info.name);
    return all;
}

// A positive number no larger than the ceiling, or nothing.
bool parseValue(const std::string& text, const LimitInfo& info, double& value) {
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value) &&
           value > 0.0 && value <= info.ceiling;
}

// Each NAME=VALUE of `list` in turn, given to `take`; the first that is wrong ends it with a
// message naming `source`.
template <typename Take>
Status forEachSetting(std::string_view list, const std::string& source, Take take) {
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string item(list.substr(start, comma - start));
        start = comma + 1;
        if (item.empty())
            continue;
        const size_t equals = item.find('=');
        const LimitInfo* info =
            equals == std::string::npos ? nullptr : find(item.substr(0, equals));
        if (!info)
            return usageError(source + ": '" + item + "' is not NAME=VALUE with NAME one of " +
                              names());
        double value = 0.0;
        if (!parseValue(item.substr(equals + 1), *info, value))
            return usageError(source + ": " + info->name +
                              " must be a number above 0 and at most " +
                              std::to_string(static_cast<long long>(info->ceiling)) + ", not '" +
                              item.substr(equals + 1) + "'");
        take(*info, value);
    }
    return Ok{};
}

// The variables of earlier versions, one limit each.
const char* legacyVariable(Limit limit) {
    switch (limit) {
    case Limit::MapMegabytes:
        return "FASCIALAB_MAX_MAP_MB";
    case Limit::ImportSeconds:
        return "FASCIALAB_IMPORT_TIME_LIMIT_S";
    default:
        return nullptr;
    }
}

} // namespace

const std::vector<LimitInfo>& limitTable() {
    return kTable;
}

double limitValue(Limit limit) {
    const size_t i = indexOf(limit);
    const LimitInfo& info = kTable[i];
    // --limit in the running command first, then the environment (read each time, so that a
    // variable set while the program runs counts), then the default.
    if (g_set[i])
        return g_values[i];
    double value = 0.0;
    if (const char* variable = legacyVariable(limit))
        if (const char* text = std::getenv(variable); text && parseValue(text, info, value))
            return value;
    if (const char* list = std::getenv("FASCIALAB_LIMITS")) {
        std::optional<double> fromList;
        const Status read =
            forEachSetting(list, "FASCIALAB_LIMITS", [&](const LimitInfo& entry, double v) {
                if (entry.limit == limit)
                    fromList = v;
            });
        static std::atomic<bool> warned{false};
        if (!read && !warned.exchange(true))
            std::fprintf(stderr, "fascialab: %s\n", read.error().message.c_str());
        if (fromList)
            return *fromList;
    }
    return info.defaultValue;
}

Status setLimits(std::string_view list, const std::string& source) {
    return forEachSetting(list, source, [](const LimitInfo& info, double value) {
        g_values[indexOf(info.limit)] = value;
        g_set[indexOf(info.limit)] = true;
    });
}

std::string raiseHint(Limit limit) {
    return std::string("--limit ") + kTable[indexOf(limit)].name + "=N raises it";
}

LimitsScope::LimitsScope() {
    for (size_t i = 0; i < kCount; ++i)
        m_saved.push_back(g_set[i] ? g_values[i].load() : -1.0);
}

LimitsScope::~LimitsScope() {
    for (size_t i = 0; i < m_saved.size(); ++i) {
        g_set[i] = m_saved[i] > 0.0;
        g_values[i] = m_saved[i];
    }
}

} // namespace core
