// The trigger-point library: what it covers, how it reads its files, how it lands on the
// default body, and the reverse lookup ("where it hurts") a therapist asks it.
#include "CliRunner.h"
#include "TestSupport.h"
#include "annotate/Library.h"
#include "annotate/MapDocument.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace annotate;

namespace {

const anatomy::BodyBvh& bvh() {
    static const anatomy::BodyBvh tree(test::defaultBody());
    return tree;
}

const std::vector<PlacedPoint>& placedLibrary() {
    static const auto placed = placeLibrary(test::defaultBody(), bvh(), referenceLibrary());
    return placed;
}

const PlacedPoint& placed(const std::string& id, anatomy::Side side) {
    const LibraryPoint* entry = referenceLibrary().find(id);
    REQUIRE(entry);
    for (const PlacedPoint& p : placedLibrary())
        if (p.entry == entry && p.side == side)
            return p;
    FAIL("no placed library point " << id);
    return placedLibrary().front();
}

glm::vec3 placeAt(const std::string& name, anatomy::Side side) {
    const LibraryPlace* place = referenceLibrary().findPlace(name);
    REQUIRE(place);
    return placeOnBody(test::defaultBody(), referenceLibrary(), place->at, side);
}

// "id zone" for every point referring pain to a named place on the left side.
std::map<std::string, bool> referralsAt(const std::string& place) {
    std::map<std::string, bool> found; // id -> essential
    const auto& points = placedLibrary();
    for (const Referral& r : pointsReferringTo(points, placeAt(place, anatomy::Side::Left)))
        if (points[r.placed].side == anatomy::Side::Left)
            found.emplace(points[r.placed].entry->id, r.essential);
    return found;
}

std::set<std::string> musclesReferringTo(const std::string& place) {
    std::set<std::string> muscles;
    for (const auto& [id, essential] : referralsAt(place))
        muscles.insert(referenceLibrary().find(id)->muscle);
    return muscles;
}

// A library in memory: the files by their paths in the library's folder.
core::Result<Library> libraryOf(std::map<std::string, std::string> files) {
    return readLibrary(
        [files](const std::string& path) -> std::optional<std::string> {
            const auto it = files.find(path);
            if (it == files.end())
                return std::nullopt;
            return it->second;
        },
        "edited");
}

const char* kLibraryJson = R"({"about": "a", "frame": {"centreZ": 0.011},
    "sources": {"ts1": "Simons DG et al. The Trigger Point Manual, Vol. 1, ch. 6."},
    "regions": ["arm"]})";
const char* kPlacesJson = R"({"places": {
    "lateral-elbow": {"at": [0.15, 0.66, -0.01], "description": "the outer elbow"},
    "back-of-wrist": {"at": [0.15, 0.52, 0.0], "description": "the back of the wrist"}}})";

std::string armRegion(const std::string& point) {
    return R"({"sources": {}, "triggerPoints": [)" + point + "]}";
}

const std::string kGoodPoint = R"({"id": "supinator/TrP1", "name": "Supinator TrP1",
    "muscle": "supinator", "at": {"between": ["lateral-elbow", "back-of-wrist"], "t": 0.2},
    "essential": [{"along": ["lateral-elbow", "back-of-wrist"], "width": 0.02}],
    "spillover": [{"at": "lateral-elbow", "radius": 0.01}],
    "symptoms": "s", "selfCare": "c", "sources": ["ts1"]})";

} // namespace

