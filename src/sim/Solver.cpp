#include "sim/Solver.h"

#include <glm/geometric.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <glm/matrix.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace sim {
namespace {

// A triangle's Maxwell strain creeps towards its strain over dt, exactly for a strain held
// over it.
void relaxTriangleDashpot(const Model& model, Triangle& triangle, float dt) {
    if (!(triangle.maxwellRatio > 0.0f))
        return;
    const auto decay = static_cast<double>(std::exp(-dt / triangle.relaxationTimeS));
    const glm::dvec3 current = model.strain(triangle).strain;
    triangle.maxwellStrain =
        glm::vec3(current + (glm::dvec3(triangle.maxwellStrain) - current) * decay);
}

// One XPBD step on a scalar constraint C of stiffness k (N/m) for one or two particles of total
// inverse mass w: dLambda = (-C - alpha~ lambda) / (w + alpha~) with alpha~ = 1 / (k dt^2),
// multiplied through by k so that it takes a single division. `kC` is k times C.
inline float deltaLambda(float kC, float w, float stiffness, float inverseDt2, float lambda) {
    return (-kC - inverseDt2 * lambda) / (w * stiffness + inverseDt2);
}

// One XPBD step on one link whose ends are stored as (x, y, z, inverse mass). Both branches of
// the standard linear solid pull along the same line, so they solve as one constraint:
// stiffness k_e + k_m towards their weighted rest length,
// k C = k_e (L - rest) + k_m (L - maxwell length).
inline void solveLink(const Link& link, glm::vec4* particles, float& lambda, float inverseDt2) {
    glm::vec4& pa = particles[link.a];
    glm::vec4& pb = particles[link.b];
    const float wa = pa.w, wb = pb.w;
    const float w = wa + wb;
    const float dx = pa.x - pb.x, dy = pa.y - pb.y, dz = pa.z - pb.z;
    const float length = std::sqrt(dx * dx + dy * dy + dz * dz);
    // A link with both ends pinned, or with its ends in one place, is given a zero correction
    // rather than skipped: the four-wide solve cannot skip one lane, and this way the two
    // versions do the same arithmetic.
    const bool solved = w > 0.0f && length > 1e-9f;
    const float stiffness = link.elasticStiffness + link.maxwellStiffness;
    const float kC = link.elasticStiffness * (length - link.restLength) +
                     link.maxwellStiffness * (length - link.maxwellLength);
    const float dLambda = solved ? deltaLambda(kC, w, stiffness, inverseDt2, lambda) : 0.0f;
    lambda += dLambda;
    const float scale = solved ? dLambda / length : 0.0f;
    const float nx = dx * scale, ny = dy * scale, nz = dz * scale;
    pa.x += wa * nx;
    pa.y += wa * ny;
    pa.z += wa * nz;
    pb.x -= wb * nx;
    pb.y -= wb * ny;
    pb.z -= wb * nz;
}

} // namespace

