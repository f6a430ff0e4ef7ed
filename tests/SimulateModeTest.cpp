// The viewer's Simulate mode without a window: the web prepared in the background, the hand's
// press, drag and lift, the clock within its budget, the history, and what it draws.
#include "TestSupport.h"

#include "app/SimulateMode.h"

#include <catch2/catch.hpp>

#include <cmath>

namespace {

anatomy::Body fasciaSphere() {
    anatomy::Body body;
    body.addStructure(test::sphereStructure("sheet", anatomy::LayerKind::DeepFascia, 0.1f));
    return body;
}

// Simulate mode on `body`, its web prepared and ready.
void prepareReady(app::SimulateMode& mode, const anatomy::Body& body) {
    mode.prepare(body, nullptr);
    mode.waitUntilPrepared();
    REQUIRE(mode.poll());
    REQUIRE(mode.ready());
}

} // namespace

TEST_CASE("Simulate mode: press, drag and lift a tool; the clock keeps to its budget",
          "[sim][app]") {
    const anatomy::Body body = fasciaSphere();
    app::SimulateMode mode;
    prepareReady(mode, body);
    CHECK(mode.simulation()->timeS() == 0.0);
    CHECK(mode.history().size() == 1);

    // Far from any fascia the press misses and nothing is touched.
    CHECK_FALSE(mode.press(glm::vec3(0.0f, 0.5f, 0.0f)));
    CHECK_FALSE(mode.pressing());

    // Pressure beyond the thumb's range is clamped, and said.
    const std::string note = mode.setPressure(900.0f);
    CHECK(note.find("Thumb") != std::string::npos);
    CHECK(mode.pressureKPa() == Approx(mode.tools()[0].maximumKPa));
    CHECK(mode.setPressure(40.0f).empty());

    // Held: the tool stays where the hand pressed and pushes the sheet in.
    REQUIRE(mode.press(glm::vec3(0.0f, 0.0f, 0.1f)));
    CHECK(mode.pressing());
    const int frames = mode.advance(0.5, 10.0); // half a second, ample time to compute it
    CHECK(frames == 30);
    CHECK(mode.simulation()->timeS() == Approx(0.5).epsilon(0.02));
    const auto pose = mode.simulation()->toolPose();
    REQUIRE(pose.has_value());
    CHECK(glm::distance(pose->contact, glm::vec3(0.0f, 0.0f, 0.1f)) < 0.005f);
    CHECK(mode.simulation()->sample().toolDepthMm > 0.05f);

    // Dragged: the tool follows the hand over the surface.
    const glm::vec3 moved = 0.1f * glm::normalize(glm::vec3(0.03f, 0.0f, 0.1f));
    mode.drag(moved);
    mode.stepOnce();
    CHECK(glm::distance(mode.simulation()->toolPose()->contact, moved) < 0.005f);
    CHECK(mode.simulation()->guided());

    // No time to compute: the clock owes the next frames what it could not run, up to a
    // quarter of a second, and lets the rest go rather than falling ever further behind (a
    // second less the frame it ran and the backlog it keeps).
    const double droppedBefore = mode.droppedSeconds();
    CHECK(mode.advance(1.0, 0.0) == 1);
    const double backlogS = app::SimulateMode::kLongestBacklogS;
    CHECK(mode.owedSeconds() == Approx(backlogS));
    CHECK(mode.droppedSeconds() - droppedBefore == Approx(1.0 - 1.0 / 60.0 - backlogS));
    // A frame with time to spare catches the backlog up: its own frame and the quarter second.
    const double before = mode.simulation()->timeS();
    const int caughtUp = mode.advance(1.0 / 60.0, 10.0);
    CHECK(caughtUp == static_cast<int>(std::lround((backlogS + 1.0 / 60.0) * 60.0)));
    CHECK(mode.simulation()->timeS() - before == Approx(backlogS + 1.0 / 60.0).margin(1e-4));
    CHECK(mode.owedSeconds() < 1.0 / 60.0);
    // A slow frame gets a larger share of computing, a fast one at least 25 ms.
    CHECK(app::SimulateMode::budgetFor(1.0 / 60.0) == app::SimulateMode::kFrameBudgetS);
    CHECK(app::SimulateMode::budgetFor(0.1) == Approx(0.03));

    // Paused, time stands still; a step still steps.
    mode.playing = false;
    const double paused = mode.simulation()->timeS();
    CHECK(mode.advance(1.0, 10.0) == 0);
    mode.stepOnce();
    CHECK(mode.simulation()->timeS() == Approx(paused + 1.0 / 60.0));
    mode.playing = true;

    // Lifted: no tool.
    mode.lift();
    CHECK_FALSE(mode.pressing());
    CHECK_FALSE(mode.simulation()->toolPose().has_value());

    // Reset: back to the start, the history cleared.
    mode.reset();
    CHECK(mode.simulation()->timeS() == 0.0);
    CHECK(mode.history().size() == 1);
    mode.stop();
    CHECK_FALSE(mode.ready());
}

