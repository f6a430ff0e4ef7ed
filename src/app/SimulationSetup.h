// app: what a simulation needs from the rest of the program — the map's restrictions on the
// web, the place a treatment is aimed at, and the map brought up to date afterwards. The sim
// module never sees the map; this is where the two meet.
#pragma once

#include "anatomy/Body.h"
#include "annotate/MapDocument.h"
#include "core/Result.h"
#include "sim/Web.h"

#include <glm/vec3.hpp>

#include <string>
#include <vector>

namespace app {

// The session's painted tension fields (on simulated structures) and trigger points as
// restrictions: a field's value is its severity; a trigger point restricts the fascia around
// it, by its severity / 10, fading to nothing at the restriction radius. `notes` says what
// could not be used.
std::vector<sim::Restriction> restrictionsFromSession(const sim::FasciaWeb& web,
                                                      const anatomy::Body& body,
                                                      const annotate::Session& session,
                                                      std::vector<std::string>& notes);

// A muscle pulling on the fascia it inserts into ("latissimus-dorsi/left", newtons).
using MusclePulls = std::vector<std::pair<std::string, float>>;

// The body's web as a treatment starts from: built, carrying the session's restrictions (when
// a session is given; `notes` says what of it could not be used) and the muscles' pulls (an
// unknown muscle is a usage error listing those there are), and settled.
core::Result<sim::FasciaWeb>
settledWeb(const anatomy::Body& body, const sim::Parameters& parameters,
           const sim::WebOptions& options, const annotate::Session* session,
           std::vector<std::string>& notes, const MusclePulls& pulls = {});

// "KEY=N[,KEY=N...]" as the command line gives muscle pulls: a usage error names what is wrong.
core::Result<MusclePulls> parseMusclePulls(const std::string& text);

// TARGET as the CLI contract has it: "x,y,z" (metres), a trigger-point id of the session
// ("tp-1"), a library point ("upper-trapezius/TrP1", optionally "/right"; left by default) or
// a structure's name ("levator scapulae", typos forgiven): its centre's nearest surface point.
core::Result<glm::vec3> resolveTarget(const std::string& target, const anatomy::Body& body,
                                      const annotate::Session* session);

// Pin and stretch: the movement for the muscle under `target` (the nearest muscle of the body:
// "the head bends to the other side" for the upper trapezius), or the default movement.
const sim::Movement& movementAt(const anatomy::Body& body, const glm::vec3& target,
                                const sim::Parameters& parameters);

// The session a simulated treatment of `simulated` leads to, dated `date`: its marks, with the
// painted tension scaled by what is left of each restriction where it was painted
// (restrictions as made by restrictionsFromSession), the fraction of each restriction released
// (unrounded) in its `simulated` record, and the treatment in its notes. The trigger points'
// severities stay as the client rated them: a simulation does not speak for the client.
annotate::Session sessionAfterSimulation(const annotate::Session& simulated,
                                         const sim::FasciaWeb& web, const anatomy::Body& body,
                                         const std::string& treatment, const std::string& date);

} // namespace app
