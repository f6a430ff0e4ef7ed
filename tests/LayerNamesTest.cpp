// Sorting imported parts into layers by their names: a real atlas's names (BodyParts3D, from
// ../shared/data) and a hand-picked list of the names that trip a naive matcher.
#include "TestSupport.h"
#include "anatomy/io/LayerClassifier.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using anatomy::LayerKind;

struct Part {
    std::string name;
    std::string system;
};

// parts.tsv: file, FJ id, FMA id, English name, system; a header line first.
std::vector<Part> readParts(const std::filesystem::path& path) {
    std::vector<Part> parts;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> columns;
        std::istringstream fields(line);
        for (std::string field; std::getline(fields, field, '\t');)
            columns.push_back(field);
        if (columns.size() >= 5)
            parts.push_back({columns[3], columns[4]});
    }
    return parts;
}

// As the loader classifies a node with a name and no label (its display name is derived from
// the name), but with the built-in rules only, whatever the user's own file says.
LayerKind classifyAsLoaded(const anatomy::io::LayerNameRules& rules, const std::string& name) {
    return rules.classify(name, anatomy::io::displayNameFromIdentifier(name));
}

} // namespace

TEST_CASE("BodyParts3D's muscles and bones land in the muscle and bone layers",
          "[layer-names][data]") {
    const std::filesystem::path data(FASCIALAB_SHARED_DATA);
    const auto tsv = data / "bodies" / "bodyparts3d" / "parts.tsv";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(tsv, ec)) {
        WARN("SKIPPED: ../shared/data is absent (classifying BodyParts3D's names needs "
             << tsv.string() << ")");
        return;
    }
    const auto parts = readParts(tsv);
    REQUIRE(parts.size() > 2000);

    const auto rules = anatomy::io::LayerNameRules::builtIn();
    std::map<std::string, std::map<LayerKind, int>> counts; // system -> layer -> parts
    std::map<std::string, int> totals;
    std::vector<std::string> missed; // muscles and bones outside their layer
    int iliotibialTracts = 0;
    for (const Part& part : parts) {
        const LayerKind layer = classifyAsLoaded(rules, part.name);
        ++counts[part.system][layer];
        ++totals[part.system];
        INFO(part.system << ": " << part.name << " -> " << anatomy::layerId(layer));
        if (part.system == "muscle" || part.system == "bone") {
            const LayerKind expected =
                part.system == "muscle" ? LayerKind::Muscle : LayerKind::Bone;
            if (layer != expected)
                missed.push_back(part.system + ": " + part.name + " -> " +
                                 std::string(anatomy::layerId(layer)));
            // Whatever else they may be, muscles and bones are never skin or fascia.
            CHECK(layer != LayerKind::Skin);
            CHECK(layer != LayerKind::SuperficialFascia);
            CHECK(layer != LayerKind::DeepFascia);
        }
        if (part.name.find("iliotibial tract") != std::string::npos) {
            ++iliotibialTracts;
            CHECK(layer == LayerKind::DeepFascia);
        }
        if (part.system == "skin")
            CHECK(layer == LayerKind::Skin);
        // Vessels and nerves borrow muscles' and bones' names ("ulnar artery", "anterior tibial
        // vein", "deltoid branch of ..."), and have no layer of their own.
        if (part.system == "arteries" || part.system == "veins" || part.system == "nerves")
            CHECK(layer == LayerKind::Other);
    }
    CHECK(iliotibialTracts == 2);

    std::ostringstream table;
    table << "BodyParts3D parts by system and layer (built-in rules):\n";
    table << std::left << std::setw(16) << "system" << std::right << std::setw(6) << "parts";
    for (LayerKind kind : anatomy::kAllLayers)
        table << std::setw(20) << anatomy::layerId(kind);
    table << "\n";
    for (const auto& [system, byLayer] : counts) {
        table << std::left << std::setw(16) << system << std::right << std::setw(6)
              << totals[system];
        for (LayerKind kind : anatomy::kAllLayers) {
            const auto it = byLayer.find(kind);
            table << std::setw(20) << (it == byLayer.end() ? 0 : it->second);
        }
        table << "\n";
    }
    table << "muscles and bones outside their layer (" << missed.size() << "):\n";
    for (const std::string& line : std::set<std::string>(missed.begin(), missed.end()))
        table << "  " << line << "\n";
    std::cout << table.str() << std::flush;

    REQUIRE(totals["muscle"] > 400);
    REQUIRE(totals["bone"] > 200);
    const double muscles = double(counts["muscle"][LayerKind::Muscle]) / totals["muscle"];
    const double bones = double(counts["bone"][LayerKind::Bone]) / totals["bone"];
    INFO(table.str());
    CHECK(muscles >= 0.95);
    CHECK(bones >= 0.95);
}

