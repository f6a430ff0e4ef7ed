#include "sim/Membrane.h"

#include <glm/geometric.hpp>
#include <glm/matrix.hpp>

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

double toDouble(float value) {
    return static_cast<double>(value);
}

// The collagen's stress and stiffness along the fibres at fibre strain e: nothing in
// compression, rising over the toe, then linear; its energy is the integral of the stress.
struct FibreResponse {
    double stress = 0.0, stiffness = 0.0, energy = 0.0;
};

FibreResponse fibreResponse(double modulus, double toe, double e) {
    FibreResponse r;
    if (!(e > 0.0) || !(modulus > 0.0))
        return r;
    if (e < toe) {
        r.stiffness = modulus * e / toe;
        r.stress = 0.5 * modulus * e * e / toe;
        r.energy = modulus * e * e * e / (6.0 * toe);
    } else {
        r.stiffness = modulus;
        r.stress = modulus * (e - 0.5 * toe);
        r.energy = modulus * (0.5 * e * e - 0.5 * toe * e + toe * toe / 6.0);
    }
    return r;
}

} // namespace

OrthotropicLaw OrthotropicLaw::of(const TissueParameters& tissue, bool fibres) {
    const double along = toDouble(tissue.youngsModulusAlongMPa) * 1e6;
    const double across = toDouble(tissue.youngsModulusAcrossMPa) * 1e6;
    const double nu = toDouble(tissue.poissonRatio);
    OrthotropicLaw law;
    const double q = across / (1.0 - nu * nu);
    law.matrixNormal = static_cast<float>(q);
    law.matrixCross = static_cast<float>(nu * q);
    law.shear = static_cast<float>(across / (2.0 * (1.0 + nu)));
    if (fibres) {
        law.fibre = static_cast<float>(std::max(0.0, along - across));
        law.toeStrain = tissue.toeStrainPercent * 0.01f;
    }
    return law;
}

OrthotropicLaw OrthotropicLaw::scaled(float factor) const {
    OrthotropicLaw law = *this;
    law.matrixNormal *= factor;
    law.matrixCross *= factor;
    law.shear *= factor;
    law.fibre *= factor;
    return law;
}

glm::dvec3 OrthotropicLaw::stress(const glm::dvec3& e) const {
    const double n = toDouble(matrixNormal), c = toDouble(matrixCross);
    const double fibreStress = fibreResponse(toDouble(fibre), toDouble(toeStrain), e.x).stress;
    return {n * e.x + c * e.y + fibreStress, c * e.x + n * e.y, toDouble(shear) * e.z};
}

double OrthotropicLaw::energyDensity(const glm::dvec3& e) const {
    const double n = toDouble(matrixNormal), c = toDouble(matrixCross);
    return 0.5 * (n * (e.x * e.x + e.y * e.y) + 2.0 * c * e.x * e.y + toDouble(shear) * e.z * e.z) +
           fibreResponse(toDouble(fibre), toDouble(toeStrain), e.x).energy;
}

glm::dmat3 OrthotropicLaw::tangent(const glm::dvec3& e) const {
    const double n = toDouble(matrixNormal), c = toDouble(matrixCross);
    glm::dmat3 k(0.0);
    k[0][0] = n + fibreResponse(toDouble(fibre), toDouble(toeStrain), e.x).stiffness;
    k[1][1] = n;
    k[0][1] = k[1][0] = c;
    k[2][2] = toDouble(shear);
    return k;
}

Triangle makeTriangle(const std::array<std::uint32_t, 3>& v, const std::array<glm::vec3, 3>& rest,
                      const glm::vec3& fibre, float thicknessM, const OrthotropicLaw& law,
                      float maxwellRatio, float relaxationTimeS) {
    Triangle t;
    t.v = v;
    t.law = law;
    t.maxwellRatio = maxwellRatio;
    t.relaxationTimeS = relaxationTimeS;
    const glm::dvec3 e0 = glm::dvec3(rest[1]) - glm::dvec3(rest[0]);
    const glm::dvec3 e1 = glm::dvec3(rest[2]) - glm::dvec3(rest[0]);
    const glm::dvec3 normal = glm::cross(e0, e1);
    const double twiceArea = glm::length(normal);
    t.volume = static_cast<float>(0.5 * twiceArea * toDouble(thicknessM));
    if (!(twiceArea > 0.0)) {
        t.restInverse = glm::mat2(0.0f); // degenerate: no strain, no force
        return t;
    }
    const glm::dvec3 n = normal / twiceArea;
    glm::dvec3 axis = glm::dvec3(fibre) - glm::dot(glm::dvec3(fibre), n) * n;
    if (!(glm::length(axis) > 1e-6 * glm::length(glm::dvec3(fibre))) || !(glm::length(axis) > 0.0))
        axis = e0;
    axis = glm::normalize(axis);
    const glm::dvec3 across = glm::cross(n, axis);
    // Columns: the two rest edges in the (fibre, across) frame.
    const glm::dmat2 edges(glm::dot(e0, axis), glm::dot(e0, across), glm::dot(e1, axis),
                           glm::dot(e1, across));
    t.restInverse = glm::mat2(glm::inverse(edges));
    return t;
}

