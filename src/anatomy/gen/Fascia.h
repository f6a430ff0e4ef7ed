// anatomy/gen: the soft-tissue layers of the default body, built outwards from the muscles:
// the deep fascia 1 mm outside muscles and bones (gaps between muscles bridged), split into
// named regions from assets/anatomy/fascia.json with their collagen directions; the skin over
// everything with regional subcutaneous volume; the superficial fascia between them. Nesting
// holds by construction: each surface is a level set of a field bounded by the one outside it.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/gen/Skeleton.h"

#include <functional>
#include <string_view>
#include <vector>

namespace anatomy::gen {

struct SoftTissueFields {
    std::function<float(const glm::vec3&)> bones;     // skeleton and body cavities
    std::function<float(const glm::vec3&)> muscles;   // may be empty
    std::function<float(const glm::vec3&)> skinShape; // the outer form: limb and trunk volumes
    std::function<glm::vec3(const glm::vec3&)> muscleFibre; // may be empty
};

// Skin, superficial fascia and the deep fascia regions, sampled over `box` at `cellM`.
std::vector<Structure> buildSoftTissueLayers(const SoftTissueFields& fields, const core::Aabb& box,
                                             float cellM, const Placement& placement);
std::string_view embeddedFasciaJson();

} // namespace anatomy::gen