TEST_CASE("Names that trip a naive matcher land in the right layer", "[layer-names]") {
    const auto rules = anatomy::io::LayerNameRules::builtIn();
    struct Case {
        const char* name;
        LayerKind layer;
    };
    const Case cases[] = {
        // Bones whose names are the start of a muscle's, and the muscles.
        {"left trapezium", LayerKind::Bone},
        {"descending part of right trapezius", LayerKind::Muscle},
        {"right trapezoid", LayerKind::Bone},
        {"left radius", LayerKind::Bone},
        {"left extensor carpi radialis brevis", LayerKind::Muscle},
        {"right ulna", LayerKind::Bone},
        {"ulnar head of left flexor carpi ulnaris", LayerKind::Muscle},
        {"left tibia", LayerKind::Bone},
        {"right tibialis posterior", LayerKind::Muscle},
        {"left fibula", LayerKind::Bone},
        {"left fibularis tertius", LayerKind::Muscle},
        {"right femur", LayerKind::Bone},
        {"long head of left biceps femoris", LayerKind::Muscle},
        {"sacrum", LayerKind::Bone},
        {"Musculus sacrospinalis", LayerKind::Muscle},
        {"VHM_pubis_compact_bone_L", LayerKind::Bone},
        {"left pubococcygeus", LayerKind::Muscle},
        {"VHM_ilium_spongy_bone_R", LayerKind::Bone},
        {"right iliacus", LayerKind::Muscle},
        {"left iliocostalis lumborum", LayerKind::Muscle},
        {"VHM_coccyx", LayerKind::Bone},
        {"left coccygeus", LayerKind::Muscle},
        {"Costa II", LayerKind::Bone},
        {"set of left levatores costarum breves", LayerKind::Muscle},
        {"right second rib", LayerKind::Bone},
        {"fourth thoracic vertebra", LayerKind::Bone},
        {"right erector spinae", LayerKind::Muscle},
        {"left spinalis thoracis", LayerKind::Muscle},
        {"left lunate", LayerKind::Bone},
        {"right hamate", LayerKind::Bone},
        {"left first metatarsal bone", LayerKind::Bone},
        {"distal phalanx of left thumb", LayerKind::Bone},
        {"left incus", LayerKind::Bone},
        {"hyoid bone", LayerKind::Bone},
        {"right omohyoid", LayerKind::Muscle},
        {"vomer", LayerKind::Bone},
        // Muscles no single keyword used to reach.
        {"set of lumbricals of right hand", LayerKind::Muscle},
        {"first plantar interosseous of left foot", LayerKind::Muscle},
        {"humeral head of right pronator teres", LayerKind::Muscle},
        {"left flexor accessorius", LayerKind::Muscle},
        {"right opponens pollicis", LayerKind::Muscle},
        {"left anconeus", LayerKind::Muscle},
        {"right supinator", LayerKind::Muscle},
        {"left gemellus inferior", LayerKind::Muscle},
        {"right obturator internus", LayerKind::Muscle},
        {"left platysma", LayerKind::Muscle},
        {"left digastric", LayerKind::Muscle},
        {"left vocalis", LayerKind::Muscle},
        {"diaphragm", LayerKind::Muscle},
        {"right cervical rotator", LayerKind::Muscle},
        {"set of interspinales cervicis", LayerKind::Muscle},
        {"left longus capitis", LayerKind::Muscle},
        {"left oblique arytenoid", LayerKind::Muscle},
        {"right lateral crico-arytenoid", LayerKind::Muscle},
        {"left inferior rectus", LayerKind::Muscle},
        {"VH_M_rectus_femoris_R", LayerKind::Muscle},
        {"RectusFemoris_L", LayerKind::Muscle}, // camel case
        {"tensor_fasciae_latae_L", LayerKind::Muscle},
        {"Musculus gluteus maximus", LayerKind::Muscle},
        // Tendons go with their muscles.
        {"left calcaneal tendon", LayerKind::Muscle},
        {"tendon of levator palpebrae superioris", LayerKind::Muscle},
        {"Tendo calcaneus", LayerKind::Muscle},
        // Joints and cartilage go with bone.
        {"interosseous membrane of left forearm", LayerKind::Bone},
        {"left long plantar ligament", LayerKind::Bone},
        {"Ligamentum patellae", LayerKind::Bone},
        {"left arytenoid cartilage", LayerKind::Bone},
        {"right thyrohyoid membrane", LayerKind::Bone},
        {"intervertebral disk of axis", LayerKind::Bone},
        {"VH_M_meniscus_R", LayerKind::Bone},
        {"Os coxae", LayerKind::Bone},
        // Fascia.
        {"right iliotibial tract", LayerKind::DeepFascia},
        {"Tractus iliotibialis", LayerKind::DeepFascia},
        {"tendinous arch of levator ani", LayerKind::DeepFascia},
        {"flexor retinaculum of left wrist", LayerKind::DeepFascia},
        {"rectus sheath", LayerKind::DeepFascia},
        {"linea alba", LayerKind::DeepFascia},
        {"fascia_lata_L", LayerKind::DeepFascia},
        {"thoracolumbar_fascia", LayerKind::DeepFascia},
        {"Aponeurosis plantaris", LayerKind::DeepFascia},
        {"superficial_fascia", LayerKind::SuperficialFascia},
        {"Tela subcutanea", LayerKind::SuperficialFascia},
        {"Cutis", LayerKind::Skin},
        {"VH_M_skin", LayerKind::Skin},
        // Not a layer: vessels, nerves, organs, the eye.
        {"left ulnar artery", LayerKind::Other},
        {"right anterior tibial vein", LayerKind::Other},
        {"deltoid branch of left thoraco-acromial artery", LayerKind::Other},
        {"left vertebral artery", LayerKind::Other},
        {"right trochlear nerve", LayerKind::Other},
        {"anterior papillary muscle of right ventricle", LayerKind::Other},
        {"tarsal plate of left upper eyelid", LayerKind::Other},
        {"suspensory ligament of left lens", LayerKind::Other},
        {"left submandibular gland", LayerKind::Other},
        {"Spleen", LayerKind::Other},
        {"left internal capsule", LayerKind::Other},
        {"joint-pelvis", LayerKind::Other},
        {"Cube", LayerKind::Other},
    };
    for (const Case& c : cases) {
        INFO(c.name << ": expected " << anatomy::layerId(c.layer));
        CHECK(anatomy::layerId(classifyAsLoaded(rules, c.name)) == anatomy::layerId(c.layer));
    }
}

