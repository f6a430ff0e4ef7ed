// The atlas body built from third_party/bodyparts3d: every part in its layer, the muscles named,
// grouped and described from the catalogue, both sides mirrored, fibres that run as the
// muscles do.
#include "anatomy/atlas/AtlasBody.h"
#include "AtlasFixture.h"
#include "TestSupport.h"
#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "anatomy/Search.h"
#include "anatomy/atlas/AtlasData.h"
#include "anatomy/atlas/MeshPreparation.h"

#include "annotate/Library.h"

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace {

std::filesystem::path atlasDir() {
    return test::atlasDirectory();
}

using test::BuiltAtlas;
const BuiltAtlas& atlas() {
    return test::atlasBody();
}

const anatomy::Structure* find(const anatomy::Body& body, const std::string& name,
                               anatomy::Side side) {
    const int i = body.findStructure(name, side);
    return i < 0 ? nullptr : &body.structures()[static_cast<size_t>(i)];
}

// The direction most of a structure's fibres run along (the dominant eigenvector of the sum of
// f fᵀ, which ignores each fibre's sign), pointing down.
// The direction most fibres run along (pointed downwards), of a mesh's vertices for which
// `counts` holds (all of them by default).
glm::vec3 mainFibreDirection(const anatomy::SurfaceMesh& mesh,
                             const std::function<bool(const glm::vec3&)>& counts = {}) {
    Eigen::Matrix3d tensor = Eigen::Matrix3d::Zero();
    for (size_t i = 0; i < mesh.fibres.size(); ++i) {
        if (counts && !counts(mesh.positions[i]))
            continue;
        const glm::vec3& f = mesh.fibres[i];
        const Eigen::Vector3d v = Eigen::Vector3f(f.x, f.y, f.z).cast<double>();
        tensor += v * v.transpose();
    }
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(tensor);
    const Eigen::Vector3d d = solver.eigenvectors().col(2);
    glm::vec3 out(static_cast<float>(d.x()), static_cast<float>(d.y()), static_cast<float>(d.z()));
    return out.y > 0.0f ? -out : out;
}

} // namespace

TEST_CASE("The atlas parts list and the muscle catalogue agree", "[atlas]") {
    const auto& catalogue = anatomy::atlas::builtInMuscleCatalogue();
    auto parts = anatomy::atlas::readPartsList(atlasDir() / "parts.tsv");
    REQUIRE(parts.ok());
    size_t muscleParts = 0;
    std::set<std::string> fmaInAtlas;
    for (const auto& part : *parts) {
        fmaInAtlas.insert(part.fma);
        if (part.system != "muscle")
            continue;
        ++muscleParts;
        INFO(part.fj << " " << part.name << " " << part.fma);
        CHECK(catalogue.byFma.count(part.fma) == 1);
    }
    CHECK(muscleParts == 417);
    // Every FMA id the catalogue names is one of the atlas's, except for modelled muscles.
    size_t withTexts = 0, matched = 0, modelled = 0, membranes = 0;
    for (const auto& m : catalogue.muscles) {
        INFO(m.id);
        if (m.kind == "membrane")
            ++membranes;
        else if (m.modelled)
            ++modelled;
        else
            ++matched;
        for (const auto& p : m.parts) {
            if (m.modelled)
                CHECK(p.fma.empty());
            for (const auto& fma : p.fma)
                CHECK(fmaInAtlas.count(fma) == 1);
        }
        if (!m.origin.empty() && !m.insertion.empty() && !m.action.empty() &&
            !m.innervation.empty())
            ++withTexts;
    }
    // The README's figures: 167 muscles from the atlas, 11 modelled, 155 described in full.
    CHECK(matched == 167);
    CHECK(modelled == 11);
    CHECK(membranes == 2);
    CHECK(withTexts == 155);
}

