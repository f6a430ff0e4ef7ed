#include "PlateOnFoundation.h"

#include <Eigen/Dense>
#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <numbers>

namespace test {

// From K0's series K0(z) = -(ln(z/2) + gamma) I0(z) + sum_k H_k (z^2/4)^k / (k!)^2, which
// converges fast for the x up to about 10 that a few characteristic lengths need.
double kei(double x) {
    if (x <= 0.0)
        return -std::numbers::pi / 4.0; // its limit at 0
    const std::complex<double> z = x * std::polar(1.0, std::numbers::pi / 4.0);
    const std::complex<double> u = z * z / 4.0;
    std::complex<double> term(1.0), besselI0(1.0), harmonicSum(0.0);
    double harmonic = 0.0;
    for (int k = 1; k < 80; ++k) {
        term *= u / (static_cast<double>(k) * static_cast<double>(k));
        harmonic += 1.0 / static_cast<double>(k);
        besselI0 += term;
        harmonicSum += harmonic * term;
    }
    return (-(std::log(z / 2.0) + std::numbers::egamma) * besselI0 + harmonicSum).imag();
}

namespace {

// The linear dip at `at` (m, downward) under the loads.
double linearDip(const std::vector<PointLoad>& loads, double l, double D, const glm::dvec2& at,
                 double (*keiOf)(double)) {
    double dip = 0.0;
    for (const auto& [from, force] : loads)
        dip += -force * l * l / (2.0 * std::numbers::pi * D) * keiOf(glm::distance(at, from) / l);
    return dip;
}

// kei tabulated for the membrane's quadrature, which evaluates it some million times: linear
// between samples 1e-3 apart, far finer than the grid's spacing (0.1 l).
constexpr double kTableStep = 1e-3;
constexpr int kTableSize = 12001; // to x = 12, where kei is 2e-5 of its value at 0
const std::vector<double>& keiTable() {
    static const std::vector<double> table = [] {
        std::vector<double> t(kTableSize);
        for (int i = 0; i < kTableSize; ++i)
            t[static_cast<size_t>(i)] = kei(kTableStep * i);
        return t;
    }();
    return table;
}
double tabulatedKei(double x) {
    const double at = x / kTableStep;
    if (at >= kTableSize - 1)
        return 0.0;
    const auto i = static_cast<size_t>(at);
    const double f = at - static_cast<double>(i);
    const auto& t = keiTable();
    return (1.0 - f) * t[i] + f * t[i + 1];
}

// Voigt strain (e_xx, e_yy, 2 e_xy).
using Strain = Eigen::Vector3d;

// The membrane's energy per area at a strain (J/m^2), its gradient and its Hessian.
struct Density {
    double energy = 0.0;
    Eigen::Vector3d gradient = Eigen::Vector3d::Zero();
    Eigen::Matrix3d hessian = Eigen::Matrix3d::Zero();
};
Density density(const MembraneStiffness& m, const Strain& e) {
    Density d;
    Eigen::Matrix3d matrix;
    matrix << m.normal, m.cross, 0.0, m.cross, m.normal, 0.0, 0.0, 0.0, m.shear;
    d.gradient = matrix * e;
    d.energy = 0.5 * e.dot(d.gradient);
    d.hessian = matrix;
    // The collagen: nothing in compression, a stiffness rising linearly over the toe, then
    // constant (the stress is continuous, and the energy its integral).
    const double x = e.x(), toe = m.toeStrain, c = m.fibre;
    if (x > 0.0 && c > 0.0) {
        if (x < toe) {
            d.energy += c * x * x * x / (6.0 * toe);
            d.gradient.x() += 0.5 * c * x * x / toe;
            d.hessian(0, 0) += c * x / toe;
        } else {
            d.energy += c * (0.5 * x * x - 0.5 * toe * x + toe * toe / 6.0);
            d.gradient.x() += c * (x - 0.5 * toe);
            d.hessian(0, 0) += c;
        }
    }
    return d;
}

} // namespace

double plateOnFoundationDip(const std::vector<PointLoad>& loads, double k, double D) {
    const double l = std::pow(D / k, 0.25);
    double weighted = 0.0, total = 0.0;
    for (const auto& [at, force] : loads) {
        weighted += force * linearDip(loads, l, D, at, kei);
        total += force;
    }
    return weighted / total;
}

LargeDeflection largeDeflectionDip(const std::vector<PointLoad>& loads, double k, double D,
                                   const MembraneStiffness& membrane) {
    LargeDeflection result;
    const double l = std::pow(D / k, 0.25);
    result.linearDipM = plateOnFoundationDip(loads, k, D);
    double work = 0.0; // L: the loads' work at the linear dip
    glm::dvec2 centre(0.0);
    double total = 0.0, reach = 0.0;
    for (const auto& [at, force] : loads) {
        work += force * linearDip(loads, l, D, at, kei);
        centre += force * at;
        total += force;
    }
    centre /= total;
    for (const auto& load : loads)
        reach = std::max(reach, glm::distance(load.first, centre));

    // A square grid around the loads, 0.1 l apart, out to 6 l beyond them (kei(6) is 1 % of
    // its value at 0, its slope less).
    const double spacing = 0.1 * l, half = reach + 6.0 * l;
    const int n = static_cast<int>(std::ceil(2.0 * half / spacing)) + 1;
    const auto index = [n](int i, int j) { return static_cast<size_t>(j) * n + i; };
    std::vector<double> w(static_cast<size_t>(n) * n);
    const auto position = [&](int i, int j) {
        return centre + glm::dvec2(-half + spacing * i, -half + spacing * j);
    };
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i)
            w[index(i, j)] = linearDip(loads, l, D, position(i, j), tabulatedKei);

