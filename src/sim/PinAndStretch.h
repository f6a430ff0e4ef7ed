// sim: pin and stretch (what therapists call active release) — the therapist holds the fascia
// over a restriction while the client moves a joint, so that the muscle beneath slides along
// its fibres under the held sheet. The same grip serves a stretch, where the bed stays and the
// hand moves, pulling the gripped tissue with it. The sheet's bed (where the gliding layer holds
// each particle) moves with the muscle near the hold; the hand grips the sheet it presses, and the
// grip slips once the sheet has moved past it by a little. The gliding layer between them
// carries the shear that the release law reads.
#pragma once

#include "sim/Model.h"
#include "sim/Parameters.h"

#include <glm/vec3.hpp>

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sim {

class PinAndStretch {
public:
    // The bed moves within `bedRadiusM` of `centre` (by rest positions), along `direction`
    // projected into each particle's surface.
    PinAndStretch(const PinParameters& pin, const Movement& movement, const glm::vec3& centre,
                  const glm::vec3& direction, float bedRadiusM, const std::vector<glm::vec3>& homes,
                  const std::vector<glm::vec3>& normals);

    // How far the bed has slid at the hold at `treatmentTimeS` (m): out to the movement's
    // excursion and back over its period, smoothly.
    float bedOffsetM(double treatmentTimeS) const;
    // Before a frame's solve: the bed where the movement has it, and a grip on each particle
    // the tool presses (its forces this frame), as strong as the pressure on it.
    void apply(Model& model, double treatmentTimeS,
               const std::vector<std::pair<std::uint32_t, glm::vec3>>& toolForces,
               const glm::vec3& toolNormal);
    // The hand itself moved by `shift` since it took hold (a stretch pulls the gripped tissue
    // along): the grips move with it.
    void moveHand(const glm::vec3& shift) { m_handShift = shift; }
    // After the solve: where the sheet has moved more than the slip from the grip, the grip
    // slides along with it.
    void slip(const Model& model);
    // The bed back where it was and the grips let go.
    void end(Model& model, const std::vector<glm::vec3>& homes) const;

private:
    struct BedParticle {
        std::uint32_t particle;
        glm::vec3 shift; // per metre of the bed's offset at the hold
    };
    const Movement m_movement;
    const float m_gripFactor, m_slipM;
    std::vector<BedParticle> m_bed;
    std::vector<glm::vec3> m_bedHomes; // rest positions of the bed particles, in m_bed's order
    // particle -> where the hand holds it, less how far the hand has moved since
    std::unordered_map<std::uint32_t, glm::vec3> m_grips;
    glm::vec3 m_handShift{0.0f};
    std::vector<std::uint32_t> m_gripped; // every particle ever gripped
};

} // namespace sim
