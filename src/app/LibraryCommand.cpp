// app: `fascialab library`, the trigger-point library from the command line: its points, where
// it hurts (the reverse lookup), its named places, and a check of an edited copy.
#include "app/Commands.h"

#include "annotate/Library.h"
#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>
#include <sstream>

namespace app {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kLibraryHelp = R"(Usage: fascialab library [--json]
       fascialab library --pain-at PLACE [--json] [MODEL]
       fascialab library --places [--json]
       fascialab library --check DIR [MODEL]

The reference library of common myofascial trigger points: for teaching and communication, not
diagnosis.
  (no option)      every point: id, name, muscle, region and depth
  --pain-at PLACE  the points whose referred pain reaches PLACE, ranked: essential zones first
                   (where nearly everyone with the point feels it), then spillover zones, nearer
                   first. PLACE is a named place with its side (temple/left, lateral-elbow/right;
                   see --places) or x,y,z in metres on the body
  --places         the named places on the skin
  --check DIR      reads the library in DIR (a copy being edited, laid out as assets/library and
                   docs/library-format.md say) and checks it on the body: every muscle found,
                   every point on its muscle, every zone on the skin, bands unbroken, no self-care
                   sentence shared
  --json           one JSON object instead of text
Exit codes: 0 success, 1 usage error, 2 bad input (an unknown place, a library with problems).
)";

std::string centimetres(float metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f cm", static_cast<double>(metres) * 100.0);
    return text;
}

ordered_json pathJson(const annotate::LibraryShape& shape) {
    ordered_json path = ordered_json::array();
    for (const glm::vec3& p : shape.path)
        path.push_back({p.x, p.y, p.z});
    return {{"path", path}, {"radius", shape.radius}};
}

ordered_json pointJson(const annotate::Library& library, const annotate::LibraryPoint& point) {
    ordered_json j;
    j["id"] = point.id;
    j["name"] = point.name;
    j["muscle"] = point.muscle;
    j["region"] = point.region;
    j["at"] = {point.at.x, point.at.y, point.at.z};
    if (!point.depth.empty())
        j["depth"] = point.depth;
    if (!point.depthNote.empty())
        j["depthNote"] = point.depthNote;
    for (const auto& [field, shapes] :
         {std::pair{"essential", &point.essential}, std::pair{"spillover", &point.spillover}}) {
        ordered_json list = ordered_json::array();
        for (const annotate::LibraryShape& shape : *shapes)
            list.push_back(pathJson(shape));
        j[field] = list;
    }
    j["symptoms"] = point.symptoms;
    if (!point.perpetuating.empty())
        j["perpetuating"] = point.perpetuating;
    j["selfCare"] = point.selfCare;
    ordered_json sources = ordered_json::array();
    for (const std::string& key : point.sources)
        sources.push_back({{"key", key}, {"reference", library.sources.at(key)}});
    j["sources"] = sources;
    return j;
}

int listPoints(const annotate::Library& library, bool json, std::ostream& out) {
    if (json) {
        ordered_json j;
        j["about"] = library.about;
        j["muscles"] = library.muscles().size();
        ordered_json points = ordered_json::array();
        for (const annotate::LibraryPoint& point : library.points)
            points.push_back(pointJson(library, point));
        j["triggerPoints"] = points;
        out << j.dump(2) << "\n";
        return kExitOk;
    }
    out << library.points.size() << " trigger points in " << library.muscles().size()
        << " muscles (for teaching and communication, not diagnosis)\n";
    std::string region;
    for (const annotate::LibraryPoint& point : library.points) {
        if (point.region != region) {
            region = point.region;
            out << "\n" << region << "\n";
        }
        out << "  " << point.id << std::string(point.id.size() < 40 ? 40 - point.id.size() : 1, ' ')
            << point.name << " (" << point.muscle << (point.depth.empty() ? "" : ", " + point.depth)
            << ")\n";
    }
    return kExitOk;
}

int listPlaces(const annotate::Library& library, bool json, std::ostream& out) {
    if (json) {
        ordered_json places = ordered_json::array();
        for (const annotate::LibraryPlace& place : library.places)
            places.push_back({{"name", place.name},
                              {"description", place.description},
                              {"midline", place.at.x == 0.0f},
                              {"at", {place.at.x, place.at.y, place.at.z}}});
        out << ordered_json{{"places", places}}.dump(2) << "\n";
        return kExitOk;
    }
    out << "Named places on the skin; give a side (temple/left) except on the midline.\n";
    for (const annotate::LibraryPlace& place : library.places)
        out << "  " << place.name
            << std::string(place.name.size() < 26 ? 26 - place.name.size() : 1, ' ')
            << place.description << (place.at.x == 0.0f ? " (midline)" : "") << "\n";
    return kExitOk;
}