TEST_CASE("Simulate mode draws tension, the sheet's motion and the tool's footprint",
          "[sim][app]") {
    const anatomy::Body body = fasciaSphere();
    app::SimulateMode mode;
    prepareReady(mode, body);
    REQUIRE(mode.press(glm::vec3(0.0f, 0.0f, 0.1f)));
    mode.advance(0.5, 10.0);

    render::Overlays overlays;
    const std::uint64_t revision = overlays.revision;
    mode.fillOverlays(overlays, 5.0f);
    CHECK(overlays.revision != revision);
    CHECK(overlays.heatMap.unit == "kPa");
    CHECK(overlays.heatMap.maximum == mode.heatMaximumKPa());
    REQUIRE(overlays.heatMap.fields.size() == 1);
    REQUIRE(overlays.offsets.size() == 1);
    const auto& values = overlays.heatMap.fields[0].values;
    const auto& offsets = overlays.offsets[0].offsets;
    REQUIRE(values.size() == body.structures()[0].mesh.vertexCount());
    REQUIRE(offsets.size() == values.size());
    // Under the tool the sheet is pushed in, five times magnified, and it is tense there.
    const std::uint32_t particle = mode.simulation()->nearestParticle(glm::vec3(0.0f, 0.0f, 0.1f));
    const glm::vec3 moved = mode.simulation()->web().model().positions[particle] -
                            mode.simulation()->web().homes()[particle];
    std::uint32_t under = 0; // the vertex drawn for that particle
    while (mode.simulation()->web().particleOf(0, under) != particle)
        ++under;
    CHECK(offsets[under].z < 0.0f);
    CHECK(glm::length(offsets[under] - 5.0f * moved) < 1e-6f);
    // The heat map draws each vertex's tension where it is above a tenth of the scale and
    // leaves slack tissue (pushed into this convex shell, the sheet under the tool is in
    // compression) its own look.
    const std::vector<float>& tension = mode.simulation()->tensionKPa();
    int drawn = 0, mismatched = 0;
    for (std::uint32_t v = 0; v < values.size(); ++v) {
        const float t = tension[*mode.simulation()->web().particleOf(0, v)];
        const bool shown = t >= 0.1f * mode.heatMaximumKPa();
        drawn += shown;
        if (shown ? values[v] != t : !std::isnan(values[v]))
            ++mismatched;
    }
    CHECK(mismatched == 0);
    CHECK(drawn < static_cast<int>(values.size()));
    // The tool's outline: a closed ring around the contact, and its stem.
    REQUIRE_FALSE(overlays.polylines.empty());
    const render::PolylineSet& tool = overlays.polylines.back();
    REQUIRE(tool.lines.size() == 2);
    const auto& ring = tool.lines[0].points;
    CHECK(glm::distance(ring.front(), ring.back()) < 1e-5f);
    const float radius = std::sqrt(mode.tools()[0].contactAreaCm2 * 1e-4f / 3.14159265f);
    CHECK(glm::distance(ring.front(), mode.simulation()->toolPose()->contact) ==
          Approx(radius).epsilon(0.3));
}

