// anatomy/atlas: FasciaLab's atlas body, built from BodyParts3D's parts (third_party/
// bodyparts3d): each part one structure in its layer, muscles named, grouped, described and
// given fibres from the muscle catalogue, matched by FMA id; surfaces simplified to the body's
// triangle budget.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/atlas/AtlasFascia.h"
#include "anatomy/atlas/ModelledMuscles.h"
#include "anatomy/atlas/SkinClearance.h"
#include "core/Result.h"
#include "core/TaskProgress.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace anatomy::atlas {

struct AtlasBuildOptions {
    // How far a simplified surface may stray from the atlas's (the atlas's own positions are
    // quantised to about 0.1 mm).
    float muscleErrorM = 0.0006f;
    float boneErrorM = 0.0004f;
    float skinErrorM = 0.0004f;
    // No edge of the skin is longer: zones drawn on it follow shapes about this wide.
    float skinMaxEdgeM = 0.02f;
    // Muscle lies at least this far under the skin (moved out where the atlas's is closer): room
    // for the deep fascia a millimetre over it, the superficial fascia and the skin's own
    // thickness, as the fascia grid needs (FasciaLayerOptions: a cell and a quarter under the
    // skin, 1 mm over the muscle).
    float muscleUnderSkinM = 0.005f;
    FasciaLayerOptions fascia;
    // Told as each stage begins: what it does, and the share of the build done before it (from
    // the stages' times in one build on a 2-core machine: reading 1.1 s, simplifying 1.5 s,
    // modelled muscles 5.4 s, room under the skin 4.0 s, fascia 12.8 s), so that a caller can
    // show how far it is. A cancel stops the build as the next stage begins (a Cancelled error).
    core::TaskProgress* progress = nullptr;
};

struct AtlasBuildReport {
    size_t partsRead = 0;
    size_t structures = 0;
    size_t trianglesRead = 0;
    size_t triangles = 0;
    std::vector<std::string> notes; // parts left out and why, in words
    // Where each modelled muscle's ends meet the atlas's bones (right side).
    std::vector<ModelledAttachment> modelledAttachments;
    // The skin moved out over the muscles it lay on (SkinClearance).
    SkinClearanceReport skinClearance;
    // The atlas's own fascia parts (the iliotibial tracts, the linea alba): they place their
    // regions' labels on the one deep fascia and are not structures of the body, whose deep
    // fascia is one connected sheet.
    std::vector<Structure> regionGuides;
};

// Builds the body from the atlas directory holding parts.tsv and parts/. Every error names the
// file and the problem.
core::Result<Body> buildAtlasBody(const std::filesystem::path& atlasDir,
                                  const AtlasBuildOptions& options = {},
                                  AtlasBuildReport* report = nullptr);

// What the body buildAtlasBody(atlasDir) makes depends on: the builder's code and data, the
// parts list and every part file's contents. Sixteen hex digits, the same on every machine
// for the same inputs; caches of the atlas body are keyed by it. Fails (naming the file) when
// the parts list or a part cannot be read.
core::Result<std::string> atlasFingerprint(const std::filesystem::path& atlasDir);

namespace code {
// The SHA-256 of the builder's sources and data, fixed when the program is built.
std::string_view fingerprint();
} // namespace code

} // namespace anatomy::atlas
