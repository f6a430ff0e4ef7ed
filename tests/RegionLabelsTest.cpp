// Named regions of a surface in glTF (`_REGION` per vertex, the node's "regions"): what does not
// fit (a negative, fractional or out-of-range index, a name that is not a string) is dropped,
// never read as another region.
#include "TestSupport.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>

namespace {

// One triangle named as FasciaLab names its own nodes, with a region index per vertex.
std::filesystem::path triangleWithRegions(const std::filesystem::path& dir, const std::string& name,
                                          const std::vector<float>& regions,
                                          const nlohmann::json& names) {
    const float positions[9] = {0, 0, 0, 0.1f, 0, 0, 0, 0.1f, 0};
    const std::uint32_t indices[3] = {0, 1, 2};
    std::string bin(reinterpret_cast<const char*>(positions), sizeof positions);
    bin.append(reinterpret_cast<const char*>(indices), sizeof indices);
    bin.append(reinterpret_cast<const char*>(regions.data()), regions.size() * sizeof(float));
    const nlohmann::json gltf = {
        {"asset", {{"version", "2.0"}}},
        {"scene", 0},
        {"scenes", {{{"nodes", {0}}}}},
        {"nodes",
         {{{"name", "deep-fascia/deep-fascia/midline"},
           {"mesh", 0},
           {"extras", {{"regions", names}}}}}},
        {"meshes",
         {{{"primitives", nlohmann::json::array({{{"attributes", {{"POSITION", 0}, {"_REGION", 2}}},
                                                  {"indices", 1}}})}}}},
        {"accessors",
         {{{"bufferView", 0},
           {"componentType", 5126},
           {"count", 3},
           {"type", "VEC3"},
           {"min", {0, 0, 0}},
           {"max", {0.1, 0.1, 0}}},
          {{"bufferView", 1}, {"componentType", 5125}, {"count", 3}, {"type", "SCALAR"}},
          {{"bufferView", 2},
           {"componentType", 5126},
           {"count", regions.size()},
           {"type", "SCALAR"}}}},
        {"bufferViews",
         {{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", 36}},
          {{"buffer", 0}, {"byteOffset", 36}, {"byteLength", 12}},
          {{"buffer", 0}, {"byteOffset", 48}, {"byteLength", regions.size() * 4}}}},
        {"buffers", {{{"byteLength", bin.size()}}}}};
    std::string json = gltf.dump();
    json.resize((json.size() + 3) / 4 * 4, ' ');
    bin.resize((bin.size() + 3) / 4 * 4, '\0');
    auto u32 = [](size_t v) {
        const auto x = static_cast<std::uint32_t>(v);
        return std::string(reinterpret_cast<const char*>(&x), 4);
    };
    const auto path = dir / (name + ".glb");
    std::ofstream(path, std::ios::binary)
        << "glTF" << u32(2) << u32(12 + 8 + json.size() + 8 + bin.size()) << u32(json.size())
        << "JSON" << json << u32(bin.size()) << std::string("BIN\0", 4) << bin;
    return path;
}

} // namespace

TEST_CASE("Region labels read back as written, and ones that do not fit are dropped",
          "[io][regions]") {
    const auto dir = test::makeTempDir("regions");
    const nlohmann::json names = {"Fascia lata", "Iliotibial tract"};
    auto load = [&](const std::string& name, const std::vector<float>& regions,
                    const nlohmann::json& regionNames) {
        auto body = anatomy::io::loadModel(triangleWithRegions(dir, name, regions, regionNames));
        REQUIRE(body.ok());
        REQUIRE(body->structures().size() == 1);
        return body->structures()[0];
    };
    const auto good = load("good", {0, 1, 1}, names);
    CHECK(good.regionNames == std::vector<std::string>{"Fascia lata", "Iliotibial tract"});
    CHECK(anatomy::regionAt(good, 1) == "Iliotibial tract");

    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (const auto& [name, regions] :
         std::vector<std::pair<std::string, std::vector<float>>>{{"negative", {0, -1, 1}},
                                                                 {"fractional", {0, 0.5f, 1}},
                                                                 {"out-of-range", {0, 1, 2}},
                                                                 {"huge", {0, 1, 1e9f}},
                                                                 {"not-a-number", {0, nan, 1}},
                                                                 {"too-few", {0, 1}}}) {
        INFO(name);
        const auto s = load(name, regions, names);
        CHECK(s.regionNames.empty());
        CHECK(s.vertexRegions.empty());
        CHECK(s.mesh.triangleCount() == 1);
    }
    const auto notStrings =
        load("not-strings", {0, 1, 1}, nlohmann::json::array({"Fascia lata", 7}));
    CHECK(notStrings.regionNames.empty());
    CHECK(notStrings.vertexRegions.empty());
}
