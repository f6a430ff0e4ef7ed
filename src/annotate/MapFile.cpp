#include "annotate/MapFile.h"

#include "core/Limits.h"

#include "core/AtomicFile.h"
#include "core/FileUtil.h"

#include <nlohmann/json.hpp>

#include <glm/vector_relational.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

namespace annotate {
namespace {

using json = nlohmann::ordered_json;

// Floats are written in their shortest form that reads back to the same float ("0.1", not
// "0.10000000149011612"), so files stay readable and round trips stay exact.
double shortest(float value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    double parsed = 0.0;
    std::from_chars(text, result.ptr, parsed);
    return parsed;
}

json vec3Json(const glm::vec3& v) {
    return json::array({shortest(v.x), shortest(v.y), shortest(v.z)});
}

json anchorJson(const Anchor& anchor) {
    return json{{"structure", anchor.structure},
                {"triangle", anchor.triangle},
                {"barycentric", vec3Json(anchor.barycentric)},
                {"position", vec3Json(anchor.position)}};
}

json spotsJson(const std::vector<ZoneSpot>& spots) {
    json out = json::array();
    for (const ZoneSpot& spot : spots)
        out.push_back({{"centre", anchorJson(spot.centre)}, {"radius", shortest(spot.radius)}});
    return out;
}

// ---- reading ------------------------------------------------------------------------------

// Reads one JSON object field by field, so every message can say where the problem is
// ("sessions[1].triggerPoints[0].severity") and unknown fields are caught.
class ObjectReader {
public:
    ObjectReader(const json& object, std::string path)
        : m_object(object), m_path(std::move(path)) {}

    std::string where(std::string_view field) const {
        return m_path.empty() ? std::string(field) : m_path + "." + std::string(field);
    }
    const json* find(std::string_view field) {
        m_seen.insert(std::string(field));
        const auto it = m_object.find(std::string(field));
        return it == m_object.end() ? nullptr : &*it;
    }
    // The first field the reader never asked about, if any.
    std::string unknownField() const {
        for (const auto& [key, value] : m_object.items())
            if (!m_seen.count(key))
                return key;
        return {};
    }
    const std::string& path() const { return m_path; }

private:
    const json& m_object;
    std::string m_path;
    std::set<std::string> m_seen;
};

struct ReadError {
    std::string message;
};

class MapReader {
public:
    explicit MapReader(std::string fileName) : m_file(std::move(fileName)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw ReadError{m_file + ": " + (where.empty() ? "" : where + ": ") + what};
    }

    void requireObject(const json& value, const std::string& where) const {
        if (!value.is_object())
            fail(where, "expected an object {...}, found " + typeName(value));
    }
    static std::string typeName(const json& value) {
        if (value.is_number())
            return "a number";
        if (value.is_string())
            return "text";
        if (value.is_boolean())
            return "true/false";
        if (value.is_null())
            return "null";
        if (value.is_array())
            return "a list";
        return "an object";
    }
    void finish(const ObjectReader& object) const {
        const std::string unknown = object.unknownField();
        if (!unknown.empty())
            fail(object.where(unknown), "unknown field (misspelt, or from another program?)");
    }

    std::string text(ObjectReader& object, std::string_view field, bool required = false) const {
        const json* value = object.find(field);
        if (!value) {
            if (required)
                fail(object.where(field), "missing (required)");
            return {};
        }
        if (!value->is_string())
            fail(object.where(field), "expected text, found " + typeName(*value));
        return value->get<std::string>();
    }

