#include "sim/Equilibrium.h"

#include <Eigen/SparseCholesky>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <glm/matrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sim {

// The Hessian and its factorisation; the pattern's analysis is kept while the patch stays.
struct PatchEquilibrium::Factorisation {
    Eigen::SparseMatrix<double> matrix;
    Eigen::SimplicialLLT<Eigen::SparseMatrix<double>, Eigen::Lower> cholesky;
    bool analysed = false;
    bool factored = false; // holds the factor of an earlier Hessian of this patch
};

PatchEquilibrium::PatchEquilibrium(EquilibriumSettings settings)
    : m_settings(settings), m_factor(std::make_unique<Factorisation>()) {}
PatchEquilibrium::~PatchEquilibrium() = default;
PatchEquilibrium::PatchEquilibrium(PatchEquilibrium&&) noexcept = default;
PatchEquilibrium& PatchEquilibrium::operator=(PatchEquilibrium&&) noexcept = default;

namespace {

// Positions while a patch is solved: its free particles' in double, the solve's own state
// (rounded to the model's float positions only when it ends), every other particle's from the
// model. A float position is resolved only to about 1e-7 m near the body, and the sheet is stiff
// enough that such a rounding leaves a force of a few hundredths of a newton on a particle:
// more than the tolerance, so a solve in floats ends on rounding, not on its equilibrium.
struct PatchPositions {
    const Model& model;
    const std::vector<std::int32_t>& local;
    const std::vector<glm::dvec3>& free;
    glm::dvec3 operator[](std::uint32_t i) const {
        const std::int32_t k = local[i];
        return k >= 0 ? free[static_cast<size_t>(k)] : glm::dvec3(model.positions[i]);
    }
};

glm::dmat3 outer(const glm::dvec3& a) {
    return glm::outerProduct(a, a);
}
double wide(float value) {
    return static_cast<double>(value);
}

// A link's length, unit direction (from b to a) and tension (both branches, N).
struct LinkState {
    double length = 0.0;
    glm::dvec3 direction{0.0};
    double tension = 0.0;
};

LinkState linkState(const PatchPositions& x, const Link& link) {
    LinkState s;
    const glm::dvec3 d = x[link.a] - x[link.b];
    s.length = glm::length(d);
    if (s.length > 1e-12)
        s.direction = d / s.length;
    s.tension = (s.length - wide(link.restLength)) * wide(link.elasticStiffness) +
                (s.length - wide(link.maxwellLength)) * wide(link.maxwellStiffness);
    return s;
}

double linkEnergy(const PatchPositions& x, const Link& link) {
    const double length = glm::distance(x[link.a], x[link.b]);
    const double elastic = length - wide(link.restLength);
    const double maxwell = length - wide(link.maxwellLength);
    return 0.5 * (wide(link.elasticStiffness) * elastic * elastic +
                  wide(link.maxwellStiffness) * maxwell * maxwell);
}

// The inertia of a particle over the step (implicit Euler from rest): negligible next to the
// bed, but it keeps a patch without supports (a test's free sheet) from being singular.
double inertiaStiffness(const Model& model, std::uint32_t i, float dt) {
    return 1.0 / (wide(model.inverseMasses[i]) * wide(dt) * wide(dt));
}

// The bed's force on a free particle (N, the negative gradient of its energy): a spring along
// the normal, a spring and a drag along the surface, and inertia.
glm::dvec3 supportForce(const Model& model, std::uint32_t i, const glm::dvec3& x,
                        const glm::dvec3& previous, float dt) {
    glm::dvec3 force = -inertiaStiffness(model, i, dt) * (x - previous);
    if (model.supports.empty())
        return force;
    const Support& s = model.supports[i];
    const glm::dvec3 n(s.normal), offset = x - glm::dvec3(s.home), moved = x - previous;
    force -= wide(s.normalStiffness) * glm::dot(offset, n) * n;
    force -= wide(s.slidingStiffness) * (offset - glm::dot(offset, n) * n);
    force -= wide(s.slidingDrag) / wide(dt) * (moved - glm::dot(moved, n) * n);
    if (s.pinStiffness > 0.0f) {
        const glm::dvec3 held = x - glm::dvec3(s.pinHome);
        force -= wide(s.pinStiffness) * (held - glm::dot(held, n) * n);
    }
    return force;
}

glm::dmat3 supportStiffness(const Model& model, std::uint32_t i, float dt) {
    glm::dmat3 k = glm::dmat3(inertiaStiffness(model, i, dt));
    if (model.supports.empty())
        return k;
    const Support& s = model.supports[i];
    const glm::dmat3 along = outer(glm::dvec3(s.normal));
    return k + wide(s.normalStiffness) * along +
           (wide(s.slidingStiffness) + wide(s.pinStiffness) + wide(s.slidingDrag) / wide(dt)) *
               (glm::dmat3(1.0) - along);
}

double supportEnergy(const Model& model, std::uint32_t i, const glm::dvec3& x,
                     const glm::dvec3& previous, float dt) {
    const glm::dvec3 moved = x - previous;
    double energy = 0.5 * inertiaStiffness(model, i, dt) * glm::dot(moved, moved);
    if (model.supports.empty())
        return energy;
    const Support& s = model.supports[i];
    const glm::dvec3 n(s.normal), offset = x - glm::dvec3(s.home);
    const double normal = glm::dot(offset, n), step = glm::dot(moved, n);
    energy += 0.5 * wide(s.normalStiffness) * normal * normal;
    energy += 0.5 * wide(s.slidingStiffness) * (glm::dot(offset, offset) - normal * normal);
    energy += 0.5 * wide(s.slidingDrag) / wide(dt) * (glm::dot(moved, moved) - step * step);
    if (s.pinStiffness > 0.0f) {
        const glm::dvec3 held = x - glm::dvec3(s.pinHome);
        const double heldNormal = glm::dot(held, n);
        energy += 0.5 * wide(s.pinStiffness) * (glm::dot(held, held) - heldNormal * heldNormal);
    }
    return energy;
}

} // namespace