TEST_CASE("Bad atlas parts lists are refused naming the file and line", "[atlas]") {
    const auto dir = test::makeTempDir("atlas-bad");
    auto write = [&](const std::string& text) {
        std::ofstream(dir / "parts.tsv") << text;
        return anatomy::atlas::readPartsList(dir / "parts.tsv");
    };
    const std::string header = "file\tfj\tfma\tname\tsystem\n";
    auto noHeader = write("parts/FJ1.glb\tFJ1\tFMA1\tskin\tskin\n");
    REQUIRE_FALSE(noHeader.ok());
    CHECK_THAT(noHeader.error().message, Catch::Contains("parts.tsv") && Catch::Contains("line 1"));
    auto shortLine = write(header + "parts/FJ1.glb\tFJ1\tFMA1\n");
    REQUIRE_FALSE(shortLine.ok());
    CHECK_THAT(shortLine.error().message, Catch::Contains("line 2"));
    auto escape = write(header + "../../etc/passwd\tFJ1\tFMA1\tskin\tskin\n");
    REQUIRE_FALSE(escape.ok());
    CHECK_THAT(escape.error().message, Catch::Contains("inside the atlas directory"));
    auto missingPart = write(header + "parts/FJ1.glb\tFJ1\tFMA1\tskin\tskin\n");
    REQUIRE(missingPart.ok());
    auto body = anatomy::atlas::buildAtlasBody(dir);
    REQUIRE_FALSE(body.ok());
    CHECK(body.error().kind == core::ErrorKind::BadInput);
    CHECK_THAT(body.error().message, Catch::Contains("FJ1.glb"));
}

TEST_CASE("Every atlas part lands in its layer", "[atlas]") {
    const BuiltAtlas& a = atlas();
    const auto& body = a.body;
    INFO(a.report.partsRead << " parts, " << a.report.structures << " structures, "
                            << a.report.triangles << " triangles");
    CHECK(a.report.partsRead == a.parts.size());
    CHECK(a.report.notes.empty());
    std::map<anatomy::LayerKind, size_t> perLayer;
    for (const auto& s : body.structures())
        perLayer[s.layer]++;
    CHECK(perLayer[anatomy::LayerKind::Skin] == 1);
    // Closed, so the renderer need draw nothing under it while it is opaque.
    CHECK(anatomy::isClosedSurface(
        body.structures()[static_cast<size_t>(body.findStructure("skin"))].mesh));
    CHECK(perLayer[anatomy::LayerKind::Other] == 0);
    // One derived sheet; the atlas's own iliotibial tracts and linea alba are labels on it.
    CHECK(perLayer[anatomy::LayerKind::DeepFascia] == 1);
    std::set<std::string> guides;
    for (const auto& guide : a.report.regionGuides)
        guides.insert(anatomy::structureKey(guide));
    CHECK(guides == std::set<std::string>{"deep-fascia/iliotibial-tract/left",
                                          "deep-fascia/iliotibial-tract/right",
                                          "deep-fascia/linea-alba/midline"});
    CHECK(perLayer[anatomy::LayerKind::SuperficialFascia] == 1);
    // Each muscle part is one structure on its side (parts stored in two files are joined).
    std::set<std::string> muscleKeys, boneKeys;
    for (const auto& s : body.structures()) {
        INFO(s.name);
        if (s.layer == anatomy::LayerKind::Muscle && s.info.source.find("BodyParts3D") == 0)
            muscleKeys.insert(anatomy::structureKey(s));
        if (s.layer == anatomy::LayerKind::Bone)
            boneKeys.insert(anatomy::structureKey(s));
        // Every atlas part carries its FMA id; the modelled muscles carry FMA's id only where the
        // atlas's own concept table has it, the derived fascia none.
        if (s.info.source.rfind("BodyParts3D", 0) == 0)
            CHECK_FALSE(s.info.fma.empty());
        CHECK_FALSE(s.displayName.empty());
    }
    CHECK(muscleKeys.size() > 380);
    CHECK(boneKeys.size() > 250);
    CHECK(find(body, "femur", anatomy::Side::Left));
    CHECK(find(body, "gluteus-maximus", anatomy::Side::Right));
    // The whole layered body within its budget of 900,000 triangles.
    WARN("the atlas body: " << a.report.trianglesRead << " triangles read, " << body.triangleCount()
                            << " in the layered body");
    CHECK(body.triangleCount() <= 900000);
}

