// sim: what each frame measures on the web (each triangle's tension and stored energy, each
// particle's tension), kept from frame to frame and worked out again only where the web
// changed. A thumb held on the body moves a few thousand of its particles; measuring every
// triangle of the web each frame took about a third of the frame's simulation. What is kept is
// the same to the bit as measuring everything afresh (tested).
#pragma once

#include "core/WorkerPool.h"
#include "sim/Model.h"
#include "sim/Web.h"

#include <glm/vec3.hpp>

#include <cstdint>
#include <vector>

namespace sim {

class WebMeasure {
public:
    // Everything measured afresh.
    void measureAll(const FasciaWeb& web, core::WorkerPool* workers);
    // Measured again: the triangles in `changed` (whose rest shape, law or viscous branch
    // changed since the last measure) and every triangle with a corner that moved, found by
    // comparing the positions with those last measured; then the tension of their corners.
    // The links are few (the body's web has none) and are measured afresh.
    void update(const FasciaWeb& web, const std::vector<std::uint32_t>& changed,
                core::WorkerPool* workers);

    const std::vector<float>& tensionKPa() const { return m_tensionKPa; } // per particle
    const std::vector<float>& triangleTensionPa() const { return m_elements.triangleTensionPa; }
    double elementEnergyJ() const { return m_elements.energyJ; } // links and triangles
    // How many triangles the last update measured again.
    std::size_t lastRemeasured() const { return m_remeasured.size(); }
    std::size_t memoryBytes() const;

private:
    // Marks triangle t to be measured in this update, once.
    void mark(std::uint32_t t);

    Model::ElementMeasure m_elements;
    std::vector<glm::vec3> m_positions; // as last measured
    std::vector<float> m_tensionKPa;
    // Per triangle and per particle: the update that last listed it (so that nothing needs
    // clearing between updates).
    std::vector<std::uint32_t> m_triangleMark, m_particleMark;
    std::uint32_t m_update = 0;
    std::vector<std::uint32_t> m_remeasured, m_corners; // this update's
};

} // namespace sim