TEST_CASE("The library covers 70 muscles and 130 points, with the manuals' standard points",
          "[library]") {
    const Library& library = referenceLibrary();
    CHECK(library.points.size() >= 130);
    const std::vector<std::string> muscles = library.muscles();
    CHECK(muscles.size() >= 70);
    auto hasMuscle = [&](const std::string& muscle) {
        return std::any_of(library.points.begin(), library.points.end(),
                           [&](const LibraryPoint& p) {
                               return p.muscle == muscle ||
                                      p.muscle.rfind(muscle + "-", 0) == 0; // a part of it
                           });
    };
    for (const char* muscle :
         {"trapezius", "levator-scapulae", "sternocleidomastoid", "masseter", "temporalis",
          "pterygoid-lateral", "pterygoid-medial", "digastric", "splenius-capitis",
          "splenius-cervicis", "suboccipitals", "scalene-anterior", "supraspinatus",
          "infraspinatus", "subscapularis", "latissimus-dorsi", "deltoid", "biceps-brachii",
          "triceps-brachii", "coracobrachialis", "pectoralis-major", "pectoralis-minor",
          "serratus-anterior", "serratus-posterior-superior", "serratus-posterior-inferior",
          "rectus-abdominis", "external-oblique", "internal-oblique", "diaphragm",
          "brachioradialis", "extensor-carpi-radialis-longus", "extensor-carpi-radialis-brevis",
          "extensor-digitorum", "supinator", "adductor-pollicis", "opponens-pollicis",
          "quadratus-lumborum",
          "iliocostalis", "multifidus", "psoas-major", "gluteus-maximus", "gluteus-medius",
          "gluteus-minimus", "piriformis", "biceps-femoris", "semitendinosus",
          "adductor-longus", "pectineus", "tibialis-anterior", "tibialis-posterior",
          "fibularis-longus", "extensor-digitorum-longus", "flexor-digitorum-longus", "soleus",
          "gastrocnemius"}) {
        INFO(muscle);
        CHECK(hasMuscle(muscle));
    }
    // The standard numbered points, each its own entry.
    for (const char* id :
         {"trapezius/TrP1", "trapezius/TrP2", "trapezius/TrP3", "trapezius/TrP4",
          "trapezius/TrP5", "trapezius/TrP6", "trapezius/TrP7", "gluteus-maximus/TrP1",
          "gluteus-maximus/TrP2", "gluteus-maximus/TrP3", "gluteus-medius/TrP1",
          "gluteus-medius/TrP2", "gluteus-medius/TrP3", "soleus/TrP1", "soleus/TrP2",
          "soleus/TrP3", "temporalis/TrP1", "temporalis/TrP2", "temporalis/TrP3",
          "temporalis/TrP4"}) {
        INFO(id);
        CHECK(library.find(id));
    }
    int gastrocnemius = 0, masseter = 0;
    for (const LibraryPoint& p : library.points) {
        gastrocnemius += p.muscle.rfind("gastrocnemius", 0) == 0;
        masseter += p.muscle == "masseter";
    }
    CHECK(gastrocnemius >= 4);
    CHECK(masseter >= 2);
    // Maps that name a point by an earlier id still find it.
    CHECK(library.find("upper-trapezius/TrP1") == library.find("trapezius/TrP1"));
}

TEST_CASE("Every point is written for itself, cited, and named as its id says", "[library]") {
    const Library& library = referenceLibrary();
    for (const LibraryPoint& point : library.points) {
        INFO(point.id);
        // The reader refuses a name that disagrees with its id; this checks the pairing anyway.
        const std::string number = point.id.substr(point.id.rfind('/') + 1);
        CHECK(point.name.size() >= number.size());
        CHECK(point.name.compare(point.name.size() - number.size(), number.size(), number) == 0);
        CHECK_FALSE(point.symptoms.empty());
        CHECK_FALSE(point.perpetuating.empty());
        CHECK_FALSE(point.selfCare.empty());
        REQUIRE_FALSE(point.sources.empty());
        for (const std::string& key : point.sources) {
            REQUIRE(library.sources.count(key) == 1);
            // No shop and no unauthorised copy of a book.
            const std::string& reference = library.sources.at(key);
            for (const char* banned : {"dokumen.tips", "pubhtml5", "amazon.", "ebay.", "scribd"})
                CHECK(reference.find(banned) == std::string::npos);
        }
        if (point.depth == "deep" || point.depth == "cavity")
            CHECK_FALSE(point.depthNote.empty());
    }
}

TEST_CASE("On the default body every point lies on its muscle, every zone on the skin, every "
          "band unbroken, and no self-care sentence is shared",
          "[library]") {
    const auto problems = libraryProblems(referenceLibrary(), placedLibrary());
    for (const std::string& problem : problems)
        UNSCOPED_INFO(problem);
    CHECK(problems.empty());
    const anatomy::Body& body = test::defaultBody();
    for (const PlacedPoint& p : placedLibrary()) {
        INFO(p.displayName());
        const std::vector<int> muscle = body.findMuscle(p.entry->muscle, p.side);
        CHECK(std::find(muscle.begin(), muscle.end(), p.location.point.structure) != muscle.end());
        const anatomy::Side muscleSide = body.structures()[size_t(p.location.point.structure)].side;
        CHECK((muscleSide == p.side || muscleSide == anatomy::Side::Midline));
        CHECK_FALSE(p.essential.empty());
        for (const auto* zone : {&p.essential, &p.spillover})
            for (const ZoneSpot& spot : *zone)
                CHECK_THAT(spot.centre.structure, Catch::StartsWith("skin/"));
    }
    // Right is the mirror of left.
    const auto& left = placed("trapezius/TrP1", anatomy::Side::Left);
    const auto& right = placed("trapezius/TrP1", anatomy::Side::Right);
    CHECK(std::abs(left.location.position.x + right.location.position.x) < 0.01f);
    CHECK(std::abs(left.location.position.y - right.location.position.y) < 0.01f);
}