TEST_CASE("Simulate mode's history is thinned as it grows, keeping its span", "[sim][app]") {
    app::SimulationHistory history;
    sim::Sample sample;
    sample.releasedPercent = {0.0f, 0.0f};
    for (int i = 0; i < 5000; ++i) {
        sample.timeS = i / 60.0;
        sample.releasedPercent[1] = static_cast<float>(i) / 50.0f;
        history.record(sample);
    }
    CHECK(history.size() <= app::SimulationHistory::kCapacity);
    CHECK(history.size() > app::SimulationHistory::kCapacity / 2);
    CHECK(history.timeS.front() == 0.0f);
    CHECK(history.timeS.back() > 4900.0f / 60.0f);
    REQUIRE(history.releasedPercent.size() == 2);
    CHECK(history.releasedPercent[1].size() == history.size());
    for (size_t i = 1; i < history.size(); ++i)
        REQUIRE(history.timeS[i] > history.timeS[i - 1]);
}

TEST_CASE("Simulate mode's assumptions carry the parameters' values", "[sim][app]") {
    const auto lines = app::simulationAssumptions(sim::defaultParameters());
    REQUIRE(lines.size() >= 5);
    const auto& deep = *sim::defaultParameters().forLayer(anatomy::LayerKind::DeepFascia);
    char modulus[32];
    std::snprintf(modulus, sizeof modulus, "%.0f MPa along",
                  static_cast<double>(deep.youngsModulusAlongMPa));
    CHECK(lines[0].find(modulus) != std::string::npos);
    bool phenomenological = false;
    for (const std::string& line : lines)
        phenomenological |= line.find("phenomenological") != std::string::npos;
    CHECK(phenomenological);
}

TEST_CASE("Simulate mode holds the tool hands-free on a trigger point until lifted", "[sim][app]") {
    const anatomy::Body body = fasciaSphere();
    annotate::Session session;
    annotate::TriggerPoint point;
    point.id = "tp-1";
    point.name = "A point near the top";
    point.severity = 8;
    point.anchor.position = glm::vec3(0.0f, 0.03f, 0.0954f); // on the sphere
    session.triggerPoints.push_back(point);
    app::SimulateMode mode;
    mode.prepare(body, &session);
    mode.waitUntilPrepared();
    REQUIRE(mode.poll());
    REQUIRE(mode.ready());
    REQUIRE(mode.simulation()->web().restrictions().size() == 1);

    CHECK_FALSE(mode.holdOn(1).has_value()); // no such restriction: nothing touched
    CHECK_FALSE(mode.pressing());
    const auto hold = mode.holdOn(0);
    REQUIRE(hold.has_value());
    CHECK(mode.pressing());
    // At the point's own place (the particle nearest it; this sphere's are 2 cm apart), facing
    // out of the sphere.
    CHECK(glm::distance(hold->point, point.anchor.position) < 0.015f);
    CHECK(glm::dot(hold->normal, glm::normalize(point.anchor.position)) > 0.9f);
    // Held with no hand on it: the tool stays, presses with the set force, and releases.
    mode.advance(2.0, 10.0);
    REQUIRE(mode.simulation()->toolPose().has_value());
    CHECK(glm::distance(mode.simulation()->toolPose()->contact, hold->point) < 0.005f);
    CHECK(mode.simulation()->sample().toolForceN == Approx(mode.forceN()).epsilon(0.1));
    CHECK(mode.simulation()->sample().releasedPercent[0] > 0.0f);
    mode.lift();
    CHECK_FALSE(mode.pressing());
    CHECK_FALSE(mode.simulation()->toolPose().has_value());
}
