#include "anatomy/io/ModelLoader.h"
#include "CliRunner.h"
#include "TestSupport.h"
#include "anatomy/io/ContainedImport.h"
#include "anatomy/io/LayerClassifier.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <tuple>
#include <vector>

namespace {

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// Checks a standing adult: height is along +Y, head at the top (narrower than the shoulders).
void checkStandingBody(const anatomy::Body& body, float minHeight, float maxHeight) {
    const core::Aabb box = body.bounds();
    const glm::vec3 size = box.size();
    INFO(body.sourcePath << " size " << size.x << " x " << size.y << " x " << size.z);
    CHECK(size.y > size.x);
    CHECK(size.y > 2.0f * size.z);
    CHECK(size.y >= minHeight);
    CHECK(size.y <= maxHeight);
    // The top 8% of the height is the head: much narrower than the whole body.
    core::Aabb top;
    for (const auto& s : body.structures())
        for (const auto& p : s.mesh.positions)
            if (p.y > box.max.y - 0.08f * size.y)
                top.extend(p);
    CHECK(top.size().x < 0.4f * size.x);
}

// One triangle's three positions (36 bytes of floats), the buffer the glTF files below share.
std::string triangleBuffer() {
    const float positions[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    std::string bytes(sizeof positions, '\0');
    std::memcpy(bytes.data(), positions, sizeof positions);
    return bytes;
}

// A glTF 2.0 triangle whose buffer is `bufferUri`, with an image at `imageUri` when given.
std::string triangleGltf(const std::string& bufferUri, const std::string& imageUri = "") {
    std::string json = R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],)"
                       R"("nodes":[{"mesh":0,"name":"skin"}],)"
                       R"("meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],)"
                       R"("accessors":[{"bufferView":0,"componentType":5126,"count":3,)"
                       R"("type":"VEC3","min":[0,0,0],"max":[1,1,0]}],)"
                       R"("bufferViews":[{"buffer":0,"byteLength":36}],)"
                       R"("buffers":[{"byteLength":36,"uri":")" +
                       bufferUri + "\"}]";
    if (!imageUri.empty())
        json += R"(,"images":[{"uri":")" + imageUri + "\"}]";
    return json + "}";
}

// The same triangle as glTF 1.0 (objects in dictionaries, keyed by id), which tinygltf does not
// read.
std::string triangleGltf1(const std::string& bufferUri) {
    return R"({"asset":{"version":"1.0"},"scene":"s","scenes":{"s":{"nodes":["skin"]}},)"
           R"("nodes":{"skin":{"meshes":["m"],"name":"skin"}},)"
           R"("meshes":{"m":{"primitives":[{"attributes":{"POSITION":"p"},"mode":4}]}},)"
           R"("accessors":{"p":{"bufferView":"v","byteOffset":0,"byteStride":12,)"
           R"("componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}},)"
           R"("bufferViews":{"v":{"buffer":"b","byteOffset":0,"byteLength":36,"target":34962}},)"
           R"("buffers":{"b":{"byteLength":36,"type":"arraybuffer","uri":")" +
           bufferUri + "\"}}}";
}

// A binary glTF 2.0 holding only its JSON chunk.
std::string glbWithJson(std::string json) {
    json.resize((json.size() + 3) / 4 * 4, ' ');
    const auto length = static_cast<std::uint32_t>(json.size());
    const auto total = static_cast<std::uint32_t>(20 + json.size());
    const std::uint32_t version = 2;
    std::string glb(20, '\0');
    std::memcpy(glb.data(), "glTF", 4);
    std::memcpy(glb.data() + 4, &version, 4);
    std::memcpy(glb.data() + 8, &total, 4);
    std::memcpy(glb.data() + 12, &length, 4);
    std::memcpy(glb.data() + 16, "JSON", 4);
    return glb + json;
}

} // namespace

