#include "anatomy/atlas/AtlasData.h"

#include "anatomy/atlas/EmbeddedData.h"
#include "core/FileUtil.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace anatomy::atlas {
namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t'))
        fields.push_back(field);
    return fields;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (c == ' ') {
            if (!word.empty())
                out.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

} // namespace

core::Result<std::vector<AtlasPart>> readPartsList(const std::filesystem::path& path) {
    const std::string file = path.string();
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    std::istringstream in(std::string(bytes->begin(), bytes->end()));
    std::string line;
    std::vector<AtlasPart> parts;
    std::set<std::string> seenFiles;
    int lineNumber = 0;
    bool header = true;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        const auto fields = splitTabs(line);
        if (header) {
            header = false;
            if (fields.size() < 5 || fields[0] != "file" || fields[2] != "fma")
                return core::badInput(file + ": line " + std::to_string(lineNumber) +
                                      " is not the header "
                                      "'file, fj, fma, name, system'");
            continue;
        }
        if (fields.size() != 5)
            return core::badInput(file + ": line " + std::to_string(lineNumber) + " has " +
                                  std::to_string(fields.size()) + " fields, expected 5");
        AtlasPart part{fields[0], fields[1], fields[2], fields[3], fields[4]};
        if (part.fj.empty() || part.name.empty() || part.system.empty())
            return core::badInput(file + ": line " + std::to_string(lineNumber) +
                                  ": the FJ id, name and system must not be empty");
        if (!seenFiles.insert(part.file).second)
            return core::badInput(file + ": line " + std::to_string(lineNumber) + ": " + part.file +
                                  " is listed twice");
        if (part.file.find("..") != std::string::npos || part.file.empty() ||
            part.file.front() == '/')
            return core::badInput(file + ": line " + std::to_string(lineNumber) +
                                  ": the part's file must lie inside the atlas directory");
        if (part.fma.size() < 4 || part.fma.rfind("FMA", 0) != 0 ||
            part.fma.find_first_not_of("0123456789", 3) != std::string::npos)
            return core::badInput(file + ": line " + std::to_string(lineNumber) + ": '" + part.fma +
                                  "' is not an FMA id");
        parts.push_back(std::move(part));
    }
    if (parts.empty())
        return core::badInput(file + ": lists no parts");
    return parts;
}

const MuscleRecord* MuscleCatalogue::findMuscle(std::string_view id) const {
    for (const MuscleRecord& m : muscles)
        if (m.id == id)
            return &m;
    return nullptr;
}

