// anatomy/atlas: the muscles BodyParts3D lacks (latissimus dorsi, rectus abdominis, the internal
// oblique and transversus abdominis, quadratus lumborum, multifidus, masseter,
// temporalis, the pterygoids and the occipitofrontalis's two bellies), modelled to fit the atlas
// body: attachments measured on the atlas's own bones, each muscle draped over what lies beneath
// it and under what lies over it, both sides (the left the mirror image of the right).
#pragma once

#include "anatomy/Body.h"
#include "anatomy/atlas/AtlasData.h"
#include "core/TaskProgress.h"

#include <string>
#include <vector>

namespace anatomy::atlas {

// Where a modelled muscle's end meets its bones, as it came out (right side): the points of the
// end's rim and the bones (structure names, right side or midline) it attaches to.
struct ModelledAttachment {
    std::string muscle; // the structure's name: "latissimus-dorsi"
    std::string end;    // "origin" or "insertion"
    std::vector<std::string> bones;
    std::vector<glm::vec3> points;
};

// Appends the modelled muscles to the assembled atlas body (positioned: feet at y = 0, midline
// x = 0, facing +Z). A muscle whose bones are missing is left out with a note in words.
void addModelledMuscles(Body& body, const MuscleCatalogue& catalogue,
                        std::vector<std::string>& notes);
// The same, also saying where each end attaches (for tests and reports), and asking `stage`
// before each muscle whether to go on: false when told to stop (the body is then part-made).
bool addModelledMuscles(Body& body, const MuscleCatalogue& catalogue,
                        std::vector<std::string>& notes,
                        std::vector<ModelledAttachment>* attachments,
                        const core::StageProgress& stage = {});

} // namespace anatomy::atlas