    // In-plane displacement modes: u = (x g, 0) and (0, y g), each also times cos 2 theta,
    // for three radial widths g = exp(-r^2 / (c l)^2), c = 1, 2, 4.
    constexpr int kModes = 12;
    using Vector = Eigen::Matrix<double, kModes, 1>;
    using Matrix = Eigen::Matrix<double, kModes, kModes>;
    const auto mode = [&](int m, const glm::dvec2& p) {
        const glm::dvec2 r = p - centre;
        const double r2 = glm::dot(r, r);
        const double width = l * std::array{1.0, 2.0, 4.0}[static_cast<size_t>(m / 4)];
        double g = std::exp(-r2 / (width * width));
        if (m % 2 == 1)
            g *= r2 > 0.0 ? (r.x * r.x - r.y * r.y) / r2 : 0.0;
        return (m / 2) % 2 == 0 ? glm::dvec2(r.x * g, 0.0) : glm::dvec2(0.0, r.y * g);
    };
    // Per grid point: the strain of the linear dip, and of each mode at unit amplitude.
    struct Point {
        Strain fromDip;
        Eigen::Matrix<double, 3, kModes> fromModes;
    };
    std::vector<Point> points;
    points.reserve(static_cast<size_t>(n) * n);
    for (int j = 1; j + 1 < n; ++j)
        for (int i = 1; i + 1 < n; ++i) {
            Point point;
            const double wx = (w[index(i + 1, j)] - w[index(i - 1, j)]) / (2.0 * spacing);
            const double wy = (w[index(i, j + 1)] - w[index(i, j - 1)]) / (2.0 * spacing);
            point.fromDip = Strain(0.5 * wx * wx, 0.5 * wy * wy, wx * wy);
            for (int m = 0; m < kModes; ++m) {
                const glm::dvec2 du_dx =
                    (mode(m, position(i + 1, j)) - mode(m, position(i - 1, j))) / (2.0 * spacing);
                const glm::dvec2 du_dy =
                    (mode(m, position(i, j + 1)) - mode(m, position(i, j - 1))) / (2.0 * spacing);
                point.fromModes.col(m) = Strain(du_dx.x, du_dy.y, du_dx.y + du_dy.x);
            }
            points.push_back(point);
        }
    const double area = spacing * spacing;

    // The membrane at the dip scaled by a (its strain by s = a^2), the in-plane modes `relief`
    // at their best: its energy, and dM/ds (the modes being at their best, only the dip's own
    // strain counts).
    struct Membrane {
        double energy = 0.0, slope = 0.0;
    };
    const auto membraneAt = [&](double s, Vector& relief) {
        const auto energyOf = [&](const Vector& at, Vector* gradient, Matrix* hessian,
                                  double* slope) {
            double energy = 0.0;
            if (gradient)
                gradient->setZero();
            if (hessian)
                hessian->setZero();
            for (const Point& point : points) {
                const Density d = density(membrane, s * point.fromDip + point.fromModes * at);
                energy += area * d.energy;
                if (gradient)
                    *gradient += area * point.fromModes.transpose() * d.gradient;
                if (hessian)
                    *hessian += area * point.fromModes.transpose() * d.hessian * point.fromModes;
                if (slope)
                    *slope += area * d.gradient.dot(point.fromDip);
            }
            return energy;
        };
        // Newton's method on a convex energy, each step halved until it lowers the energy.
        Vector gradient;
        Matrix hessian;
        double energy = energyOf(relief, &gradient, &hessian, nullptr);
        for (int newton = 0; newton < 30; ++newton) {
            const Vector step = -hessian.ldlt().solve(gradient);
            double fraction = 1.0, lowered = energy;
            Vector trial = relief;
            for (int tries = 0; tries < 30; ++tries, fraction *= 0.5) {
                trial = relief + fraction * step;
                lowered = energyOf(trial, nullptr, nullptr, nullptr);
                if (lowered <= energy)
                    break;
            }
            if (!(lowered < energy))
                break; // at its minimum, to rounding
            const bool small = energy - lowered <= 1e-12 * std::abs(energy);
            relief = trial;
            energy = energyOf(relief, &gradient, &hessian, nullptr);
            if (small)
                break;
        }
        Membrane at;
        at.energy = energyOf(relief, nullptr, nullptr, &at.slope);
        return at;
    };

    // The dip's scale a where the energy's slope, L (a - 1) + 2 a M'(a^2), is zero: negative
    // at a = 0, positive at a = 1 once the sheet stretches at all. Bisection on the Illinois
    // rule, from the modes at their best for the last a tried.
    Vector relief = Vector::Zero();
    const auto slopeAt = [&](double a) {
        return work * (a - 1.0) + 2.0 * a * membraneAt(a * a, relief).slope;
    };
    double low = 0.0, high = 1.0, fLow = -work, fHigh = slopeAt(1.0);
    double a = 1.0;
    if (fHigh > 0.0) {
        int side = 0;
        for (int iteration = 0; iteration < 60 && high - low > 1e-6; ++iteration) {
            a = (low * fHigh - high * fLow) / (fHigh - fLow);
            const double f = slopeAt(a);
            if (f > 0.0) {
                high = a, fHigh = f;
                if (side == 1)
                    fLow *= 0.5;
                side = 1;
            } else {
                low = a, fLow = f;
                if (side == -1)
                    fHigh *= 0.5;
                side = -1;
            }
        }
    }
    result.dipM = a * result.linearDipM;
    result.membraneShare = 1.0 - a;
    return result;
}

} // namespace test
