// Reading the trigger-point library from its files (docs/library-format.md): library.json,
// places.json and one file per body region, read strictly, every problem named by file and field.
#include "annotate/EmbeddedLibrary.h"
#include "annotate/Library.h"
#include "core/FileUtil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <regex>
#include <set>

namespace annotate {

namespace {

using json = nlohmann::json;

// Thrown while reading; turned into a bad-input error naming the file.
struct LibraryError {
    std::string message;
};

constexpr const char* kPositionForms =
    "expected [x, y, z] in fractions of stature, a place name, {\"between\": [A, B], \"t\": s} "
    "or {\"place\": NAME, \"offset\": [dx, dy, dz]}";

glm::vec3 readFractions(const json& value, const std::string& where) {
    if (!value.is_array() || value.size() != 3 ||
        !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_number(); }))
        throw LibraryError{where + ": " + kPositionForms};
    const glm::vec3 v(value[0].get<float>(), value[1].get<float>(), value[2].get<float>());
    if (!glm::all(glm::lessThanEqual(glm::abs(v), glm::vec3(1.5f))))
        throw LibraryError{where + ": fractions of stature must lie within ±1.5"};
    return v;
}

std::string readText(const json& object, const char* field, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end() || !it->is_string() || it->get<std::string>().empty())
        throw LibraryError{where + "." + field + ": expected non-empty text"};
    return it->get<std::string>();
}

std::string readOptionalText(const json& object, const char* field, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end())
        return {};
    if (!it->is_string())
        throw LibraryError{where + "." + field + ": expected text"};
    return it->get<std::string>();
}

// Resolves the position forms of docs/library-format.md against the named places.
class PositionReader {
public:
    explicit PositionReader(const std::vector<LibraryPlace>& places) : m_places(places) {}

    glm::vec3 read(const json& value, const std::string& where) const {
        if (value.is_string())
            return place(value.get<std::string>(), where);
        if (value.is_array())
            return readFractions(value, where);
        if (value.is_object() && value.contains("between")) {
            const json& ends = value["between"];
            if (!ends.is_array() || ends.size() != 2)
                throw LibraryError{where + ".between: expected two positions"};
            const auto t = value.find("t");
            if (t == value.end() || !t->is_number())
                throw LibraryError{where + ".t: expected the share of the way from the first "
                                           "position to the second, 0 to 1"};
            const float share = t->get<float>();
            if (!(share >= 0.0f && share <= 1.0f))
                throw LibraryError{where + ".t: expected a share from 0 to 1"};
            return glm::mix(read(ends[0], where + ".between[0]"),
                            read(ends[1], where + ".between[1]"), share);
        }
        if (value.is_object() && value.contains("place")) {
            const auto offset = value.find("offset");
            if (offset == value.end())
                throw LibraryError{where + ".offset: expected [dx, dy, dz] in fractions of stature"};
            const glm::vec3 delta = readFractions(*offset, where + ".offset");
            if (glm::length(delta) > 0.2f)
                throw LibraryError{where + ".offset: an offset beyond 0.2 of stature is no "
                                           "longer near the place; name another place"};
            return read(value["place"], where + ".place") + delta;
        }
        throw LibraryError{where + ": " + kPositionForms};
    }

private:
    glm::vec3 place(const std::string& name, const std::string& where) const {
        for (const LibraryPlace& p : m_places)
            if (p.name == name)
                return p.at;
        throw LibraryError{where + ": no place \"" + name + "\" in places.json"};
    }

    const std::vector<LibraryPlace>& m_places;
};

std::vector<LibraryShape> readShapes(const json& object, const char* field,
                                     const PositionReader& positions, const std::string& where) {
    std::vector<LibraryShape> shapes;
    const auto it = object.find(field);
    if (it == object.end())
        return shapes;
    if (!it->is_array())
        throw LibraryError{where + "." + field + ": expected a list of discs and bands"};
    for (size_t i = 0; i < it->size(); ++i) {
        const std::string at = where + "." + field + "[" + std::to_string(i) + "]";
        const json& shape = (*it)[i];
        if (!shape.is_object())
            throw LibraryError{at + ": expected {\"at\": POSITION, \"radius\": r} or "
                                    "{\"along\": [POSITION, ...], \"width\": w}"};
        LibraryShape s;
        if (shape.contains("along")) {
            const json& along = shape["along"];
            if (!along.is_array() || along.size() < 2)
                throw LibraryError{at + ".along: a band needs at least two positions"};
            for (size_t k = 0; k < along.size(); ++k)
                s.path.push_back(positions.read(along[k], at + ".along[" + std::to_string(k) + "]"));
            const auto width = shape.find("width");
            if (width == shape.end() || !width->is_number())
                throw LibraryError{at + ".width: expected the band's width, a fraction of stature"};
            s.radius = 0.5f * width->get<float>();
            if (!(s.radius > 0.0f && s.radius <= 0.05f))
                throw LibraryError{at + ".width: expected a fraction of stature above 0, at most "
                                        "0.1"};
        } else {
            if (!shape.contains("at"))
                throw LibraryError{at + ": expected \"at\" (a disc) or \"along\" (a band)"};
            s.path.push_back(positions.read(shape["at"], at + ".at"));
            const auto radius = shape.find("radius");
            if (radius == shape.end() || !radius->is_number())
                throw LibraryError{at + ".radius: expected the disc's radius, a fraction of stature"};
            s.radius = radius->get<float>();
            if (!(s.radius > 0.0f && s.radius < 0.2f))
                throw LibraryError{at + ".radius: expected a fraction of stature from 0 to 0.2"};
        }
        shapes.push_back(std::move(s));
    }
    return shapes;
}