TEST_CASE("Bad model files are rejected with a message naming the file", "[io]") {
    const auto dir = test::makeTempDir("badmodels");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty.glb", ""},
        {"empty.obj", ""},
        {"garbage.glb", "this is not a binary glTF file at all"},
        {"truncated.glb", std::string("glTF\x02\x00\x00\x00\xff\xff\x00\x00", 12)},
        {"garbage.gltf",
         "{ \"asset\": { \"version\": \"2.0\" }, \"meshes\": [ { \"primitives\": [ "},
        {"wrong-types.gltf", "{ \"asset\": { \"version\": 2 }, \"meshes\": \"no\" }"},
        {"nomesh.gltf", "{ \"asset\": { \"version\": \"2.0\" } }"},
        {"garbage.obj", "v 1 2\nf 1 2 3 4 5\nthis is nonsense\n"},
        {"binary.stl", std::string(84, '\0')},
        {"model.xyz123", "whatever"},
        {"noextension", "whatever"},
    };
    for (const auto& [name, content] : cases) {
        const auto path = dir / name;
        writeFile(path, content);
        auto body = anatomy::io::loadModel(path);
        INFO(name);
        REQUIRE_FALSE(body.ok());
        CHECK(body.error().kind == core::ErrorKind::BadInput);
        CHECK_THAT(body.error().message, Catch::Contains(path.string()));
    }
    auto missing = anatomy::io::loadModel(dir / "missing.glb");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("not found"));
    auto directory = anatomy::io::loadModel(dir);
    REQUIRE_FALSE(directory.ok());
}

TEST_CASE("An OBJ in centimetres is scaled to metres and keeps its group names", "[io]") {
    const auto dir = test::makeTempDir("obj");
    const auto path = dir / "box.obj";
    // A 40 x 170 x 20 cm box: a standing-person-sized block.
    writeFile(path, "o torso_skin\n"
                    "v -20 0 -10\nv 20 0 -10\nv 20 170 -10\nv -20 170 -10\n"
                    "v -20 0 10\nv 20 0 10\nv 20 170 10\nv -20 170 10\n"
                    "f 1 4 3 2\nf 5 6 7 8\nf 1 2 6 5\nf 4 8 7 3\nf 1 5 8 4\nf 2 3 7 6\n");
    auto body = anatomy::io::loadModel(path);
    REQUIRE(body.ok());
    REQUIRE(body->structures().size() == 3); // the skin, and fascia derived under it
    CHECK(body->structures()[0].name == "torso_skin");
    CHECK(body->structures()[0].layer == anatomy::LayerKind::Skin);
    CHECK(body->bounds().size().y == Approx(1.70f));
    CHECK(body->structures()[0].mesh.triangleCount() == 12);
    bool notedUnit = false;
    for (const auto& note : body->importNotes)
        notedUnit = notedUnit || note.find("centimetres") != std::string::npos;
    CHECK(notedUnit);
}

TEST_CASE("Layer classification from structure names", "[io]") {
    using anatomy::LayerKind;
    using anatomy::io::classifyLayer;
    CHECK(classifyLayer("VH_M_skin", "skin of body") == LayerKind::Skin);
    CHECK(classifyLayer("VH_M_femur_R", "Right femur") == LayerKind::Bone);
    CHECK(classifyLayer("VH_M_rectus_femoris_R") == LayerKind::Muscle);
    CHECK(classifyLayer("tensor_fasciae_latae_L") == LayerKind::Muscle);
    CHECK(classifyLayer("fascia_lata_L") == LayerKind::DeepFascia);
    CHECK(classifyLayer("thoracolumbar_fascia") == LayerKind::DeepFascia);
    CHECK(classifyLayer("superficial_fascia") == LayerKind::SuperficialFascia);
    CHECK(classifyLayer("joint-pelvis") == LayerKind::Other);
    CHECK(classifyLayer("Cube") == LayerKind::Other);
    CHECK(anatomy::io::classifySide("VH_M_femur_R", "Right femur") == anatomy::Side::Right);
    CHECK(anatomy::io::classifySide("VHM_pubis_L") == anatomy::Side::Left);
    CHECK(anatomy::io::displayNameFromIdentifier("VH_M_rectus_femoris_R") == "Rectus femoris R");
}