TEST_CASE("A band is drawn as a continuous strip down the limb", "[library]") {
    auto library = libraryOf({{"library.json", kLibraryJson},
                              {"places.json", kPlacesJson},
                              {"trigger-points/arm.json", armRegion(kGoodPoint)}});
    REQUIRE(library.ok());
    const auto placedPoints = placeLibrary(test::defaultBody(), bvh(), *library);
    REQUIRE(placedPoints.size() == 2);
    const PlacedPoint& p = placedPoints[0];
    // The band from the outer elbow to the wrist, some 24 cm on this body and 3.7 cm wide: a
    // chain of overlapping discs, each within one radius of the next.
    REQUIRE(p.essential.size() >= 10);
    for (size_t i = 1; i < p.essential.size(); ++i)
        CHECK(glm::length(p.essential[i].centre.position - p.essential[i - 1].centre.position) <=
              p.essential[i].radius);
    CHECK(p.bandBreaks == 0);
    const glm::vec3 elbow = placeOnBody(test::defaultBody(), *library,
                                        library->findPlace("lateral-elbow")->at, anatomy::Side::Left);
    const glm::vec3 wrist = placeOnBody(test::defaultBody(), *library,
                                        library->findPlace("back-of-wrist")->at, anatomy::Side::Left);
    CHECK(glm::length(p.essential.front().centre.position - elbow) < 0.02f);
    CHECK(glm::length(p.essential.back().centre.position - wrist) < 0.02f);
    // Halfway down the forearm lies in the band: "where it hurts" finds the point there.
    const glm::vec3 halfway = p.essential[p.essential.size() / 2].centre.position;
    const auto referrals = pointsReferringTo(placedPoints, halfway);
    REQUIRE_FALSE(referrals.empty());
    CHECK(referrals.front().essential);
}

TEST_CASE("A broken library file is refused naming the file and the field", "[library]") {
    auto refused = [](const std::map<std::string, std::string>& files, const char* expected) {
        auto library = libraryOf(files);
        REQUIRE_FALSE(library.ok());
        CHECK_THAT(library.error().message, Catch::Contains(expected));
    };
    const std::map<std::string, std::string> good = {
        {"library.json", kLibraryJson},
        {"places.json", kPlacesJson},
        {"trigger-points/arm.json", armRegion(kGoodPoint)}};
    REQUIRE(libraryOf(good).ok());
    auto with = [&](const std::string& path, const std::string& text) {
        auto files = good;
        files[path] = text;
        return files;
    };
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string point = kGoodPoint;
        point.replace(point.find(from), from.size(), to);
        return with("trigger-points/arm.json", armRegion(point));
    };
    auto without = good;
    without.erase("places.json");
    refused(without, "edited/places.json: the file is missing");
    refused(with("library.json", "{"), "edited/library.json: not valid JSON");
    refused(replaced("\"back-of-wrist\"], \"t\"", "\"back-of-hand\"], \"t\""),
            "edited/trigger-points/arm.json: triggerPoints[0].at.between[1]: no place "
            "\"back-of-hand\"");
    refused(replaced("Supinator TrP1", "Supinator TrP2"),
            "triggerPoints[0].name: \"Supinator TrP2\" should end with TrP1");
    refused(replaced("\"width\": 0.02", "\"width\": 0.5"), "triggerPoints[0].essential[0].width");
    refused(replaced("[\"lateral-elbow\", \"back-of-wrist\"], \"width\"", "[\"lateral-elbow\"], \"width\""),
            "essential[0].along: a band needs at least two positions");
    refused(replaced("\"t\": 0.2", "\"t\": 2"), "triggerPoints[0].at.t");
    refused(replaced("\"ts1\"]", "\"nowhere\"]"), "triggerPoints[0].sources: no source \"nowhere\"");
    refused(with("trigger-points/arm.json",
                 R"({"sources": {"ts1": "another text"}, "triggerPoints": [)" + kGoodPoint + "]}"),
            "sources.ts1: the key is defined elsewhere with other text");
    refused(with("trigger-points/arm.json", armRegion(kGoodPoint + "," + kGoodPoint)),
            "triggerPoints[1].id: \"supinator/TrP1\" is used twice");
}