TEST_CASE("Every atlas part is in the body, in the layer its system belongs to", "[atlas]") {
    const BuiltAtlas& a = atlas();
    // Each atlas concept's layer in the body (a structure joined from several parts lists
    // their ids); the atlas's own fascia parts (and the linea alba) are labels on the one deep
    // fascia.
    std::map<std::string, std::set<anatomy::LayerKind>> layersOf;
    for (const auto& s : a.body.structures())
        if (s.info.source.rfind("BodyParts3D", 0) == 0) {
            std::istringstream ids(s.info.fma);
            for (std::string id; ids >> id;)
                layersOf[id].insert(s.layer);
        }
    for (const auto& guide : a.report.regionGuides)
        layersOf[guide.info.fma].insert(anatomy::LayerKind::DeepFascia);
    const auto& catalogue = anatomy::atlas::builtInMuscleCatalogue();
    std::map<std::string, std::pair<size_t, size_t>> placed; // per system: right layer, parts
    for (const auto& part : a.parts) {
        using anatomy::LayerKind;
        LayerKind expected = LayerKind::Bone; // bone, cartilage, ligament
        const bool catalogued = catalogue.byFma.count(part.fma) > 0;
        if (part.system == "muscle" || part.system == "tendon" || catalogued)
            expected = LayerKind::Muscle;
        if (part.system == "fascia" || part.name == "linea alba")
            expected = LayerKind::DeepFascia;
        if (part.system == "skin")
            expected = LayerKind::Skin;
        // The interosseous membranes are filed with the muscles but bind bone to bone.
        if (const auto found = catalogue.byFma.find(part.fma);
            found != catalogue.byFma.end() &&
            catalogue.muscles[found->second.muscle].kind == "membrane")
            expected = LayerKind::Bone;
        const auto layers = layersOf.find(part.fma);
        const bool right = layers != layersOf.end() && layers->second == std::set{expected};
        INFO(part.file << " (" << part.name << ", " << part.system << ")");
        CHECK(right);
        auto& [good, all] = placed[part.system];
        good += right ? 1 : 0;
        ++all;
    }
    for (const auto& [system, counts] : placed)
        std::printf("%-9s %3zu of %3zu parts in their layer\n", system.c_str(), counts.first,
                    counts.second);
    // The parts list's systems, as BodyParts3D files them (third_party/bodyparts3d/parts.tsv).
    CHECK(placed["muscle"].second == 417);
    CHECK(placed["bone"].second == 206);
    CHECK(placed["cartilage"].second == 57);
    CHECK(placed["ligament"].second == 26);
    CHECK(placed["tendon"].second == 6);
    CHECK(placed["fascia"].second == 2);
    CHECK(placed["skin"].second == 1);
    // Skeletal muscles the atlas files under its eyes (both rectus femoris, the oblique heads of
    // the adductors of thumb and big toe, the oblique parts of longus colli), which the muscle
    // catalogue claims.
    CHECK(placed["eyes"].second == 8);
    CHECK(placed["eyes"].first == 8);
}

TEST_CASE("The atlas's muscles are grouped, described and found by name", "[atlas]") {
    const auto& body = atlas().body;
    const auto& catalogue = anatomy::atlas::builtInMuscleCatalogue();
    for (const auto& m : catalogue.muscles) {
        if (m.modelled || m.kind == "membrane")
            continue;
        INFO(m.id);
        // Every part on each side it has, carrying its muscle's id and region.
        size_t found = 0;
        for (const auto& s : body.structures())
            if (s.info.muscle == m.id) {
                ++found;
                CHECK(s.info.region == m.region);
                CHECK(s.layer == anatomy::LayerKind::Muscle);
            }
        CHECK(found >= m.parts.size());
        // Search finds it by its English and its Latin name.
        auto hits = anatomy::searchStructures(body, m.name, 200);
        bool byName = false;
        for (const auto& h : hits)
            byName =
                byName || body.structures()[static_cast<size_t>(h.structure)].info.muscle == m.id;
        CHECK(byName);
        if (!m.latin.empty()) {
            bool byLatin = false;
            for (const auto& p : m.parts)
                for (const auto& h : anatomy::searchStructures(body, p.latin, 200))
                    byLatin =
                        byLatin ||
                        body.structures()[static_cast<size_t>(h.structure)].info.muscle == m.id;
            CHECK(byLatin);
        }
    }
    const auto* upper = find(body, "trapezius-upper", anatomy::Side::Right);
    REQUIRE(upper);
    CHECK(upper->info.muscle == "trapezius");
    CHECK_FALSE(upper->info.innervation.empty());
    CHECK_THAT(upper->info.source, Catch::StartsWith("BodyParts3D FJ"));
}