void PatchEquilibrium::setPatch(const Model& model, const std::vector<std::uint32_t>& particles,
                                const std::vector<std::uint32_t>& links,
                                const std::vector<std::uint32_t>& bends,
                                const std::vector<std::uint32_t>& triangles) {
    const std::vector<std::uint32_t> before = m_particles;
    for (std::uint32_t i : m_particles)
        m_local[i] = -1;
    m_local.resize(model.particleCount(), -1);
    m_particles.clear();
    for (std::uint32_t i : particles)
        if (i < model.particleCount() && model.inverseMasses[i] > 0.0f && m_local[i] < 0) {
            m_local[i] = 0; // marks it taken; numbered below
            m_particles.push_back(i);
        }
    std::sort(m_particles.begin(), m_particles.end());
    for (size_t k = 0; k < m_particles.size(); ++k)
        m_local[m_particles[k]] = static_cast<std::int32_t>(k);
    m_links.clear();
    m_ends.clear();
    for (std::uint32_t l : links) {
        if (l >= model.links.size())
            continue;
        const std::int32_t a = m_local[model.links[l].a], b = m_local[model.links[l].b];
        if (a >= 0 || b >= 0) {
            m_links.push_back(l);
            m_ends.emplace_back(a, b);
        }
    }
    m_bends.clear();
    for (std::uint32_t b : bends) {
        if (b >= model.bends.size())
            continue;
        const auto terms = model.terms(model.bends[b]);
        if (std::any_of(terms.begin(), terms.end(),
                        [this](const BendTerm& term) { return m_local[term.particle] >= 0; }))
            m_bends.push_back(b);
    }
    m_triangles.clear();
    m_corners.clear();
    for (std::uint32_t t : triangles) {
        if (t >= model.triangles.size())
            continue;
        const auto& v = model.triangles[t].v;
        const std::array<std::int32_t, 3> local = {m_local[v[0]], m_local[v[1]], m_local[v[2]]};
        if (local[0] >= 0 || local[1] >= 0 || local[2] >= 0) {
            m_triangles.push_back(t);
            m_corners.push_back(local);
        }
    }
    if (m_particles != before) {
        m_factor->analysed = m_factor->factored = false;
        m_resumable = false;
    }
}