    std::string date(ObjectReader& object, std::string_view field, bool required) const {
        std::string value = text(object, field, required);
        if (value.empty() && !required)
            return value;
        const bool shaped = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                            std::all_of(value.begin(), value.end(),
                                        [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
        if (!shaped)
            fail(object.where(field), "expected a date as YYYY-MM-DD, found \"" + value + "\"");
        return value;
    }

    double number(const json& value, const std::string& where, double lo, double hi) const {
        if (!value.is_number())
            fail(where, "expected a number, found " + typeName(value));
        const double v = value.get<double>();
        if (!std::isfinite(v) || v < lo || v > hi)
            fail(where, "expected a number from " + format(lo) + " to " + format(hi) + ", found " +
                            value.dump());
        return v;
    }
    std::int64_t integer(const json& value, const std::string& where, std::int64_t lo,
                         std::int64_t hi) const {
        if (!value.is_number_integer())
            fail(where, "expected a whole number, found " +
                            (value.is_number() ? value.dump() : typeName(value)));
        const std::int64_t v = value.get<std::int64_t>();
        if (v < lo || v > hi ||
            (value.is_number_unsigned() &&
             value.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)))
            fail(where, "expected a whole number from " + std::to_string(lo) + " to " +
                            std::to_string(hi) + ", found " + value.dump());
        return v;
    }
    static std::string format(double v) {
        char text[32];
        const auto result = std::to_chars(text, text + sizeof text, v);
        return std::string(text, result.ptr);
    }

    const json& array(ObjectReader& object, std::string_view field, bool required) const {
        static const json kEmpty = json::array();
        const json* value = object.find(field);
        if (!value) {
            if (required)
                fail(object.where(field), "missing (required)");
            return kEmpty;
        }
        if (!value->is_array())
            fail(object.where(field), "expected a list [...], found " + typeName(*value));
        return *value;
    }

    glm::vec3 vec3(const json& value, const std::string& where, double limit) const {
        if (!value.is_array() || value.size() != 3)
            fail(where, "expected three numbers [x, y, z]");
        glm::vec3 v;
        for (int i = 0; i < 3; ++i)
            v[i] = static_cast<float>(number(value[static_cast<size_t>(i)],
                                             where + "[" + std::to_string(i) + "]", -limit, limit));
        return v;
    }

    Anchor anchor(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        Anchor anchor;
        anchor.structure = text(object, "structure", true);
        if (anchor.structure.empty())
            fail(object.where("structure"), "must name a structure");
        if (const json* triangle = object.find("triangle"))
            anchor.triangle = static_cast<std::uint32_t>(
                integer(*triangle, object.where("triangle"), 0, 0x7FFFFFFF));
        if (const json* weights = object.find("barycentric")) {
            anchor.barycentric = vec3(*weights, object.where("barycentric"), 1.01);
            const float sum = anchor.barycentric.x + anchor.barycentric.y + anchor.barycentric.z;
            if (glm::any(glm::lessThan(anchor.barycentric, glm::vec3(-0.01f))) ||
                std::abs(sum - 1.0f) > 0.01f)
                fail(object.where("barycentric"), "weights must be from 0 to 1 and add up to 1");
        }
        const json* position = object.find("position");
        if (!position)
            fail(object.where("position"), "missing (required)");
        anchor.position = vec3(*position, object.where("position"), 100.0);
        finish(object);
        return anchor;
    }

    std::vector<ZoneSpot> spots(ObjectReader& parent, std::string_view field) const {
        std::vector<ZoneSpot> spots;
        const json& list = array(parent, field, false);
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string where = parent.where(field) + "[" + std::to_string(i) + "]";
            requireObject(list[i], where);
            ObjectReader object(list[i], where);
            ZoneSpot spot;
            const json* centre = object.find("centre");
            if (!centre)
                fail(object.where("centre"), "missing (required)");
            spot.centre = anchor(*centre, object.where("centre"));
            const json* radius = object.find("radius");
            if (!radius)
                fail(object.where("radius"), "missing (required)");
            spot.radius = static_cast<float>(number(*radius, object.where("radius"), 0.001, 0.5));
            finish(object);
            spots.push_back(spot);
        }
        return spots;
    }

    TriggerPoint triggerPoint(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        TriggerPoint point;
        point.id = text(object, "id", true);
        if (point.id.empty())
            fail(object.where("id"), "must not be empty");
        point.name = text(object, "name", true);
        const json* anchorValue = object.find("anchor");
        if (!anchorValue)
            fail(object.where("anchor"), "missing (required)");
        point.anchor = anchor(*anchorValue, object.where("anchor"));
        const std::string state = text(object, "state");
        if (state == "latent")
            point.state = TriggerPointState::Latent;
        else if (state.empty() || state == "active")
            point.state = TriggerPointState::Active;
        else
            fail(object.where("state"),
                 "expected \"active\" or \"latent\", found \"" + state + "\"");
        if (const json* severity = object.find("severity"))
            point.severity = static_cast<int>(integer(*severity, object.where("severity"), 0, 10));
        point.pain = text(object, "pain");
        const json& zones = array(object, "referredZones", false);
        for (size_t i = 0; i < zones.size(); ++i) {
            const std::string zoneWhere =
                object.where("referredZones") + "[" + std::to_string(i) + "]";
            if (!zones[i].is_string())
                fail(zoneWhere, "expected a zone id (text), found " + typeName(zones[i]));
            point.referredZones.push_back(zones[i].get<std::string>());
        }
        point.notes = text(object, "notes");
        point.found = date(object, "found", false);
        point.libraryId = text(object, "library");
        finish(object);
        return point;
    }

