// anatomy: how deep the superficial and the deep fascia lie under the skin, region by region
// (assets/anatomy/subcutaneous.json, compiled in). The generator shapes the default body's
// skin with it, and imported skin-only bodies get their fascia layers at these depths.
#pragma once

#include <vector>

namespace anatomy {

struct SubcutaneousDepth {
    float superficialM = 0.0f; // skin surface to the superficial (membranous) fascia
    float deepM = 0.0f;        // skin surface to the deep fascia
};

class SubcutaneousDepths {
public:
    // The table compiled into the program.
    static const SubcutaneousDepths& standard();

    // Depths at a point given as fractions of stature: its height above the soles and its
    // distance from the body's midline (far enough out, it is an arm).
    SubcutaneousDepth at(float heightFraction, float lateralFraction) const;

private:
    struct Band {
        float height;
        SubcutaneousDepth depth;
    };
    std::vector<Band> m_bands; // by height, ascending
    float m_limbLateralFraction = 0.12f;
    SubcutaneousDepth m_limb{0.0025f, 0.006f};
};

} // namespace anatomy
