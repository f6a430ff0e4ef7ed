// app: `fascialab info`, a model's layers, structures and counts, as text or JSON.
#include "app/Commands.h"

#include "anatomy/io/ModelLoader.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>

namespace app {
namespace {

constexpr const char* kInfoHelp = R"(Usage: fascialab info MODEL [--json]

Prints the model's layers, structures, triangle and vertex counts, size in metres, and what the
loader did to it (unit and axis conversions). --json prints the same as one JSON object.
Exit codes: 0 success, 1 usage error, 2 bad input (missing, malformed or unsupported file).
)";

} // namespace

int runInfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed = parseArguments(args, {}, {"--json", "--help"});
    if (!parsed) {
        err << "fascialab info: " << parsed.error().message << "\n" << kInfoHelp;
        return kExitUsage;
    }
    if (parsed->options.count("--help")) {
        out << kInfoHelp;
        return kExitOk;
    }
    if (parsed->positional.size() != 1) {
        err << "fascialab info: expected exactly one MODEL\n" << kInfoHelp;
        return kExitUsage;
    }
    auto body = loadModelArgument(parsed->positional[0]);
    if (!body) {
        err << "fascialab info: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const core::Aabb box = body->bounds();
    const glm::vec3 size = box.size();
    if (parsed->options.count("--json")) {
        nlohmann::ordered_json j;
        j["file"] = body->sourcePath;
        j["size_m"] = {size.x, size.y, size.z};
        j["bounds_m"] = {{"min", {box.min.x, box.min.y, box.min.z}},
                         {"max", {box.max.x, box.max.y, box.max.z}}};
        j["structure_count"] = body->structures().size();
        j["triangle_count"] = body->triangleCount();
        j["vertex_count"] = body->vertexCount();
        nlohmann::ordered_json layers = nlohmann::ordered_json::object();
        for (anatomy::LayerKind layer : anatomy::kAllLayers) {
            size_t triangles = 0;
            for (const auto& s : body->structures())
                triangles += s.layer == layer ? s.mesh.triangleCount() : 0;
            layers[std::string(anatomy::layerId(layer))] = {
                {"structures", body->structureCount(layer)}, {"triangles", triangles}};
        }
        j["layers"] = layers;
        nlohmann::ordered_json structures = nlohmann::ordered_json::array();
        for (const auto& s : body->structures())
            structures.push_back({{"name", s.name},
                                  {"display_name", s.displayName},
                                  {"layer", anatomy::layerId(s.layer)},
                                  {"side", anatomy::sideId(s.side)},
                                  {"latin", s.info.latin},
                                  {"region", s.info.region},
                                  {"triangles", s.mesh.triangleCount()},
                                  {"vertices", s.mesh.vertexCount()}});
        j["structures"] = structures;
        j["notes"] = body->importNotes;
        out << j.dump(2) << "\n";
        return kExitOk;
    }
    out << "File:        " << body->sourcePath << "\n";
    out << "Size:        " << fixed(size.x, 3) << " m wide, " << fixed(size.y, 3) << " m tall, "
        << fixed(size.z, 3) << " m deep\n";
    out << "Structures:  " << body->structures().size() << " (" << body->triangleCount()
        << " triangles, " << body->vertexCount() << " vertices)\n";
    out << "Layers:\n";
    for (anatomy::LayerKind layer : anatomy::kAllLayers) {
        const size_t count = body->structureCount(layer);
        if (count > 0)
            out << "  " << std::left << std::setw(20) << anatomy::layerId(layer) << count
                << (count == 1 ? " structure\n" : " structures\n");
    }
    out << "Structures (layer/name/side, triangles, label):\n";
    for (const auto& s : body->structures())
        out << "  " << std::left << std::setw(48) << anatomy::structureKey(s) << std::setw(9)
            << s.mesh.triangleCount() << s.displayName << "\n";
    out << "Notes:\n";
    for (const auto& note : body->importNotes)
        out << "  " << note << "\n";
    return kExitOk;
}

} // namespace app
