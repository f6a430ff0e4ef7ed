// sim: the fascial web as particles joined by stretch links or membrane triangles (XPBD
// constraints), built from a fascia surface of the body. Plain data: the solver moves it, the app
// reads tensions off it.
#pragma once

#include "anatomy/Body.h"
#include "core/WorkerPool.h"
#include "sim/Membrane.h"
#include "sim/Parameters.h"

#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace sim {

// A stretch element between two particles: a standard linear solid. The elastic branch pulls
// towards `restLength` with `elasticStiffness`; the Maxwell branch towards `maxwellLength`
// with `maxwellStiffness`, and that length itself creeps towards the current length with
// `relaxationTimeS` (the dashpot).
struct Link {
    std::uint32_t a = 0, b = 0;
    float restLength = 0.0f;
    float maxwellLength = 0.0f;
    float elasticStiffness = 0.0f; // N/m
    float maxwellStiffness = 0.0f; // N/m; 0: no Maxwell branch
    float relaxationTimeS = 1.0f;
    float crossSectionM2 = 0.0f; // thickness x strip width, to turn force into stress
};

// What holds a particle of the sheet from underneath: the tissue below resists moving along
// `normal` (a spring to `home`), the loose gliding layer resists sliding along the surface
// (a soft spring to `home` and a viscous drag).
struct Support {
    glm::vec3 home{0.0f}; // where the tissue beneath holds the particle (it moves in a stretch)
    glm::vec3 normal{0.0f, 0.0f, 1.0f};
    float normalStiffness = 0.0f;  // N/m
    float slidingStiffness = 0.0f; // N/m
    float slidingDrag = 0.0f;      // N s/m
    // A hand holding the sheet (pin and stretch): a spring along the surface to where the
    // hand holds it. Only the equilibrium solve around the tool reads it, where every
    // particle a tool touches is solved.
    glm::vec3 pinHome{0.0f};
    float pinStiffness = 0.0f; // N/m
};

// One particle's part in a bend: its weight in the bend's sum.
struct BendTerm {
    std::uint32_t particle = 0;
    float weight = 0.0f; // m^0: cotangent weights
};

// Bending at an interior vertex of a sheet (the vertex-based quadratic bending energy of
// Wardetzky et al. 2007, taken about the rest shape): E = 1/2 stiffness |c|^2 with
// c = sum_k weights_k u_k over the vertex and its ring of neighbours, u each particle's
// displacement from its rest position. c is the cotangent Laplacian of the displacement times
// the vertex's area A, and stiffness is D / A, so E sums the plate's D/2 (Laplacian u)^2 over
// the vertex's area: D/2 kappa^2 per area for a cylindrical bend of curvature kappa, whichever
// way the triangles run. The weights sum to zero, so moving the vertex and its ring together
// costs nothing. It keeps the sheet from crumpling at the scale of its triangles, which a
// membrane of links alone does for free. Since the weights are fixed, c is kept as
// sum_k weights_k x_k minus that sum at rest: one rest value per bend, not a rest position per
// term, which halves what a pass over the bends reads.
struct Bend {
    std::uint32_t firstTerm = 0, termCount = 0; // into Model::bendTerms
    float stiffness = 0.0f;                     // N/m: D over the vertex's area
    // sum_k weights_k x_k at rest (m), in double: c is the small difference of it and the
    // same sum now, and comes out exactly zero at rest.
    glm::dvec3 restSum{0.0};
};

struct Model {
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> velocities;
    std::vector<float> inverseMasses; // 0: pinned (an anchor, or a particle held by a test)
    std::vector<Link> links;
    // Links sorted by colour: no two links of one colour share a particle, so a colour's
    // links can be solved in any order (or in parallel) with the same result.
    std::vector<std::uint32_t> colourStarts; // colour c: links [colourStarts[c], colourStarts[c+1])
    // The membrane's constant-strain triangles (Membrane.h), sorted by colour as the links are.
    std::vector<Triangle> triangles;
    std::vector<std::uint32_t> triangleColourStarts;
    // Empty, or one per particle.
    std::vector<Support> supports;
    // Bending (the equilibrium solve; the dynamic solver leaves it out, see Solver.h).
    std::vector<Bend> bends;
    std::vector<BendTerm> bendTerms;
    std::span<const BendTerm> terms(const Bend& bend) const {
        return {bendTerms.data() + bend.firstTerm, bend.termCount};
    }

    size_t particleCount() const { return positions.size(); }
    void addParticle(const glm::vec3& position, float massKg); // massKg <= 0: pinned
    // An SLS link at its rest length now. stiffness in N/m; maxwellRatio 0: purely elastic.
    void addLink(std::uint32_t a, std::uint32_t b, float stiffnessNPerM, float maxwellRatio,
                 float relaxationTimeS, float crossSectionM2 = 1.0f);
    float length(const Link& link) const {
        return glm::distance(positions[link.a], positions[link.b]);
    }
    // Tension carried by a link (N, positive when stretched): both branches.
    float tension(const Link& link) const;
    // A triangle's deformation now (Membrane.h).
    TriangleStrain strain(const Triangle& triangle) const {
        return triangleStrain(triangle, glm::dvec3(positions[triangle.v[0]]),
                              glm::dvec3(positions[triangle.v[1]]),
                              glm::dvec3(positions[triangle.v[2]]));
    }

