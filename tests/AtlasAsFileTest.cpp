// An atlas opened as an ordinary file: BodyParts3D's muscle and bone parts merged into one glTF
// with their English names as node names, as other atlas tools export them, are sorted into
// layers by the layer-name rules alone.
#include "AtlasFixture.h"
#include "TestSupport.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

namespace {

// One GLB, a node and a mesh per part (plain float positions and 32-bit indices).
void writeMergedGlb(const std::filesystem::path& path,
                    const std::vector<std::pair<std::string, anatomy::SurfaceMesh>>& parts) {
    std::string bin;
    nlohmann::json nodes = nlohmann::json::array(), meshes = nlohmann::json::array(),
                   accessors = nlohmann::json::array(), views = nlohmann::json::array();
    auto append = [&](const void* data, size_t bytes) {
        const size_t offset = bin.size();
        bin.append(static_cast<const char*>(data), bytes);
        bin.resize((bin.size() + 3) / 4 * 4, '\0');
        views.push_back({{"buffer", 0}, {"byteOffset", offset}, {"byteLength", bytes}});
        return views.size() - 1;
    };
    for (const auto& [name, mesh] : parts) {
        glm::vec3 lo(1e9f), hi(-1e9f);
        for (const glm::vec3& p : mesh.positions) {
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
        const size_t positions =
            append(mesh.positions.data(), mesh.positions.size() * sizeof(glm::vec3));
        const size_t indices =
            append(mesh.indices.data(), mesh.indices.size() * sizeof(std::uint32_t));
        accessors.push_back({{"bufferView", positions},
                             {"componentType", 5126},
                             {"count", mesh.positions.size()},
                             {"type", "VEC3"},
                             {"min", {lo.x, lo.y, lo.z}},
                             {"max", {hi.x, hi.y, hi.z}}});
        accessors.push_back({{"bufferView", indices},
                             {"componentType", 5125},
                             {"count", mesh.indices.size()},
                             {"type", "SCALAR"}});
        nlohmann::json primitive = {{"attributes", {{"POSITION", accessors.size() - 2}}},
                                    {"indices", accessors.size() - 1}};
        meshes.push_back({{"primitives", nlohmann::json::array({primitive})}});
        nodes.push_back({{"name", name}, {"mesh", meshes.size() - 1}});
    }
    nlohmann::json roots = nlohmann::json::array();
    for (size_t i = 0; i < nodes.size(); ++i)
        roots.push_back(i);
    const nlohmann::json gltf = {{"asset", {{"version", "2.0"}}},
                                 {"scene", 0},
                                 {"scenes", {{{"nodes", roots}}}},
                                 {"nodes", nodes},
                                 {"meshes", meshes},
                                 {"accessors", accessors},
                                 {"bufferViews", views},
                                 {"buffers", {{{"byteLength", bin.size()}}}}};
    std::string json = gltf.dump();
    json.resize((json.size() + 3) / 4 * 4, ' ');
    auto u32 = [](size_t v) {
        const auto x = static_cast<std::uint32_t>(v);
        return std::string(reinterpret_cast<const char*>(&x), 4);
    };
    std::ofstream out(path, std::ios::binary);
    out << "glTF" << u32(2) << u32(12 + 8 + json.size() + 8 + bin.size()) << u32(json.size())
        << "JSON" << json << u32(bin.size()) << std::string("BIN\0", 4) << bin;
}

} // namespace

TEST_CASE("BodyParts3D's parts opened as one file sort into layers by their English names",
          "[atlas][layer-names]") {
    auto parts = anatomy::atlas::readPartsList(test::atlasDirectory() / "parts.tsv");
    REQUIRE(parts.ok());
    std::vector<std::pair<std::string, anatomy::SurfaceMesh>> merged;
    std::vector<std::string> systems;
    for (const auto& part : *parts) {
        if (part.system != "muscle" && part.system != "bone")
            continue;
        auto body = anatomy::io::loadGltfGeometry(test::atlasDirectory() / part.file);
        REQUIRE(body.ok());
        merged.emplace_back(part.name, body->structures()[0].mesh);
        systems.push_back(part.system);
    }
    const auto path = test::makeTempDir("atlas-as-file") / "bodyparts3d-merged.glb";
    writeMergedGlb(path, merged);

    auto body = anatomy::io::loadModel(path);
    REQUIRE(body.ok());
    REQUIRE(body->structures().size() == merged.size());
    // The loader keeps the parts in file order, so each structure still has its system.
    std::map<std::string, std::map<anatomy::LayerKind, size_t>> counts;
    for (size_t i = 0; i < merged.size(); ++i)
        counts[systems[i]][body->structures()[i].layer]++;
    const size_t muscles = counts["muscle"][anatomy::LayerKind::Muscle];
    const size_t bones = counts["bone"][anatomy::LayerKind::Bone];
    WARN("opened as one file: " << muscles << " of 417 muscle parts in the muscle layer, " << bones
                                << " of 206 bones in bone");
    // As measured (413 and 204): a rule that stops matching fails here.
    CHECK(muscles >= 412);
    CHECK(bones >= 203);
    CHECK(counts["muscle"][anatomy::LayerKind::Other] + counts["bone"][anatomy::LayerKind::Other] <
          15);
}