TEST_CASE("Layer rules read English and Latin names; the user's rules come first", "[io]") {
    using anatomy::LayerKind;
    auto rules = anatomy::io::LayerNameRules::builtIn();
    CHECK(rules.classify("Musculus gluteus maximus") == LayerKind::Muscle);
    CHECK(rules.classify("Fascia lata") == LayerKind::DeepFascia);
    CHECK(rules.classify("Tela subcutanea") == LayerKind::SuperficialFascia);
    CHECK(rules.classify("Os coxae") == LayerKind::Bone);
    CHECK(rules.classify("Cutis") == LayerKind::Skin);
    CHECK(rules.classify("Spleen") == LayerKind::Other);
    CHECK(anatomy::layerId(LayerKind::Other) == "unclassified");

    REQUIRE(rules.add(R"({"rules": [{"layer": "bone", "match": ["spleen"]}]})", "mine.json", true)
                .ok());
    CHECK(rules.classify("Spleen") == LayerKind::Bone);
    CHECK(rules.classify("Fascia lata") == LayerKind::DeepFascia);

    auto broken = rules.add("{ not json", "/home/x/.config/fascialab/layer-names.json", true);
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.error().message,
               Catch::StartsWith("/home/x/.config/fascialab/layer-names.json: "));
    auto unknown =
        rules.add(R"({"rules": [{"layer": "organ", "match": ["liver"]}]})", "mine.json", true);
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message, Catch::Contains("organ"));
}

TEST_CASE("Every body in the shared data loads, stands upright, at the right size", "[io][data]") {
    auto data = test::sharedData("loading the real body meshes");
    if (!data)
        return;
    const auto hra = *data / "bodies" / "hra";
    for (const char* name : {"VH_M_Skin.glb", "VH_M_Skin.fbx"}) {
        auto body = anatomy::io::loadModel(hra / name);
        INFO(name);
        REQUIRE(body.ok());
        CHECK(body->triangleCount() > 100000);
        CHECK(body->structures()[0].layer == anatomy::LayerKind::Skin);
        checkStandingBody(*body, 1.75f, 1.90f);
    }
    // The FBX (centimetres, its own axes) and the glTF must land on the same place.
    auto glb = anatomy::io::loadModel(hra / "VH_M_Skin.glb");
    auto fbx = anatomy::io::loadModel(hra / "VH_M_Skin.fbx");
    REQUIRE((glb.ok() && fbx.ok()));
    CHECK(glm::length(glb->bounds().min - fbx->bounds().min) < 0.005f);
    CHECK(glm::length(glb->bounds().max - fbx->bounds().max) < 0.005f);

    auto makehuman = anatomy::io::loadModel(*data / "bodies" / "makehuman" / "base.obj");
    REQUIRE(makehuman.ok());
    const int skin = makehuman->findStructure("body");
    REQUIRE(skin >= 0);
    anatomy::Body skinOnly;
    skinOnly.addStructure(makehuman->structures()[static_cast<size_t>(skin)]);
    checkStandingBody(skinOnly, 1.55f, 1.85f);

    // Parts of the body: real sizes, Y up, bones named and classified.
    auto pelvis = anatomy::io::loadModel(hra / "VH_M_Pelvis_v1.0.glb");
    REQUIRE(pelvis.ok());
    CHECK(pelvis->structures().size() == 14);
    CHECK(pelvis->bounds().size().x == Approx(0.28f).margin(0.04f)); // bi-iliac breadth
    CHECK(pelvis->structureCount(anatomy::LayerKind::Bone) == 14);
    CHECK(pelvis->findStructure("VHM_sacrum") >= 0);

    auto knee = anatomy::io::loadModel(hra / "VH_M_Knee_R.glb");
    REQUIRE(knee.ok());
    CHECK(knee->structures().size() == 20);
    CHECK(knee->bounds().size().y > 2.0f * knee->bounds().size().x); // long bones stand vertical
    const int femur = knee->findStructure("VH_M_femur_R");
    const int tibia = knee->findStructure("VH_M_tibia_R");
    REQUIRE((femur >= 0 && tibia >= 0));
    CHECK(knee->structures()[static_cast<size_t>(femur)].mesh.bounds().center().y >
          knee->structures()[static_cast<size_t>(tibia)].mesh.bounds().center().y);
    CHECK(knee->structures()[static_cast<size_t>(femur)].side == anatomy::Side::Right);

    auto muscles = anatomy::io::loadModel(hra / "VH_M_Muscles_Knee_R.glb");
    REQUIRE(muscles.ok());
    CHECK(muscles->structureCount(anatomy::LayerKind::Muscle) == 2);
}