TEST_CASE("Corrections the manuals ask for", "[library]") {
    const Library& library = referenceLibrary();
    auto text = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    // Temporalis TrP1's self-care speaks of the temple, not the cheek (masseter's).
    const LibraryPoint* temporalis = library.find("temporalis/TrP1");
    REQUIRE(temporalis);
    CHECK(text(temporalis->selfCare).find("temple") != std::string::npos);
    CHECK(text(temporalis->selfCare).find("cheek") == std::string::npos);
    // Gluteus medius TrP1/TrP2 and gluteus minimus: lying on the unaffected side, a pillow
    // between the knees.
    const char* const kOtherSide[] = {"unaffected side", "other side", "pain-free side",
                                      "side that does not hurt"};
    for (const LibraryPoint& p : library.points)
        if (p.id == "gluteus-medius/TrP1" || p.id == "gluteus-medius/TrP2" ||
            p.muscle == "gluteus-minimus") {
            INFO(p.id);
            const std::string care = text(p.selfCare);
            CHECK(std::any_of(std::begin(kOtherSide), std::end(kOtherSide), [&](const char* words) {
                return care.find(words) != std::string::npos;
            }));
            CHECK(care.find("sore side") == std::string::npos);
            CHECK(text(p.selfCare).find("pillow") != std::string::npos);
        }
    // Soleus TrP1 refers to the heel, and the sacroiliac spillover is soleus TrP3's.
    CHECK(referralsAt("heel").count("soleus/TrP1") == 1);
    CHECK(referralsAt("sacroiliac").count("soleus/TrP1") == 0);
    CHECK(referralsAt("sacroiliac").count("soleus/TrP3") == 1);
    // Lower trapezius TrP3 reaches the mastoid area in its essential zone.
    const auto atMastoid = referralsAt("mastoid");
    REQUIRE(atMastoid.count("trapezius/TrP3") == 1);
    CHECK(atMastoid.at("trapezius/TrP3"));
    // The doubtful back patterns, settled as the manuals draw them: quadratus lumborum's deep
    // upper point at the sacroiliac joint and its deep lower point low in the buttock; the
    // iliopsoas along the lumbar spine (essential) and at the front of the thigh (spillover);
    // multifidus at S1 at the tailbone; iliocostalis lumborum (L1) in the buttock.
    const auto atSacroiliac = referralsAt("sacroiliac");
    REQUIRE(atSacroiliac.count("quadratus-lumborum/TrP2") == 1);
    CHECK(atSacroiliac.at("quadratus-lumborum/TrP2"));
    const auto atLowerButtock = referralsAt("sit-bone");
    CHECK(atLowerButtock.count("quadratus-lumborum/TrP4") == 1);
    const auto atLowBack = referralsAt("low-back");
    const auto atFrontOfThigh = referralsAt("groin");
    for (const char* iliopsoas : {"iliopsoas/TrP1", "iliopsoas/TrP2", "iliopsoas/TrP3"}) {
        INFO(iliopsoas);
        REQUIRE(atLowBack.count(iliopsoas) == 1);
        CHECK(atLowBack.at(iliopsoas));
        REQUIRE(atFrontOfThigh.count(iliopsoas) == 1);
        CHECK_FALSE(atFrontOfThigh.at(iliopsoas));
    }
    const auto atTailbone = referralsAt("tailbone");
    REQUIRE(atTailbone.count("multifidus/TrP1") == 1);
    CHECK(atTailbone.at("multifidus/TrP1"));
    const auto atButtock = referralsAt("buttock");
    REQUIRE(atButtock.count("iliocostalis/TrP1") == 1);
    CHECK(atButtock.at("iliocostalis/TrP1"));
    CHECK(atButtock.count("iliocostalis/TrP3") == 0); // T6 refers up and to the chest
    // Upper trapezius TrP1: the temple, essential.
    const auto atTemple = referralsAt("temple");
    REQUIRE(atTemple.count("trapezius/TrP1") == 1);
    CHECK(atTemple.at("trapezius/TrP1"));
}

