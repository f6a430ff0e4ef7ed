// The muscles the atlas lacks, modelled to fit it: present on both sides, closed and outward,
// attached to their bones, lying among their neighbours without entering them, with fibres
// that run as anatomy says; the scalp's occipitofrontalis as two thin bellies under the skin.
#include "anatomy/atlas/ModelledMuscles.h"
#include "AtlasFixture.h"
#include "TestSupport.h"
#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "anatomy/atlas/AtlasData.h"
#include "anatomy/atlas/MuscleDraping.h"
#include "anatomy/atlas/SurfaceProximity.h"

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

namespace {

// Each modelled structure and the muscle it is (or is a part of).
struct ModelledPart {
    const char* structure;
    const char* muscle;
};
const ModelledPart kModelled[] = {{"latissimus-dorsi", "latissimus-dorsi"},
                                  {"rectus-abdominis", "rectus-abdominis"},
                                  {"internal-oblique", "internal-oblique"},
                                  {"transversus-abdominis", "transversus-abdominis"},
                                  {"quadratus-lumborum", "quadratus-lumborum"},
                                  {"masseter", "masseter"},
                                  {"temporalis", "temporalis"},
                                  {"multifidus", "multifidus"},
                                  {"pterygoid-medial", "pterygoid-medial"},
                                  {"pterygoid-lateral", "pterygoid-lateral"},
                                  {"occipitofrontalis-frontal", "occipitofrontalis"},
                                  {"occipitofrontalis-occipital", "occipitofrontalis"}};

struct Built {
    const anatomy::Body& body;
    const anatomy::atlas::AtlasBuildReport& report;
    const std::vector<anatomy::atlas::ModelledAttachment>& attachments;
};

const Built& built() {
    static const Built b = [] {
        const test::BuiltAtlas& atlas = test::atlasBody();
        return Built{atlas.body, atlas.report, atlas.report.modelledAttachments};
    }();
    return b;
}

const anatomy::Structure* findStructure(const anatomy::Body& body, const std::string& name,
                                        anatomy::Side side) {
    const int i = body.findStructure(name, side);
    return i < 0 ? nullptr : &body.structures()[static_cast<size_t>(i)];
}

// The direction most of a surface's fibres run along (sign ignored), pointing up.
glm::vec3 dominantDirection(const std::vector<glm::vec3>& fibres) {
    Eigen::Matrix3d tensor = Eigen::Matrix3d::Zero();
    for (const glm::vec3& f : fibres) {
        const Eigen::Vector3d v = Eigen::Vector3f(f.x, f.y, f.z).cast<double>();
        tensor += v * v.transpose();
    }
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(tensor);
    const Eigen::Vector3d d = solver.eigenvectors().col(2);
    glm::vec3 out(static_cast<float>(d.x()), static_cast<float>(d.y()), static_cast<float>(d.z()));
    return out.y < 0.0f ? -out : out;
}

} // namespace