TEST_CASE("Every muscle the generated body and the trigger-point library name is on the atlas "
          "body, found by its English and Latin names",
          "[atlas]") {
    const auto& body = atlas().body;
    // id -> the English and Latin names the generated body gives it (the library's muscles are
    // named by id alone).
    std::map<std::string, std::vector<std::string>> muscles;
    std::ifstream in(test::sourceDir().parent_path() / "assets" / "anatomy" / "muscles.json");
    const auto generated = nlohmann::json::parse(in);
    for (const auto& m : generated["muscles"])
        muscles[m["id"].get<std::string>()] = {m["label"].get<std::string>(),
                                               m["latin"].get<std::string>()};
    for (const std::string& id : annotate::referenceLibrary().muscles())
        muscles.try_emplace(id);
    CHECK(muscles.size() >= 67);
    for (const auto& [id, names] : muscles) {
        INFO(id);
        for (const anatomy::Side side : {anatomy::Side::Left, anatomy::Side::Right}) {
            const std::vector<int> parts = body.findMuscle(id, side);
            REQUIRE_FALSE(parts.empty());
            // A group (the forearm's extensors) is its muscles, each with its own Latin name;
            // the group is found by its English one.
            const bool group = body.structures()[static_cast<size_t>(parts[0])].info.group == id;
            for (const std::string& name : names) {
                INFO(name);
                if (group && &name != &names.front())
                    continue;
                bool found = false;
                for (const auto& hit : anatomy::searchStructures(body, name, 200))
                    found = found ||
                            std::find(parts.begin(), parts.end(), hit.structure) != parts.end();
                CHECK(found);
            }
        }
    }
}

TEST_CASE("Left and right atlas parts mirror each other", "[atlas]") {
    const auto& body = atlas().body;
    size_t pairs = 0, samples = 0, within2mm = 0;
    float worstM = 0.0f;
    std::string worst;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const auto& left = body.structures()[i];
        if (left.side != anatomy::Side::Left)
            continue;
        const int right = body.findStructure(left.name, anatomy::Side::Right);
        if (right < 0 || body.structures()[static_cast<size_t>(right)].layer != left.layer)
            continue;
        ++pairs;
        // Every fifth vertex of the left part, mirrored in x = 0, against the right surface.
        for (size_t v = 0; v < left.mesh.positions.size(); v += 5) {
            glm::vec3 p = left.mesh.positions[v];
            p.x = -p.x;
            const auto nearest = anatomy::nearestOnStructure(body, right, p);
            REQUIRE(nearest);
            const float d = glm::distance(nearest->position, p);
            ++samples;
            within2mm += d <= 0.002f;
            if (d > worstM) {
                worstM = d;
                worst = left.name;
            }
        }
    }
    INFO(pairs << " pairs, " << samples << " points; " << within2mm
               << " within 2 mm; the worst, on " << worst << ", " << worstM * 1000.0f
               << " mm from its mirror image");
    CHECK(pairs > 300);
    CHECK(worstM < 0.002f);
}