    ReferredZone zone(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        ReferredZone zone;
        zone.id = text(object, "id", true);
        if (zone.id.empty())
            fail(object.where("id"), "must not be empty");
        zone.name = text(object, "name");
        zone.essential = spots(object, "essential");
        zone.spillover = spots(object, "spillover");
        finish(object);
        return zone;
    }

    TensionField tension(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        TensionField field;
        field.structure = text(object, "structure", true);
        const json& vertices = array(object, "vertices", true);
        const json& values = array(object, "values", true);
        const json& positions = array(object, "positions", true);
        if (values.size() != vertices.size())
            fail(object.where("values"), "has " + std::to_string(values.size()) +
                                             " entries but vertices has " +
                                             std::to_string(vertices.size()));
        if (positions.size() != 3 * vertices.size())
            fail(object.where("positions"), "expected three numbers per vertex (" +
                                                std::to_string(3 * vertices.size()) + "), found " +
                                                std::to_string(positions.size()));
        field.samples.resize(vertices.size());
        for (size_t i = 0; i < vertices.size(); ++i) {
            const std::string index = "[" + std::to_string(i) + "]";
            TensionSample& sample = field.samples[i];
            sample.vertex = static_cast<std::uint32_t>(
                integer(vertices[i], object.where("vertices") + index, 0, 0x7FFFFFFF));
            sample.value =
                static_cast<float>(number(values[i], object.where("values") + index, 0.0, 1.0));
            if (!(sample.value > 0.0f))
                fail(object.where("values") + index,
                     "must be above 0 (untouched vertices are left out)");
            for (int k = 0; k < 3; ++k) {
                const size_t at = 3 * i + static_cast<size_t>(k);
                sample.position[k] = static_cast<float>(number(
                    positions[at], object.where("positions") + "[" + std::to_string(at) + "]",
                    -100.0, 100.0));
            }
            if (i > 0 && sample.vertex <= field.samples[i - 1].vertex)
                fail(object.where("vertices") + index,
                     "vertices must be listed in increasing order, each once");
        }
        finish(object);
        return field;
    }

    void limitCount(size_t count, size_t limit, const std::string& where,
                    const std::string& what) const {
        if (count > limit)
            fail(where, "holds " + std::to_string(count) + " " + what + ", more than the " +
                            std::to_string(limit) + " a map may hold (" +
                            core::raiseHint(what == "sessions" ? core::Limit::MapSessions
                                                               : core::Limit::MapMarksPerSession) +
                            ")");
    }

    Session session(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        Session session;
        session.date = date(object, "date", true);
        session.notes = text(object, "notes");
        const json& points = array(object, "triggerPoints", false);
        limitCount(points.size(), maxMarksPerSession(), object.where("triggerPoints"),
                   "trigger points");
        for (size_t i = 0; i < points.size(); ++i)
            session.triggerPoints.push_back(triggerPoint(
                points[i], object.where("triggerPoints") + "[" + std::to_string(i) + "]"));
        const json& zones = array(object, "referredZones", false);
        limitCount(zones.size(), maxMarksPerSession(), object.where("referredZones"),
                   "referred-pain zones");
        for (size_t i = 0; i < zones.size(); ++i)
            session.referredZones.push_back(
                zone(zones[i], object.where("referredZones") + "[" + std::to_string(i) + "]"));
        const json& fields = array(object, "tension", false);
        for (size_t i = 0; i < fields.size(); ++i)
            session.tension.push_back(
                tension(fields[i], object.where("tension") + "[" + std::to_string(i) + "]"));
        if (const json* simulated = object.find("simulated"))
            session.simulated = simulatedRelease(*simulated, object.where("simulated"));
        finish(object);
        checkReferences(session, where);
        return session;
    }

    SimulatedRelease simulatedRelease(const json& value, const std::string& where) const {
        requireObject(value, where);
        ObjectReader object(value, where);
        SimulatedRelease record;
        record.treatment = text(object, "treatment", true);
        const json* released = object.find("released");
        if (!released)
            fail(object.where("released"), "missing (required)");
        requireObject(*released, object.where("released"));
        for (const auto& [id, fraction] : released->items()) {
            const std::string at = object.where("released") + "." + id;
            if (id.empty())
                fail(at, "a restriction needs its id");
            record.released[id] = static_cast<float>(number(fraction, at, 0.0, 1.0));
        }
        finish(object);
        return record;
    }