namespace detail {

void solveLinkRangeScalar(size_t begin, size_t end, glm::vec4* particles, const Link* links,
                          float* lambdas, float inverseDt2) {
    for (size_t l = begin; l < end; ++l)
        solveLink(links[l], particles, lambdas[l], inverseDt2);
}

#if defined(__SSE2__)
// The same step on four links at once, with SSE2 (which every x86-64 processor has): about
// half the time of four scalar steps, the square roots and divisions four to an instruction.
// Each end of a link is one 16-byte load, and four of those transposed give the x, y, z and
// inverse mass of four links. Every lane does the scalar version's operations in the same
// order, so both give the same bits.
static_assert(sizeof(Link) == 8 * sizeof(float) && offsetof(Link, restLength) == 8 &&
                  offsetof(Link, maxwellLength) == 12 && offsetof(Link, elasticStiffness) == 16 &&
                  offsetof(Link, maxwellStiffness) == 20,
              "the four-wide link solve reads a Link as two rows of four 32-bit fields");
static_assert(sizeof(glm::vec4) == 4 * sizeof(float));

void solveLinkRange(size_t begin, size_t end, glm::vec4* particles, const Link* links,
                    float* lambdas, float inverseDt2) {
    float* const p = glm::value_ptr(particles[0]);
    const __m128 idt2 = _mm_set1_ps(inverseDt2);
    const __m128 zero = _mm_setzero_ps();
    const __m128 minLength = _mm_set1_ps(1e-9f);
    const __m128 signBit = _mm_set1_ps(-0.0f);
    size_t l = begin;
    for (; l + 4 <= end; l += 4) {
        // Each link is two rows of four fields: (a, b, rest length, Maxwell length) and
        // (elastic stiffness, Maxwell stiffness, ...). Half a transpose gathers the two
        // fields wanted from each row.
        const float* fields = reinterpret_cast<const float*>(links + l);
        const __m128 lengths01 = _mm_unpackhi_ps(_mm_loadu_ps(fields), _mm_loadu_ps(fields + 8));
        const __m128 lengths23 =
            _mm_unpackhi_ps(_mm_loadu_ps(fields + 16), _mm_loadu_ps(fields + 24));
        const __m128 rest = _mm_movelh_ps(lengths01, lengths23);
        const __m128 maxwellLength = _mm_movehl_ps(lengths23, lengths01);
        const __m128 stiffness01 =
            _mm_unpacklo_ps(_mm_loadu_ps(fields + 4), _mm_loadu_ps(fields + 12));
        const __m128 stiffness23 =
            _mm_unpacklo_ps(_mm_loadu_ps(fields + 20), _mm_loadu_ps(fields + 28));
        const __m128 ke = _mm_movelh_ps(stiffness01, stiffness23);
        const __m128 km = _mm_movehl_ps(stiffness23, stiffness01);
        const std::uint32_t a[4] = {links[l].a, links[l + 1].a, links[l + 2].a, links[l + 3].a};
        const std::uint32_t b[4] = {links[l].b, links[l + 1].b, links[l + 2].b, links[l + 3].b};
        __m128 ax = _mm_loadu_ps(p + 4 * a[0]), ay = _mm_loadu_ps(p + 4 * a[1]);
        __m128 az = _mm_loadu_ps(p + 4 * a[2]), wa = _mm_loadu_ps(p + 4 * a[3]);
        _MM_TRANSPOSE4_PS(ax, ay, az, wa);
        __m128 bx = _mm_loadu_ps(p + 4 * b[0]), by = _mm_loadu_ps(p + 4 * b[1]);
        __m128 bz = _mm_loadu_ps(p + 4 * b[2]), wb = _mm_loadu_ps(p + 4 * b[3]);
        _MM_TRANSPOSE4_PS(bx, by, bz, wb);

        const __m128 dx = _mm_sub_ps(ax, bx), dy = _mm_sub_ps(ay, by), dz = _mm_sub_ps(az, bz);
        const __m128 length = _mm_sqrt_ps(
            _mm_add_ps(_mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy)), _mm_mul_ps(dz, dz)));
        const __m128 w = _mm_add_ps(wa, wb);
        const __m128 solved = _mm_and_ps(_mm_cmpgt_ps(w, zero), _mm_cmpgt_ps(length, minLength));
        const __m128 kC = _mm_add_ps(_mm_mul_ps(ke, _mm_sub_ps(length, rest)),
                                     _mm_mul_ps(km, _mm_sub_ps(length, maxwellLength)));
        const __m128 lambda = _mm_loadu_ps(lambdas + l);
        const __m128 dLambda = _mm_and_ps(
            solved, _mm_div_ps(_mm_sub_ps(_mm_xor_ps(kC, signBit), _mm_mul_ps(idt2, lambda)),
                               _mm_add_ps(_mm_mul_ps(w, _mm_add_ps(ke, km)), idt2)));
        _mm_storeu_ps(lambdas + l, _mm_add_ps(lambda, dLambda));
        const __m128 scale = _mm_and_ps(solved, _mm_div_ps(dLambda, length));
        const __m128 nx = _mm_mul_ps(dx, scale), ny = _mm_mul_ps(dy, scale),
                     nz = _mm_mul_ps(dz, scale);
        ax = _mm_add_ps(ax, _mm_mul_ps(wa, nx));
        ay = _mm_add_ps(ay, _mm_mul_ps(wa, ny));
        az = _mm_add_ps(az, _mm_mul_ps(wa, nz));
        bx = _mm_sub_ps(bx, _mm_mul_ps(wb, nx));
        by = _mm_sub_ps(by, _mm_mul_ps(wb, ny));
        bz = _mm_sub_ps(bz, _mm_mul_ps(wb, nz));
        _MM_TRANSPOSE4_PS(ax, ay, az, wa);
        _mm_storeu_ps(p + 4 * a[0], ax);
        _mm_storeu_ps(p + 4 * a[1], ay);
        _mm_storeu_ps(p + 4 * a[2], az);
        _mm_storeu_ps(p + 4 * a[3], wa);
        _MM_TRANSPOSE4_PS(bx, by, bz, wb);
        _mm_storeu_ps(p + 4 * b[0], bx);
        _mm_storeu_ps(p + 4 * b[1], by);
        _mm_storeu_ps(p + 4 * b[2], bz);
        _mm_storeu_ps(p + 4 * b[3], wb);
    }
    for (; l < end; ++l)
        solveLink(links[l], particles, lambdas[l], inverseDt2);
}
#else
void solveLinkRange(size_t begin, size_t end, glm::vec4* particles, const Link* links,
                    float* lambdas, float inverseDt2) {
    solveLinkRangeScalar(begin, end, particles, links, lambdas, inverseDt2);
}
#endif