TEST_CASE("Every atlas muscle has fibres, and known ones run as anatomy says", "[atlas]") {
    const auto& body = atlas().body;
    for (const auto& s : body.structures()) {
        if (s.layer != anatomy::LayerKind::Muscle)
            continue;
        INFO(s.name);
        REQUIRE(s.mesh.fibres.size() == s.mesh.positions.size());
        for (size_t v = 0; v < s.mesh.fibres.size(); v += 7) {
            REQUIRE(glm::length(s.mesh.fibres[v]) == Approx(1.0f).margin(1e-3));
            REQUIRE(std::abs(glm::dot(s.mesh.fibres[v], s.mesh.normals[v])) < 0.05f);
        }
    }
    // The descending trapezius: from the back of the skull down and out to the clavicle (on
    // the right side, out is -X).
    const auto* upper = find(body, "trapezius-upper", anatomy::Side::Right);
    REQUIRE(upper);
    const glm::vec3 trapezius = mainFibreDirection(upper->mesh);
    INFO("trapezius-upper " << trapezius.x << " " << trapezius.y << " " << trapezius.z);
    CHECK(trapezius.y < -0.5f);
    CHECK(trapezius.x < -0.2f);
    // The thigh's long muscles run along it.
    for (const char* name :
         {"rectus-femoris", "vastus-lateralis", "vastus-medialis", "semitendinosus"}) {
        const auto* muscle = find(body, name, anatomy::Side::Left);
        REQUIRE(muscle);
        const glm::vec3 thigh = mainFibreDirection(muscle->mesh);
        INFO(name << " " << thigh.x << " " << thigh.y << " " << thigh.z);
        CHECK(thigh.y < -0.9f);
    }
    // The external oblique: down and forward over the flank.
    const auto* oblique = find(body, "external-oblique", anatomy::Side::Right);
    REQUIRE(oblique);
    anatomy::SurfaceMesh flank;
    const core::Aabb box = oblique->mesh.bounds();
    for (size_t v = 0; v < oblique->mesh.positions.size(); ++v)
        if (oblique->mesh.positions[v].x < box.min.x + 0.3f * (box.max.x - box.min.x))
            flank.fibres.push_back(oblique->mesh.fibres[v]);
    const glm::vec3 down = mainFibreDirection(flank);
    INFO("external-oblique flank " << down.x << " " << down.y << " " << down.z);
    CHECK(down.y < -0.3f);
    CHECK(down.z > 0.3f);
}

TEST_CASE("Building the atlas body tells its stages in order, from nothing done to all of it",
          "[atlas]") {
    const auto& stages = test::atlasBody().stages;
    // Six stages; the three long ones also report their steps, so that a cancel is heard within
    // them (the fascia layers in eight, a modelled muscle and a round of moving the skin each).
    std::vector<std::string> names;
    std::map<std::string, size_t> reports;
    for (const auto& [name, done] : stages) {
        if (names.empty() || names.back() != name)
            names.push_back(name);
        ++reports[name];
    }
    CHECK(names == std::vector<std::string>{
                       "reading the parts", "simplifying the parts, the muscles' fibres",
                       "modelling the muscles the atlas lacks", "making room under the skin",
                       "deriving the fascia layers", "done"});
    CHECK(reports["modelling the muscles the atlas lacks"] == 12);
    CHECK(reports["making room under the skin"] == 5);
    CHECK(reports["deriving the fascia layers"] == 8);
    CHECK(stages.front() == std::pair<std::string, float>("reading the parts", 0.0f));
    CHECK(stages.back() == std::pair<std::string, float>("done", 1.0f));
    for (size_t i = 1; i < stages.size(); ++i) {
        INFO(stages[i].first);
        CHECK(stages[i].second > stages[i - 1].second);
    }
}

