// anatomy/gen: the skeleton of the default body, read from assets/anatomy/skeleton.json
// (embedded at build time): landmarks, the spine curve and rib arcs, and bones as shapes.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/gen/Shapes.h"
#include "core/Result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace anatomy::gen {

struct GeneratedPart {
    std::string name;  // "humerus_l"
    std::string label; // "Left humerus"
    LayerKind layer = LayerKind::Bone;
    Side side = Side::Midline;
    StructureInfo info;
    Shape shape; // in metres
};

// Scales and widens positions given in fractions of stature (x towards the body's left).
struct Placement {
    float heightM = 1.75f;
    float shoulderWidth = 1.0f; // multiplies x above the chest
    float hipWidth = 1.0f;      // multiplies x below the waist
    glm::vec3 place(glm::vec3 fraction) const;
    float size(float fraction) const { return fraction * heightM; }
};

struct Skeleton {
    std::map<std::string, glm::vec3> landmarks; // metres
    std::vector<GeneratedPart> bones;
    // Cavities and organs: not shown, but solid for the muscles draped over them.
    Shape solids;
};

// Parses the skeleton description; errors name the file ("skeleton.json") and the entry.
core::Result<Skeleton> buildSkeleton(std::string_view json, const Placement& placement);
// The embedded assets/anatomy/skeleton.json.
std::string_view embeddedSkeletonJson();

} // namespace anatomy::gen
