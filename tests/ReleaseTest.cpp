// The release law as it runs: on the default body, at the app's own solver settings, a thumb
// held on the example's upper-trapezius trigger point, still and while the head side-bends.
#include "TestSupport.h"
#include "annotate/MapFile.h"
#include "app/SimulationSetup.h"
#include "sim/Simulation.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>

using namespace sim;

namespace {

struct Run {
    std::optional<double> centreNinetyS; // when 90 % of the point's centre had released
    float releasedAt30sPercent = 0.0f;   // of the whole point
    float shearAt30sKPa = 0.0f;          // the gliding layer's under the tool, mean over 30 s
};

Run hold(const FasciaWeb& settled, size_t point, const glm::vec3& target, Technique technique,
         const Movement& movement, double seconds) {
    Simulation simulation(settled, Simulation::defaultSettings());
    Treatment treatment;
    treatment.tool = *defaultParameters().tool("thumb");
    treatment.technique = technique;
    treatment.forceN = toolLoad(treatment.tool, 40.0f, std::nullopt)->forceN;
    treatment.target = target;
    treatment.movement = movement;
    simulation.setTreatment(treatment);
    const std::uint32_t centre = simulation.nearestParticle(target);
    Run run;
    double shearSum = 0.0;
    const int frames = static_cast<int>(seconds * 60.0);
    for (int frame = 1; frame <= frames; ++frame) {
        simulation.step();
        if (frame <= 30 * 60)
            shearSum += static_cast<double>(simulation.sample().glidingShearUnderToolKPa);
        if (frame == 30 * 60) {
            run.releasedAt30sPercent = simulation.sample().releasedPercent[point];
            run.shearAt30sKPa = static_cast<float>(shearSum / (30 * 60));
        }
        if (!run.centreNinetyS && simulation.web().remaining()[centre] < 0.1f)
            run.centreNinetyS = simulation.timeS();
    }
    return run;
}

} // namespace

TEST_CASE("A thumb on a trigger point releases as the law is calibrated, held still or pinning "
          "while the client moves",
          "[sim][release][validation][calibration]") {
    const anatomy::Body& body = test::defaultBody();
    auto map = annotate::loadMap(test::sourceDir() / "../examples/alex-three-sessions.fascia.json");
    REQUIRE(map.ok());
    const annotate::Session& session = map->sessions.front(); // tp-1: upper trapezius, 7 of 10
    std::vector<std::string> notes;
    auto web = app::settledWeb(body, defaultParameters(), {}, &session, notes);
    REQUIRE(web.ok());
    auto target = app::resolveTarget("tp-1", body, &session);
    REQUIRE(target.ok());
    // tp-1's restriction (the session's painted tension is another).
    size_t point = 0;
    while (point < web->restrictions().size() && web->restrictions()[point].id != "tp-1")
        ++point;
    REQUIRE(point < web->restrictions().size());
    REQUIRE_THAT(web->restrictions()[point].label, Catch::Contains("Trapezius"));

    // Held still at 40 kPa: 90 % of the point's centre released in 90-120 s, the timing
    // practitioners describe for a sustained hold (fascia.json, release).
    const Movement& movement = app::movementAt(body, *target, defaultParameters());
    CHECK(movement.id == "head-side-bend");
    const Run still = hold(*web, point, *target, Technique::Passive, movement, 125.0);
    REQUIRE(still.centreNinetyS.has_value());
    CHECK(*still.centreNinetyS >= 90.0);
    CHECK(*still.centreNinetyS <= 120.0);

    // The same thumb while the head side-bends: the trapezius slides under the hold, the
    // gliding layer carries the grip's shear, and the point releases faster.
    const Run pinned = hold(*web, point, *target, Technique::PinAndStretch, movement, 30.0);
    std::printf("held still: 90 %% of the centre in %.1f s, %.1f %% of the point in 30 s, "
                "gliding shear %.1f kPa; pinned while the head side-bends: %.1f %% in 30 s, "
                "gliding shear %.1f kPa\n",
                *still.centreNinetyS, static_cast<double>(still.releasedAt30sPercent),
                static_cast<double>(still.shearAt30sKPa),
                static_cast<double>(pinned.releasedAt30sPercent),
                static_cast<double>(pinned.shearAt30sKPa));
    CHECK(pinned.shearAt30sKPa > 2.0f * still.shearAt30sKPa);
    CHECK(pinned.releasedAt30sPercent > 1.3f * still.releasedAt30sPercent);
}