TEST_CASE("Every modelled muscle is on both sides, closed, outward and mirrored",
          "[atlas][modelled]") {
    const Built& b = built();
    const auto& catalogue = anatomy::atlas::builtInMuscleCatalogue();
    // No note about a modelled muscle (the fascia step may add its own).
    for (const std::string& note : b.report.notes) {
        INFO(note);
        CHECK(note.find("modelled") == std::string::npos);
    }
    for (const ModelledPart& modelled : kModelled) {
        const char* id = modelled.structure;
        const char* muscle = modelled.muscle;
        INFO(id);
        const auto* record = catalogue.findMuscle(muscle);
        REQUIRE(record);
        const auto part =
            std::find_if(record->parts.begin(), record->parts.end(),
                         [&](const anatomy::atlas::MusclePart& p) { return p.id == id; });
        REQUIRE(part != record->parts.end());
        const auto* right = findStructure(b.body, id, anatomy::Side::Right);
        const auto* left = findStructure(b.body, id, anatomy::Side::Left);
        REQUIRE(right);
        REQUIRE(left);
        for (const auto* s : {right, left}) {
            CHECK(s->layer == anatomy::LayerKind::Muscle);
            CHECK(s->info.source == "modelled, not from the atlas");
            // FMA's own id for the muscle (or its side), though no atlas part has it.
            CHECK(s->info.fma.size() > 3);
            CHECK(s->info.fma.rfind("FMA", 0) == 0);
            CHECK(s->info.muscle == std::string(muscle));
            CHECK(s->displayName == part->name);
            CHECK(s->info.latin == part->latin);
            CHECK(s->info.origin == record->origin);
            CHECK(s->info.innervation == record->innervation);
            CHECK(anatomy::isClosedSurface(s->mesh));
            CHECK(anatomy::atlas::signedVolume(s->mesh) > 0.0);
            REQUIRE(s->mesh.fibres.size() == s->mesh.positions.size());
            for (size_t v = 0; v < s->mesh.fibres.size(); ++v) {
                REQUIRE(glm::length(s->mesh.fibres[v]) == Approx(1.0f).margin(1e-3));
                REQUIRE(std::abs(glm::dot(s->mesh.fibres[v], s->mesh.normals[v])) < 0.05f);
            }
        }
        std::cout << id << ": " << right->mesh.triangleCount() << " triangles a side, volume "
                  << anatomy::atlas::signedVolume(right->mesh) * 1e6 << " cm3\n";
        CHECK(right->mesh.triangleCount() <= 3000);
        REQUIRE(right->mesh.positions.size() == left->mesh.positions.size());
        float worst = 0.0f;
        for (size_t v = 0; v < right->mesh.positions.size(); ++v) {
            glm::vec3 p = right->mesh.positions[v];
            p.x = -p.x;
            worst = std::max(worst, glm::distance(p, left->mesh.positions[v]));
            CHECK(right->mesh.positions[v].x < 0.0f);
        }
        CHECK(worst < 1e-6f);
    }
    CHECK(b.body.triangleCount() < 750000);
}

TEST_CASE("Modelled muscles end on the bones they attach to", "[atlas][modelled]") {
    const Built& b = built();
    REQUIRE(b.attachments.size() == 2 * std::size(kModelled));
    for (const auto& a : b.attachments) {
        if (a.bones.empty())
            continue; // an aponeurosis (the transversus's ends)
        INFO(a.muscle << " " << a.end);
        std::vector<float> distances;
        for (const glm::vec3& p : a.points) {
            float nearest = 1e9f;
            for (const std::string& bone : a.bones) {
                int i = b.body.findStructure(bone, anatomy::Side::Right);
                if (i < 0)
                    i = b.body.findStructure(bone, anatomy::Side::Midline);
                REQUIRE(i >= 0);
                const auto hit = anatomy::nearestOnStructure(b.body, i, p);
                REQUIRE(hit);
                nearest = std::min(nearest, hit->distance);
            }
            distances.push_back(nearest);
        }
        std::sort(distances.begin(), distances.end());
        const float median = distances[distances.size() / 2];
        const float p80 = distances[distances.size() * 4 / 5];
        std::cout << a.muscle << " " << a.end << ": median " << median * 1000.0f
                  << " mm, 80% within " << p80 * 1000.0f << " mm, worst "
                  << distances.back() * 1000.0f << " mm\n";
        CHECK(median < 0.004f);
        CHECK(p80 < 0.008f);
    }
}