TEST_CASE("The parts of fan-shaped muscles run towards one insertion from different sides",
          "[atlas]") {
    const anatomy::Body& body = test::atlasBody().body;
    // A part's main fibre direction on the right side, turned to point downwards (or, for a
    // level one, outwards: -X).
    const auto fibre = [&body](const char* part) {
        const auto* s = find(body, part, anatomy::Side::Right);
        REQUIRE(s);
        glm::vec3 d = mainFibreDirection(s->mesh);
        if (std::abs(d.y) < 0.3f && d.x > 0.0f)
            d = -d;
        INFO(part << " " << d.x << " " << d.y << " " << d.z);
        return d;
    };
    const auto degreesBetween = [](glm::vec3 a, glm::vec3 b) {
        return glm::degrees(std::acos(std::min(1.0f, std::abs(glm::dot(a, b)))));
    };
    // Trapezius: the upper part runs down and out to the clavicle, the middle one out to the
    // acromion, the lower one up and out (pointed downwards: down and in) to the scapula's spine.
    const glm::vec3 upper = fibre("trapezius-upper"), middle = fibre("trapezius-middle"),
                    lower = fibre("trapezius-lower");
    CHECK(upper.x < -0.3f);
    CHECK(middle.x < -0.8f);
    CHECK(lower.x > 0.3f); // downwards towards the midline
    CHECK(degreesBetween(upper, lower) > 60.0f);
    // Deltoid: the front part runs down and back, the back part down and forward, onto the
    // deltoid tuberosity.
    const glm::vec3 front = fibre("deltoid-anterior"), back = fibre("deltoid-posterior");
    CHECK(front.z < -0.05f);
    CHECK(back.z > 0.05f);
    CHECK(degreesBetween(front, back) > 20.0f);
    // Pectoralis major: the clavicular part runs down and out, the abdominal part up and out.
    CHECK(degreesBetween(fibre("pectoralis-major-clavicular"),
                         fibre("pectoralis-major-abdominal")) > 40.0f);
    // Gluteus medius, one part in the atlas, fans within itself: from the front of the iliac
    // crest its fibres run down and back, from the back straight down or forward, to the
    // greater trochanter.
    const auto* medius = find(body, "gluteus-medius", anatomy::Side::Right);
    REQUIRE(medius);
    const core::Aabb box = medius->mesh.bounds();
    const float depth = box.max.z - box.min.z;
    const glm::vec3 frontFibres = mainFibreDirection(
        medius->mesh, [&](const glm::vec3& p) { return p.z > box.max.z - depth / 3.0f; });
    const glm::vec3 backFibres = mainFibreDirection(
        medius->mesh, [&](const glm::vec3& p) { return p.z < box.min.z + depth / 3.0f; });
    INFO("gluteus medius front " << frontFibres.x << " " << frontFibres.y << " " << frontFibres.z
                                 << ", back " << backFibres.x << " " << backFibres.y << " "
                                 << backFibres.z);
    // Measured: front (-0.36, -0.92, -0.16), back (-0.21, -0.98, 0.02), 15 degrees apart. The
    // atlas's posterior border runs almost straight down to the trochanter; with the origin
    // taken as the top eighth of the muscle only, the front fibres ran down and forward.
    CHECK(frontFibres.z < -0.1f); // down and back
    CHECK(backFibres.z > -0.05f); // down, not back
    CHECK(degreesBetween(frontFibres, backFibres) > 10.0f);
}

TEST_CASE("Long edges are split without moving the surface or opening it", "[atlas]") {
    anatomy::SurfaceMesh mesh =
        test::sphereStructure("ball", anatomy::LayerKind::Skin, 0.2f, 0.05f).mesh;
    REQUIRE(anatomy::isClosedSurface(mesh));
    const double volume = test::signedVolume(mesh);
    const size_t before = mesh.triangleCount();
    const size_t splits = anatomy::atlas::splitLongEdges(mesh, 0.012f);
    CHECK(splits > 0);
    CHECK(mesh.triangleCount() == before + 2 * splits); // each split turns two triangles into four
    CHECK(anatomy::isClosedSurface(mesh));
    CHECK(test::signedVolume(mesh) == Approx(volume).epsilon(1e-6)); // flat splits add nothing
    float longest = 0.0f;
    for (size_t t = 0; t < mesh.triangleCount(); ++t)
        for (int e = 0; e < 3; ++e)
            longest = std::max(
                longest, glm::distance(mesh.positions[mesh.indices[3 * t + size_t(e)]],
                                       mesh.positions[mesh.indices[3 * t + size_t((e + 1) % 3)]]));
    CHECK(longest <= 0.012f);
    CHECK(mesh.normals.size() == mesh.positions.size());
}
