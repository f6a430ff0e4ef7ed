#include "ui/LabelLayout.h"

#include <glm/common.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ui {
namespace {

// Whether two boxes come closer than `clearance` on both axes.
bool crowds(const LabelRect& a, const LabelRect& b, float clearance) {
    return a.min.x < b.max.x + clearance && b.min.x < a.max.x + clearance &&
           a.min.y < b.max.y + clearance && b.min.y < a.max.y + clearance;
}

bool emptyRect(const LabelRect& r) {
    return !(r.max.x > r.min.x && r.max.y > r.min.y);
}

} // namespace

std::vector<LabelPlacement> layOutLabels(const std::vector<LabelRequest>& labels, float gap,
                                         const LabelRect& bounds) {
    // Candidates sit exactly `gap` from a placed box; a conflict is anything nearer than half
    // of it, so rounding never makes a candidate refuse its own spot, and the boxes returned
    // are always apart.
    gap = std::max(gap, 0.5f);
    const float clearance = 0.5f * gap;
    const bool bounded = !emptyRect(bounds);

    std::vector<size_t> order(labels.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const LabelRequest& p = labels[a];
        const LabelRequest& q = labels[b];
        if (p.priority != q.priority)
            return p.priority > q.priority;
        if (p.wanted.min.y != q.wanted.min.y)
            return p.wanted.min.y < q.wanted.min.y;
        return p.wanted.min.x < q.wanted.min.x;
    });

    std::vector<LabelPlacement> placements(labels.size());
    std::vector<LabelRect> placed;
    placed.reserve(labels.size());
    std::vector<LabelRect> candidates;
    for (size_t index : order) {
        LabelRect wanted = labels[index].wanted;
        const glm::vec2 size = glm::max(wanted.size(), glm::vec2(0.0f));
        wanted.max = wanted.min + size;
        LabelRect start = wanted;
        // Kept within the viewport's width: slid left off its right edge, right off its left.
        if (bounded) {
            const float shift =
                std::max(bounds.min.x - start.min.x, std::min(0.0f, bounds.max.x - start.max.x));
            start.min.x += shift;
            start.max.x += shift;
        }
        // Where it could go: where it is, or just above or just below any placed box in its
        // column. The place below the lowest of them is always free.
        candidates.assign(1, start);
        for (const LabelRect& other : placed) {
            if (!(start.min.x < other.max.x + clearance && other.min.x < start.max.x + clearance))
                continue;
            LabelRect above = start;
            above.max.y = other.min.y - gap;
            above.min.y = above.max.y - size.y;
            LabelRect below = start;
            below.min.y = other.max.y + gap;
            below.max.y = below.min.y + size.y;
            candidates.push_back(above);
            candidates.push_back(below);
        }
        // The nearest first; between two as near, the lower one (labels are taken top down).
        std::stable_sort(candidates.begin() + 1, candidates.end(),
                         [&](const LabelRect& a, const LabelRect& b) {
                             const float da = std::abs(a.min.y - start.min.y);
                             const float db = std::abs(b.min.y - start.min.y);
                             if (da != db)
                                 return da < db;
                             return a.min.y > b.min.y;
                         });
        auto free = [&](const LabelRect& box) {
            return std::none_of(placed.begin(), placed.end(), [&](const LabelRect& other) {
                return crowds(box, other, clearance);
            });
        };
        auto inside = [&](const LabelRect& box) {
            return !bounded || (box.min.y >= bounds.min.y && box.max.y <= bounds.max.y);
        };
        const LabelRect* chosen = nullptr;
        for (const LabelRect& box : candidates)
            if (inside(box) && free(box)) {
                chosen = &box;
                break;
            }
        if (!chosen)
            for (const LabelRect& box : candidates)
                if (free(box)) {
                    chosen = &box;
                    break;
                }
        // The candidate below the lowest box in the column is always free (see above); this
        // is only a guard, below every box placed so far.
        LabelRect box = start;
        if (chosen) {
            box = *chosen;
        } else {
            for (const LabelRect& other : placed)
                box.min.y = std::max(box.min.y, other.max.y + gap);
            box.max.y = box.min.y + size.y;
        }
        placed.push_back(box);
        placements[index] = {box, box.min != wanted.min};
    }
    return placements;
}

glm::vec2 leaderStart(const LabelRect& box, glm::vec2 pin) {
    return glm::clamp(pin, box.min, box.max);
}

} // namespace ui