TEST_CASE("Modelled muscles lie among their neighbours without entering them",
          "[atlas][modelled]") {
    const auto& body = built().body;
    // The closed muscles and bones, with their boxes.
    std::vector<size_t> solids;
    std::vector<core::Aabb> boxes;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const auto& s = body.structures()[i];
        if ((s.layer == anatomy::LayerKind::Muscle || s.layer == anatomy::LayerKind::Bone) &&
            anatomy::isClosedSurface(s.mesh)) {
            solids.push_back(i);
            boxes.push_back(s.mesh.bounds());
        }
    }
    std::vector<std::unique_ptr<test::WindingNumber>> windings(solids.size());
    size_t samples = 0;
    float worstM = 0.0f;
    std::string worst;
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const auto& muscle = body.structures()[i];
        if (muscle.info.source != "modelled, not from the atlas" ||
            muscle.side != anatomy::Side::Right)
            continue;
        const auto& m = muscle.mesh;
        // Every vertex and every triangle's centre.
        std::vector<glm::vec3> points = m.positions;
        for (size_t t = 0; t + 2 < m.indices.size(); t += 3)
            points.push_back((m.positions[m.indices[t]] + m.positions[m.indices[t + 1]] +
                              m.positions[m.indices[t + 2]]) /
                             3.0f);
        float worstHere = 0.0f;
        std::string into;
        for (const glm::vec3& p : points) {
            ++samples;
            for (size_t k = 0; k < solids.size(); ++k) {
                if (solids[k] == i)
                    continue;
                const core::Aabb& box = boxes[k];
                if (p.x < box.min.x || p.y < box.min.y || p.z < box.min.z || p.x > box.max.x ||
                    p.y > box.max.y || p.z > box.max.z)
                    continue;
                const auto& other = body.structures()[solids[k]];
                if (!windings[k])
                    windings[k] = std::make_unique<test::WindingNumber>(other.mesh);
                if (!windings[k]->inside(p))
                    continue;
                const auto nearest =
                    anatomy::nearestOnStructure(body, static_cast<int>(solids[k]), p);
                const float depth = nearest ? nearest->distance : 0.0f;
                if (depth > worstHere) {
                    worstHere = depth;
                    into = anatomy::structureKey(other);
                }
            }
        }
        std::cout << muscle.name << ": deepest " << worstHere * 1000.0f << " mm"
                  << (into.empty() ? "" : " into " + into) << "\n";
        if (worstHere > worstM) {
            worstM = worstHere;
            worst = muscle.name + " into " + into;
        }
    }
    std::cout << samples << " samples checked; the deepest " << worstM * 1000.0f << " mm (" << worst
              << ")\n";
    INFO(samples << " samples; the deepest " << worstM * 1000.0f << " mm, " << worst);
    CHECK(samples > 10000);
    CHECK(worstM <= 0.001f);
}

TEST_CASE("Modelled muscles' fibres run as anatomy says", "[atlas][modelled]") {
    const auto& body = built().body;
    const auto* lat = findStructure(body, "latissimus-dorsi", anatomy::Side::Right);
    const auto* rectus = findStructure(body, "rectus-abdominis", anatomy::Side::Right);
    const auto* temporalis = findStructure(body, "temporalis", anatomy::Side::Right);
    REQUIRE(lat);
    REQUIRE(rectus);
    REQUIRE(temporalis);
    // The latissimus: from the lower back up and out to the arm (out is -X on the right).
    const glm::vec3 latDirection = dominantDirection(lat->mesh.fibres);
    INFO("latissimus " << latDirection.x << " " << latDirection.y << " " << latDirection.z);
    CHECK(latDirection.y > 0.3f);
    CHECK(latDirection.x < -0.3f);
    {
        const glm::vec3 d = dominantDirection(rectus->mesh.fibres);
        INFO(rectus->name << " " << d.x << " " << d.y << " " << d.z);
        CHECK(d.y > 0.9f);
    }
    // The temporalis fans: its front fibres run down, its back ones forwards and down.
    const core::Aabb box = temporalis->mesh.bounds();
    const float depth = box.max.z - box.min.z;
    std::vector<glm::vec3> front, back;
    for (size_t v = 0; v < temporalis->mesh.positions.size(); ++v) {
        const glm::vec3& p = temporalis->mesh.positions[v];
        if (p.y < box.min.y + 0.5f * (box.max.y - box.min.y))
            continue;
        if (p.z > box.max.z - 0.2f * depth)
            front.push_back(temporalis->mesh.fibres[v]);
        if (p.z < box.min.z + 0.2f * depth)
            back.push_back(temporalis->mesh.fibres[v]);
    }
    REQUIRE(front.size() > 5);
    REQUIRE(back.size() > 5);
    const glm::vec3 a = dominantDirection(front), c = dominantDirection(back);
    const float degrees = std::acos(std::min(1.0f, std::abs(glm::dot(a, c)))) * 57.2958f;
    INFO("temporalis front " << a.x << " " << a.y << " " << a.z << ", back " << c.x << " " << c.y
                             << " " << c.z << ": " << degrees << " degrees apart");
    CHECK(degrees > 30.0f);
}

