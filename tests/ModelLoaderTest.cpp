#include "anatomy/io/ModelLoader.h"
#include "TestSupport.h"
#include "anatomy/io/LayerClassifier.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

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