TEST_CASE("STL, PLY and COLLADA load through Assimp", "[io]") {
    const auto dir = test::makeTempDir("formats");
    // One tetrahedron in three formats, 2 m tall so the unit guess keeps metres.
    writeFile(dir / "tetra.stl", "solid tetra\n"
                                 "facet normal 0 0 -1\nouter loop\nvertex 0 0 0\nvertex 0 2 "
                                 "0\nvertex 1 0 0\nendloop\nendfacet\n"
                                 "facet normal 0 -1 0\nouter loop\nvertex 0 0 0\nvertex 1 0 "
                                 "0\nvertex 0 0 1\nendloop\nendfacet\n"
                                 "facet normal -1 0 0\nouter loop\nvertex 0 0 0\nvertex 0 0 "
                                 "1\nvertex 0 2 0\nendloop\nendfacet\n"
                                 "facet normal 1 1 1\nouter loop\nvertex 1 0 0\nvertex 0 2 "
                                 "0\nvertex 0 0 1\nendloop\nendfacet\n"
                                 "endsolid tetra\n");
    writeFile(
        dir / "tetra.ply",
        "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\n"
        "property float z\nelement face 4\nproperty list uchar int vertex_indices\nend_header\n"
        "0 0 0\n1 0 0\n0 2 0\n0 0 1\n3 0 2 1\n3 0 1 3\n3 0 3 2\n3 1 2 3\n");
    writeFile(dir / "tetra.dae", R"(<?xml version="1.0" encoding="utf-8"?>
<COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
  <asset><unit name="meter" meter="1"/><up_axis>Y_UP</up_axis></asset>
  <library_geometries><geometry id="g" name="femur_L"><mesh>
    <source id="p"><float_array id="pa" count="12">0 0 0 1 0 0 0 2 0 0 0 1</float_array>
      <technique_common><accessor source="#pa" count="4" stride="3">
        <param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/>
      </accessor></technique_common></source>
    <vertices id="v"><input semantic="POSITION" source="#p"/></vertices>
    <triangles count="4"><input semantic="VERTEX" source="#v" offset="0"/><p>0 2 1 0 1 3 0 3 2 1 2 3</p></triangles>
  </mesh></geometry></library_geometries>
  <library_visual_scenes><visual_scene id="s"><node id="n" name="femur_L">
    <instance_geometry url="#g"/></node></visual_scene></library_visual_scenes>
  <scene><instance_visual_scene url="#s"/></scene>
</COLLADA>
)");
    for (const char* name : {"tetra.stl", "tetra.ply", "tetra.dae"}) {
        INFO(name);
        auto body = anatomy::io::loadModel(dir / name);
        REQUIRE(body.ok());
        CHECK(body->triangleCount() == 4);
        CHECK(body->bounds().size().y == Approx(2.0f));
        for (const auto& s : body->structures())
            for (const auto& n : s.mesh.normals)
                CHECK(glm::length(n) == Approx(1.0f));
    }
    auto dae = anatomy::io::loadModel(dir / "tetra.dae");
    REQUIRE(dae.ok());
    CHECK(dae->structures()[0].name == "femur_L");
    CHECK(dae->structures()[0].layer == anatomy::LayerKind::Bone);
    CHECK(dae->structures()[0].side == anatomy::Side::Left);
}