// PLACE as a position on the body: a named place with its side, or x,y,z in metres.
core::Result<std::pair<std::string, glm::vec3>>
painPosition(const annotate::Library& library, const anatomy::Body& body, const std::string& text) {
    float x = 0.0f, y = 0.0f, z = 0.0f;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%f,%f,%f%c", &x, &y, &z, &tail) == 3)
        return std::pair{text + " m", glm::vec3(x, y, z)};
    const size_t slash = text.find('/');
    const std::string name = text.substr(0, slash);
    const std::string sideText = slash == std::string::npos ? "" : text.substr(slash + 1);
    const annotate::LibraryPlace* place = library.findPlace(name);
    if (!place)
        return core::badInput("--pain-at: no place \"" + name +
                              "\" (fascialab library --places lists them; or give x,y,z in "
                              "metres)");
    anatomy::Side side = anatomy::Side::Left;
    if (sideText == "right")
        side = anatomy::Side::Right;
    else if (sideText != "left" && !(sideText.empty() && place->at.x == 0.0f))
        return core::usageError("--pain-at: \"" + text + "\" needs a side: " + name + "/left or " +
                                name + "/right");
    const std::string label =
        place->description +
        (place->at.x == 0.0f ? "" : " (" + std::string(anatomy::sideId(side)) + ")");
    return std::pair{label, annotate::placeOnBody(body, library, place->at, side)};
}

int painAt(const annotate::Library& library, const Arguments& arguments, bool json,
           std::ostream& out, std::ostream& err) {
    auto body = loadBodyArgument(arguments);
    if (!body) {
        err << "fascialab library: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    auto position = painPosition(library, *body, arguments.options.at("--pain-at"));
    if (!position) {
        err << "fascialab library: " << position.error().message << "\n";
        return exitCodeFor(position.error());
    }
    const anatomy::BodyBvh bvh(*body);
    const auto placed = annotate::placeLibrary(*body, bvh, library);
    const auto referrals = annotate::pointsReferringTo(placed, position->second);
    if (json) {
        ordered_json list = ordered_json::array();
        for (const annotate::Referral& r : referrals) {
            const annotate::PlacedPoint& p = placed[r.placed];
            list.push_back({{"id", p.entry->id},
                            {"name", p.entry->name},
                            {"side", anatomy::sideId(p.side)},
                            {"muscle", p.entry->muscle},
                            {"zone", r.essential ? "essential" : "spillover"},
                            {"distance_m", r.distanceM}});
        }
        const glm::vec3 at = position->second;
        out << ordered_json{{"place", position->first},
                            {"position_m", {at.x, at.y, at.z}},
                            {"referrals", list}}
                   .dump(2)
            << "\n";
        return kExitOk;
    }
    out << "Pain at " << position->first << ": " << referrals.size()
        << (referrals.size() == 1 ? " trigger point refers" : " trigger points refer")
        << " there (for teaching and communication, not diagnosis).\n";
    for (const annotate::Referral& r : referrals) {
        const annotate::PlacedPoint& p = placed[r.placed];
        const std::string name = p.displayName();
        out << "  " << (r.essential ? "essential " : "spillover ") << name
            << std::string(name.size() < 44 ? 44 - name.size() : 1, ' ') << p.entry->id << ", "
            << centimetres(r.distanceM) << " from the zone's centre\n";
    }
    return kExitOk;
}

int checkLibraryFolder(const Arguments& arguments, std::ostream& out, std::ostream& err) {
    const std::string folder = arguments.options.at("--check");
    auto library = annotate::readLibraryFolder(folder);
    if (!library) {
        err << "fascialab library: " << library.error().message << "\n";
        return exitCodeFor(library.error());
    }
    auto body = loadBodyArgument(arguments);
    if (!body) {
        err << "fascialab library: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const anatomy::BodyBvh bvh(*body);
    const auto placed = annotate::placeLibrary(*body, bvh, *library);
    const auto problems = annotate::libraryProblems(*library, placed);
    for (const std::string& problem : problems)
        err << folder << ": " << problem << "\n";
    out << folder << ": " << library->points.size() << " trigger points in "
        << library->muscles().size() << " muscles, " << library->places.size() << " places, "
        << library->sources.size() << " sources; " << problems.size()
        << (problems.size() == 1 ? " problem" : " problems") << " on the body\n";
    return problems.empty() ? kExitOk : kExitBadInput;
}

} // namespace

int runLibrary(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--pain-at", "--check"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--json", "--places", "--help"});
    if (!parsed) {
        err << "fascialab library: " << parsed.error().message << "\n"
            << withBodyOptions(kLibraryHelp);
        return kExitUsage;
    }
    const auto& options = parsed->options;
    if (options.count("--help")) {
        out << withBodyOptions(kLibraryHelp);
        return kExitOk;
    }
    const int modes = int(options.count("--pain-at")) + int(options.count("--places")) +
                      int(options.count("--check"));
    if (modes > 1) {
        err << "fascialab library: --pain-at, --places and --check are separate questions; "
               "ask one at a time\n";
        return kExitUsage;
    }
    if (parsed->positional.size() > 1 ||
        (!parsed->positional.empty() && !options.count("--pain-at") && !options.count("--check"))) {
        err << "fascialab library: a MODEL is only used by --pain-at and --check\n";
        return kExitUsage;
    }
    const bool json = options.count("--json") > 0;
    if (options.count("--check"))
        return checkLibraryFolder(*parsed, out, err);
    const annotate::Library& library = annotate::referenceLibrary();
    if (options.count("--places"))
        return listPlaces(library, json, out);
    if (options.count("--pain-at"))
        return painAt(library, *parsed, json, out, err);
    return listPoints(library, json, out);
}

} // namespace app