core::Result<MuscleCatalogue> readMuscleCatalogue(std::string_view json,
                                                  const std::string& fileName) {
    auto fail = [&](const std::string& what) { return core::badInput(fileName + ": " + what); };
    const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return fail("not valid JSON");
    if (!doc.contains("muscles") || !doc["muscles"].is_array())
        return fail("has no \"muscles\" array");
    MuscleCatalogue catalogue;
    auto text = [](const nlohmann::json& o, const char* key) -> std::string {
        if (!o.contains(key) || !o[key].is_string())
            return {};
        return o[key].get<std::string>();
    };
    size_t index = 0;
    for (const nlohmann::json& m : doc["muscles"]) {
        const std::string where = "muscle " + std::to_string(index);
        if (!m.is_object())
            return fail(where + " is not an object");
        MuscleRecord record;
        record.id = text(m, "id");
        if (record.id.empty())
            return fail(where + " has no id");
        const std::string at = "muscle '" + record.id + "'";
        record.name = text(m, "name");
        record.latin = text(m, "latin");
        record.region = text(m, "region");
        record.shape = text(m, "shape");
        record.kind = m.contains("kind") ? text(m, "kind") : "muscle";
        record.group = text(m, "group");
        if (m.contains("modelled") && !m["modelled"].is_boolean())
            return fail(where + ": \"modelled\" must be true or false");
        record.modelled = m.value("modelled", false);
        record.origin = text(m, "origin");
        record.insertion = text(m, "insertion");
        record.action = text(m, "action");
        record.innervation = text(m, "innervation");
        if (record.name.empty() || record.region.empty())
            return fail(at + " lacks its name or region");
        if (catalogue.findMuscle(record.id))
            return fail(at + " appears twice");
        // A "fibreAxis": three numbers, not all zero.
        const auto readAxis = [](const nlohmann::json& holder,
                                 std::optional<glm::vec3>& out) -> std::string {
            if (!holder.contains("fibreAxis"))
                return {};
            const auto& axis = holder["fibreAxis"];
            if (!axis.is_array() || axis.size() != 3 || !axis[0].is_number() ||
                !axis[1].is_number() || !axis[2].is_number())
                return "fibreAxis must be three numbers";
            const glm::vec3 v(axis[0].get<float>(), axis[1].get<float>(), axis[2].get<float>());
            if (!(glm::length(v) >= 1e-3f) || !std::isfinite(glm::length(v)))
                return "fibreAxis has no direction";
            out = glm::normalize(v);
            return {};
        };
        if (const std::string problem = readAxis(m, record.fibreAxis); !problem.empty())
            return fail(at + ": " + problem);
        if (!m.contains("parts") || !m["parts"].is_array() || m["parts"].empty())
            return fail(at + " has no parts");
        for (const nlohmann::json& p : m["parts"]) {
            MusclePart part;
            part.id = text(p, "id");
            if (part.id.empty())
                return fail(at + " has a part without an id");
            part.name = p.contains("name") ? text(p, "name") : record.name;
            part.latin = p.contains("latin") ? text(p, "latin") : record.latin;
            if (const std::string problem = readAxis(p, part.fibreAxis); !problem.empty())
                return fail(at + ", part '" + part.id + "': " + problem);
            if (!p.contains("fma") || !p["fma"].is_array())
                return fail(at + ", part '" + part.id + "' has no \"fma\" list");
            for (const auto& fma : p["fma"]) {
                if (!fma.is_string())
                    return fail(at + ", part '" + part.id + "': an FMA id is not a string");
                part.fma.push_back(fma.get<std::string>());
            }
            record.parts.push_back(std::move(part));
        }
        catalogue.muscles.push_back(std::move(record));
        ++index;
    }
    for (size_t mi = 0; mi < catalogue.muscles.size(); ++mi)
        for (size_t pi = 0; pi < catalogue.muscles[mi].parts.size(); ++pi)
            for (const std::string& fma : catalogue.muscles[mi].parts[pi].fma)
                if (!catalogue.byFma.emplace(fma, MuscleCatalogue::Where{mi, pi}).second)
                    return fail(fma + " is listed in two parts");
    return catalogue;
}

const MuscleCatalogue& builtInMuscleCatalogue() {
    static const MuscleCatalogue catalogue = [] {
        auto read = readMuscleCatalogue(core::findEmbedded(embeddedFiles(), "atlas-muscles.json"),
                                        "atlas-muscles.json (built in)");
        // The file is ours and checked by the tests; a broken copy is a build error.
        if (!read)
            throw std::logic_error(read.error().message);
        return std::move(*read);
    }();
    return catalogue;
}

std::optional<Side> sideFromEnglishName(std::string_view name) {
    for (const std::string& w : words(name)) {
        if (w == "left")
            return Side::Left;
        if (w == "right")
            return Side::Right;
    }
    return std::nullopt;
}

std::string withoutSide(std::string_view name) {
    std::string out;
    for (const std::string& w : words(name)) {
        if (w == "left" || w == "right")
            continue;
        if (!out.empty())
            out += ' ';
        out += w;
    }
    return out;
}

std::string identifierFromName(std::string_view name) {
    std::string out;
    for (char c : withoutSide(name)) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

} // namespace anatomy::atlas
