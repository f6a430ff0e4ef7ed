// anatomy/atlas: the shape of each modelled muscle — its attachments measured on the atlas's
// bones, its sample grid and what it lies on and under — for ModelledMuscles.cpp to drape.
#pragma once

#include "anatomy/atlas/MuscleDraping.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace anatomy::atlas {

class MuscleContext {
public:
    MuscleContext(const Body& body, const DrapeScene& scene) : m_body(body), m_scene(scene) {}
    const DrapeScene& scene() const { return m_scene; }
    // A structure's mesh by name and side (Right, or Midline for the spine, skull and sternum);
    // nullptr, noted as missing, when the body lacks it.
    const SurfaceMesh* find(const std::string& name, Side side) const;
    // Scene structures the predicate accepts, by scene index.
    std::vector<char> select(const std::function<bool(const Structure&)>& accept) const;
    std::vector<std::string>& missing() const { return m_missing; }

private:
    const Body& m_body;
    const DrapeScene& m_scene;
    mutable std::vector<std::string> m_missing;
};

struct MuscleShape {
    std::string id;   // the muscle's, in the catalogue
    std::string part; // which of its parts this is (the structure's name); empty: its first
    DrapeGrid grid;
    DrapeRules rules;
    std::vector<std::string> originBones, insertionBones;
    // The share of each end (by u) that lies on those bones (the rest is ligament or fascia).
    float originFrom = 0.0f, originTo = 1.0f, insertionFrom = 0.0f, insertionTo = 1.0f;
};

// Each returns nullopt, with the context's missing list filled, when a bone is missing.
std::optional<MuscleShape> latissimusDorsi(const MuscleContext& c);
std::optional<MuscleShape> quadratusLumborum(const MuscleContext& c);
std::optional<MuscleShape> multifidus(const MuscleContext& c);
std::optional<MuscleShape> rectusAbdominis(const MuscleContext& c);
std::optional<MuscleShape> internalOblique(const MuscleContext& c);
std::optional<MuscleShape> transversusAbdominis(const MuscleContext& c);
std::optional<MuscleShape> temporalis(const MuscleContext& c);
std::optional<MuscleShape> masseter(const MuscleContext& c);
std::optional<MuscleShape> pterygoidMedial(const MuscleContext& c);
std::optional<MuscleShape> pterygoidLateral(const MuscleContext& c);
std::optional<MuscleShape> occipitofrontalisFrontal(const MuscleContext& c);
std::optional<MuscleShape> occipitofrontalisOccipital(const MuscleContext& c);

} // namespace anatomy::atlas
