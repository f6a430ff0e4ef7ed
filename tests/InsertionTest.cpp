// Muscles that insert into the deep fascia pull on it: where the web finds the insertions on the
// default body, and how far a pull on one latissimus dorsi carries through the thoracolumbar
// fascia.
#include "TestSupport.h"
#include "sim/Parameters.h"
#include "sim/Simulation.h"
#include "sim/Web.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using namespace sim;

namespace {

const MuscleInsertion* insertionOf(const FasciaWeb& web, const std::string& key) {
    for (const MuscleInsertion& insertion : web.insertions())
        if (insertion.key() == key)
            return &insertion;
    return nullptr;
}

} // namespace

TEST_CASE("The default body's deep fascia is one web, its regions labels on it, and muscles "
          "insert into it",
          "[sim][insertion]") {
    auto web = FasciaWeb::build(test::defaultBody(), defaultParameters());
    REQUIRE(web.ok());
    // One connected sheet: every particle reached from the first through the triangles.
    const size_t n = web->homes().size();
    REQUIRE(web->model().links.empty()); // a membrane of triangles, not a spring network
    std::vector<std::vector<std::uint32_t>> neighbours(n);
    for (const Triangle& triangle : web->model().triangles)
        for (int k = 0; k < 3; ++k) {
            neighbours[triangle.v[k]].push_back(triangle.v[(k + 1) % 3]);
            neighbours[triangle.v[(k + 1) % 3]].push_back(triangle.v[k]);
        }
    std::vector<bool> reached(n, false);
    std::vector<std::uint32_t> stack{0};
    reached[0] = true;
    size_t count = 0;
    while (!stack.empty()) {
        const std::uint32_t i = stack.back();
        stack.pop_back();
        ++count;
        for (std::uint32_t j : neighbours[i])
            if (!reached[j]) {
                reached[j] = true;
                stack.push_back(j);
            }
    }
    CHECK(count == n);
    // Its regions are labels on that one sheet, the thoracolumbar fascia and the iliotibial
    // tract among them.
    for (const char* region : {"Thoracolumbar fascia", "Iliotibial tract", "Fascia lata",
                               "Crural fascia", "Investing fascia"}) {
        INFO(region);
        int labelled = 0;
        for (std::uint32_t i = 0; i < n; ++i)
            labelled += web->regionOf(i) == region ? 1 : 0;
        CHECK(labelled > 50);
    }
    for (const char* muscle : {"latissimus-dorsi", "gluteus-maximus", "tensor-fasciae-latae"})
        for (const char* side : {"left", "right"}) {
            const std::string key = std::string(muscle) + "/" + side;
            INFO(key);
            const MuscleInsertion* insertion = insertionOf(*web, key);
            REQUIRE(insertion != nullptr);
            CHECK(insertion->particles.size() >= 10);
            double shares = 0.0;
            for (size_t k = 0; k < insertion->particles.size(); ++k) {
                const std::uint32_t i = insertion->particles[k];
                // On its own side of the body (the left is +x), in a region it inserts into,
                // pulled along the sheet.
                CHECK((web->homes()[i].x > 0.0f) == (std::string(side) == "left"));
                CHECK(std::find(insertion->fasciae.begin(), insertion->fasciae.end(),
                                web->regionOf(i)) != insertion->fasciae.end());
                CHECK(std::abs(glm::dot(insertion->directions[k], web->normals()[i])) < 1e-3f);
                shares += static_cast<double>(insertion->shares[k]);
            }
            CHECK(shares == Approx(1.0).epsilon(1e-5));
        }
    // The gluteus maximus pulls on both the thoracolumbar fascia and the iliotibial tract.
    const MuscleInsertion* gluteus = insertionOf(*web, "gluteus-maximus/left");
    REQUIRE(gluteus != nullptr);
    for (const char* region : {"Thoracolumbar fascia", "Iliotibial tract"})
        CHECK(std::any_of(gluteus->particles.begin(), gluteus->particles.end(),
                          [&](std::uint32_t i) { return web->regionOf(i) == region; }));
    // An unknown muscle is refused with the ones there are.
    const auto unknown = web->pullMuscle("deltoid/left", 10.0f);
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message, Catch::Contains("latissimus-dorsi/left"));
    CHECK_FALSE(web->pullMuscle("latissimus-dorsi/left", -1.0f).ok());
}