TEST_CASE("Bodies with a skin only get derived fascia layers at regional depths", "[io][data]") {
    auto data = test::sharedData("deriving fascia under real skins");
    if (!data)
        return;
    auto volume = [](const anatomy::SurfaceMesh& mesh) { return test::signedVolume(mesh); };
    for (const auto& path : {*data / "bodies" / "hra" / "VH_M_Skin.glb",
                             *data / "bodies" / "makehuman" / "base.obj"}) {
        INFO(path.string());
        auto body = anatomy::io::loadModel(path);
        REQUIRE(body.ok());
        REQUIRE(body->structureCount(anatomy::LayerKind::SuperficialFascia) == 1);
        REQUIRE(body->structureCount(anatomy::LayerKind::DeepFascia) == 1);
        const auto& skin = body->structures()[static_cast<size_t>(
            body->findStructure(path.extension() == ".glb" ? "VH_M_skin" : "body"))];
        const auto& superficial =
            body->structures()[static_cast<size_t>(body->findStructure("superficial-fascia"))];
        const auto& deep =
            body->structures()[static_cast<size_t>(body->findStructure("deep-fascia"))];
        REQUIRE(deep.mesh.positions.size() == skin.mesh.positions.size());
        // Each layer lies under the one above it, by a depth in the documented range.
        float deepest = 0.0f, shallowest = 1.0f;
        for (size_t i = 0; i < skin.mesh.positions.size(); ++i) {
            const float toSuperficial =
                glm::length(skin.mesh.positions[i] - superficial.mesh.positions[i]);
            const float toDeep = glm::length(skin.mesh.positions[i] - deep.mesh.positions[i]);
            REQUIRE(toSuperficial < toDeep);
            deepest = std::max(deepest, toDeep);
            shallowest = std::min(shallowest, toSuperficial);
        }
        CHECK(shallowest >= 0.0014f);
        CHECK(deepest <= 0.0181f);
        const double skinVolume = std::abs(volume(skin.mesh));
        CHECK(std::abs(volume(superficial.mesh)) < skinVolume);
        CHECK(std::abs(volume(deep.mesh)) < std::abs(volume(superficial.mesh)));
        bool noted = false;
        for (const auto& note : body->importNotes)
            noted = noted || note.find("derived") != std::string::npos;
        CHECK(noted);
    }
}

TEST_CASE("A glTF reads buffers only inside its own folder and refuses any other URI",
          "[io][loader]") {
    const auto root = test::makeTempDir("uri-containment");
    const auto folder = root / "model";
    std::filesystem::create_directories(folder / "sub");
    // The same valid triangle inside and outside the model's folder: a refused URI that were
    // read anyway would load, so each refusal below is only met if nothing outside was read.
    writeFile(folder / "tri.bin", triangleBuffer());
    writeFile(root / "secret.bin", triangleBuffer());
    std::filesystem::create_symlink(root / "secret.bin", folder / "link.bin");

    const std::string secret = (root / "secret.bin").string();
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"absolute.gltf", triangleGltf(secret)},
        {"parent.gltf", triangleGltf("../secret.bin")},
        {"deep-parent.gltf", triangleGltf("sub/../../secret.bin")},
        {"encoded-parent.gltf", triangleGltf("%2e%2e/secret.bin")},
        {"backslash-parent.gltf", triangleGltf("..\\\\secret.bin")},
        {"encoded-nul.gltf", triangleGltf("tri.bin%zz")},
        {"http.gltf", triangleGltf("http://example.com/tri.bin")},
        {"file-scheme.gltf", triangleGltf("file://" + secret)},
        {"drive.gltf", triangleGltf("C:/models/tri.bin")},
        {"link.gltf", triangleGltf("link.bin")},
        {"image.gltf", triangleGltf("tri.bin", "../secret.png")},
        {"image-http.gltf", triangleGltf("tri.bin", "https://example.com/skin.png")},
        {"absolute.glb", glbWithJson(triangleGltf(secret))},
        {"glTF1-parent.gltf", triangleGltf1("../secret.bin")},
    };
    for (const auto& [name, content] : refused) {
        INFO(name);
        writeFile(folder / name, content);
        auto body = anatomy::io::loadModel(folder / name);
        REQUIRE_FALSE(body.ok());
        CHECK(body.error().kind == core::ErrorKind::BadInput);
        CHECK_THAT(body.error().message, Catch::StartsWith((folder / name).string() + ": "));
        CHECK_THAT(body.error().message, Catch::Contains("refers to '"));
        CHECK_THAT(body.error().message, Catch::Contains("inside its own folder"));
    }
    // The message names the URI exactly as the file wrote it.
    auto parent = anatomy::io::loadModel(folder / "parent.gltf");
    REQUIRE_FALSE(parent.ok());
    CHECK_THAT(parent.error().message, Catch::Contains("buffer 0 refers to '../secret.bin'"));

    // Inside the folder, by a plain, a roundabout or a data: URI, the triangle loads.
    const std::vector<std::pair<std::string, std::string>> allowed = {
        {"relative.gltf", triangleGltf("tri.bin")},
        {"roundabout.gltf", triangleGltf("./sub/../tri.bin")},
        {"data-uri.gltf", triangleGltf("data:application/octet-stream;base64,"
                                       "AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA")},
        {"glTF1-relative.gltf", triangleGltf1("tri.bin")},
    };
    for (const auto& [name, content] : allowed) {
        INFO(name);
        writeFile(folder / name, content);
        auto body = anatomy::io::loadModel(folder / name);
        REQUIRE(body.ok());
        CHECK(body->triangleCount() >= 1);
    }
}

