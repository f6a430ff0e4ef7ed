#include "sim/WebMeasure.h"

#include <algorithm>
#include <cstring>

namespace sim {

void WebMeasure::measureAll(const FasciaWeb& web, core::WorkerPool* workers) {
    const Model& model = web.model();
    m_elements = model.measureElements(workers);
    m_tensionKPa = web.tensionKPa(m_elements.triangleTensionPa, workers);
    m_positions = model.positions;
    m_triangleMark.assign(model.triangles.size(), 0);
    m_particleMark.assign(model.particleCount(), 0);
    m_update = 0;
    m_remeasured.clear();
}

void WebMeasure::mark(std::uint32_t t) {
    if (m_triangleMark[t] != m_update) {
        m_triangleMark[t] = m_update;
        m_remeasured.push_back(t);
    }
}

void WebMeasure::update(const FasciaWeb& web, const std::vector<std::uint32_t>& changed,
                        core::WorkerPool* workers) {
    const Model& model = web.model();
    if (m_positions.size() != model.particleCount() ||
        m_triangleMark.size() != model.triangles.size()) {
        measureAll(web, workers);
        return;
    }
    if (++m_update == 0) { // the marks wrapped around: start them again
        std::fill(m_triangleMark.begin(), m_triangleMark.end(), 0);
        std::fill(m_particleMark.begin(), m_particleMark.end(), 0);
        m_update = 1;
    }
    m_remeasured.clear();
    for (std::uint32_t t : changed)
        mark(t);
    // Compared bit for bit: any change at all, however small, is measured.
    const ParticleIncidence& incidence = web.trianglesOfParticles();
    for (std::uint32_t i = 0; i < model.particleCount(); ++i)
        if (std::memcmp(&m_positions[i], &model.positions[i], sizeof(glm::vec3)) != 0) {
            m_positions[i] = model.positions[i];
            for (std::uint32_t k = incidence.offsets[i]; k < incidence.offsets[i + 1]; ++k)
                mark(incidence.elements[k]);
        }

    const auto measureTriangles = [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            const std::uint32_t t = m_remeasured[j];
            model.measureTriangle(t, m_elements.triangleTensionPa[t],
                                  m_elements.triangleEnergyJ[t]);
        }
    };
    m_corners.clear();
    for (std::uint32_t t : m_remeasured)
        for (std::uint32_t corner : model.triangles[t].v)
            if (m_particleMark[corner] != m_update) {
                m_particleMark[corner] = m_update;
                m_corners.push_back(corner);
            }
    const auto measureCorners = [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j)
            m_tensionKPa[m_corners[j]] =
                web.tensionKPaAt(m_corners[j], m_elements.triangleTensionPa);
    };
    if (workers) {
        workers->run(m_remeasured.size(), measureTriangles);
        workers->run(m_corners.size(), measureCorners);
    } else {
        measureTriangles(0, m_remeasured.size());
        measureCorners(0, m_corners.size());
    }
    m_elements.linkEnergyJ = model.measureLinks(m_elements.linkTensionN, workers);
    m_elements.energyJ =
        m_elements.linkEnergyJ + Model::sumEnergies(m_elements.triangleEnergyJ, workers);
}

std::size_t WebMeasure::memoryBytes() const {
    const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    return bytes(m_elements.linkTensionN) + bytes(m_elements.triangleTensionPa) +
           bytes(m_elements.triangleEnergyJ) + bytes(m_positions) + bytes(m_tensionKPa) +
           bytes(m_triangleMark) + bytes(m_particleMark) + bytes(m_remeasured) + bytes(m_corners);
}

} // namespace sim