void readSources(const json& root, std::map<std::string, std::string>& sources,
                 const std::string& where) {
    const auto it = root.find("sources");
    if (it == root.end())
        return;
    if (!it->is_object())
        throw LibraryError{where + "sources: expected an object of key: reference"};
    for (const auto& [key, value] : it->items()) {
        if (!value.is_string() || value.get<std::string>().empty())
            throw LibraryError{where + "sources." + key + ": expected the reference as text"};
        const auto [existing, added] = sources.emplace(key, value.get<std::string>());
        if (!added && existing->second != value.get<std::string>())
            throw LibraryError{where + "sources." + key +
                               ": the key is defined elsewhere with other text"};
    }
}

std::vector<LibraryPlace> readPlaces(const json& root) {
    std::vector<LibraryPlace> places;
    const auto it = root.find("places");
    if (it == root.end() || !it->is_object())
        throw LibraryError{"places: expected an object of name: {at, description}"};
    static const std::regex kName("[a-z0-9]+(-[a-z0-9]+)*");
    for (const auto& [name, value] : it->items()) {
        const std::string where = "places." + name;
        if (!std::regex_match(name, kName))
            throw LibraryError{where + ": a place's name is lower-case words joined by hyphens"};
        if (!value.is_object())
            throw LibraryError{where + ": expected {\"at\": [x, y, z], \"description\": text}"};
        LibraryPlace place;
        place.name = name;
        place.at = readFractions(value.value("at", json()), where + ".at");
        place.description = readText(value, "description", where);
        places.push_back(std::move(place));
    }
    return places;
}

// The number a trigger point's id or name ends with ("TrP3"), if any.
std::string trpNumber(const std::string& text) {
    static const std::regex kTrp("TrP[0-9]+$");
    std::smatch match;
    return std::regex_search(text, match, kTrp) ? match.str() : std::string();
}

LibraryPoint readPoint(const json& p, const PositionReader& positions,
                       const std::map<std::string, std::string>& sources, const std::string& where) {
    if (!p.is_object())
        throw LibraryError{where + ": expected a trigger point object"};
    LibraryPoint point;
    point.id = readText(p, "id", where);
    point.muscle = readText(p, "muscle", where);
    point.name = readText(p, "name", where);
    const std::string number = trpNumber(point.id);
    if (number.empty() || point.id.find('/') == std::string::npos)
        throw LibraryError{where + ".id: expected <muscle>/TrP<n>, found \"" + point.id + "\""};
    if (trpNumber(point.name) != number)
        throw LibraryError{where + ".name: \"" + point.name + "\" should end with " + number +
                           " as its id does"};
    for (const json& former : p.value("formerIds", json::array())) {
        if (!former.is_string())
            throw LibraryError{where + ".formerIds: expected a list of ids"};
        point.formerIds.push_back(former.get<std::string>());
    }
    if (!p.contains("at"))
        throw LibraryError{where + ".at: expected the point's position"};
    point.at = positions.read(p["at"], where + ".at");
    point.depth = readOptionalText(p, "depth", where);
    if (!point.depth.empty() && point.depth != "superficial" && point.depth != "deep" &&
        point.depth != "cavity")
        throw LibraryError{where + ".depth: expected superficial, deep or cavity"};
    point.depthNote = readOptionalText(p, "depthNote", where);
    point.essential = readShapes(p, "essential", positions, where);
    point.spillover = readShapes(p, "spillover", positions, where);
    if (point.essential.empty())
        throw LibraryError{where + ".essential: a referred-pain pattern needs an essential zone"};
    point.symptoms = readText(p, "symptoms", where);
    point.perpetuating = readOptionalText(p, "perpetuating", where);
    point.selfCare = readText(p, "selfCare", where);
    const json list = p.value("sources", json::array());
    if (!list.is_array())
        throw LibraryError{where + ".sources: expected a list of source keys"};
    for (const json& source : list) {
        const std::string key = source.is_string() ? source.get<std::string>() : std::string();
        if (!sources.count(key))
            throw LibraryError{where + ".sources: no source \"" + key + "\" in sources"};
        point.sources.push_back(key);
    }
    if (point.sources.empty())
        throw LibraryError{where + ".sources: every entry cites at least one source"};
    return point;
}

