// Pin labels laid out on the screen: no two overlap however crowded, a label that fits where it
// wants stays there (and so draws no leader line), moved ones move the least, straight up or
// down, and stay in the viewport.
#include "ui/LabelLayout.h"

#include <catch2/catch.hpp>

#include <random>

namespace {

ui::LabelRequest at(float x, float y, float w = 120.0f, float h = 20.0f, int priority = 0) {
    ui::LabelRequest request;
    request.wanted.min = {x, y};
    request.wanted.max = {x + w, y + h};
    request.priority = priority;
    return request;
}

// Every pair apart, each box the size it asked for, and "moved" exactly when it is elsewhere.
void checkLayout(const std::vector<ui::LabelRequest>& requests,
                 const std::vector<ui::LabelPlacement>& placed) {
    REQUIRE(placed.size() == requests.size());
    for (size_t i = 0; i < placed.size(); ++i) {
        CHECK(placed[i].box.size().x == Approx(requests[i].wanted.size().x));
        CHECK(placed[i].box.size().y == Approx(requests[i].wanted.size().y));
        CHECK(placed[i].moved == (placed[i].box.min != requests[i].wanted.min));
        for (size_t j = i + 1; j < placed.size(); ++j) {
            INFO("labels " << i << " and " << j);
            CHECK_FALSE(placed[i].box.overlaps(placed[j].box));
        }
    }
}

} // namespace

TEST_CASE("Labels that do not collide stay by their pins and draw no leader", "[ui][labels]") {
    const std::vector<ui::LabelRequest> requests = {at(100, 100), at(100, 140), at(300, 100),
                                                    at(300, 105, 50, 10, 0)};
    const auto placed = ui::layOutLabels(requests, 3.0f);
    // The last one overlaps the third: all but it stay where they asked to be.
    for (size_t i = 0; i < 3; ++i) {
        CHECK_FALSE(placed[i].moved);
        CHECK(placed[i].box.min == requests[i].wanted.min);
    }
    CHECK(placed[3].moved);
    checkLayout(requests, placed);
    // A single label never moves.
    const auto alone = ui::layOutLabels({at(10, 10)}, 3.0f);
    CHECK_FALSE(alone[0].moved);
    CHECK(alone[0].box.min == glm::vec2(10, 10));
}

TEST_CASE("Two labels on nearly the same spot: the lower one moves just clear, straight down",
          "[ui][labels]") {
    // The upper trapezius and levator scapulae points, a few pixels apart on screen.
    const std::vector<ui::LabelRequest> requests = {at(400, 204), at(396, 200)};
    const auto placed = ui::layOutLabels(requests, 3.0f);
    checkLayout(requests, placed);
    // Taken from the top: the one at y = 200 stays; the other slides by the least distance
    // that clears it by the gap (below it: 19 px down, less than the 27 px up).
    CHECK_FALSE(placed[1].moved);
    REQUIRE(placed[0].moved);
    CHECK(placed[0].box.min.x == 400.0f);
    CHECK(placed[0].box.min.y == Approx(223.0f));
    // A leader starts on the box's edge nearest the pin.
    const glm::vec2 pin(392, 224);
    const glm::vec2 from = ui::leaderStart(placed[0].box, pin);
    CHECK(from.x == Approx(400.0f));
    CHECK(from.y == Approx(224.0f));
}

TEST_CASE("A crowd of labels all wanting one spot end up with no two overlapping", "[ui][labels]") {
    std::vector<ui::LabelRequest> requests;
    for (int i = 0; i < 25; ++i)
        requests.push_back(at(500, 300, 100.0f + float(i % 4) * 30.0f, 18));
    const auto placed = ui::layOutLabels(requests, 3.0f);
    checkLayout(requests, placed);
    int stayed = 0;
    for (const auto& p : placed) {
        stayed += p.moved ? 0 : 1;
        CHECK(p.box.min.x == 500.0f); // only up or down
    }
    CHECK(stayed == 1);
    // They stack tightly: the column spans about 25 labels and their gaps, no more.
    float top = 1e9f, bottom = -1e9f;
    for (const auto& p : placed) {
        top = std::min(top, p.box.min.y);
        bottom = std::max(bottom, p.box.max.y);
    }
    CHECK(bottom - top <= 25 * 18 + 24 * 3 + 1.0f);
}

TEST_CASE("Random crowded scenes never overlap; the same input gives the same layout",
          "[ui][labels]") {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> x(0.0f, 400.0f), y(0.0f, 300.0f), w(40.0f, 220.0f),
        h(14.0f, 30.0f);
    for (int scene = 0; scene < 100; ++scene) {
        std::vector<ui::LabelRequest> requests;
        for (int i = 0; i < 30; ++i)
            requests.push_back(
                at(x(random), y(random), w(random), h(random), scene % 3 == 0 ? i % 2 : 0));
        const auto placed = ui::layOutLabels(requests, 2.0f);
        checkLayout(requests, placed);
        const auto again = ui::layOutLabels(requests, 2.0f);
        for (size_t i = 0; i < placed.size(); ++i)
            CHECK(again[i].box.min == placed[i].box.min);
    }
}

TEST_CASE("Labels stay in the viewport when they can; a higher priority keeps its place",
          "[ui][labels]") {
    const ui::LabelRect viewport{{0, 0}, {800, 600}};
    // Two at the bottom edge: the second cannot go below, so it goes above.
    const std::vector<ui::LabelRequest> bottom = {at(100, 578, 120, 20), at(110, 580, 120, 20)};
    const auto placed = ui::layOutLabels(bottom, 3.0f, viewport);
    checkLayout(bottom, placed);
    CHECK_FALSE(placed[0].moved);
    CHECK(placed[1].box.max.y == Approx(575.0f));
    // One past the right edge slides left into view (and counts as moved: its leader shows
    // which pin it names).
    const auto right = ui::layOutLabels({at(750, 100, 120, 20)}, 3.0f, viewport);
    CHECK(right[0].moved);
    CHECK(right[0].box.max.x == Approx(800.0f));
    CHECK(right[0].box.min.y == 100.0f);
    // The label of a pin in plain sight (priority 1) keeps its place; the faded one moves,
    // even though it is higher on the screen.
    const std::vector<ui::LabelRequest> mixed = {at(200, 200, 120, 20, 0),
                                                 at(200, 210, 120, 20, 1)};
    const auto yielded = ui::layOutLabels(mixed, 3.0f, viewport);
    checkLayout(mixed, yielded);
    CHECK(yielded[0].moved);
    CHECK_FALSE(yielded[1].moved);
}
