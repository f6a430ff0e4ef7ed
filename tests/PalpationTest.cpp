// Palpation practice: restrictions hidden from a seed, felt as a firmer spot that gives less,
// and guesses scored by the distance along the fascia and the severity judged.
#include "CliRunner.h"
#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "app/PalpationTissue.h"
#include "learn/Palpation.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace learn;

namespace {

const std::vector<annotate::PlacedPoint>& libraryPlaced() {
    static const anatomy::BodyBvh bvh(test::defaultBody());
    static const auto points =
        annotate::placeLibrary(test::defaultBody(), bvh, annotate::referenceLibrary());
    return points;
}

PalpationExercise exercise(const std::string& region, int count, std::uint64_t seed) {
    auto made =
        makePalpation(libraryPlaced(), region, count, seed, app::palpableOn(test::defaultBody()));
    REQUIRE(made);
    return std::move(made).value();
}

} // namespace

TEST_CASE("Restrictions are hidden from a seed, apart, in the region, with a severity",
          "[learn][palpation]") {
    const auto a = exercise("trunk", 3, 21), b = exercise("trunk", 3, 21);
    REQUIRE(a.hidden.size() == 3);
    for (size_t i = 0; i < a.hidden.size(); ++i) {
        CHECK(a.hidden[i].pointId == b.hidden[i].pointId);
        CHECK(a.hidden[i].severity == b.hidden[i].severity);
        CHECK(a.hidden[i].severity >= 3);
        CHECK(a.hidden[i].severity <= 9);
        CHECK(annotate::referenceLibrary().find(a.hidden[i].pointId)->region == "trunk");
        for (size_t j = 0; j < i; ++j)
            CHECK(glm::length(a.hidden[i].at - a.hidden[j].at) >= 0.06f);
    }
    const auto other = exercise("trunk", 3, 22);
    CHECK((other.hidden[0].pointId != a.hidden[0].pointId ||
           other.hidden[1].pointId != a.hidden[1].pointId));
    // The upper back: two restrictions between and over the shoulder blades.
    const auto upper = exercise("upper-back", 2, 1);
    REQUIRE(upper.hidden.size() == 2);
    for (const auto& h : upper.hidden) {
        INFO(h.name);
        const std::string muscle = annotate::referenceLibrary().find(h.pointId)->muscle;
        CHECK(muscle.rfind("trapezius-upper", 0) != 0);
        CHECK(h.at.z < test::defaultBody().bounds().center().z);       // on the back
        CHECK(h.at.y > 0.65f * test::defaultBody().bounds().size().y); // above the waist
    }
    CHECK_FALSE(makePalpation(libraryPlaced(), "trunk", 0, 1));
    CHECK_FALSE(makePalpation(libraryPlaced(), "trunk", 4, 1));
    CHECK_FALSE(makePalpation(libraryPlaced(), "elbow", 2, 1));
}

TEST_CASE("Guesses are scored by the distance along the fascia and the severity judged",
          "[learn][palpation]") {
    const auto ex = exercise("shoulder-arm", 2, 5);
    const anatomy::Body& body = test::defaultBody();
    const anatomy::SurfaceMesh& fascia =
        body.structures()[size_t(app::deepFasciaStructure(body))].mesh;
    // Exactly right: every restriction found and its severity judged.
    std::vector<PalpationGuess> right;
    for (const auto& h : ex.hidden)
        right.push_back({h.at, h.severity});
    const auto perfect = scorePalpation(fascia, ex, right);
    CHECK(perfect.points == Approx(2.0f).margin(0.05));
    for (const auto& r : perfect.restrictions) {
        CHECK(r.found);
        CHECK(r.severityJudged);
        CHECK(*r.distanceM < 0.01f);
    }
    CHECK(perfect.falseAlarms.empty());
    // Severity far off: found, but the severity not judged, and fewer points.
    std::vector<PalpationGuess> misjudged = right;
    misjudged[0].severity = right[0].severity >= 6 ? 0 : 10;
    const auto severity = scorePalpation(fascia, ex, misjudged);
    CHECK(severity.restrictions[0].found);
    CHECK_FALSE(severity.restrictions[0].severityJudged);
    CHECK(severity.restrictions[0].points == Approx(0.7f).margin(0.05));
    // The guesses in the other order still match their own restrictions.
    std::vector<PalpationGuess> swapped = {right[1], right[0]};
    const auto reordered = scorePalpation(fascia, ex, swapped);
    CHECK(reordered.restrictions[0].guess == 1);
    CHECK(reordered.points == Approx(2.0f).margin(0.05));
    // Only one guess, and one far away: one found, one false alarm.
    const auto partial =
        scorePalpation(fascia, ex, {right[0], {right[0].at + glm::vec3(0, -0.5f, 0), 5}});
    CHECK(partial.restrictions[0].found);
    CHECK_FALSE(partial.restrictions[1].found);
    CHECK(partial.falseAlarms.size() == 1);
    CHECK(scorePalpation(fascia, ex, {}).points == 0.0f);
}