TEST_CASE("Users' rule files keep matching substrings unless they ask for words", "[layer-names]") {
    auto rules = anatomy::io::LayerNameRules::builtIn();
    // A file from before "matching" existed: its fragments match anywhere, as they always did.
    REQUIRE(
        rules.add(R"({"rules": [{"layer": "bone", "match": ["ceps"]}]})", "old.json", true).ok());
    CHECK(rules.classify("left biceps brachii") == LayerKind::Bone);
    // The same fragment as words matches only the word.
    auto words = anatomy::io::LayerNameRules::builtIn();
    REQUIRE(words
                .add(R"({"matching": "words", "rules": [{"layer": "bone", "match": ["ceps",
                     "spleen*"]}]})",
                     "new.json", true)
                .ok());
    CHECK(words.classify("left biceps brachii") == LayerKind::Muscle);
    CHECK(words.classify("ceps") == LayerKind::Bone);
    CHECK(words.classify("Splenius capitis") == LayerKind::Muscle);
    CHECK(words.classify("Spleens") == LayerKind::Bone);
    // A user's rule can send a part to "unclassified" ahead of ours.
    REQUIRE(
        words
            .add(R"({"rules": [{"layer": "unclassified", "match": ["femur"]}]})", "mine.json", true)
            .ok());
    CHECK(words.classify("left femur") == LayerKind::Other);

    auto unknown = rules.add(R"({"matching": "regex", "rules": []})", "mine.json", true);
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message,
               Catch::StartsWith("mine.json: ") && Catch::Contains("regex"));
}