TEST_CASE("info refuses a glTF whose buffer lies outside its folder with exit code 2",
          "[io][loader]") {
    const auto root = test::makeTempDir("uri-containment-cli");
    writeFile(root / "secret.bin", triangleBuffer());
    std::filesystem::create_directories(root / "model");
    const auto model = root / "model" / "escape.gltf";
    writeFile(model, triangleGltf("../secret.bin"));
    const auto run = test::runCli({"info", model.string()});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, Catch::Contains(model.string()));
    CHECK_THAT(run.err, Catch::Contains("'../secret.bin'"));
}

TEST_CASE("An Assimp format's reference outside the model's folder is not opened", "[io][loader]") {
    const auto root = test::makeTempDir("assimp-containment");
    std::filesystem::create_directories(root / "model");
    writeFile(root / "secret.mtl", "newmtl skin\nKd 1 0 0\n");
    const auto model = root / "model" / "tri.obj";
    writeFile(model, "mtllib ../secret.mtl\no femur_L\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    // Materials are not used, so the model loads, and says what it did not read.
    auto body = anatomy::io::loadModel(model);
    REQUIRE(body.ok());
    CHECK(body->triangleCount() == 1);
    const bool noted = std::any_of(
        body->importNotes.begin(), body->importNotes.end(), [](const std::string& note) {
            return note.find("secret.mtl") != std::string::npos &&
                   note.find("outside the model's folder") != std::string::npos;
        });
    CHECK(noted);

    // A file the model needs, outside its folder by '..' or by a link, fails the import with
    // the file named. Assimp is asked directly here (in its child process, as loadModel runs
    // it; its glTF 1.0 importer leaks what it had read when it fails): loadModel refuses these
    // glTF 1.0 URIs before any importer runs.
    writeFile(root / "secret.bin", triangleBuffer());
    std::filesystem::create_symlink(root / "secret.bin", root / "model" / "link.bin");
    for (const std::string uri : {"../secret.bin", "link.bin"}) {
        INFO(uri);
        const auto gltf1 = root / "model" / "outside.gltf";
        writeFile(gltf1, triangleGltf1(uri));
        auto refused = anatomy::io::importContained(gltf1, anatomy::io::importWithAssimp,
                                                    std::chrono::seconds(30));
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message,
                   Catch::StartsWith(gltf1.string() + ": the file refers to '"));
        CHECK_THAT(refused.error().message, Catch::Contains(uri + "', outside the model's folder"));
    }
}

TEST_CASE("glTF 1.0 loads through Assimp", "[io][loader]") {
    const auto dir = test::makeTempDir("gltf1");
    writeFile(dir / "tri.bin", triangleBuffer());
    writeFile(dir / "triangle.gltf", triangleGltf1("tri.bin"));
    auto body = anatomy::io::loadModel(dir / "triangle.gltf");
    REQUIRE(body.ok());
    CHECK(body->triangleCount() >= 1);
    REQUIRE_FALSE(body->importNotes.empty());
    CHECK(body->importNotes.front() == "read as glTF 1.0");

    // Without a version but shaped as 1.0 (dictionaries), the refusal says glTF 1.0 rather
    // than "holds no triangle meshes".
    std::string unversioned = triangleGltf1("tri.bin");
    const std::string version = R"("asset":{"version":"1.0"},)";
    unversioned.erase(unversioned.find(version), version.size());
    writeFile(dir / "unversioned.gltf", unversioned);
    auto refused = anatomy::io::loadModel(dir / "unversioned.gltf");
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message,
               Catch::StartsWith((dir / "unversioned.gltf").string() + ": a glTF 1.0 file"));
}