namespace {

TriangleStrain strainAt(const PatchPositions& x, const Triangle& triangle) {
    return triangleStrain(triangle, x[triangle.v[0]], x[triangle.v[1]], x[triangle.v[2]]);
}

// The bend's curvature, sum_k weights_k u_k (m), as sim::bendCurvature gives it.
glm::dvec3 bendCurvatureAt(const PatchPositions& x, const Bend& bend) {
    glm::dvec3 sum(0.0);
    for (const BendTerm& term : x.model.terms(bend))
        sum += wide(term.weight) * x[term.particle];
    return sum - bend.restSum;
}

// The triangle's force on each corner (N): minus the energy's gradient.
std::array<glm::dvec3, 3> triangleForces(const Triangle& triangle, const TriangleStrain& state,
                                         const std::array<std::array<glm::dvec3, 3>, 3>& gradient) {
    const glm::dvec3 stress =
        static_cast<double>(triangle.volume) * triangleStress(triangle, state.strain);
    std::array<glm::dvec3, 3> forces{};
    for (int k = 0; k < 3; ++k)
        forces[k] =
            -(stress.x * gradient[0][k] + stress.y * gradient[1][k] + stress.z * gradient[2][k]);
    return forces;
}

} // namespace

double PatchEquilibrium::energy(const Model& model, float dt) const {
    const PatchPositions x{model, m_local, m_x};
    double e = 0.0;
    for (std::uint32_t l : m_links)
        e += linkEnergy(x, model.links[l]);
    for (std::uint32_t b : m_bends) {
        const glm::dvec3 c = bendCurvatureAt(x, model.bends[b]);
        e += 0.5 * wide(model.bends[b].stiffness) * glm::dot(c, c);
    }
    for (std::uint32_t t : m_triangles)
        e += triangleEnergy(model.triangles[t], strainAt(x, model.triangles[t]).strain);
    for (size_t k = 0; k < m_particles.size(); ++k) {
        e += supportEnergy(model, m_particles[k], m_x[k], m_previous[k], dt);
        e -= glm::dot(m_load[k], m_x[k]);
    }
    return e;
}

void PatchEquilibrium::computeGradient(const Model& model, float dt) {
    const PatchPositions x{model, m_local, m_x};
    const size_t n = m_particles.size();
    m_gradient.assign(n, glm::dvec3(0.0));
    for (size_t k = 0; k < n; ++k)
        m_gradient[k] = -supportForce(model, m_particles[k], m_x[k], m_previous[k], dt) - m_load[k];
    for (size_t j = 0; j < m_links.size(); ++j) {
        const LinkState s = linkState(x, model.links[m_links[j]]);
        const auto [a, b] = m_ends[j];
        if (a >= 0)
            m_gradient[static_cast<size_t>(a)] += s.tension * s.direction;
        if (b >= 0)
            m_gradient[static_cast<size_t>(b)] -= s.tension * s.direction;
    }
    for (size_t j = 0; j < m_triangles.size(); ++j) {
        const Triangle& triangle = model.triangles[m_triangles[j]];
        const TriangleStrain state = strainAt(x, triangle);
        const auto forces = triangleForces(triangle, state, strainGradient(triangle, state));
        for (size_t k = 0; k < 3; ++k) {
            const std::int32_t local = m_corners[j][k];
            if (local >= 0)
                m_gradient[static_cast<size_t>(local)] -= forces[k];
        }
    }
    for (std::uint32_t index : m_bends) {
        // Quadratic: the gradient is stiffness w_i c.
        const Bend& bend = model.bends[index];
        const glm::dvec3 c = bendCurvatureAt(x, bend);
        for (const BendTerm& term : model.terms(bend)) {
            const std::int32_t k = m_local[term.particle];
            if (k >= 0)
                m_gradient[static_cast<size_t>(k)] += wide(bend.stiffness) * wide(term.weight) * c;
        }
    }
}

