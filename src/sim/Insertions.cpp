#include "sim/Insertions.h"

#include "anatomy/Proximity.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cctype>

namespace sim {
namespace {

bool sameWords(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// `v` laid into the plane with normal `n`, unit length; zero when it stands along the normal.
glm::vec3 inPlane(const glm::vec3& v, const glm::vec3& n) {
    const glm::vec3 t = v - glm::dot(v, n) * n;
    const float length = glm::length(t);
    return length > 1e-6f ? t / length : glm::vec3(0.0f);
}

} // namespace

std::string MuscleInsertion::key() const {
    return muscle + "/" + std::string(anatomy::sideId(side));
}

std::vector<MuscleInsertion> findInsertions(const anatomy::Body& body, const ParticleSites& sites,
                                            const InsertionParameters& parameters) {
    // Each muscle once, with every region it inserts into.
    std::vector<std::pair<std::string, std::vector<std::string>>> muscles;
    for (const Insertion& insertion : parameters.insertions) {
        auto it = std::find_if(muscles.begin(), muscles.end(),
                               [&](const auto& m) { return m.first == insertion.muscle; });
        if (it == muscles.end())
            it = muscles.insert(muscles.end(), {insertion.muscle, {}});
        it->second.push_back(insertion.fascia);
    }
    std::vector<MuscleInsertion> found;
    const float reach = parameters.reachMm * 1e-3f;
    for (const auto& [muscle, fasciae] : muscles)
        for (anatomy::Side side : {anatomy::Side::Left, anatomy::Side::Right}) {
            // The muscle's surface (every part of it on this side) and its fibres.
            std::vector<glm::vec3> points, fibres;
            for (const anatomy::Structure& s : body.structures()) {
                if (s.layer != anatomy::LayerKind::Muscle || s.side != side ||
                    (s.info.muscle != muscle && s.name != muscle))
                    continue;
                const bool hasFibres = s.mesh.fibres.size() == s.mesh.positions.size();
                points.insert(points.end(), s.mesh.positions.begin(), s.mesh.positions.end());
                for (size_t v = 0; v < s.mesh.positions.size(); ++v)
                    fibres.push_back(hasFibres ? s.mesh.fibres[v] : glm::vec3(0.0f));
            }
            if (points.empty())
                continue;
            glm::dvec3 sum(0.0);
            for (const glm::vec3& p : points)
                sum += glm::dvec3(p);
            const glm::vec3 belly = glm::vec3(sum / static_cast<double>(points.size()));
            const anatomy::PointGrid grid(points, std::max(reach, 0.005f));
            // An insertion ends at the midline: the other side's fascia is the other muscle's.
            const float sideSign = belly.x >= 0.0f ? 1.0f : -1.0f;

            MuscleInsertion out;
            out.muscle = muscle;
            out.side = side;
            out.fasciae = fasciae;
            double area = 0.0;
            for (size_t i = 0; i < sites.homes.size(); ++i) {
                if (std::none_of(fasciae.begin(), fasciae.end(), [&](const std::string& f) {
                        return sameWords(sites.regions[i], f);
                    }))
                    continue;
                if (sites.homes[i].x * sideSign <= 0.0f)
                    continue;
                const std::int64_t near = grid.nearest(sites.homes[i], reach);
                if (near < 0)
                    continue;
                const glm::vec3& n = sites.normals[i];
                const glm::vec3 towardsBelly = inPlane(belly - sites.homes[i], n);
                // Along the fibres where the muscle has them, pointing into the muscle.
                glm::vec3 line = inPlane(fibres[static_cast<size_t>(near)], n);
                if (glm::dot(line, towardsBelly) < 0.0f)
                    line = -line;
                if (glm::length(line) == 0.0f)
                    line = towardsBelly;
                if (glm::length(line) == 0.0f)
                    continue;
                out.particles.push_back(static_cast<std::uint32_t>(i));
                out.shares.push_back(sites.areas[i]);
                out.directions.push_back(line);
                area += static_cast<double>(sites.areas[i]);
            }
            if (out.particles.empty() || !(area > 0.0))
                continue;
            for (float& share : out.shares)
                share = static_cast<float>(static_cast<double>(share) / area);
            found.push_back(std::move(out));
        }
    return found;
}

ParticleForces pullForces(const MuscleInsertion& insertion, float forceN) {
    ParticleForces forces;
    forces.reserve(insertion.particles.size());
    for (size_t k = 0; k < insertion.particles.size(); ++k)
        forces.emplace_back(insertion.particles[k],
                            forceN * insertion.shares[k] * insertion.directions[k]);
    return forces;
}

} // namespace sim