TEST_CASE("Declared counts that cannot fit in the file are refused at once", "[io][loader]") {
    const auto dir = test::makeTempDir("declared-counts");
    std::string binaryPly = "ply\nformat binary_little_endian 1.0\nelement vertex 2000000000\n"
                            "property float x\nproperty float y\nproperty float z\n"
                            "element face 1\nproperty list uchar int vertex_indices\n"
                            "end_header\n";
    binaryPly += std::string(12, '\0');
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"vertices.off", "OFF\n2000000000 1 0\n"},
        {"faces.off", "OFF\n3 2000000000 0\n0 0 0\n1 0 0\n0 1 0\n"},
        {"no-keyword.off", "# comment\n2000000000 1 0\n"},
        {"ascii.ply", "ply\nformat ascii 1.0\nelement vertex 2000000000\nproperty float x\n"
                      "property float y\nproperty float z\nelement face 1\n"
                      "property list uchar int vertex_indices\nend_header\n0 0 0\n"},
        {"binary.ply", binaryPly},
    };
    for (const auto& [name, content] : cases) {
        INFO(name);
        writeFile(dir / name, content);
        const auto start = std::chrono::steady_clock::now();
        auto body = anatomy::io::loadModel(dir / name);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(seconds < 2.0); // Assimp alone allocates and zeroes tens of GB: 20 s and more
        REQUIRE_FALSE(body.ok());
        CHECK_THAT(body.error().message, Catch::StartsWith((dir / name).string() + ": "));
        CHECK_THAT(body.error().message, Catch::Contains("2000000000"));
        CHECK_THAT(body.error().message, Catch::Contains("bytes can hold"));
    }
    const auto run = test::runCli({"info", (dir / "vertices.off").string()});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, Catch::Contains("2000000000 vertices"));
    // Counts Assimp would read otherwise than a plain number (found by fuzzing): more digits
    // than 64 bits hold (Assimp wraps them round to billions), with or without the keyword,
    // and a count written against the keyword.
    const std::vector<std::pair<std::string, std::string>> unreadable = {
        {"long-count.off", "OFF\n11111111111111111111111111111111111111454 6.1\n\n10 0 .\n"},
        {"long-count-no-keyword.off", "111111113111111111111111311111 6.1FO\n\n10 0 1\n"},
        {"glued-count.off", "OFF4183444738423183 6 0\n1 2 3\n"},
    };
    for (const auto& [name, content] : unreadable) {
        INFO(name);
        writeFile(dir / name, content);
        auto body = anatomy::io::loadModel(dir / name);
        REQUIRE_FALSE(body.ok());
        CHECK_THAT(body.error().message, Catch::Contains("bytes can hold"));
    }

    // A small OFF whose counts fit still loads.
    writeFile(dir / "tetra.off",
              "OFF\n4 4 0\n0 0 0\n1 0 0\n0 2 0\n0 0 1\n3 0 2 1\n3 0 1 3\n3 0 3 2\n3 1 2 3\n");
    auto tetra = anatomy::io::loadModel(dir / "tetra.off");
    REQUIRE(tetra.ok());
    CHECK(tetra->triangleCount() == 4);
}

TEST_CASE("A binary glTF whose header or chunks claim more than the file holds is refused",
          "[io][loader]") {
    // tinygltf copies a chunk as long as it says it is (a heap overflow that fuzzing found).
    std::ifstream in(test::sourceDir() / "../fuzz/seeds/glb/tetrahedron.glb", std::ios::binary);
    const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(whole.size() > 40);
    const auto dir = test::makeTempDir("glb-container");
    const auto setWord = [](std::string bytes, size_t at, std::uint32_t value) {
        std::memcpy(bytes.data() + at, &value, 4);
        return bytes;
    };
    std::uint32_t jsonLength;
    std::memcpy(&jsonLength, whole.data() + 12, 4);
    const size_t binHeader = 20 + jsonLength;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {whole.substr(0, whole.size() - 8), "its header declares"},
        {setWord(whole, 8, 1u << 30), "its header declares 1073741824 bytes"},
        {setWord(whole, 12, 1u << 20), "chunk 0 (JSON) declares 1048576 bytes"},
        {setWord(whole, binHeader, 4096), "chunk 1 (BIN"},
    };
    for (const auto& [bytes, expected] : cases) {
        INFO(expected);
        writeFile(dir / "damaged.glb", bytes);
        auto model = anatomy::io::loadModel(dir / "damaged.glb");
        REQUIRE_FALSE(model.ok());
        CHECK_THAT(model.error().message,
                   Catch::StartsWith((dir / "damaged.glb").string() + ": a damaged binary glTF: "));
        CHECK_THAT(model.error().message, Catch::Contains(expected));
    }
    // Bytes after the container are not part of it, and are ignored.
    writeFile(dir / "trailing.glb", whole + std::string(64, '\xff'));
    CHECK(anatomy::io::loadModel(dir / "trailing.glb").ok());
    writeFile(dir / "whole.glb", whole);
    CHECK(anatomy::io::loadModel(dir / "whole.glb").ok());
}