void PatchEquilibrium::computeStiffness(const Model& model, float dt) {
    const PatchPositions x{model, m_local, m_x};
    const size_t n = m_particles.size();
    m_diagonal.resize(n);
    for (size_t k = 0; k < n; ++k)
        m_diagonal[k] = supportStiffness(model, m_particles[k], dt);
    m_linkBlock.resize(m_links.size());
    for (size_t j = 0; j < m_links.size(); ++j) {
        const Link& link = model.links[m_links[j]];
        const LinkState s = linkState(x, link);
        const auto [a, b] = m_ends[j];
        const double stiffness = wide(link.elasticStiffness) + wide(link.maxwellStiffness);
        // Along the link its stiffness; across it the tension over the length (a string's
        // stiffness), left out when the link is slack so that the step stays downhill.
        const glm::dmat3 along = outer(s.direction);
        const double across = s.length > 1e-12 ? std::max(0.0, s.tension / s.length) : 0.0;
        m_linkBlock[j] = stiffness * along + across * (glm::dmat3(1.0) - along);
        if (a >= 0)
            m_diagonal[static_cast<size_t>(a)] += m_linkBlock[j];
        if (b >= 0)
            m_diagonal[static_cast<size_t>(b)] += m_linkBlock[j];
    }
    m_triangleBlocks.resize(m_triangles.size());
    for (size_t j = 0; j < m_triangles.size(); ++j) {
        const Triangle& triangle = model.triangles[m_triangles[j]];
        const TriangleStrain state = strainAt(x, triangle);
        m_triangleBlocks[j] = triangleStiffness(triangle, state, strainGradient(triangle, state));
        for (size_t k = 0; k < 3; ++k) {
            const std::int32_t local = m_corners[j][k];
            if (local >= 0)
                m_diagonal[static_cast<size_t>(local)] += m_triangleBlocks[j][k][k];
        }
    }
    for (std::uint32_t index : m_bends) {
        // Quadratic: the Hessian is stiffness w_i w_j I.
        const Bend& bend = model.bends[index];
        for (const BendTerm& term : model.terms(bend)) {
            const std::int32_t k = m_local[term.particle];
            if (k >= 0)
                m_diagonal[static_cast<size_t>(k)] +=
                    glm::dmat3(wide(bend.stiffness) * wide(term.weight) * wide(term.weight));
        }
    }
}

bool PatchEquilibrium::newtonStep(const Model& model, std::vector<glm::dvec3>& step,
                                  bool refactor) {
    if (refactor || !m_factor->factored) {
        if (!factorise(model))
            return false;
    }
    const size_t n = m_particles.size();
    const auto size = static_cast<Eigen::Index>(3 * n);
    Eigen::VectorXd rhs(size);
    for (size_t k = 0; k < n; ++k)
        for (int r = 0; r < 3; ++r)
            rhs[static_cast<Eigen::Index>(3 * k) + r] = -m_gradient[k][r];
    const Eigen::VectorXd x = m_factor->cholesky.solve(rhs);
    step.resize(n);
    for (size_t k = 0; k < n; ++k)
        for (int r = 0; r < 3; ++r)
            step[k][r] = x[static_cast<Eigen::Index>(3 * k) + r];
    return m_factor->cholesky.info() == Eigen::Success;
}

