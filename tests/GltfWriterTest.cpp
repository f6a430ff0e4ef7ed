#include "anatomy/io/GltfWriter.h"
#include "CliRunner.h"
#include "TestSupport.h"
#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

anatomy::Body smallBody() {
    anatomy::gen::BodyParameters params;
    params.cellSizeM = 0.03f;
    params.skeleton = false;
    anatomy::Body body = anatomy::gen::generateBody(params);
    anatomy::Structure muscle = body.structures()[0];
    muscle.name = "deltoid-middle";
    muscle.mesh.fibres.clear();
    for (const glm::vec3& n : muscle.mesh.normals) // any unit field will do for the round trip
        muscle.mesh.fibres.push_back(
            glm::normalize(glm::cross(n, glm::vec3(0.0f, 0.0f, 1.0f)) + glm::vec3(1e-3f)));
    muscle.displayName = "Deltoid (middle), left";
    muscle.layer = anatomy::LayerKind::Muscle; // declared, although the name alone says muscle too
    muscle.side = anatomy::Side::Left;
    muscle.info.latin = "Pars acromialis musculi deltoidei";
    muscle.info.region = "shoulder";
    muscle.info.origin = "Lateral border of the acromion.";
    muscle.info.insertion = "Deltoid tuberosity of the humerus.";
    muscle.info.action = "Raises the arm to the side.";
    muscle.info.innervation = "Axillary nerve (C5–C6).";
    body.addStructure(muscle);
    anatomy::Structure sheet = body.structures()[0];
    sheet.name = "mystery_sheet"; // a name the classifier cannot place: the file must say it
    sheet.displayName = "Thoracolumbar fascia";
    sheet.layer = anatomy::LayerKind::DeepFascia;
    body.addStructure(sheet);
    return body;
}

int runCli(std::vector<std::string> args) {
    return test::runCli(std::move(args)).code;
}

} // namespace

TEST_CASE("glTF round trip keeps names, labels, layers, sides and geometry", "[io][gltf]") {
    const anatomy::Body body = smallBody();
    const auto dir = test::makeTempDir("gltf-roundtrip");
    for (const char* name : {"body.glb", "body.gltf"}) {
        INFO(name);
        REQUIRE(anatomy::io::saveGltf(body, dir / name).ok());
        auto loaded = anatomy::io::loadModel(dir / name);
        REQUIRE(loaded.ok());
        REQUIRE(loaded->structures().size() == body.structures().size());
        for (size_t i = 0; i < body.structures().size(); ++i) {
            const auto& a = body.structures()[i];
            const auto& b = loaded->structures()[i];
            CHECK(a.name == b.name);
            CHECK(a.displayName == b.displayName);
            CHECK(a.layer == b.layer);
            CHECK(a.side == b.side);
            for (size_t f = 0; f < 6; ++f)
                CHECK(*atlasFields(a.info)[f].second == *atlasFields(b.info)[f].second);
            CHECK(a.mesh.positions == b.mesh.positions);
            CHECK(a.mesh.indices == b.mesh.indices);
            REQUIRE(a.mesh.fibres.size() == b.mesh.fibres.size());
            for (size_t v = 0; v < a.mesh.fibres.size(); ++v)
                REQUIRE(glm::length(a.mesh.fibres[v] - b.mesh.fibres[v]) < 1e-6f);
            REQUIRE(a.mesh.normals.size() == b.mesh.normals.size());
            for (size_t v = 0; v < a.mesh.normals.size(); ++v)
                REQUIRE(glm::length(a.mesh.normals[v] - b.mesh.normals[v]) < 1e-6f);
        }
    }
}

