#include "anatomy/atlas/FasciaRegions.h"

#include "anatomy/atlas/MeshPreparation.h"
#include "anatomy/atlas/SurfaceProximity.h"
#include "core/Parallel.h"

#include <map>

namespace anatomy::atlas {
namespace {

enum class Collagen { MuscleBeneath, AlongLimb, AroundTrunk, DownMedial, AlongFoot };

struct Region {
    const char* name;
    Collagen collagen;
};

// The first is the investing fascia wherever no named region applies.
constexpr Region kRegions[] = {
    {"Investing fascia", Collagen::MuscleBeneath},
    {"Thoracolumbar fascia", Collagen::DownMedial},
    {"Gluteal fascia", Collagen::MuscleBeneath},
    {"Fascia lata", Collagen::AlongLimb},
    {"Iliotibial tract", Collagen::AlongLimb},
    {"Crural fascia", Collagen::AlongLimb},
    {"Brachial fascia", Collagen::AlongLimb},
    {"Antebrachial fascia", Collagen::AlongLimb},
    {"Deltoid fascia", Collagen::MuscleBeneath},
    {"Pectoral fascia", Collagen::MuscleBeneath},
    {"Deep cervical fascia (investing layer)", Collagen::AlongLimb},
    {"Rectus sheath", Collagen::AroundTrunk},
    {"Plantar aponeurosis", Collagen::AlongFoot},
    {"Palmar aponeurosis", Collagen::AlongLimb},
};
enum RegionIndex : std::uint16_t {
    kInvesting,
    kThoracolumbar,
    kGluteal,
    kFasciaLata,
    kIliotibial,
    kCrural,
    kBrachial,
    kAntebrachial,
    kDeltoid,
    kPectoral,
    kCervical,
    kRectusSheath,
    kPlantar,
    kPalmar
};

// The region of the deep fascia over a structure beneath it, from what the structure is.
std::uint16_t regionOver(const Structure& beneath) {
    const std::string& muscle = beneath.info.muscle;
    const std::string& region = beneath.info.region;
    if (beneath.name == "iliotibial-tract")
        return kIliotibial;
    if (beneath.name == "linea-alba" || muscle == "rectus-abdominis")
        return kRectusSheath;
    if (muscle == "gluteus-maximus" || muscle == "gluteus-medius")
        return kGluteal;
    if (muscle == "deltoid")
        return kDeltoid;
    if (muscle == "pectoralis-major")
        return kPectoral;
    if (region == "thigh")
        return kFasciaLata;
    if (region == "leg")
        return kCrural;
    if (region == "arm")
        return kBrachial;
    if (region == "forearm")
        return kAntebrachial;
    if (region == "neck")
        return kCervical;
    return kInvesting;
}

float topOf(const Body& body, const char* name) {
    const int i = body.findStructure(name);
    return i < 0 ? 0.0f : body.structures()[static_cast<size_t>(i)].mesh.bounds().max.y;
}

} // namespace

void labelDeepFasciaRegions(const Body& body, Structure& deep) {
    // What lies beneath: the muscles, tendons and the atlas's own aponeuroses.
    std::vector<const SurfaceMesh*> beneath;
    std::map<const SurfaceMesh*, const Structure*> structureOf;
    for (const Structure& s : body.structures())
        if ((s.layer == LayerKind::Muscle || s.layer == LayerKind::DeepFascia) && &s != &deep) {
            beneath.push_back(&s.mesh);
            structureOf[&s.mesh] = &s;
        }
    const TriangleGrid grid(beneath, 0.01f);
    // The rectus sheath lies over the rectus abdominis, under the external oblique's
    // aponeurosis, so the muscle nearest the sheet there is not the one that names it.
    std::vector<const SurfaceMesh*> rectus;
    for (const Structure& s : body.structures())
        if (s.info.muscle == "rectus-abdominis" || s.name == "linea-alba")
            rectus.push_back(&s.mesh);
    const TriangleGrid rectusGrid(rectus, 0.01f);
    // The thoracolumbar fascia spans the lower back, from the twelfth thoracic vertebra to the
    // iliac crests, measured on the atlas's own bones.
    const float crest = topOf(body, "hip-bone");
    const float t12 = topOf(body, "twelfth-thoracic-vertebra");
    const bool landmarks = crest > 0.0f && t12 > crest; // without them, no thoracolumbar region
    const core::Aabb box = deep.mesh.bounds();
    const float stature = box.size().y;

    SurfaceMesh& m = deep.mesh;
    deep.regionNames.clear();
    for (const Region& r : kRegions)
        deep.regionNames.emplace_back(r.name);
    deep.vertexRegions.assign(m.positions.size(), kInvesting);
    m.deepLaminaFibres.assign(m.positions.size(), glm::vec3(0.0f));
    core::parallelFor(m.positions.size(), [&](size_t v) {
        const glm::vec3 p = m.positions[v];
        const glm::vec3 n = m.normals[v];
        std::uint16_t region = kInvesting;
        const auto hit = grid.nearest(p, 0.03f);
        if (hit)
            region = regionOver(*structureOf.at(hit->mesh));
        const bool back = n.z < -0.3f;
        if (landmarks && back && p.y < t12 && p.y > crest - 0.02f &&
            std::abs(p.x) < 0.075f * stature)
            region = kThoracolumbar;
        else if (n.z > 0.3f && !rectus.empty() && rectusGrid.nearest(p, 0.03f))
            region = kRectusSheath;
        else if (p.y < 0.035f * stature && n.y < -0.6f)
            region = kPlantar; // the sole
        else if (hit && structureOf.at(hit->mesh)->info.region == "hand" && n.z > 0.5f)
            region = kPalmar; // palms face forwards in the anatomical position
        deep.vertexRegions[v] = region;

        const float medial = p.x >= 0.0f ? -1.0f : 1.0f;
        switch (kRegions[region].collagen) {
        case Collagen::MuscleBeneath:
            break;
        case Collagen::AlongLimb:
            m.fibres[v] = tangentDirection(glm::vec3(0, 1, 0), n, m.fibres[v]);
            break;
        case Collagen::AroundTrunk:
            m.fibres[v] = tangentDirection(glm::cross(n, glm::vec3(0, 1, 0)), n, m.fibres[v]);
            break;
        // The posterior layer's superficial lamina, from the latissimus, runs down and in; its
        // deep lamina, from the serratus posterior inferior and the spines, up and in, crossing
        // it at about 60 degrees, so the two read as a lattice.
        case Collagen::DownMedial:
            m.fibres[v] = tangentDirection(glm::vec3(medial * 0.87f, -0.5f, 0.0f), n, m.fibres[v]);
            m.deepLaminaFibres[v] =
                tangentDirection(glm::vec3(medial * 0.87f, 0.5f, 0.0f), n, glm::vec3(0, 1, 0));
            break;
        case Collagen::AlongFoot:
            m.fibres[v] = tangentDirection(glm::vec3(0, 0, 1), n, m.fibres[v]);
            break;
        }
    });
}

} // namespace anatomy::atlas
