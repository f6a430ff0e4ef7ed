// ui: what the inspector says about a structure, as lines of text, so that what a student reads
// (and where its mesh comes from) is decided and tested apart from the drawing.
#pragma once

#include "anatomy/Body.h"

#include <string>
#include <vector>

namespace ui {

struct InspectorLine {
    std::string label; // "Latin", "Source", "Origin", ...
    std::string text;
    bool paragraph = false; // a sentence or more, shown under its label rather than beside it
};

// Layer and side, then whichever of the Latin name, region, FMA id, source, origin, insertion,
// action and innervation the structure has. A muscle the atlas lacks says "Source: modelled,
// not from the atlas", so a student never takes its shape for the atlas's.
std::vector<InspectorLine> inspectorLines(const anatomy::Structure& structure);

} // namespace ui