TEST_CASE("Our own files keep their normals; other glTF files get smooth ones", "[io][gltf]") {
    // Every normal along +Z: far from what the sphere's shape gives, so it shows which was used.
    anatomy::Body body;
    anatomy::Structure sphere =
        test::sphereStructure("ball", anatomy::LayerKind::Bone, 0.1f, 0.03f);
    for (glm::vec3& n : sphere.mesh.normals)
        n = {0.0f, 0.0f, 1.0f};
    body.addStructure(sphere);
    const auto dir = test::makeTempDir("gltf-normals");
    auto text = anatomy::io::encodeGltf(body, false);
    REQUIRE(text.ok());
    auto write = [&](const std::string& name, const std::string& content) {
        std::ofstream(dir / name, std::ios::binary) << content;
        auto loaded = anatomy::io::loadModel(dir / name);
        REQUIRE(loaded.ok());
        REQUIRE(loaded->structures().size() == 1);
        return loaded->structures()[0].mesh;
    };
    const anatomy::SurfaceMesh ours = write("ours.gltf", *text);
    for (const glm::vec3& n : ours.normals)
        REQUIRE(n == glm::vec3(0.0f, 0.0f, 1.0f));

    // The same file from another tool: nothing carries our <layer>/<id>/<side> name.
    std::string foreign = *text;
    const std::string ourName = "\"bone/ball/midline\"";
    size_t renamed = 0;
    for (size_t at = foreign.find(ourName); at != std::string::npos; at = foreign.find(ourName)) {
        foreign.replace(at, ourName.size(), "\"Ball\"");
        ++renamed;
    }
    REQUIRE(renamed > 0);
    const anatomy::SurfaceMesh theirs = write("theirs.gltf", foreign);
    REQUIRE(theirs.normals.size() == theirs.positions.size());
    // The sphere's own outward normals (the loader may have moved a foreign model, not turned it).
    const glm::vec3 centre = theirs.bounds().center();
    for (size_t v = 0; v < theirs.normals.size(); ++v)
        REQUIRE(glm::dot(theirs.normals[v], glm::normalize(theirs.positions[v] - centre)) > 0.98f);
}

TEST_CASE("Nodes are named <layer>/<id>/<side> and carry fibres as _FIBER", "[io][gltf]") {
    auto text = anatomy::io::encodeGltf(smallBody(), false);
    REQUIRE(text.ok());
    CHECK_THAT(*text, Catch::Contains("\"muscle/deltoid-middle/left\""));
    CHECK_THAT(*text, Catch::Contains("\"skin/skin/midline\""));
    CHECK_THAT(*text, Catch::Contains("\"deep-fascia/mystery_sheet/midline\""));
    CHECK_THAT(*text, Catch::Contains("\"_FIBER\""));
}

TEST_CASE("Saving keeps the previous file and is deterministic", "[io][gltf]") {
    const anatomy::Body body = smallBody();
    auto first = anatomy::io::encodeGltf(body, true);
    auto second = anatomy::io::encodeGltf(body, true);
    REQUIRE((first.ok() && second.ok()));
    CHECK(*first == *second);
    CHECK(first->substr(0, 4) == "glTF");

    const auto dir = test::makeTempDir("gltf-save");
    REQUIRE(anatomy::io::saveGltf(body, dir / "a.glb").ok());
    REQUIRE(anatomy::io::saveGltf(smallBody(), dir / "a.glb").ok());
    CHECK(std::filesystem::exists(dir / "a.glb.bak"));
    CHECK(std::filesystem::file_size(dir / "a.glb.bak") == first->size());

    auto wrongExtension = anatomy::io::saveGltf(body, dir / "a.obj");
    REQUIRE_FALSE(wrongExtension.ok());
    CHECK_THAT(wrongExtension.error().message, Catch::Contains("a.obj"));
    CHECK_FALSE(anatomy::io::saveGltf(anatomy::Body(), dir / "empty.glb").ok());
}

TEST_CASE("fascialab bodygen writes a loadable body and checks its options", "[cli][gltf]") {
    // One generation only: it takes seconds (determinism is tested on the generator itself).
    const auto dir = test::makeTempDir("bodygen");
    const std::string a = (dir / "a.glb").string();
    REQUIRE(runCli({"bodygen", "--out", a, "--height", "1.6", "--sex", "female", "--build",
                    "slim"}) == 0);
    auto body = anatomy::io::loadModel(a);
    REQUIRE(body.ok());
    CHECK(body->bounds().size().y == Approx(1.6f).margin(0.02f));
    for (auto layer : anatomy::kAllLayers)
        if (layer != anatomy::LayerKind::Other)
            CHECK(body->structureCount(layer) > 0);

    CHECK(runCli({"bodygen"}) == 1);
    CHECK(runCli({"bodygen", "--out", a, "--height", "3"}) == 1);
    CHECK(runCli({"bodygen", "--out", a, "--height", "tall"}) == 1);
    CHECK(runCli({"bodygen", "--out", a, "--sex", "other"}) == 1);
    CHECK(runCli({"bodygen", "--out", a, "--build", "huge"}) == 1);
    CHECK(runCli({"bodygen", "--out", (dir / "no-such-dir" / "x.glb").string()}) == 2);
    CHECK(runCli({"bodygen", "--help"}) == 0);
}
