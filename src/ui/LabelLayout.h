// ui: laying pin labels out on the screen so that no two overlap. Plain rectangles in, places
// out: no ImGui, so it is tested directly; the panels measure the text and draw the result.
#pragma once

#include <glm/vec2.hpp>

#include <vector>

namespace ui {

// A screen rectangle, min top-left and max bottom-right (window pixels, y down).
struct LabelRect {
    glm::vec2 min{0.0f}, max{0.0f};
    glm::vec2 size() const { return max - min; }
    bool overlaps(const LabelRect& other) const {
        return min.x < other.max.x && other.min.x < max.x && min.y < other.max.y &&
               other.min.y < max.y;
    }
};

// One label as it would like to sit: `wanted`, the box beside its pin.
struct LabelRequest {
    LabelRect wanted;
    // Higher goes first: a label placed earlier keeps its place, later ones move around it
    // (a faded label of a pin under the skin yields to the labels of pins in plain sight).
    int priority = 0;
};

struct LabelPlacement {
    LabelRect box;      // where it is drawn
    bool moved = false; // not where it wanted to be: a leader line joins it to its pin
};

// Greedy placement: the labels are taken by priority, then from the top of the screen down
// (by the wanted box's top, then its left); each keeps its wanted box if that is free,
// otherwise it slides straight up or down by the least distance that clears every label placed
// before it by `gap` pixels. A place inside `bounds` (the viewport) is preferred when one
// exists and `bounds` is not empty. No two returned boxes overlap, even when every label wants
// the same spot. Results are in the order of `labels`.
std::vector<LabelPlacement> layOutLabels(const std::vector<LabelRequest>& labels, float gap,
                                         const LabelRect& bounds = {});

// Where a leader line from a moved label meets its box: the point of the box nearest `pin`.
glm::vec2 leaderStart(const LabelRect& box, glm::vec2 pin);

} // namespace ui