TEST_CASE("An ASCII PLY cut off before its declared values end is refused at once",
          "[io][loader]") {
    // Assimp 5.2.5 hangs on some such files and aborts on others (found by fuzzing); the
    // declared counts are checked against the values present before it sees the file.
    const auto dir = test::makeTempDir("cut-ply");
    const std::string whole = "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\n"
                              "property float y\nproperty float z\nelement face 4\n"
                              "property list uchar int vertex_indices\nend_header\n"
                              "0 0 0\n0.1 0 0\n0 0.1 0\n0 0 0.1\n"
                              "3 0 2 1\n3 0 1 3\n3 1 2 3\n3 2 0 3\n";
    const size_t body = whole.find("end_header\n") + 11;
    for (size_t cut : {body, body + 10, body + 30, body + 45, whole.size() - 4}) {
        INFO("cut after " << cut << " of " << whole.size() << " bytes");
        writeFile(dir / "cut.ply", whole.substr(0, cut));
        const auto start = std::chrono::steady_clock::now();
        auto model = anatomy::io::loadModel(dir / "cut.ply");
        CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
              2.0);
        REQUIRE_FALSE(model.ok());
        CHECK_THAT(model.error().message,
                   Catch::StartsWith((dir / "cut.ply").string() + ": the file ends early, in '"));
        CHECK_THAT(model.error().message, Catch::Contains("that its header declares"));
    }
    writeFile(dir / "cut.ply", whole.substr(0, body / 2));
    auto inHeader = anatomy::io::loadModel(dir / "cut.ply");
    REQUIRE_FALSE(inHeader.ok());
    CHECK_THAT(inHeader.error().message, Catch::Contains("ends inside its header"));

    writeFile(dir / "whole.ply", whole);
    auto model = anatomy::io::loadModel(dir / "whole.ply");
    REQUIRE(model.ok());
    CHECK(model->triangleCount() == 4);
}

TEST_CASE("A file of only points or lines says so", "[io][loader]") {
    const auto dir = test::makeTempDir("points-lines");
    std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"points.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\np 1 2 3\n", "holds only points, no triangles"},
        {"lines.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2 3\n", "holds only lines, no triangles"},
        {"vertices.ply",
         "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
         "property float z\nend_header\n0 0 0\n1 0 0\n0 1 0\n",
         "holds only points (3 vertices), no triangles"},
    };
    // glTF 2.0 primitives of mode 0 (points) and 1 (lines).
    std::string gltf = triangleGltf("data:application/octet-stream;base64,"
                                    "AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA");
    const std::string attributes = R"("attributes":{"POSITION":0})";
    const size_t at = gltf.find(attributes) + attributes.size();
    cases.emplace_back("points.gltf", std::string(gltf).insert(at, R"(,"mode":0)"),
                       "holds only points, no triangles");
    cases.emplace_back("lines.gltf", std::string(gltf).insert(at, R"(,"mode":1)"),
                       "holds only lines, no triangles");
    for (const auto& [name, content, message] : cases) {
        INFO(name);
        writeFile(dir / name, content);
        auto body = anatomy::io::loadModel(dir / name);
        REQUIRE_FALSE(body.ok());
        CHECK(body.error().message == (dir / name).string() + ": the file " + message);
    }
}