namespace {

// One XPBD step on one triangle's vector constraint C = strain with compliance
// alpha = (V K)^-1, K the law's tangent: dLambda = (J W J^T + alpha / dt^2)^-1
// (-C - alpha lambda / dt^2), dx = W J^T dLambda. For a law that is not linear (the collagen's
// toe, its slackness in compression) C is taken as the strain that the tangent maps to the
// stress now, K^-1 sigma(strain), so that the step aims at the law's own zero of stress.
inline void solveTriangle(const Triangle& triangle, glm::vec4* particles, glm::vec3& lambdaOut,
                          float inverseDt2) {
    glm::vec4* corner[3] = {&particles[triangle.v[0]], &particles[triangle.v[1]],
                            &particles[triangle.v[2]]};
    const double w[3] = {static_cast<double>(corner[0]->w), static_cast<double>(corner[1]->w),
                         static_cast<double>(corner[2]->w)};
    if (!(w[0] + w[1] + w[2] > 0.0) || !(triangle.volume > 0.0f))
        return;
    const TriangleStrain state = triangleStrain(triangle, glm::dvec3(*corner[0]),
                                                glm::dvec3(*corner[1]), glm::dvec3(*corner[2]));
    const auto gradient = strainGradient(triangle, state);
    const double volume = static_cast<double>(triangle.volume);
    const glm::dmat3 compliance = glm::inverse(volume * triangleTangent(triangle, state.strain));
    const glm::dvec3 c = compliance * (volume * triangleStress(triangle, state.strain));
    const double idt2 = static_cast<double>(inverseDt2);
    glm::dmat3 system = compliance * idt2;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
            for (int k = 0; k < 3; ++k)
                system[b][a] += w[k] * glm::dot(gradient[a][k], gradient[b][k]);
    const glm::dvec3 lambda(lambdaOut);
    const glm::dvec3 delta = glm::inverse(system) * (-c - compliance * lambda * idt2);
    lambdaOut = glm::vec3(lambda + delta);
    for (int k = 0; k < 3; ++k) {
        if (!(w[k] > 0.0))
            continue;
        const glm::dvec3 move =
            w[k] * (gradient[0][k] * delta.x + gradient[1][k] * delta.y + gradient[2][k] * delta.z);
        *corner[k] += glm::vec4(glm::vec3(move), 0.0f);
    }
}

} // namespace