TriangleStrain triangleStrain(const Triangle& triangle, const glm::dvec3& x0, const glm::dvec3& x1,
                              const glm::dvec3& x2) {
    const glm::dmat2 inv(triangle.restInverse);
    const glm::dvec3 d0 = x1 - x0, d1 = x2 - x0;
    TriangleStrain s;
    // F = [d0 d1] inv: column a is d0 inv[a][0] + d1 inv[a][1] (glm: inv[column][row]).
    s.fibreAxis = d0 * inv[0][0] + d1 * inv[0][1];
    s.acrossAxis = d0 * inv[1][0] + d1 * inv[1][1];
    s.strain = glm::dvec3(0.5 * (glm::dot(s.fibreAxis, s.fibreAxis) - 1.0),
                          0.5 * (glm::dot(s.acrossAxis, s.acrossAxis) - 1.0),
                          glm::dot(s.fibreAxis, s.acrossAxis));
    return s;
}

std::array<std::array<glm::dvec3, 3>, 3> strainGradient(const Triangle& triangle,
                                                        const TriangleStrain& state) {
    const glm::dmat2 inv(triangle.restInverse);
    // Edge k's share of the fibre axis is inv[0][k], of the across axis inv[1][k].
    std::array<std::array<glm::dvec3, 3>, 3> g{};
    for (int k = 0; k < 2; ++k) {
        const double a = inv[0][k], b = inv[1][k];
        g[0][k + 1] = a * state.fibreAxis;
        g[1][k + 1] = b * state.acrossAxis;
        g[2][k + 1] = a * state.acrossAxis + b * state.fibreAxis;
    }
    for (int c = 0; c < 3; ++c)
        g[c][0] = -(g[c][1] + g[c][2]);
    return g;
}

namespace {

// What the elastic branch (about the rest strain) and the Maxwell branch (maxwellRatio times as
// stiff, about its creeping strain) give together, `of` being stress, energy or tangent.
template <typename Of>
auto bothBranches(const Triangle& triangle, const glm::dvec3& strain, const Of& of) {
    auto sum = of(strain - glm::dvec3(triangle.restStrain));
    if (triangle.maxwellRatio > 0.0f)
        sum += toDouble(triangle.maxwellRatio) * of(strain - glm::dvec3(triangle.maxwellStrain));
    return sum;
}

} // namespace

glm::dvec3 triangleStress(const Triangle& triangle, const glm::dvec3& strain) {
    return bothBranches(triangle, strain,
                        [&](const glm::dvec3& e) { return triangle.law.stress(e); });
}

double triangleEnergy(const Triangle& triangle, const glm::dvec3& strain) {
    return toDouble(triangle.volume) * bothBranches(triangle, strain, [&](const glm::dvec3& e) {
               return triangle.law.energyDensity(e);
           });
}

glm::dmat3 triangleTangent(const Triangle& triangle, const glm::dvec3& strain) {
    return bothBranches(triangle, strain,
                        [&](const glm::dvec3& e) { return triangle.law.tangent(e); });
}

namespace {

// Principal values of the symmetric 2x2 stress (s11, s12; s12, s22).
std::pair<double, double> principal(const glm::dvec3& s) {
    const double mean = 0.5 * (s.x + s.y);
    const double radius = std::sqrt(0.25 * (s.x - s.y) * (s.x - s.y) + s.z * s.z);
    return {mean + radius, mean - radius};
}

} // namespace

float principalTension(const glm::dvec3& stress) {
    return static_cast<float>(principal(stress).first);
}

std::array<std::array<glm::dmat3, 3>, 3>
triangleStiffness(const Triangle& triangle, const TriangleStrain& state,
                  const std::array<std::array<glm::dvec3, 3>, 3>& gradient) {
    const glm::dmat3 k = toDouble(triangle.volume) * triangleTangent(triangle, state.strain);
    // The geometric part: sum_c S_c d^2 E_c / dx_j dx_k = (B S B^T)_jk I, with B's row for
    // corner j its shares of the two axes, and S the stress with its compressive principal
    // part dropped.
    glm::dvec3 s = triangleStress(triangle, state.strain);
    const auto [high, low] = principal(s);
    if (low < 0.0) {
        if (high <= 0.0) {
            s = glm::dvec3(0.0);
        } else { // keep the tensile principal direction only: high v v^T
            const double angle = 0.5 * std::atan2(2.0 * s.z, s.x - s.y);
            const double c = std::cos(angle), sn = std::sin(angle);
            s = glm::dvec3(high * c * c, high * sn * sn, high * c * sn);
        }
    }
    const glm::dmat2 inv(triangle.restInverse);
    double shareA[3] = {-(toDouble(inv[0][0]) + toDouble(inv[0][1])), toDouble(inv[0][0]),
                        toDouble(inv[0][1])};
    double shareB[3] = {-(toDouble(inv[1][0]) + toDouble(inv[1][1])), toDouble(inv[1][0]),
                        toDouble(inv[1][1])};
    // The material part: sum_cd k_cd g_cj g_dm^T = G_j k G_m^T, with G_j's columns the three
    // strain components' gradients at corner j.
    std::array<glm::dmat3, 3> perCorner;
    for (int j = 0; j < 3; ++j)
        perCorner[j] = glm::dmat3(gradient[0][j], gradient[1][j], gradient[2][j]);
    std::array<std::array<glm::dmat3, 3>, 3> blocks{};
    for (int j = 0; j < 3; ++j) {
        const glm::dmat3 left = perCorner[j] * k;
        for (int m = 0; m < 3; ++m) {
            const glm::dmat3 block = left * glm::transpose(perCorner[m]);
            const double geometric = toDouble(triangle.volume) *
                                     (s.x * shareA[j] * shareA[m] + s.y * shareB[j] * shareB[m] +
                                      s.z * (shareA[j] * shareB[m] + shareB[j] * shareA[m]));
            blocks[j][m] = block + glm::dmat3(geometric);
        }
    }
    return blocks;
}

} // namespace sim