    void checkReferences(const Session& session, const std::string& where) const {
        std::set<std::string> ids;
        for (size_t i = 0; i < session.triggerPoints.size(); ++i)
            if (!ids.insert(session.triggerPoints[i].id).second)
                fail(where + ".triggerPoints[" + std::to_string(i) + "].id",
                     "\"" + session.triggerPoints[i].id + "\" is used twice");
        std::set<std::string> zoneIds;
        for (size_t i = 0; i < session.referredZones.size(); ++i)
            if (!zoneIds.insert(session.referredZones[i].id).second)
                fail(where + ".referredZones[" + std::to_string(i) + "].id",
                     "\"" + session.referredZones[i].id + "\" is used twice");
        for (size_t i = 0; i < session.triggerPoints.size(); ++i)
            for (size_t k = 0; k < session.triggerPoints[i].referredZones.size(); ++k)
                if (!zoneIds.count(session.triggerPoints[i].referredZones[k]))
                    fail(where + ".triggerPoints[" + std::to_string(i) + "].referredZones[" +
                             std::to_string(k) + "]",
                         "no zone \"" + session.triggerPoints[i].referredZones[k] +
                             "\" in this session's referredZones");
        std::set<std::string> structures;
        for (size_t i = 0; i < session.tension.size(); ++i)
            if (!structures.insert(session.tension[i].structure).second)
                fail(where + ".tension[" + std::to_string(i) + "].structure",
                     "\"" + session.tension[i].structure + "\" has two tension fields");
    }