TEST_CASE("A hidden restriction feels firmer: it gives less under the same thumb",
          "[learn][palpation]") {
    const anatomy::Body& body = test::defaultBody();
    std::vector<float> ratios; // give over a restriction / give there without it
    for (const char* region : {"head-neck", "shoulder-arm", "trunk", "hip-thigh"}) {
        INFO(region);
        const auto ex = exercise(region, 2, 2);
        auto restricted = app::PalpationTissue::build(body, ex);
        REQUIRE(restricted);
        PalpationExercise none = ex;
        none.hidden.clear();
        auto healthy = app::PalpationTissue::build(body, none);
        REQUIRE(healthy);
        for (const auto& h : ex.hidden) {
            INFO(h.name << ", severity " << h.severity);
            const auto tight = restricted->press(h.at, 30.0f);
            const auto free = healthy->press(h.at, 30.0f);
            REQUIRE(tight);
            REQUIRE(free);
            CHECK(tight->giveMm < free->giveMm);
            CHECK(tight->firmnessKPaPerMm > free->firmnessKPaPerMm);
            ratios.push_back(tight->giveMm / free->giveMm);
            WARN(h.name << " (severity " << h.severity << "): gives " << tight->giveMm << " mm, "
                        << free->giveMm << " mm without the restriction");
        }
        // Off the fascia there is nothing to feel.
        CHECK_FALSE(restricted->press(glm::vec3(0.0f, -1.0f, 0.0f), 30.0f));
    }
    // Most restrictions are plain to the thumb: the median gives at most 80 % as much. (Over
    // the belly, where the soft abdomen beneath takes most of the give, the difference is
    // smaller, as it is to a real hand.)
    std::sort(ratios.begin(), ratios.end());
    CHECK(ratios[ratios.size() / 2] < 0.8f);
}

TEST_CASE("fascialab palpate hides, presses, scores and reveals", "[learn][palpation][cli]") {
    const auto hidden =
        test::runCli({"palpate", "--region", "trunk", "--seed", "3", "--reveal", "--json"});
    REQUIRE(hidden.code == 0);
    const auto j = nlohmann::json::parse(hidden.out);
    REQUIRE(j["revealed"].size() == 2);
    const auto at = j["revealed"][0]["at"];
    const std::string press = std::to_string(at[0].get<float>()) + "," +
                              std::to_string(at[1].get<float>()) + "," +
                              std::to_string(at[2].get<float>());
    const auto felt =
        test::runCli({"palpate", "--region", "trunk", "--seed", "3", "--press", press});
    CHECK(felt.code == 0);
    CHECK_THAT(felt.out, Catch::Contains("gives") && Catch::Contains("kPa per mm"));
    CHECK_THAT(felt.out, !Catch::Contains("TrP")); // nothing told but what a hand feels

    const auto dir = test::makeTempDir("palpate-cli");
    const std::string guesses = (dir / "guesses.json").string();
    nlohmann::json g = {{"guesses", nlohmann::json::array()}};
    for (const auto& r : j["revealed"])
        g["guesses"].push_back({{"at", r["at"]}, {"severity", r["severity"]}});
    std::ofstream(guesses) << g.dump();
    const auto scored = test::runCli(
        {"palpate", "--region", "trunk", "--seed", "3", "--guesses", guesses, "--json"});
    REQUIRE(scored.code == 0);
    CHECK(nlohmann::json::parse(scored.out)["points"].get<float>() == Approx(2.0f).margin(0.05));

    std::ofstream(guesses) << "{\"guesses\": [{\"at\": [0, 1], \"severity\": 5}]}";
    const auto bad = test::runCli({"palpate", "--region", "trunk", "--guesses", guesses});
    CHECK(bad.code == 2);
    CHECK_THAT(bad.err, Catch::Contains("guesses.json") && Catch::Contains("guesses[0]"));
    CHECK(test::runCli({"palpate"}).code == 1);
    CHECK(test::runCli({"palpate", "--region", "trunk", "--press", "1,2"}).code == 1);
}