json parseJson(const std::optional<std::string>& text) {
    if (!text)
        throw LibraryError{"the file is missing"};
    try {
        return json::parse(*text);
    } catch (const json::exception& e) {
        throw LibraryError{std::string("not valid JSON: ") + e.what()};
    }
}

} // namespace

const LibraryPoint* Library::find(std::string_view id) const {
    for (const LibraryPoint& point : points)
        if (point.id == id)
            return &point;
    for (const LibraryPoint& point : points)
        if (std::find(point.formerIds.begin(), point.formerIds.end(), id) != point.formerIds.end())
            return &point;
    return nullptr;
}

const LibraryPlace* Library::findPlace(std::string_view name) const {
    for (const LibraryPlace& place : places)
        if (place.name == name)
            return &place;
    return nullptr;
}

std::vector<std::string> Library::muscles() const {
    std::vector<std::string> names;
    for (const LibraryPoint& point : points)
        if (std::find(names.begin(), names.end(), point.muscle) == names.end())
            names.push_back(point.muscle);
    return names;
}

core::Result<Library> readLibrary(const LibraryFileOpener& open, const std::string& folder) {
    std::string file = "library.json";
    try {
        Library library;
        const json root = parseJson(open(file));
        if (!root.is_object())
            throw LibraryError{"expected an object"};
        library.about = readText(root, "about", "library");
        library.centreZ = root.value("frame", json::object()).value("centreZ", 0.0f);
        readSources(root, library.sources, "");
        const json regions = root.value("regions", json());
        if (!regions.is_array() || regions.empty())
            throw LibraryError{"regions: expected the list of region files"};

        file = "places.json";
        library.places = readPlaces(parseJson(open(file)));
        const PositionReader positions(library.places);

        std::set<std::string> ids;
        for (const json& region : regions) {
            if (!region.is_string())
                throw LibraryError{"regions: expected names of files in trigger-points/"};
            const std::string name = region.get<std::string>();
            file = "trigger-points/" + name + ".json";
            const json part = parseJson(open(file));
            if (!part.is_object() || !part.contains("triggerPoints") ||
                !part["triggerPoints"].is_array())
                throw LibraryError{"triggerPoints: expected a list of trigger points"};
            readSources(part, library.sources, "");
            const json& points = part["triggerPoints"];
            for (size_t i = 0; i < points.size(); ++i) {
                const std::string where = "triggerPoints[" + std::to_string(i) + "]";
                LibraryPoint point = readPoint(points[i], positions, library.sources, where);
                point.region = name;
                for (const std::string& id : point.formerIds)
                    if (!ids.insert(id).second)
                        throw LibraryError{where + ".formerIds: \"" + id + "\" is used twice"};
                if (!ids.insert(point.id).second)
                    throw LibraryError{where + ".id: \"" + point.id + "\" is used twice"};
                library.points.push_back(std::move(point));
            }
        }
        return library;
    } catch (const LibraryError& e) {
        return core::badInput(folder + "/" + file + ": " + e.message);
    } catch (const json::exception& e) {
        return core::badInput(folder + "/" + file + ": " + e.what());
    }
}

core::Result<Library> readLibraryFolder(const std::string& folder) {
    return readLibrary(
        [&](const std::string& path) -> std::optional<std::string> {
            auto bytes = core::readFileBytes(std::filesystem::path(folder) / path);
            if (!bytes)
                return std::nullopt;
            return std::string(bytes.value().begin(), bytes.value().end());
        },
        folder);
}

const Library& referenceLibrary() {
    static const Library library = [] {
        auto parsed = readLibrary(
            [](const std::string& path) -> std::optional<std::string> {
                // Embedded by file name: library.json, places.json, head-neck.json, ...
                const std::string name = std::filesystem::path(path).filename().string();
                const std::string_view text = core::findEmbedded(embeddedFiles(), name);
                if (text.empty())
                    return std::nullopt;
                return std::string(text);
            },
            "assets/library");
        assert(parsed.ok() && "the embedded library is checked by the tests");
        return parsed.ok() ? std::move(parsed).value() : Library{};
    }();
    return library;
}

} // namespace annotate
