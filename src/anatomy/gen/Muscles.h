// anatomy/gen: muscles of the default body, from assets/anatomy/muscles.json. Each muscle is a
// "pillow": a sheet between its origin line and its insertion line, draped over the bones and
// the deeper muscles already built, thickened along the surface normal by its profile
// (fusiform, fan, sheet) and closed where top and bottom meet at the rim. The sheet's v
// direction, origin to insertion, is the fibre direction.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/gen/Skeleton.h"
#include "core/Result.h"

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace anatomy::gen {

struct MuscleInfo {
    std::string id, label;
    StructureInfo atlas;
};

struct BuiltMuscle {
    MuscleInfo info;
    Side side = Side::Midline;
    SurfaceMesh mesh; // closed, with fibres
};

// Distance to what lies beneath (bones); negative inside.
using UnderlyingField = std::function<float(const glm::vec3&)>;

struct MuscleLayer {
    std::vector<BuiltMuscle> muscles;
    // Approximate distance to the union of all muscles (negative inside), every part at least
    // 4 mm thick: for surfaces sampled around the muscles (fascia, skin), which must not slip
    // through a thin rim between two samples.
    std::function<float(const glm::vec3&)> enclosingDistance;
    // Fibre direction of the muscle nearest a point (unit), for the fascia over it.
    std::function<glm::vec3(const glm::vec3&)> fibreNear;
};

core::Result<MuscleLayer> buildMuscles(std::string_view json, const Skeleton& skeleton,
                                       const Placement& placement, const UnderlyingField& bones);
std::string_view embeddedMusclesJson();

} // namespace anatomy::gen