    // Every element's tension and the energy they store, in one pass over the links and one
    // over the triangles: what a frame's measurement needs, without working out each strain
    // twice.
    struct ElementMeasure {
        std::vector<float> linkTensionN;      // per link, as tension()
        std::vector<float> triangleTensionPa; // per triangle: its largest principal stress
        std::vector<double> triangleEnergyJ;  // per triangle: stored in both branches
        double linkEnergyJ = 0.0;             // stored in both branches of every link
        double energyJ = 0.0;                 // links and triangles
    };
    ElementMeasure measureElements(core::WorkerPool* workers = nullptr) const;
    // Triangle t's share of measureElements: its tension and energy.
    void measureTriangle(std::size_t t, float& tensionPa, double& energyJ) const;
    // The links' share: their tensions into `tensionN` and the energy they store.
    double measureLinks(std::vector<float>& tensionN, core::WorkerPool* workers = nullptr) const;
    // The sum of per-element energies as measureElements adds them up (in fixed blocks).
    static double sumEnergies(const std::vector<double>& energiesJ,
                              core::WorkerPool* workers = nullptr);
    // Elastic energy stored in the links, triangles, bends and supports (J), the links' and
    // triangles' share taken from `elements` (this model's measureElements) when given. Summed
    // in fixed blocks, so the result is the same to the bit whether `workers` share the work or
    // not.
    double strainEnergy(core::WorkerPool* workers = nullptr) const;
    double strainEnergy(const ElementMeasure& elements, core::WorkerPool* workers = nullptr) const {
        return strainEnergy(elements.energyJ, workers);
    }
    // The same, given what the links and triangles store (J).
    double strainEnergy(double elementEnergyJ, core::WorkerPool* workers = nullptr) const;
    double kineticEnergy() const;
};

// sum_k weights_k x_k over the bend's particles now (m).
glm::dvec3 bendSum(const Model& model, const Bend& bend);
// sum_k weights_k u_k (m), and the bend's energy (J).
glm::dvec3 bendCurvature(const Model& model, const Bend& bend);
double bendEnergy(const Model& model, const Bend& bend);

// Sorts the links into colours (greedy, in a fixed order, so the result is deterministic)
// and fills colourStarts. Call after adding links.
void colourLinks(Model& model);
// The same for the triangles (triangleColourStarts): no two triangles of a colour share a
// particle.
void colourTriangles(Model& model);

// What a membrane is made of: a link per edge (a spring network, whose moduli depend on how
// the edges lie to the fibres), or a constant-strain triangle per face (the tissue's moduli
// and Poisson ratio at any angle, Membrane.h).
enum class MembraneElements { Links, Triangles };

// A membrane model of one fascia surface: a particle per vertex (mass from density x thickness
// x a third of the adjacent triangles' area), a link per edge and a bend per interior vertex
// (rigidity D = E h^3 / 12, E the geometric mean of the moduli along and across). An edge's
// stiffness is E(theta) h A / L^2, A the area of its triangles, which for an equilateral mesh gives
// the sheet the membrane modulus E h; E(theta) blends the moduli along and across the fibres by the
// edge's angle to the mesh's fibre direction. Appends to `model` when it is not empty (several
// surfaces in one model); particle i of the mesh is particle first + i.
// With triangles, each face is one (its fibres the mean of its corners'), and bends as above.
void addMembrane(Model& model, const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue,
                 MembraneElements elements = MembraneElements::Links);
Model buildMembrane(const anatomy::SurfaceMesh& mesh, const TissueParameters& tissue,
                    MembraneElements elements = MembraneElements::Links);

// A surface mesh fit for the solver, and where each vertex of the original went.
struct WeldedMesh {
    anatomy::SurfaceMesh mesh;
    std::vector<std::uint32_t> vertexOf; // per original vertex: its vertex in `mesh`
};

// Welds the two ends of every edge shorter than `ratio` x the mean length of the other edges at
// its ends (an edge far shorter than its neighbours, as meshing leaves at seams and slivers),
// and drops the triangles that collapse. Such an edge would be a link thousands of times
// stiffer than its neighbours (stiffness grows as 1/length^2), which the solver cannot satisfy
// in a pass, and its stretch would read as megapascals of tension. A welded vertex sits at the
// mean of those it replaces; normals and fibres are averaged.
WeldedMesh weldShortEdges(const anatomy::SurfaceMesh& mesh, float ratio = 0.15f);

// Cosine between a link's unit direction and the fibres at its two ends (lines, not arrows:
// the second is turned to agree with the first before they are averaged); 0 without fibres.
float fibreCosine(const glm::vec3& fibreA, const glm::vec3& fibreB, const glm::vec3& direction);

// Stiffness (N/m) of a link of `length` spanning triangles of total `area` in a sheet of
// `thicknessM` at `cosine` to the fibres.
float membraneLinkStiffness(const TissueParameters& tissue, float cosine, float thicknessM,
                            float area, float length);

} // namespace sim