namespace {

// The nearest point of triangle abc to p (Ericson, Real-Time Collision Detection, 5.1.5).
glm::vec3 closestOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                            const glm::vec3& c) {
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0.0f && d2 <= 0.0f)
        return a;
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0.0f && d4 <= d3)
        return b;
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0.0f && d1 >= 0.0f && d3 <= 0.0f)
        return a + ab * (d1 / (d1 - d3));
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0.0f && d5 <= d6)
        return c;
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0.0f && d2 >= 0.0f && d6 <= 0.0f)
        return a + ac * (d2 / (d2 - d6));
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0.0f && d4 - d3 >= 0.0f && d5 - d6 >= 0.0f)
        return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
    const float denominator = 1.0f / (va + vb + vc);
    return a + ab * (vb * denominator) + ac * (vc * denominator);
}

// How thick a closed sheet is at each vertex: the distance to the nearest part of its other
// side (the triangles facing the other way) within 1 cm, sorted. A vertex of the rim, where the
// two sides meet edge on, finds the far rim or nothing, so only the bulk (median, 95 %) counts.
std::vector<float> sheetThickness(const anatomy::SurfaceMesh& m) {
    std::vector<glm::vec3> faceNormals;
    for (size_t t = 0; t + 2 < m.indices.size(); t += 3) {
        const glm::vec3 a = m.positions[m.indices[t]], b = m.positions[m.indices[t + 1]],
                        c = m.positions[m.indices[t + 2]];
        const glm::vec3 n = glm::cross(b - a, c - a);
        faceNormals.push_back(glm::length(n) > 1e-14f ? glm::normalize(n) : glm::vec3(0.0f));
    }
    std::vector<float> out;
    for (size_t v = 0; v < m.positions.size(); ++v) {
        const glm::vec3 p = m.positions[v];
        float nearest = 0.01f;
        for (size_t t = 0; t + 2 < m.indices.size(); t += 3) {
            if (glm::dot(faceNormals[t / 3], m.normals[v]) > -0.5f)
                continue;
            const glm::vec3 q =
                closestOnTriangle(p, m.positions[m.indices[t]], m.positions[m.indices[t + 1]],
                                  m.positions[m.indices[t + 2]]);
            nearest = std::min(nearest, glm::distance(p, q));
        }
        if (nearest < 0.01f)
            out.push_back(nearest);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("The occipitofrontalis: a thin frontal and occipital belly under the scalp, fibres "
          "running up",
          "[atlas][modelled]") {
    const auto& body = built().body;
    const int skinIndex = body.findStructure("skin");
    REQUIRE(skinIndex >= 0);
    const auto& skin = body.structures()[static_cast<size_t>(skinIndex)].mesh;
    const test::InsideTest insideSkin(skin);
    const anatomy::TriangleGrid skinSurface({&skin}, 0.01f);
    const auto* frontalBone = findStructure(body, "frontal-bone", anatomy::Side::Midline);
    REQUIRE(frontalBone);
    const core::Aabb forehead = frontalBone->mesh.bounds();
    for (const anatomy::Side side : {anatomy::Side::Right, anatomy::Side::Left}) {
        // The muscle is found by its id as its two bellies.
        std::vector<std::string> bellies;
        for (const int i : body.findMuscle("occipitofrontalis", side))
            bellies.push_back(body.structures()[static_cast<size_t>(i)].name);
        std::sort(bellies.begin(), bellies.end());
        CHECK(bellies ==
              std::vector<std::string>{"occipitofrontalis-frontal", "occipitofrontalis-occipital"});
    }
    const auto* frontal = findStructure(body, "occipitofrontalis-frontal", anatomy::Side::Right);
    const auto* occipital =
        findStructure(body, "occipitofrontalis-occipital", anatomy::Side::Right);
    REQUIRE(frontal);
    REQUIRE(occipital);
    // Each side against the atlas's own skin (the skin's two sides are not mirror images).
    const auto* leftFrontal = findStructure(body, "occipitofrontalis-frontal", anatomy::Side::Left);
    const auto* leftOccipital =
        findStructure(body, "occipitofrontalis-occipital", anatomy::Side::Left);
    REQUIRE(leftFrontal);
    REQUIRE(leftOccipital);
    for (const auto* belly : {frontal, occipital, leftFrontal, leftOccipital}) {
        INFO(belly->name << " (" << anatomy::sideId(belly->side) << ")");
        CHECK(belly->info.source == "modelled, not from the atlas");
        CHECK(belly->info.region == "head");
        // Thin: a sheet of a few millimetres.
        const std::vector<float> thickness = sheetThickness(belly->mesh);
        REQUIRE(thickness.size() * 4 > belly->mesh.positions.size() * 3);
        const float median = thickness[thickness.size() / 2];
        const float p95 = thickness[thickness.size() * 95 / 100];
        // Under the skin: enclosed by it, with room for the fascia layers over it, and close
        // under it (a scalp's depth, not deep in the head).
        std::vector<float> depth;
        size_t outside = 0;
        for (const glm::vec3& p : belly->mesh.positions) {
            outside += insideSkin.enclosed(p) ? 0 : 1;
            const auto toSkin = skinSurface.nearest(p, 0.05f);
            depth.push_back(toSkin ? toSkin->distance : 0.05f);
        }
        std::sort(depth.begin(), depth.end());
        const float shallowest = depth.front(), medianDepth = depth[depth.size() / 2];
        const float p95Depth = depth[depth.size() * 95 / 100];
        std::cout << belly->name << " (" << anatomy::sideId(belly->side) << "): thickness median "
                  << median * 1000.0f << " mm, 95% within " << p95 * 1000.0f
                  << " mm; under the skin " << shallowest * 1000.0f << " mm at the least, median "
                  << medianDepth * 1000.0f << " mm, 95% within " << p95Depth * 1000.0f << " mm\n";
        CHECK(median >= 0.001f);
        CHECK(p95 <= 0.004f);
        CHECK(outside == 0);
        CHECK(shallowest >= 0.002f);
        CHECK(p95Depth <= 0.012f);
    }
    // The frontal belly over the forehead, the occipital belly over the back of the skull.
    const core::Aabb f = frontal->mesh.bounds(), o = occipital->mesh.bounds();
    auto centre = [](const anatomy::SurfaceMesh& m) {
        glm::vec3 sum(0.0f);
        for (const glm::vec3& p : m.positions)
            sum += p;
        return sum / static_cast<float>(m.positions.size());
    };
    CHECK(centre(frontal->mesh).z > 0.5f * (forehead.min.z + forehead.max.z));
    CHECK(o.max.z < forehead.min.z);
    CHECK(f.max.y - f.min.y > 0.04f);
    CHECK(o.max.y - o.min.y > 0.03f);
    // Fibres up: the frontal belly's from the eyebrow up the forehead (leaning back with it),
    // the occipital belly's from the nuchal line up the back of the skull, which faces backwards
    // and down above the line, so they lean back with it (about 30 degrees measured); neither
    // runs across.
    const glm::vec3 up = dominantDirection(frontal->mesh.fibres);
    const glm::vec3 back = dominantDirection(occipital->mesh.fibres);
    INFO("frontal belly " << up.x << " " << up.y << " " << up.z << ", occipital belly " << back.x
                          << " " << back.y << " " << back.z);
    std::cout << "occipitofrontalis fibres: frontal belly " << up.x << " " << up.y << " " << up.z
              << ", occipital belly " << back.x << " " << back.y << " " << back.z << "\n";
    CHECK(up.y > 0.85f);
    CHECK(std::abs(up.x) < 0.25f);
    CHECK(back.y > 0.8f);
    CHECK(std::abs(back.x) < 0.25f);
    CHECK(std::abs(back.z) < 0.55f);
}
