// The fascia layers derived over the atlas body: the deep fascia one closed, connected surface;
// bone and muscle inside it, it inside the superficial fascia, that inside the skin.
#include "anatomy/atlas/AtlasFascia.h"
#include "AtlasFixture.h"
#include "TestSupport.h"
#include "anatomy/atlas/SurfaceProximity.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "core/TaskProgress.h"

#include <catch2/catch.hpp>

#include <map>
#include <numeric>

namespace {

const anatomy::Structure& only(const anatomy::Body& body, anatomy::LayerKind layer,
                               const char* name) {
    const int i = body.findStructure(name);
    REQUIRE(i >= 0);
    const anatomy::Structure& s = body.structures()[static_cast<size_t>(i)];
    REQUIRE(s.layer == layer);
    return s;
}

// Edges used by one triangle only, and the number of connected pieces.
std::pair<size_t, size_t> openEdgesAndPieces(const anatomy::SurfaceMesh& m) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> edges;
    std::vector<std::uint32_t> parent(m.positions.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto root = [&](std::uint32_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    for (size_t t = 0; t + 2 < m.indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = m.indices[t + static_cast<size_t>(k)];
            const std::uint32_t b = m.indices[t + static_cast<size_t>((k + 1) % 3)];
            edges[{std::min(a, b), std::max(a, b)}]++;
            parent[root(a)] = root(b);
        }
    size_t open = 0;
    for (const auto& [edge, uses] : edges)
        open += uses == 1;
    size_t pieces = 0;
    for (std::uint32_t i = 0; i < parent.size(); ++i)
        pieces += root(i) == i;
    return {open, pieces};
}

} // namespace

TEST_CASE("The atlas's deep fascia is one closed, connected surface with collagen directions",
          "[atlas][fascia]") {
    const auto& body = test::atlasBody().body;
    const auto& deep = only(body, anatomy::LayerKind::DeepFascia, "deep-fascia");
    const auto [open, pieces] = openEdgesAndPieces(deep.mesh);
    INFO(deep.mesh.triangleCount()
         << " triangles, " << open << " open edges, " << pieces << " pieces");
    CHECK(open == 0);
    CHECK(pieces == 1);
    CHECK(test::signedVolume(deep.mesh) > 0.03); // it encloses the body (~0.07 m³)
    REQUIRE(deep.mesh.fibres.size() == deep.mesh.positions.size());
    for (size_t v = 0; v < deep.mesh.fibres.size(); v += 11) {
        REQUIRE(glm::length(deep.mesh.fibres[v]) == Approx(1.0f).margin(1e-3));
        REQUIRE(std::abs(glm::dot(deep.mesh.fibres[v], deep.mesh.normals[v])) < 0.05f);
    }
    const auto& superficial =
        only(body, anatomy::LayerKind::SuperficialFascia, "superficial-fascia");
    const auto [supOpen, supPieces] = openEdgesAndPieces(superficial.mesh);
    CHECK(supOpen == 0);
    CHECK(supPieces == 1);
}

TEST_CASE("Bone and muscle lie inside the deep fascia, inside the superficial fascia, inside "
          "the skin",
          "[atlas][fascia]") {
    const auto& body = test::atlasBody().body;
    const auto& deep = only(body, anatomy::LayerKind::DeepFascia, "deep-fascia");
    const auto& superficial =
        only(body, anatomy::LayerKind::SuperficialFascia, "superficial-fascia");
    const auto& skin = only(body, anatomy::LayerKind::Skin, "skin");
    // Inside a fascia layer: its winding number. The skin is a thin solid (its winding number
    // is 0 in the body it encloses), so inside it means enclosed by it.
    const test::WindingNumber deepGrid(deep.mesh), superficialGrid(superficial.mesh);
    auto insideOf = [](const test::WindingNumber& surface, const glm::vec3& p) {
        return surface.inside(p);
    };
    const test::InsideTest insideSkin(skin.mesh);

    // Where the atlas brings muscle or bone within 2 mm of its own skin (or through it) there is
    // no room for two fascia layers beside it: those samples are listed, not counted.
    const anatomy::TriangleGrid skinSurface({&skin.mesh}, 0.01f);
    const float roomNeeded = 0.002f;
    size_t tissueSamples = 0, tissueInside = 0, tooShallow = 0, tooShallowInside = 0;
    std::map<std::string, size_t> outsideByStructure, shallowByStructure;
    for (const auto& s : body.structures()) {
        if (s.layer != anatomy::LayerKind::Muscle && s.layer != anatomy::LayerKind::Bone)
            continue;
        for (size_t v = 0; v < s.mesh.positions.size(); v += 7) {
            const glm::vec3 p = s.mesh.positions[v];
            const auto toSkin = skinSurface.nearest(p, roomNeeded);
            const bool inside = insideOf(deepGrid, p);
            if (toSkin || !insideSkin.enclosed(p)) {
                ++tooShallow;
                tooShallowInside += inside;
                shallowByStructure[s.name]++;
                continue;
            }
            ++tissueSamples;
            if (inside)
                ++tissueInside;
            else
                outsideByStructure[s.name]++;
        }
    }
    size_t deepSamples = 0, deepInside = 0;
    for (size_t v = 0; v < deep.mesh.positions.size(); v += 5, ++deepSamples)
        deepInside += insideOf(superficialGrid, deep.mesh.positions[v]);
    size_t superficialSamples = 0, superficialInside = 0;
    for (size_t v = 0; v < superficial.mesh.positions.size(); v += 5, ++superficialSamples)
        superficialInside += insideSkin.enclosed(superficial.mesh.positions[v]);

    auto listing = [](const std::map<std::string, size_t>& counts) {
        std::vector<std::pair<size_t, std::string>> worst;
        for (const auto& [name, n] : counts)
            worst.emplace_back(n, name);
        std::sort(worst.rbegin(), worst.rend());
        std::string text;
        for (size_t i = 0; i < std::min<size_t>(worst.size(), 12); ++i)
            text += " " + worst[i].second + " (" + std::to_string(worst[i].first) + ")";
        return text;
    };
    WARN("muscle and bone inside the deep fascia: "
         << tissueInside << " of " << tissueSamples
         << " samples at least 2 mm under the skin; outside it:" << listing(outsideByStructure));
    WARN("what remains: " << tooShallow << " samples within 2 mm of the atlas's own skin or "
                          << "through it (" << tooShallowInside
                          << " of them inside the deep fascia even so):"
                          << listing(shallowByStructure));
    WARN("deep fascia inside the superficial: "
         << deepInside << " of " << deepSamples
         << "; superficial inside the skin: " << superficialInside << " of " << superficialSamples);
    // The skin was moved out where muscle lay closer under it than 5 mm: what is left within
    // 2 mm of it is the hands, the feet and the face (816 samples before the skin was moved).
    const auto& clearance = test::atlasBody().report.skinClearance;
    WARN("skin moved out over muscle: "
         << clearance.musclePointsShort << " muscle vertices less than 5 mm under the skin, "
         << clearance.musclePointsLeft << " still within 2.5 mm after; the skin moved at most "
         << clearance.largestMoveM * 1000.0f << " mm");
    CHECK(clearance.largestMoveM <= 0.008f + 1e-6f);
    CHECK(tooShallow < 450);
    for (const char* moved : {"external-oblique", "temporalis", "rectus-abdominis", "sartorius",
                              "vastus-lateralis", "gastrocnemius-medial"}) {
        INFO(moved);
        CHECK(shallowByStructure[moved] <= 5);
    }
    // At least 99 % is required; measured 99.9 %, and the superficial fascia is built outside
    // the deep, inside the skin, so only a fold may put a sample on the wrong side.
    CHECK(tissueInside * 1000 >= tissueSamples * 995);
    CHECK(deepInside * 1000 >= deepSamples * 995);
    CHECK(superficialInside * 1000 >= superficialSamples * 995);
}

TEST_CASE("The atlas's deep fascia is labelled with the regions therapists name, and keeps them "
          "through glTF",
          "[atlas][fascia]") {
    const auto& body = test::atlasBody().body;
    const auto& deep = only(body, anatomy::LayerKind::DeepFascia, "deep-fascia");
    REQUIRE_FALSE(deep.regionNames.empty());
    REQUIRE(deep.vertexRegions.size() == deep.mesh.positions.size());
    std::map<std::string, size_t> share;
    for (std::uint32_t v = 0; v < deep.mesh.positions.size(); ++v)
        share[std::string(anatomy::regionAt(deep, v))]++;
    for (const auto& [name, n] : share)
        WARN(name << ": " << n << " vertices");

    // Over a muscle, the region most of the sheet's nearest vertices carry.
    const anatomy::TriangleGrid sheet({&deep.mesh}, 0.01f);
    auto meshOf = [&](const char* structure, anatomy::Side side) -> const anatomy::SurfaceMesh& {
        // The atlas's own aponeuroses are labels on the sheet, not structures of the body.
        for (const anatomy::Structure& guide : test::atlasBody().report.regionGuides)
            if (guide.name == structure && guide.side == side)
                return guide.mesh;
        const int i = body.findStructure(structure, side);
        REQUIRE(i >= 0);
        return body.structures()[static_cast<size_t>(i)].mesh;
    };
    auto regionOver = [&](const char* structure, anatomy::Side side) {
        std::map<std::string, size_t> votes;
        const auto& positions = meshOf(structure, side).positions;
        for (size_t v = 0; v < positions.size(); v += 3)
            if (const auto hit = sheet.nearest(positions[v], 0.02f))
                votes[std::string(anatomy::regionAt(deep, hit->corners[0]))]++;
        std::string best;
        size_t most = 0;
        for (const auto& [name, n] : votes)
            if (n > most) {
                most = n;
                best = name;
            }
        return best;
    };
    CHECK(regionOver("iliotibial-tract", anatomy::Side::Left) == "Iliotibial tract");
    CHECK(regionOver("vastus-medialis", anatomy::Side::Right) == "Fascia lata");
    CHECK(regionOver("tibialis-anterior", anatomy::Side::Left) == "Crural fascia");
    CHECK(regionOver("brachialis", anatomy::Side::Right) == "Brachial fascia");
    CHECK(regionOver("brachioradialis", anatomy::Side::Left) == "Antebrachial fascia");
    CHECK(regionOver("rectus-abdominis", anatomy::Side::Right) == "Rectus sheath");
    CHECK(regionOver("gluteus-maximus", anatomy::Side::Left) == "Gluteal fascia");
    CHECK(regionOver("deltoid-middle", anatomy::Side::Right) == "Deltoid fascia");
    CHECK(regionOver("pectoralis-major-sternocostal", anatomy::Side::Left) == "Pectoral fascia");
    CHECK(regionOver("sternocleidomastoid", anatomy::Side::Right) ==
          "Deep cervical fascia (investing layer)");
    // The lower back, midway between the iliac crests and the twelfth thoracic vertebra, beside
    // the spine.
    const float crest =
        body.structures()[static_cast<size_t>(body.findStructure("hip-bone"))].mesh.bounds().max.y;
    const float t12 =
        body.structures()[static_cast<size_t>(body.findStructure("twelfth-thoracic-vertebra"))]
            .mesh.bounds()
            .max.y;
    size_t lowerBack = 0, thoracolumbar = 0;
    for (std::uint32_t v = 0; v < deep.mesh.positions.size(); ++v) {
        const glm::vec3 p = deep.mesh.positions[v];
        if (std::abs(p.y - 0.5f * (crest + t12)) < 0.015f && std::abs(p.x) < 0.06f &&
            deep.mesh.normals[v].z < -0.5f) {
            ++lowerBack;
            thoracolumbar += anatomy::regionAt(deep, v) == "Thoracolumbar fascia";
        }
    }
    INFO(thoracolumbar << " of " << lowerBack << " vertices over the lower back");
    CHECK(lowerBack > 10);
    CHECK(thoracolumbar == lowerBack);
    // Its two laminae cross as a lattice: every vertex of the region has a deep lamina in the
    // sheet's plane, at about 60 degrees to the superficial one where the back faces backwards
    // (on the flanks both are laid into a sheet that turns, and their angle opens; 85 % measured
    // within 40-80 degrees); no vertex elsewhere has one.
    REQUIRE(deep.mesh.deepLaminaFibres.size() == deep.mesh.positions.size());
    size_t crossing = 0, inRegion = 0, elsewhere = 0;
    for (std::uint32_t v = 0; v < deep.mesh.positions.size(); ++v) {
        const glm::vec3 lamina = deep.mesh.deepLaminaFibres[v];
        if (anatomy::regionAt(deep, v) != "Thoracolumbar fascia") {
            elsewhere += glm::length(lamina) > 0.0f;
            continue;
        }
        ++inRegion;
        const float angle = glm::degrees(
            std::acos(std::abs(glm::dot(glm::normalize(lamina), deep.mesh.fibres[v]))));
        crossing += std::abs(glm::length(lamina) - 1.0f) < 1e-3f && angle > 40.0f &&
                    angle < 80.0f && std::abs(glm::dot(lamina, deep.mesh.normals[v])) < 1e-3f;
    }
    INFO(crossing << " of " << inRegion << " thoracolumbar vertices cross at 40-80 degrees");
    CHECK(inRegion > 100);
    CHECK(crossing * 100 >= inRegion * 80);
    CHECK(elsewhere == 0);
    CHECK(share["Plantar aponeurosis"] > 0);
    CHECK(share["Palmar aponeurosis"] > 0);
    CHECK(share["Deep cervical fascia (investing layer)"] > 0);

    // Written and read back, every vertex keeps its region.
    anatomy::Body one;
    one.addStructure(deep);
    const auto path = test::makeTempDir("atlas-regions") / "deep.glb";
    REQUIRE(anatomy::io::saveGltf(one, path).ok());
    auto read = anatomy::io::loadModel(path);
    REQUIRE(read.ok());
    const int back = read->findStructure("deep-fascia");
    REQUIRE(back >= 0);
    const auto& again = read->structures()[static_cast<size_t>(back)];
    CHECK(again.regionNames == deep.regionNames);
    CHECK(again.vertexRegions == deep.vertexRegions);
    REQUIRE(again.mesh.deepLaminaFibres.size() == deep.mesh.deepLaminaFibres.size());
    for (size_t v = 0; v < deep.mesh.deepLaminaFibres.size(); ++v)
        REQUIRE(glm::length(again.mesh.deepLaminaFibres[v] - deep.mesh.deepLaminaFibres[v]) <
                1e-5f);
    CHECK(again.mesh.triangleCount() == deep.mesh.triangleCount());
}

TEST_CASE("Deriving the fascia layers stops at its next step when cancelled, adding nothing",
          "[atlas][fascia][cancel][long]") {
    // The atlas body without its fascia layers, as the build has it before this stage.
    anatomy::Body body;
    for (const auto& s : test::atlasBody().body.structures())
        if (s.layer != anatomy::LayerKind::DeepFascia &&
            s.layer != anatomy::LayerKind::SuperficialFascia)
            body.addStructure(s);
    const size_t before = body.structures().size();
    // Cancelled once the skin's distance field is done, the first of its steps.
    float lastShare = 0.0f;
    core::TaskProgress progress([&](const std::string&, float done) {
        lastShare = done;
        if (done >= 0.15f)
            progress.cancel();
    });
    const core::StageProgress stage(&progress, "deriving the fascia layers", 0.0f, 1.0f);
    std::vector<std::string> notes;
    CHECK_FALSE(anatomy::atlas::addFasciaLayers(body, {}, notes, stage));
    CHECK(lastShare < 0.5f); // it stopped at the step after the cancel, not at the end
    CHECK(body.structures().size() == before);
}
