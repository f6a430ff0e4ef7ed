// anatomy/atlas: draping a modelled muscle over the atlas body. A muscle is a grid of samples
// (u across, v from origin to insertion), each with a guide point and the direction that points
// into the body there; each sample is moved along that direction until the muscle rests on what
// lies beneath (or hangs under what lies over it), with its thickness, and the grid is closed
// into a "pillow" (top and bottom sheets joined at the rim). Where it still enters another
// structure afterwards, its thickness is cut back from that side along its own lines (it is
// thinned, never pushed through to the far side of something).
#pragma once

#include "anatomy/Body.h"
#include "anatomy/Bvh.h"
#include "anatomy/Proximity.h"

#include <functional>
#include <memory>
#include <vector>

namespace anatomy::atlas {

// The structures a modelled muscle must fit among: the atlas body's bones and muscles, and the
// modelled muscles made so far, each with a ray-casting hierarchy.
class DrapeScene {
public:
    explicit DrapeScene(const Body& atlas);
    // A finished muscle (both sides) becomes something later muscles lie on or under; it
    // returns the structure's scene index.
    size_t addModelled(const Structure& structure);
    // A modelled structure changed shape (by its scene index).
    void replaceModelled(size_t index, const Structure& structure);

    // One structure of either body: index < atlasCount() is the atlas's, above the modelled ones.
    size_t count() const { return m_atlasCount + m_modelled.structures().size(); }
    size_t atlasCount() const { return m_atlasCount; }
    const Structure& structure(size_t i) const;
    bool closed(size_t i) const { return m_closed[i] != 0; }

    struct Hit {
        float t = 0.0f;
        size_t structure = 0;
    };
    // Nearest hit along the ray in (minT, maxT) with a structure that `accept[i]` allows.
    std::optional<Hit> firstHit(const glm::vec3& origin, const glm::vec3& direction, float minT,
                                float maxT, const std::vector<char>& accept) const;
    // Where the ray leaves `structure` after entering it at `enterT` (the next hit with it).
    std::optional<float> exitOf(const glm::vec3& origin, const glm::vec3& direction, float enterT,
                                size_t structure, float maxT) const;