void solveTriangleRange(size_t begin, size_t end, glm::vec4* particles, const Triangle* triangles,
                        glm::vec3* lambdas, float inverseDt2) {
    for (size_t t = begin; t < end; ++t)
        solveTriangle(triangles[t], particles, lambdas[t], inverseDt2);
}

void solveTriangleList(size_t begin, size_t end, const std::uint32_t* listed, glm::vec4* particles,
                       const Triangle* triangles, glm::vec3* lambdas, float inverseDt2) {
    for (size_t k = begin; k < end; ++k)
        solveTriangle(triangles[listed[k]], particles, lambdas[k], inverseDt2);
}

} // namespace detail

Solver::Solver(SolverSettings settings)
    : m_settings(settings), m_pool(std::make_unique<core::WorkerPool>(settings.threads)) {}

void Solver::step(Model& model, const ForceField& external) {
    const int substeps = std::max(1, m_settings.substeps);
    const float dt = m_settings.timeStepS / static_cast<float>(substeps);
    for (int s = 0; s < substeps; ++s)
        substep(model, dt, external);
    relaxDashpots(model, m_settings.timeStepS);
    m_timeS += static_cast<double>(m_settings.timeStepS);
}

void Solver::predict(Model& model, std::uint32_t i, float dt, float damping,
                     const glm::vec3& force) {
    const float w = model.inverseMasses[i];
    if (w <= 0.0f) {
        model.velocities[i] = glm::vec3(0.0f);
        m_particles[i] = glm::vec4(model.positions[i], w);
        return;
    }
    // Damping slows motion; it must not scale the loads, or statics would come out soft.
    glm::vec3 v = model.velocities[i] * damping + dt * (m_settings.gravity + w * force);
    if (!model.supports.empty() && model.supports[i].slidingDrag > 0.0f) {
        // The gliding layer's viscous drag on sliding, implicit so any drag is stable.
        const glm::vec3& normal = model.supports[i].normal;
        const glm::vec3 along = glm::dot(v, normal) * normal;
        v = along + (v - along) / (1.0f + model.supports[i].slidingDrag * w * dt);
    }
    model.velocities[i] = v;
    m_particles[i] = glm::vec4(model.positions[i] + dt * v, w);
}

void Solver::finish(Model& model, std::uint32_t i, float inverseDt) {
    const glm::vec3 x(m_particles[i]);
    if (model.inverseMasses[i] > 0.0f)
        model.velocities[i] = (x - model.positions[i]) * inverseDt;
    model.positions[i] = x;
}

void Solver::step(Model& model, const StepPart& part) {
    const int substeps = std::max(1, m_settings.substeps);
    const float dt = m_settings.timeStepS / static_cast<float>(substeps);
    // Where each colour's triangles start in the part's list (both are in colour order).
    m_partColourStarts.assign(1, 0);
    size_t k = 0;
    for (size_t c = 0; c + 1 < model.triangleColourStarts.size(); ++c) {
        while (k < part.triangles.size() && part.triangles[k] < model.triangleColourStarts[c + 1])
            ++k;
        m_partColourStarts.push_back(static_cast<std::uint32_t>(k));
    }
    // The corners of the part's triangles held where they are (the part's own particles are
    // freed in each substep); no other particle is read, so the rest of the web is not copied.
    m_particles.resize(model.particleCount());
    for (std::uint32_t t : part.triangles)
        for (std::uint32_t corner : model.triangles[t].v)
            m_particles[corner] = glm::vec4(model.positions[corner], 0.0f);
    for (int s = 0; s < substeps; ++s)
        substepPart(model, dt, part);
    const float decayDt = m_settings.timeStepS;
    m_pool->run(part.triangles.size(), [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t)
            relaxTriangleDashpot(model, model.triangles[part.triangles[t]], decayDt);
    });
    m_timeS += static_cast<double>(m_settings.timeStepS);
}