TEST_CASE("Where it hurts: each painful place finds the muscles the manuals name", "[library]") {
    auto includes = [](const std::set<std::string>& found, std::vector<std::string> expected) {
        std::string list;
        for (const std::string& m : found)
            list += m + " ";
        INFO("found: " << list);
        for (const std::string& muscle : expected) {
            INFO(muscle);
            CHECK(std::any_of(found.begin(), found.end(), [&](const std::string& m) {
                return m == muscle || m.rfind(muscle + "-", 0) == 0;
            }));
        }
    };
    includes(musclesReferringTo("temple"), {"trapezius", "sternocleidomastoid", "temporalis"});
    includes(musclesReferringTo("front-of-shoulder"), {"infraspinatus", "deltoid"});
    // Tennis elbow and golfer's elbow.
    includes(musclesReferringTo("lateral-elbow"),
             {"supinator", "brachioradialis", "extensor-carpi-radialis-longus"});
    includes(musclesReferringTo("medial-elbow"), {"triceps-brachii"});
    includes(musclesReferringTo("low-back"), {"iliocostalis", "iliacus"});
    includes(musclesReferringTo("sacroiliac"), {"quadratus-lumborum", "gluteus-medius"});
    includes(musclesReferringTo("lateral-thigh"), {"gluteus-minimus", "vastus-lateralis"});
    includes(musclesReferringTo("heel"), {"soleus"});
    // Nowhere near any zone: nothing.
    CHECK(pointsReferringTo(placedLibrary(), glm::vec3(0.0f, -5.0f, 0.0f)).empty());
}

TEST_CASE("fascialab library answers from the command line", "[library][cli]") {
    const auto list = test::runCli({"library"});
    CHECK(list.code == 0);
    CHECK_THAT(list.out, Catch::Contains("trapezius/TrP1") && Catch::Contains("not diagnosis"));

    const auto places = test::runCli({"library", "--places", "--json"});
    REQUIRE(places.code == 0);
    std::set<std::string> names;
    const auto placesJson = nlohmann::json::parse(places.out);
    for (const auto& place : placesJson["places"])
        names.insert(place["name"].get<std::string>());
    for (const char* required :
         {"temple", "mastoid", "back-of-head", "behind-eye", "jaw", "throat", "top-of-shoulder",
          "front-of-shoulder", "back-of-shoulder", "lateral-elbow", "medial-elbow",
          "back-of-wrist", "thumb", "chest", "abdomen", "low-back", "sacroiliac", "buttock",
          "groin", "lateral-thigh", "front-of-thigh", "back-of-thigh", "front-of-knee", "shin",
          "calf", "lateral-ankle", "heel", "sole"}) {
        INFO(required);
        CHECK(names.count(required) == 1);
    }

    // Tennis elbow: ranked, essential zones first, each saying which zone.
    const auto elbow = test::runCli({"library", "--pain-at", "lateral-elbow/right", "--json"});
    REQUIRE(elbow.code == 0);
    const auto answer = nlohmann::json::parse(elbow.out);
    const auto& referrals = answer["referrals"];
    REQUIRE(referrals.size() >= 3);
    bool seenSpillover = false, supinator = false;
    for (const auto& r : referrals) {
        CHECK(r["side"] == "right");
        const bool essential = r["zone"] == "essential";
        CHECK_FALSE((essential && seenSpillover)); // essential zones come first
        seenSpillover = seenSpillover || !essential;
        supinator = supinator || r["id"].get<std::string>().rfind("supinator/", 0) == 0;
    }
    CHECK(supinator);
    const auto heel = test::runCli({"library", "--pain-at", "heel/left"});
    CHECK(heel.code == 0);
    CHECK_THAT(heel.out, Catch::Contains("Soleus TrP1 (left)"));

    CHECK(test::runCli({"library", "--pain-at", "temple"}).code == 1); // which side?
    const auto unknown = test::runCli({"library", "--pain-at", "elbow-pit/left"});
    CHECK(unknown.code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("no place \"elbow-pit\""));
    CHECK(test::runCli({"library", "--places", "--check", "x"}).code == 1);
}

TEST_CASE("Inserting a library point adds it with its referred zone, named after the muscle",
          "[library]") {
    MapDocument document = newDocument("2026-11-02");
    History history;
    const PlacedPoint& p = placed("levator-scapulae/TrP1", anatomy::Side::Right);
    history.perform(document,
                    insertLibraryPoint(document, 0, test::defaultBody(), p, "2026-11-02"));
    REQUIRE(document.sessions[0].triggerPoints.size() == 1);
    const TriggerPoint& point = document.sessions[0].triggerPoints[0];
    CHECK(point.name == "Levator scapulae TrP1 (right)");
    CHECK(point.anchor.structure == "muscle/levator-scapulae/right");
    CHECK(point.libraryId == "levator-scapulae/TrP1");
    REQUIRE(point.referredZones.size() == 1);
    const ReferredZone* zone = findZone(document.sessions[0], point.referredZones[0]);
    REQUIRE(zone);
    CHECK(zone->essential.size() == p.essential.size());
    CHECK(zone->spillover.size() == p.spillover.size());
    CHECK(history.labels().back() == "Add Levator scapulae TrP1 (right)");
    history.undo(document);
    CHECK(document.sessions[0].triggerPoints.empty());
    CHECK(document.sessions[0].referredZones.empty());
}
