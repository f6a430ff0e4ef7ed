#include "anatomy/atlas/MuscleFibres.h"

#include "anatomy/atlas/MeshPreparation.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SparseCholesky>

#include <algorithm>
#include <cmath>

namespace anatomy::atlas {

glm::vec3 longestAxis(const SurfaceMesh& mesh) {
    if (mesh.positions.empty())
        return {0, 1, 0};
    glm::dvec3 mean(0.0);
    for (const glm::vec3& p : mesh.positions)
        mean += glm::dvec3(p);
    mean /= static_cast<double>(mesh.positions.size());
    Eigen::Matrix3d covariance = Eigen::Matrix3d::Zero();
    for (const glm::vec3& p : mesh.positions) {
        const glm::dvec3 d = glm::dvec3(p) - mean;
        const Eigen::Vector3d v(d.x, d.y, d.z);
        covariance += v * v.transpose();
    }
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(covariance);
    const Eigen::Vector3d axis = solver.eigenvectors().col(2); // largest eigenvalue last
    return glm::normalize(glm::vec3(static_cast<float>(axis.x()), static_cast<float>(axis.y()),
                                    static_cast<float>(axis.z())));
}

void computeMuscleFibres(SurfaceMesh& mesh, glm::vec3 axis, float originShareF,
                         float insertionShareF) {
    const auto originShare = static_cast<double>(originShareF);
    const auto insertionShare = static_cast<double>(insertionShareF);
    const size_t n = mesh.positions.size();
    mesh.fibres.assign(n, axis);
    if (n < 3 || mesh.indices.size() < 3)
        return;
    axis = glm::normalize(axis);
    // Where each vertex lies along the axis, 0 at the origin end, 1 at the insertion end.
    std::vector<double> along(n);
    double lo = 1e30, hi = -1e30;
    for (size_t i = 0; i < n; ++i) {
        along[i] = glm::dot(glm::dvec3(mesh.positions[i]), glm::dvec3(axis));
        lo = std::min(lo, along[i]);
        hi = std::max(hi, along[i]);
    }
    const double length = std::max(hi - lo, 1e-9);
    for (double& a : along)
        a = (a - lo) / length;

    // The cotangent Laplacian with negative weights clipped (they come from obtuse triangles
    // and would make the field overshoot), so the system is an M-matrix.
    std::vector<Eigen::Triplet<double>> entries;
    std::vector<double> diagonal(n, 0.0);
    entries.reserve(mesh.indices.size() * 2);
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t i = mesh.indices[t + static_cast<size_t>(k)];
            const std::uint32_t j = mesh.indices[t + static_cast<size_t>((k + 1) % 3)];
            const std::uint32_t o = mesh.indices[t + static_cast<size_t>((k + 2) % 3)];
            const glm::dvec3 a = glm::dvec3(mesh.positions[i]) - glm::dvec3(mesh.positions[o]);
            const glm::dvec3 b = glm::dvec3(mesh.positions[j]) - glm::dvec3(mesh.positions[o]);
            const double crossLength = glm::length(glm::cross(a, b));
            const double cotangent = crossLength > 1e-20 ? glm::dot(a, b) / crossLength : 0.0;
            const double w = 0.5 * std::clamp(cotangent, 1e-3, 1e3);
            entries.emplace_back(i, j, -w);
            entries.emplace_back(j, i, -w);
            diagonal[i] += w;
            diagonal[j] += w;
        }
    }
    double meanDiagonal = 0.0;
    for (double d : diagonal)
        meanDiagonal += d;
    meanDiagonal /= static_cast<double>(n);
    // A faint pull towards the straight ramp along the axis keeps the system definite where a
    // piece of the surface touches neither end (a separate slip of the muscle).
    const double pull = 1e-4 * meanDiagonal;
    Eigen::VectorXd rhs(static_cast<Eigen::Index>(n));
    std::vector<char> fixed(n, 0);
    for (size_t i = 0; i < n; ++i) {
        fixed[i] = along[i] <= originShare || along[i] >= 1.0 - insertionShare;
        rhs[static_cast<Eigen::Index>(i)] = pull * along[i];
    }
    // Fixed ends: the row becomes u = 0 or 1, and the known values move to the right side.
    std::vector<Eigen::Triplet<double>> system;
    system.reserve(entries.size() + n);
    for (const auto& e : entries) {
        const auto r = static_cast<size_t>(e.row()), c = static_cast<size_t>(e.col());
        if (fixed[r])
            continue;
        if (fixed[c])
            rhs[e.row()] -= e.value() * (along[c] >= 1.0 - insertionShare ? 1.0 : 0.0);
        else
            system.push_back(e);
    }
    for (size_t i = 0; i < n; ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        if (fixed[i]) {
            system.emplace_back(r, r, 1.0);
            rhs[r] = along[i] >= 1.0 - insertionShare ? 1.0 : 0.0;
        } else {
            system.emplace_back(r, r, diagonal[i] + pull);
        }
    }
    Eigen::SparseMatrix<double> matrix(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    matrix.setFromTriplets(system.begin(), system.end());
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(matrix);
    Eigen::VectorXd field =
        solver.info() == Eigen::Success ? Eigen::VectorXd(solver.solve(rhs)) : Eigen::VectorXd();
    if (field.size() != static_cast<Eigen::Index>(n) || !field.allFinite()) {
        field.resize(static_cast<Eigen::Index>(n));
        for (size_t i = 0; i < n; ++i)
            field[static_cast<Eigen::Index>(i)] = along[i];
    }

    // The field's gradient in each triangle, summed at its corners by area.
    std::vector<glm::dvec3> gradient(n, glm::dvec3(0.0));
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const std::uint32_t idx[3] = {mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]};
        const glm::dvec3 p[3] = {glm::dvec3(mesh.positions[idx[0]]),
                                 glm::dvec3(mesh.positions[idx[1]]),
                                 glm::dvec3(mesh.positions[idx[2]])};
        const glm::dvec3 normal = glm::cross(p[1] - p[0], p[2] - p[0]);
        const double twiceArea = glm::length(normal);
        if (twiceArea < 1e-20)
            continue;
        const glm::dvec3 unit = normal / twiceArea;
        glm::dvec3 g(0.0);
        for (int k = 0; k < 3; ++k) {
            const glm::dvec3 opposite = p[(k + 2) % 3] - p[(k + 1) % 3];
            g += field[static_cast<Eigen::Index>(idx[k])] * glm::cross(unit, opposite);
        }
        g /= twiceArea; // ∇u in this triangle
        for (std::uint32_t i : idx)
            gradient[i] += g * (0.5 * twiceArea);
    }
    for (size_t i = 0; i < n; ++i) {
        const glm::dvec3 normal =
            mesh.normals.size() == n ? glm::dvec3(mesh.normals[i]) : glm::dvec3(0.0);
        glm::dvec3 g = gradient[i] - normal * glm::dot(gradient[i], normal);
        if (glm::length(g) < 1e-12) // flat field (an end): the axis along the surface
            g = glm::dvec3(axis) - normal * glm::dot(glm::dvec3(axis), normal);
        if (glm::length(g) < 1e-12)
            g = glm::dvec3(axis);
        mesh.fibres[i] = glm::vec3(glm::normalize(g));
    }
}

void fibresAlongAxis(SurfaceMesh& mesh, glm::vec3 axis) {
    axis = glm::normalize(axis);
    mesh.fibres.resize(mesh.positions.size());
    // Where the surface faces along the axis (the part's ends), the fibre takes any direction
    // in the surface, the one nearest the body's vertical.
    for (size_t v = 0; v < mesh.positions.size(); ++v)
        mesh.fibres[v] = v < mesh.normals.size()
                             ? tangentDirection(axis, mesh.normals[v], glm::vec3(0.0f, 1.0f, 0.0f))
                             : axis;
}

} // namespace anatomy::atlas