void Solver::substepPart(Model& model, float dt, const StepPart& part) {
    const float damping = std::exp(-m_settings.dampingPerS * dt);
    const bool supported = !model.supports.empty();
    const std::vector<std::uint32_t>& moving = part.particles;
    m_pool->run(moving.size(), [&](size_t begin, size_t end) {
        for (size_t j = begin; j < end; ++j)
            predict(model, moving[j], dt, damping, glm::vec3(0.0f));
    });
    const float inverseDt2 = 1.0f / (dt * dt);
    m_lambdaTriangle.assign(part.triangles.size(), glm::vec3(0.0f));
    m_lambdaNormal.assign(supported ? moving.size() : 0, 0.0f);
    m_lambdaSliding.assign(supported ? moving.size() : 0, 0.0f);
    const int passes = std::max(1, m_settings.iterations);
    for (int pass = 0; pass < passes; ++pass) {
        for (size_t c = 0; c + 1 < m_partColourStarts.size(); ++c)
            m_pool->run(m_partColourStarts[c + 1] - m_partColourStarts[c],
                        [&, first = m_partColourStarts[c]](size_t begin, size_t end) {
                            detail::solveTriangleList(first + begin, first + end,
                                                      part.triangles.data(), m_particles.data(),
                                                      model.triangles.data(),
                                                      m_lambdaTriangle.data(), inverseDt2);
                        });
        if (supported)
            m_pool->run(moving.size(), [&](size_t begin, size_t end) {
                for (size_t j = begin; j < end; ++j)
                    solveSupport(model, moving[j], m_lambdaNormal[j], m_lambdaSliding[j],
                                 inverseDt2);
            });
    }
    const float inverseDt = 1.0f / dt;
    m_pool->run(moving.size(), [&](size_t begin, size_t end) {
        for (size_t j = begin; j < end; ++j)
            finish(model, moving[j], inverseDt);
    });
}

void Solver::relaxDashpots(Model& model, float dt) {
    // A triangle's Maxwell strain creeps towards its strain in the same way.
    m_pool->run(model.triangles.size(), [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t)
            relaxTriangleDashpot(model, model.triangles[t], dt);
    });
    // Each Maxwell branch's rest length creeps towards the link's length, exactly for a length
    // held over the step. Once per step, not per substep: the tissue relaxes over seconds, so
    // how its length moved within one frame makes no difference worth a pass over every link.
    m_pool->run(model.links.size(), [&](size_t begin, size_t end) {
        // Links of one tissue share a relaxation time: its decay is worked out once per run
        // of them, not once per link.
        float relaxationTimeS = -1.0f, decay = 0.0f;
        for (size_t l = begin; l < end; ++l) {
            Link& link = model.links[l];
            if (link.maxwellStiffness > 0.0f) {
                if (link.relaxationTimeS != relaxationTimeS) {
                    relaxationTimeS = link.relaxationTimeS;
                    decay = std::exp(-dt / relaxationTimeS);
                }
                const float current = model.length(link);
                link.maxwellLength = current + (link.maxwellLength - current) * decay;
            }
        }
    });
}

void Solver::solveLinks(const Model& model, float inverseDt2) {
    glm::vec4* particles = m_particles.data();
    const Link* links = model.links.data();
    float* lambdas = m_lambdaLink.data();
    for (size_t c = 0; c + 1 < model.colourStarts.size(); ++c)
        m_pool->run(model.colourStarts[c + 1] - model.colourStarts[c],
                    [&, first = model.colourStarts[c]](size_t begin, size_t end) {
                        detail::solveLinkRange(first + begin, first + end, particles, links,
                                               lambdas, inverseDt2);
                    });
}

void Solver::solveTriangles(const Model& model, float inverseDt2) {
    glm::vec4* particles = m_particles.data();
    const Triangle* triangles = model.triangles.data();
    glm::vec3* lambdas = m_lambdaTriangle.data();
    for (size_t c = 0; c + 1 < model.triangleColourStarts.size(); ++c)
        m_pool->run(model.triangleColourStarts[c + 1] - model.triangleColourStarts[c],
                    [&, first = model.triangleColourStarts[c]](size_t begin, size_t end) {
                        detail::solveTriangleRange(first + begin, first + end, particles, triangles,
                                                   lambdas, inverseDt2);
                    });
}