TEST_CASE("A pull on one latissimus dorsi tenses the thoracolumbar fascia across the midline",
          "[sim][insertion]") {
    auto web = FasciaWeb::build(test::defaultBody(), defaultParameters());
    REQUIRE(web.ok());
    // 40 N: a moderate contraction, or the arm raised overhead (assumed).
    constexpr float kPullN = 40.0f;
    REQUIRE(web->pullMuscle("latissimus-dorsi/left", kPullN).ok());
    web->settle();
    const std::vector<float> tension = web->tensionKPa();
    // The thoracolumbar fascia on each side, more than 2 cm from the midline.
    double left = 0.0, right = 0.0, rightPeak = 0.0, peak = 0.0;
    int leftCount = 0, rightCount = 0;
    for (std::uint32_t i = 0; i < tension.size(); ++i) {
        peak = std::max(peak, static_cast<double>(tension[i]));
        if (web->regionOf(i) != "Thoracolumbar fascia")
            continue;
        const float x = web->homes()[i].x;
        if (x > 0.02f) {
            left += static_cast<double>(tension[i]);
            ++leftCount;
        } else if (x < -0.02f) {
            right += static_cast<double>(tension[i]);
            rightPeak = std::max(rightPeak, static_cast<double>(tension[i]));
            ++rightCount;
        }
    }
    REQUIRE(leftCount > 0);
    REQUIRE(rightCount > 0);
    left /= leftCount;
    right /= rightCount;
    std::printf("latissimus pull %.0f N: thoracolumbar fascia mean %.2f kPa on its side, %.2f kPa "
                "across the midline (largest there %.2f kPa); largest anywhere %.1f kPa\n",
                static_cast<double>(kPullN), left, right, rightPeak, peak);
    // The figures docs/simulation.md gives, within 5 %: the pull reaches the other side.
    CHECK(left == Approx(25.5).epsilon(0.05));
    CHECK(right == Approx(10.3).epsilon(0.05));
    // The sheet solved under the pull reaches far enough: at its rim the tension is under 1 %
    // of the largest.
    const MuscleInsertion* latissimus = insertionOf(*web, "latissimus-dorsi/left");
    REQUIRE(latissimus != nullptr);
    const auto spread = web->spreadOf(*latissimus, defaultParameters().insertions.spreadMm * 1e-3f);
    std::vector<bool> inside(tension.size(), false);
    for (std::uint32_t i : spread)
        inside[i] = true;
    double rim = 0.0;
    for (const Triangle& triangle : web->model().triangles)
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = triangle.v[k], b = triangle.v[(k + 1) % 3];
            if (inside[a] != inside[b])
                rim = std::max(rim, static_cast<double>(std::max(tension[a], tension[b])));
        }
    REQUIRE(rim > 0.0); // the rim was found, and the pull reaches it at all
    std::printf("spread %zu particles; tension at its rim at most %.3f kPa\n", spread.size(), rim);
    CHECK(rim < 0.01 * peak);

    // Held, the pull keeps the sheet where it came to rest: the dynamic solver leaves it alone.
    Simulation simulation(std::move(*web));
    for (int frame = 0; frame < 30; ++frame)
        simulation.step();
    const std::vector<float> later = simulation.web().tensionKPa();
    double rightLater = 0.0;
    for (std::uint32_t i = 0; i < later.size(); ++i)
        if (simulation.web().regionOf(i) == "Thoracolumbar fascia" &&
            simulation.web().homes()[i].x < -0.02f)
            rightLater += static_cast<double>(later[i]);
    CHECK(rightLater / rightCount == Approx(right).epsilon(0.02));
}
