// sim: the static equilibrium of a patch of the web under a load, solved to convergence.
//
// The sheet is some ten thousand times stiffer in its plane than the tissue it lies on, so a
// few Gauss–Seidel passes per substep carry a concentrated load only a link or two across it:
// under a tool the pressed patch would sink as a plateau with an overstretched rim, and its
// links' stretch (the tension the heat map shows) would be an artefact of the pass order, not
// of the load. The tissue's motion under a held thumb is slow next to its elastic waves, so
// what matters there is the equilibrium: the positions that minimise the links' and the bed's
// elastic energy less the work of the load. This solves it by Newton's method (a sparse
// Cholesky solve of each step, a line search on the energy) over the particles of a patch, in
// double, with the rest of the web held where it is.
#pragma once

#include "sim/Model.h"

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace sim {

struct EquilibriumSettings {
    int maxNewtonSteps = 8;
    // Converged when no particle is left with an unbalanced force above this fraction of the
    // largest load on one particle (or of 1 mN with no load).
    float tolerance = 1e-3f;
};

struct EquilibriumReport {
    int newtonSteps = 0;
    float largestResidualN = 0.0f; // the largest unbalanced force on a free particle
    bool converged = false;
    // What holds the patch against the load: the bed beneath its particles and the links to
    // the particles around it (fixed, or anchored to bone). At equilibrium it balances the load.
    glm::vec3 heldN{0.0f};
};

// External forces on particles (N).
using ParticleForces = std::vector<std::pair<std::uint32_t, glm::vec3>>;

class PatchEquilibrium {
public:
    explicit PatchEquilibrium(EquilibriumSettings settings = {});
    ~PatchEquilibrium();
    PatchEquilibrium(PatchEquilibrium&&) noexcept;
    PatchEquilibrium& operator=(PatchEquilibrium&&) noexcept;

    // The particles that move (pinned ones among them stay pinned), and every link and bend
    // touching them, by index into the model's links and bends (others are passed over).
    void setPatch(const Model& model, const std::vector<std::uint32_t>& particles,
                  const std::vector<std::uint32_t>& links, const std::vector<std::uint32_t>& bends,
                  const std::vector<std::uint32_t>& triangles = {});
    const std::vector<std::uint32_t>& particles() const { return m_particles; }

    // Moves the patch's free particles to equilibrium under `forces`: those on other free
    // particles are ignored, those on pinned ones go straight to the bone (they count as
    // held). Sliding on the gliding layer is viscous: over `dt` from where the particles are
    // now it resists as drag / dt, so a stroke drags the tissue along as the dynamic solver's
    // drag does.
    EquilibriumReport solve(Model& model, const ParticleForces& forces, float dt);

private:
    double energy(const Model& model, float dt) const;
    // Gradient of the energy per free particle (N).
    void computeGradient(const Model& model, float dt);
    // The Hessian's blocks: diagonal, per link and per triangle.
    void computeStiffness(const Model& model, float dt);
    // Solves the linearised equilibrium for a step, with the Hessian factorised afresh or, when
    // not `refactor`, with the patch's last factor; false if the factorisation fails.
    bool newtonStep(const Model& model, std::vector<glm::dvec3>& step, bool refactor);
    bool factorise(const Model& model);
    glm::dvec3 held(const Model& model, float dt) const;

    EquilibriumSettings m_settings;
    std::vector<std::uint32_t> m_particles; // free ones only, ascending
    std::vector<std::uint32_t> m_links;
    std::vector<std::pair<std::int32_t, std::int32_t>> m_ends; // per patch link: local a, b or -1
    std::vector<std::uint32_t> m_bends;                        // touching the patch
    std::vector<std::uint32_t> m_triangles;                    // touching the patch
    // Per patch triangle: its corners' local indices (or -1) and stiffness blocks.
    std::vector<std::array<std::int32_t, 3>> m_corners;
    std::vector<std::array<std::array<glm::dmat3, 3>, 3>> m_triangleBlocks;
    std::vector<std::int32_t> m_local;   // per model particle: its index in m_particles or -1
    std::vector<glm::dvec3> m_x;         // per free particle: its position while solving
    bool m_resumable = false;            // m_x is where the last solve of this patch ended
    std::vector<glm::dvec3> m_previous;  // per free particle: where the step started
    std::vector<glm::dvec3> m_load;      // per free particle
    std::vector<glm::dvec3> m_gradient;  // per free particle
    std::vector<glm::dmat3> m_diagonal;  // per free particle: the Hessian's diagonal block
    std::vector<glm::dmat3> m_linkBlock; // per patch link
    std::vector<glm::dvec3> m_start;     // positions at the start of a line search
    struct Factorisation;
    std::unique_ptr<Factorisation> m_factor;
};

} // namespace sim