void Solver::solveSupport(const Model& model, std::uint32_t i, float& lambdaNormal,
                          float& lambdaSliding, float inverseDt2) {
    glm::vec4& particle = m_particles[i];
    const float w = particle.w;
    const Support& s = model.supports[i];
    if (!(w > 0.0f))
        return;
    glm::vec3 x(particle);
    if (s.normalStiffness > 0.0f) {
        const float c = glm::dot(x - s.home, s.normal);
        const float d =
            deltaLambda(s.normalStiffness * c, w, s.normalStiffness, inverseDt2, lambdaNormal);
        lambdaNormal += d;
        x += w * d * s.normal;
    }
    if (s.slidingStiffness > 0.0f) {
        const glm::vec3 offset = x - s.home;
        const glm::vec3 sliding = offset - glm::dot(offset, s.normal) * s.normal;
        const float c = glm::length(sliding);
        if (c > 1e-12f) {
            const float d = deltaLambda(s.slidingStiffness * c, w, s.slidingStiffness, inverseDt2,
                                        lambdaSliding);
            lambdaSliding += d;
            x += (w * d / c) * sliding;
        }
    }
    particle = glm::vec4(x, w);
}

void Solver::solveSupportRange(const Model& model, size_t begin, size_t end, float inverseDt2) {
    for (size_t i = begin; i < end; ++i)
        solveSupport(model, static_cast<std::uint32_t>(i), m_lambdaNormal[i], m_lambdaSliding[i],
                     inverseDt2);
}

void Solver::solveSupports(const Model& model, float inverseDt2) {
    if (model.supports.empty())
        return;
    m_pool->run(model.particleCount(), [&](size_t begin, size_t end) {
        solveSupportRange(model, begin, end, inverseDt2);
    });
}

void Solver::substep(Model& model, float dt, const ForceField& external) {
    const size_t n = model.particleCount();
    // Without an external field there are no forces to add: no pass over them either.
    const bool forced = static_cast<bool>(external);
    if (forced) {
        m_forces.assign(n, glm::vec3(0.0f));
        external(model, m_forces);
    }
    // The substep works on its own copy of the particles; the model keeps the positions the
    // substep started from, which the new velocities are measured against.
    m_particles.resize(n);
    const float damping = std::exp(-m_settings.dampingPerS * dt);
    const bool supported = !model.supports.empty();
    m_pool->run(n, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i)
            predict(model, static_cast<std::uint32_t>(i), dt, damping,
                    forced ? m_forces[i] : glm::vec3(0.0f));
    });
    const float inverseDt2 = 1.0f / (dt * dt);
    m_lambdaLink.assign(model.links.size(), 0.0f);
    m_lambdaTriangle.assign(model.triangles.size(), glm::vec3(0.0f));
    m_lambdaNormal.assign(supported ? n : 0, 0.0f);
    m_lambdaSliding.assign(supported ? n : 0, 0.0f);
    const int passes = std::max(1, m_settings.iterations);
    for (int pass = 0; pass < passes; ++pass) {
        solveLinks(model, inverseDt2);
        solveTriangles(model, inverseDt2);
        if (pass + 1 < passes)
            solveSupports(model, inverseDt2);
    }
    // The last pass's supports, the new velocities and the positions back into the model in
    // one sweep over the particles.
    const float inverseDt = 1.0f / dt;
    m_pool->run(n, [&](size_t begin, size_t end) {
        if (supported)
            solveSupportRange(model, begin, end, inverseDt2);
        for (size_t i = begin; i < end; ++i)
            finish(model, static_cast<std::uint32_t>(i), inverseDt);
    });
}

std::size_t Solver::memoryBytes() const {
    const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    return bytes(m_particles) + bytes(m_lambdaLink) + bytes(m_lambdaTriangle) +
           bytes(m_lambdaNormal) + bytes(m_lambdaSliding) + bytes(m_forces);
}

} // namespace sim
