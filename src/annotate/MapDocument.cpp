#include "annotate/MapDocument.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace annotate {
namespace {

// The number after `prefix` in ids like "tp-12"; 0 when the id has another shape.
int idNumber(const std::string& id, std::string_view prefix) {
    if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0)
        return 0;
    int number = 0;
    const char* begin = id.data() + prefix.size();
    const char* end = id.data() + id.size();
    const auto [ptr, ec] = std::from_chars(begin, end, number);
    return ec == std::errc() && ptr == end ? number : 0;
}

} // namespace

MapDocument newDocument(const std::string& date) {
    MapDocument document;
    document.info.body = "default";
    Session first;
    first.date = date;
    document.sessions.push_back(first);
    return document;
}

Session followUpSession(const Session& previous, const std::string& date) {
    Session next = previous;
    next.date = date;
    next.notes.clear();
    return next;
}

std::string nextTriggerPointId(const MapDocument& document) {
    int highest = 0;
    for (const Session& session : document.sessions)
        for (const TriggerPoint& point : session.triggerPoints)
            highest = std::max(highest, idNumber(point.id, "tp-"));
    return "tp-" + std::to_string(highest + 1);
}

std::string nextZoneId(const MapDocument& document) {
    int highest = 0;
    for (const Session& session : document.sessions)
        for (const ReferredZone& zone : session.referredZones)
            highest = std::max(highest, idNumber(zone.id, "zone-"));
    return "zone-" + std::to_string(highest + 1);
}

std::string nextTriggerPointName(const Session& session, const std::string& muscleDisplayName,
                                 const std::string& suffix) {
    const std::string prefix = muscleDisplayName + " TrP";
    int highest = 0;
    for (const TriggerPoint& point : session.triggerPoints) {
        const std::string& name = point.name;
        if (name.size() < suffix.size() ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        highest = std::max(highest, idNumber(name.substr(0, name.size() - suffix.size()), prefix));
    }
    return prefix + std::to_string(highest + 1) + suffix;
}

const TriggerPoint* findTriggerPoint(const Session& session, const std::string& id) {
    for (const TriggerPoint& point : session.triggerPoints)
        if (point.id == id)
            return &point;
    return nullptr;
}

const ReferredZone* findZone(const Session& session, const std::string& id) {
    for (const ReferredZone& zone : session.referredZones)
        if (zone.id == id)
            return &zone;
    return nullptr;
}

std::string_view stateId(TriggerPointState state) {
    return state == TriggerPointState::Active ? "active" : "latent";
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

} // namespace annotate