bool PatchEquilibrium::factorise(const Model& model) {
    // The Hessian as a sparse symmetric matrix (lower triangle), 3 rows per free particle.
    const size_t n = m_particles.size();
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(9 * (n + m_links.size() + 3 * m_triangles.size()));
    const auto addBlock = [&entries](size_t row, size_t column, const glm::dmat3& block,
                                     double sign) {
        for (int c = 0; c < 3; ++c)
            for (int r = 0; r < 3; ++r) {
                const auto i = static_cast<int>(3 * row) + r, j = static_cast<int>(3 * column) + c;
                if (i >= j)
                    entries.emplace_back(i, j, sign * block[c][r]);
            }
    };
    for (size_t k = 0; k < n; ++k)
        addBlock(k, k, m_diagonal[k], 1.0);
    for (size_t j = 0; j < m_links.size(); ++j) {
        const auto [a, b] = m_ends[j];
        if (a < 0 || b < 0)
            continue;
        const auto hi = static_cast<size_t>(std::max(a, b)),
                   lo = static_cast<size_t>(std::min(a, b));
        addBlock(hi, lo, m_linkBlock[j], -1.0);
    }
    for (size_t j = 0; j < m_triangles.size(); ++j)
        for (size_t a = 0; a < 3; ++a)
            for (size_t b = 0; b < 3; ++b) {
                const std::int32_t row = m_corners[j][a], column = m_corners[j][b];
                if (row > column && column >= 0)
                    addBlock(static_cast<size_t>(row), static_cast<size_t>(column),
                             m_triangleBlocks[j][a][b], 1.0);
            }
    for (std::uint32_t index : m_bends) {
        const Bend& bend = model.bends[index];
        for (const BendTerm& first : model.terms(bend))
            for (const BendTerm& second : model.terms(bend)) {
                const std::int32_t a = m_local[first.particle], b = m_local[second.particle];
                if (a > b && b >= 0)
                    addBlock(
                        static_cast<size_t>(a), static_cast<size_t>(b),
                        glm::dmat3(wide(bend.stiffness) * wide(first.weight) * wide(second.weight)),
                        1.0);
            }
    }
    const auto size = static_cast<Eigen::Index>(3 * n);
    m_factor->matrix.resize(size, size);
    m_factor->matrix.setFromTriplets(entries.begin(), entries.end());
    if (!m_factor->analysed) {
        m_factor->cholesky.analyzePattern(m_factor->matrix);
        m_factor->analysed = true;
    }
    m_factor->cholesky.factorize(m_factor->matrix);
    m_factor->factored = m_factor->cholesky.info() == Eigen::Success;
    return m_factor->factored;
}

glm::dvec3 PatchEquilibrium::held(const Model& model, float dt) const {
    const PatchPositions x{model, m_local, m_x};
    glm::dvec3 total(0.0);
    for (size_t k = 0; k < m_particles.size(); ++k)
        total += supportForce(model, m_particles[k], m_x[k], m_previous[k], dt);
    for (size_t j = 0; j < m_links.size(); ++j) {
        const auto [a, b] = m_ends[j];
        if (a >= 0 && b >= 0)
            continue; // inside the patch: its pulls on the two ends cancel
        const LinkState s = linkState(x, model.links[m_links[j]]);
        total += a >= 0 ? -s.tension * s.direction : s.tension * s.direction;
    }
    for (size_t j = 0; j < m_triangles.size(); ++j) {
        const auto& corners = m_corners[j];
        if (corners[0] >= 0 && corners[1] >= 0 && corners[2] >= 0)
            continue; // inside the patch: its forces on the corners cancel
        const Triangle& triangle = model.triangles[m_triangles[j]];
        const TriangleStrain state = strainAt(x, triangle);
        const auto forces = triangleForces(triangle, state, strainGradient(triangle, state));
        for (size_t k = 0; k < 3; ++k)
            if (corners[k] >= 0)
                total += forces[k];
    }
    for (std::uint32_t index : m_bends) {
        const Bend& bend = model.bends[index];
        const glm::dvec3 c = bendCurvatureAt(x, bend);
        for (const BendTerm& term : model.terms(bend))
            if (m_local[term.particle] >= 0) // the bends inside the patch add up to nothing
                total -= wide(bend.stiffness) * wide(term.weight) * c;
    }
    return total;
}

