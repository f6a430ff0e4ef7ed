#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "anatomy/SurfaceNets.h"
#include "app/DefaultBody.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace test {

anatomy::Structure sphereStructure(const char* name, anatomy::LayerKind layer, float radiusM,
                                   float cellM) {
    anatomy::Structure s;
    s.name = name;
    s.displayName = name;
    s.layer = layer;
    const core::Aabb box{glm::vec3(-0.5f), glm::vec3(0.5f)};
    s.mesh = anatomy::meshDistanceField(
        [radiusM](const glm::vec3& p) { return glm::length(p) - radiusM; }, box, cellM);
    return s;
}

const anatomy::Body& defaultBody() {
    static const anatomy::Body body = app::loadDefaultBody(app::cacheDirectory());
    return body;
}

const anatomy::Body& generatedBody() {
    static const anatomy::Body body = app::loadGeneratedBody(app::cacheDirectory());
    return body;
}

std::filesystem::path cacheDirectory() {
    return FASCIALAB_TEST_CACHE_DIR;
}

std::optional<std::filesystem::path> sharedData(const std::string& why) {
    const std::filesystem::path root(FASCIALAB_SHARED_DATA);
    std::error_code ec;
    if (std::filesystem::is_directory(root, ec))
        return root;
    WARN("SKIPPED: " << why << " needs " << root.string() << ", which is absent");
    return std::nullopt;
}

std::filesystem::path sourceDir() {
    return FASCIALAB_TEST_SOURCE_DIR;
}

std::filesystem::path makeTempDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() /
               ("fascialab-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

const anatomy::BodyBvh& defaultBvh() {
    static const anatomy::BodyBvh bvh(defaultBody());
    return bvh;
}

std::filesystem::path examplePath() {
    return sourceDir().parent_path() / "examples" / "alex-three-sessions.fascia.json";
}

bool updateGoldens() {
    const char* flag = std::getenv("FASCIALAB_UPDATE_GOLDENS");
    return flag && std::string(flag) == "1";
}

int randomCases(int all) {
#ifdef FASCIALAB_SANITIZED_BUILD
    return std::max(1, all / 3);
#else
    return all;
#endif
}

double signedVolume(const anatomy::SurfaceMesh& mesh) {
    double volume = 0;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const glm::dvec3 a = mesh.positions[mesh.indices[t]],
                         b = mesh.positions[mesh.indices[t + 1]],
                         c = mesh.positions[mesh.indices[t + 2]];
        volume += glm::dot(a, glm::cross(b, c)) / 6.0;
    }
    return volume;
}

} // namespace test