    // Moves points of `mesh` that lie inside a closed structure `obstacle[i]` allows just outside
    // its surface, by the nearest way (the `outward` direction per vertex decides which ray
    // counts the crossings). Returns how many points moved.
    size_t pushOut(SurfaceMesh& mesh, const std::vector<glm::vec3>& outward,
                   const std::vector<char>& obstacle, float clearanceM) const;
    // The stretches of the line origin + t * direction (unit), from <= t <= to, that lie inside
    // a closed structure `obstacle[i]` allows, in order and merged.
    struct Span {
        float from = 0.0f, to = 0.0f;
    };
    std::vector<Span> blockedAlong(const glm::vec3& origin, const glm::vec3& direction, float from,
                                   float to, const std::vector<char>& obstacle) const;
    // The nearest surface point of the structures `accept` allows, within `maxM`.
    std::optional<SurfaceSample> nearest(const glm::vec3& p, const std::vector<char>& accept,
                                         float maxM) const;

private:
    const Body& m_atlas;
    size_t m_atlasCount = 0;
    BodyBvh m_atlasBvh;
    Body m_modelled;
    std::unique_ptr<BodyBvh> m_modelledBvh;
    std::vector<char> m_closed;
    std::vector<core::Aabb> m_boxes;
    void rebuildModelled();
};

enum class DrapeMode {
    Rest, // bottom sheet on the first surface of `floor` met from outside
    Hang, // top sheet under the inner surface of the first `ceiling` structure met from outside
    Free  // where the guide is, thickness about it
};

struct DrapeGrid {
    int nu = 0, nv = 0;
    std::vector<glm::vec3> guide;  // nu * nv, index j * nu + i
    std::vector<glm::vec3> inward; // unit, into the body
    std::vector<float> thickness;  // metres; zero on the rim
    std::vector<float> drape;      // 1: draped; 0: the guide; between: blended
    size_t at(int i, int j) const {
        return static_cast<size_t>(j) * static_cast<size_t>(nu) + static_cast<size_t>(i);
    }
    void resize(int u, int v);
};

struct DrapeRules {
    DrapeMode mode = DrapeMode::Rest;
    float reachM = 0.05f;                        // rays start this far outside the guide
    float diveM = 0.04f;                         // and look this far beyond it
    float gapM = 0.0004f;                        // left between the muscle and its neighbours
    std::vector<char> floor, ceiling, obstacles; // by DrapeScene index
    // A structure met first that the muscle passes under rather than over (the zygomatic arch
    // over the temporalis): the ray goes on through it, and it caps the muscle's thickness.
    std::function<bool(size_t structure, const glm::vec3& hit)> passThrough;
    // The bones each end attaches to: the end's rim is moved onto the nearest of them (when
    // within `snapM`), so the muscle ends on its bone whatever it was draped over.
    std::vector<char> originBones, insertionBones;
    float snapM = 0.02f;
    int smoothPasses = 6;
    float minThicknessM = 0.0005f;
};

// Which vertices of a pillow each grid sample owns: its top and bottom (one vertex on the rim),
// and the direction into the body there.
struct PillowLayout {
    int nu = 0, nv = 0;
    std::vector<std::uint32_t> top, bottom; // by sample, index j * nu + i
    std::vector<glm::vec3> inward;
    bool rim(size_t sample) const { return top[sample] == bottom[sample]; }
    // The rim's vertices at v = 0 (the origin) or v = 1 (the insertion), by u.
    std::vector<glm::vec3> end(const SurfaceMesh& mesh, bool insertion) const;
};
PillowLayout pillowLayout(int nu, int nv, const std::vector<glm::vec3>& inward);

struct DrapeResult {
    SurfaceMesh mesh; // closed, outward, with normals and fibres
    PillowLayout layout;
    std::vector<glm::vec3> originEnd;    // the rim at v = 0
    std::vector<glm::vec3> insertionEnd; // the rim at v = 1
    size_t settled = 0;                  // vertices moved out of other structures
};

DrapeResult drapeMuscle(const DrapeScene& scene, const DrapeGrid& grid, const DrapeRules& rules);

// Which end of its span a settled sheet keeps where that end is free: the bottom of one that
// rests on what lies beneath, the top of one that hangs under what lies over it.
enum class SettleAnchor { None, Top, Bottom };
SettleAnchor settleAnchor(DrapeMode mode);

// Keeps a pillow out of the closed structures `obstacle` allows (by scene index), along its own
// thickness. Each grid sample's span from top to bottom, and each triangle's (the span between
// its top and bottom centres, the points where a sheet is thinnest between samples), is cut back
// to the free stretch of its line it overlaps most, `clearanceM` short of what lies beyond:
// the sheet is thinned from whichever side another structure enters it, or, where no free
// stretch overlaps it (a thin end inside another), moved to the nearest free stretch; where
// its `anchor` end is free, the stretch holding that end is kept, so the sheet thins towards
// the side it lies against. Repeated
// until nothing is inside or `rounds` pass; normals and fibres are refreshed. Returns how many
// vertices moved.
size_t settlePillow(const DrapeScene& scene, SurfaceMesh& mesh, const PillowLayout& layout,
                    const std::vector<char>& obstacle, float clearanceM,
                    SettleAnchor anchor = SettleAnchor::None, int rounds = 8);

// The pillow from top and bottom sheets (rim shared: the rim's samples are taken from `bottom`),
// wound so the top faces away from `inward`; fibres along v.
SurfaceMesh pillowMesh(int nu, int nv, const std::vector<glm::vec3>& top,
                       const std::vector<glm::vec3>& bottom, const std::vector<glm::vec3>& inward);

// Normals again, and fibres made tangent to them and of unit length (after vertices moved).
void refreshNormalsAndFibres(SurfaceMesh& mesh);

// Signed volume of a closed surface (positive when its triangles face outwards).
double signedVolume(const SurfaceMesh& mesh);

} // namespace anatomy::atlas