EquilibriumReport PatchEquilibrium::solve(Model& model, const ParticleForces& forces, float dt) {
    EquilibriumReport report;
    const size_t n = m_particles.size();
    m_load.assign(n, glm::dvec3(0.0));
    double largestLoad = 0.0;
    glm::dvec3 onBone(0.0); // the load on pinned particles, which the bone takes as it comes
    for (const auto& [i, force] : forces) {
        if (i >= model.particleCount())
            continue;
        if (!(model.inverseMasses[i] > 0.0f)) {
            onBone += glm::dvec3(force);
        } else if (i < m_local.size() && m_local[i] >= 0) {
            m_load[static_cast<size_t>(m_local[i])] += glm::dvec3(force);
            largestLoad = std::max(largestLoad, glm::length(glm::dvec3(force)));
        }
    }
    if (n == 0) {
        report.converged = true;
        report.heldN = glm::vec3(-onBone);
        return report;
    }
    // The solve starts where the particles are. Where the model's float position is still the
    // rounding of where the last solve of this patch left a particle (nothing else moved it),
    // the solve goes on from its own double position, so that a patch already at equilibrium
    // takes no step.
    m_x.resize(n);
    for (size_t k = 0; k < n; ++k) {
        const glm::vec3& now = model.positions[m_particles[k]];
        if (!m_resumable || glm::vec3(m_x[k]) != now)
            m_x[k] = glm::dvec3(now);
    }
    m_resumable = false; // until this solve has ended
    m_previous = m_x;
    const double tolerance = static_cast<double>(m_settings.tolerance) * std::max(largestLoad, 1.0);
    std::vector<glm::dvec3> step;
    double previousResidual = std::numeric_limits<double>::infinity();
    double current = energy(model, dt); // where the line search starts each step
    for (int newton = 0;; ++newton) {
        computeGradient(model, dt);
        double largest = 0.0, residual = 0.0;
        for (const glm::dvec3& g : m_gradient) {
            largest = std::max(largest, glm::length(g));
            residual += glm::dot(g, g);
        }
        report.largestResidualN = static_cast<float>(largest);
        report.converged = largest <= tolerance;
        if (report.converged || newton == m_settings.maxNewtonSteps)
            break;
        // Factorising is most of the cost: a factor costs about twenty steps with a kept one.
        // The tool changes the patch little from step to step and frame to frame, so a factor
        // is kept (Newton with a slightly stale Hessian, still downhill) for as long as its last
        // step cut the unbalanced forces (their root sum of squares) at least in half; once it
        // stops paying, the Hessian's blocks are computed and factorised anew. Near equilibrium
        // (as a stroke's frame starts: within 50 times the tolerance) a cut of a tenth is
        // enough, since even a fresh factor converges only linearly there (the Hessian leaves
        // out compression, to stay positive) and the few steps left cost less than a new
        // factor: this makes a stroke's frame about a third faster than refactoring on the
        // half, while a solve from far off still refactors early.
        const double keptCut = largest < 50.0 * tolerance ? 0.9 : 0.5;
        const bool refactor =
            !m_factor->factored || residual > keptCut * keptCut * previousResidual;
        previousResidual = residual;
        if (refactor)
            computeStiffness(model, dt);
        if (!newtonStep(model, step, refactor))
            break; // cannot happen for the positive blocks above; leaves the patch as it is
        ++report.newtonSteps;
        // Backtracking on the energy: a full Newton step can overshoot where links go slack.
        const double before = current;
        double slope = 0.0;
        for (size_t k = 0; k < n; ++k)
            slope += glm::dot(m_gradient[k], step[k]);
        m_start = m_x;
        double fraction = 1.0;
        bool lowered = false;
        for (int tries = 0; tries < 12 && !lowered; ++tries) {
            for (size_t k = 0; k < n; ++k)
                m_x[k] = m_start[k] + fraction * step[k];
            current = energy(model, dt);
            lowered = current <= before + 1e-4 * fraction * slope;
            if (!lowered)
                fraction *= 0.5;
        }
        if (!lowered) {
            // No step along this direction lowers the energy: the patch goes back to where the
            // step started. A kept factor may be stale (the tissue changed since it was made):
            // the next step factorises afresh. With a fresh factor the solve has failed; it
            // stops and says so.
            m_x = m_start;
            current = before;
            if (!refactor) {
                m_factor->factored = false;
                continue;
            }
            break;
        }
    }
    for (size_t k = 0; k < n; ++k)
        model.positions[m_particles[k]] = glm::vec3(m_x[k]);
    m_resumable = true;
    report.heldN = glm::vec3(held(model, dt) - onBone);
    return report;
}

} // namespace sim