    MapDocument document(const json& root) const {
        requireObject(root, "");
        ObjectReader object(root, "");
        const std::string format = text(object, "format", true);
        if (format != kMapFormatName)
            fail("format",
                 "expected \"" + std::string(kMapFormatName) + "\": this is not a FasciaLab map");
        const json* version = object.find("version");
        if (!version)
            fail("version", "missing (required)");
        const auto number = integer(*version, "version", 1, 1000000);
        if (number > kMapFormatVersion)
            fail("version", "this map was written by a newer FasciaLab (map format " +
                                std::to_string(number) + "); this version reads format " +
                                std::to_string(kMapFormatVersion) +
                                " and older. Update FasciaLab to open it.");
        MapDocument document;
        if (const json* client = object.find("client")) {
            requireObject(*client, "client");
            ObjectReader clientObject(*client, "client");
            document.info.clientName = text(clientObject, "name");
            document.info.clientId = text(clientObject, "id");
            finish(clientObject);
        }
        document.info.body = text(object, "body");
        document.info.notes = text(object, "notes");
        document.info.plan = text(object, "plan");
        const json& sessions = array(object, "sessions", true);
        if (sessions.empty())
            fail("sessions", "a map needs at least one session");
        limitCount(sessions.size(), maxSessions(), "sessions", "sessions");
        for (size_t i = 0; i < sessions.size(); ++i)
            document.sessions.push_back(
                session(sessions[i], "sessions[" + std::to_string(i) + "]"));
        finish(object);
        return document;
    }

private:
    std::string m_file;
};

// "line 12, column 5" for a byte offset into the text.
std::string lineAndColumn(std::string_view text, size_t byte) {
    byte = std::min(byte, text.size());
    size_t line = 1, column = 1;
    for (size_t i = 0; i < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Puts lists of plain numbers on one line ("[0.1, 0.2, 0.3]"): a tension field is thousands
// of numbers, and one per line would make files long and hard to read.
std::string compactNumberLists(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            continue;
        }
        if (c == '[') {
            const size_t close = text.find_first_of("[]{}\"", i + 1);
            if (close != std::string::npos && text[close] == ']') {
                out += '[';
                bool pendingSpace = false;
                for (size_t k = i + 1; k < close; ++k) {
                    const char d = text[k];
                    if (d == ' ' || d == '\n') {
                        continue;
                    }
                    if (pendingSpace)
                        out += ' ';
                    out += d;
                    pendingSpace = d == ',';
                }
                out += ']';
                i = close;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

std::string writeMapJson(const MapDocument& document) {
    json root;
    root["format"] = kMapFormatName;
    root["version"] = 1; // raised below when a session needs format 2
    root["client"] = {{"name", document.info.clientName}, {"id", document.info.clientId}};
    root["body"] = document.info.body;
    root["notes"] = document.info.notes;
    root["plan"] = document.info.plan;
    json sessions = json::array();
    for (const Session& session : document.sessions) {
        json points = json::array();
        for (const TriggerPoint& point : session.triggerPoints)
            points.push_back({{"id", point.id},
                              {"name", point.name},
                              {"anchor", anchorJson(point.anchor)},
                              {"state", stateId(point.state)},
                              {"severity", point.severity},
                              {"pain", point.pain},
                              {"referredZones", point.referredZones},
                              {"notes", point.notes},
                              {"found", point.found},
                              {"library", point.libraryId}});
        json zones = json::array();
        for (const ReferredZone& zone : session.referredZones)
            zones.push_back({{"id", zone.id},
                             {"name", zone.name},
                             {"essential", spotsJson(zone.essential)},
                             {"spillover", spotsJson(zone.spillover)}});
        json fields = json::array();
        for (const TensionField& field : session.tension) {
            json vertices = json::array(), values = json::array(), positions = json::array();
            for (const TensionSample& sample : field.samples) {
                vertices.push_back(sample.vertex);
                values.push_back(shortest(sample.value));
                for (int k = 0; k < 3; ++k)
                    positions.push_back(shortest(sample.position[k]));
            }
            fields.push_back({{"structure", field.structure},
                              {"vertices", vertices},
                              {"values", values},
                              {"positions", positions}});
        }
        json entry = {{"date", session.date},
                      {"notes", session.notes},
                      {"triggerPoints", points},
                      {"referredZones", zones},
                      {"tension", fields}};
        if (session.simulated) {
            json released = json::object();
            for (const auto& [id, fraction] : session.simulated->released)
                released[id] = shortest(fraction);
            entry["simulated"] = {{"treatment", session.simulated->treatment},
                                  {"released", released}};
            root["version"] = kMapFormatVersion;
        }
        sessions.push_back(entry);
    }
    root["sessions"] = sessions;
    return compactNumberLists(root.dump(1)) + "\n";
}

core::Result<MapDocument> readMapJson(std::string_view text, const std::string& fileName) {
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // nlohmann's message starts with its own error code; keep the human part.
        if (const size_t at = what.find("syntax error"); at != std::string::npos)
            what = what.substr(at);
        return core::badInput(fileName + ": " + lineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0) +
                              ": not valid JSON (" + what + "; truncated or damaged file?)");
    } catch (const json::exception& e) {
        return core::badInput(fileName + ": not valid JSON: " + e.what());
    }
    try {
        return MapReader(fileName).document(root);
    } catch (const ReadError& error) {
        return core::badInput(error.message);
    } catch (const json::exception& e) {
        return core::badInput(fileName + ": " + e.what());
    }
}

core::Status saveMap(const std::filesystem::path& path, const MapDocument& document) {
    return core::writeFileAtomically(path, writeMapJson(document));
}

std::uintmax_t maxMapBytes() {
    return static_cast<std::uintmax_t>(core::limitValue(core::Limit::MapMegabytes) * 1024.0 *
                                       1024.0);
}

std::size_t maxSessions() {
    return static_cast<std::size_t>(core::limitValue(core::Limit::MapSessions));
}

std::size_t maxMarksPerSession() {
    return static_cast<std::size_t>(core::limitValue(core::Limit::MapMarksPerSession));
}

core::Result<MapDocument> loadMap(const std::filesystem::path& path) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > maxMapBytes()) {
        const auto megabytes = [](std::uintmax_t bytes) {
            return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MB";
        };
        return core::badInput(path.string() + ": the file is " + megabytes(size) +
                              ", more than the " + megabytes(maxMapBytes()) +
                              " a map may be (a real map is kilobytes to a few megabytes); " +
                              core::raiseHint(core::Limit::MapMegabytes));
    }
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    return readMapJson(text, path.string());
}

std::filesystem::path recoveryPathFor(const std::filesystem::path& path) {
    return path.string() + ".recovery";
}

std::string recoveryAge(const std::filesystem::path& file, std::filesystem::file_time_type now) {
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(file, ec);
    if (ec)
        return {};
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - written).count();
    const auto count = [](long long n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
    };
    if (seconds < 60)
        return "less than a minute ago";
    if (seconds < 3600)
        return count(seconds / 60, "minute");
    if (seconds < 48 * 3600)
        return count(seconds / 3600, "hour");
    return count(seconds / 86400, "day");
}

} // namespace annotate
