// The map editor as the viewer drives it: placing, moving and deleting trigger points, drawing
// and linking referred-pain zones, painting tension, comparing and presenting sessions,
// autosave and recovery, each edit one undo step.
#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "annotate/Anchoring.h"
#include "annotate/Library.h"
#include "annotate/MapFile.h"
#include "app/MapEditor.h"
#include "app/MapOverlays.h"
#include "core/FileUtil.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace annotate;

namespace {

const std::vector<PlacedPoint>& placedLibrary() {
    static const auto placed =
        placeLibrary(test::defaultBody(), test::defaultBvh(), referenceLibrary());
    return placed;
}
// By the point's id, or an id it had before.
const PlacedPoint& placed(const std::string& id, anatomy::Side side) {
    const LibraryPoint* entry = referenceLibrary().find(id);
    for (const PlacedPoint& p : placedLibrary())
        if (p.entry == entry && p.side == side)
            return p;
    FAIL("no placed library point " << id);
    return placedLibrary().front();
}

} // namespace

namespace {
// A ray from behind the body towards a point, as a click in the posterior view would cast.
core::Ray rayFromBehind(const glm::vec3& target) {
    return core::Ray{target + glm::vec3(0.0f, 0.0f, -1.0f), glm::vec3(0.0f, 0.0f, 1.0f)};
}
} // namespace

TEST_CASE("The map editor places, moves and deletes trigger points with one undo step each",
          "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-points");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    CHECK(editor.attachBody(&test::defaultBody(), &test::defaultBvh()).empty());
    // On the middle trapezius, whose surface faces the posterior view's clicks.
    const glm::vec3 trapezius =
        placed("middle-trapezius/TrP1", anatomy::Side::Left).location.position;
    const auto id = editor.placeTriggerPoint(rayFromBehind(trapezius));
    REQUIRE(id);
    const TriggerPoint* point = findTriggerPoint(editor.document().sessions[0], *id);
    REQUIRE(point);
    // The click went through the skin and fascia to the muscle underneath, and named it.
    CHECK_THAT(point->anchor.structure, Catch::StartsWith("muscle/"));
    CHECK_THAT(point->name, Catch::EndsWith("TrP1 (left)"));
    CHECK(editor.display().selectedId == *id);
    CHECK(editor.modified());
    // A second point on the same muscle is TrP2.
    const auto second =
        editor.placeTriggerPoint(rayFromBehind(trapezius + glm::vec3(0.0f, 0.003f, 0.0f)));
    REQUIRE(second);
    CHECK_THAT(findTriggerPoint(editor.document().sessions[0], *second)->name,
               Catch::EndsWith("TrP2 (left)"));
    // Nothing there: no point.
    CHECK_FALSE(
        editor.placeTriggerPoint(core::Ray{glm::vec3(5.0f, 5.0f, 5.0f), glm::vec3(0, 1, 0)}));

    // A drag is one step in the history, whatever the number of mouse moves.
    const size_t before = editor.history().position();
    const Anchor start = findTriggerPoint(editor.document().sessions[0], *id)->anchor;
    editor.beginMove(*id);
    for (int i = 1; i <= 5; ++i)
        editor.moveTo(
            rayFromBehind(trapezius + glm::vec3(0.0f, -0.01f * static_cast<float>(i), 0.0f)));
    editor.endMove();
    CHECK(editor.history().position() == before + 1);
    const Anchor moved = findTriggerPoint(editor.document().sessions[0], *id)->anchor;
    CHECK(glm::length(moved.position - start.position) > 0.02f);
    editor.undo();
    CHECK(findTriggerPoint(editor.document().sessions[0], *id)->anchor == start);
    editor.redo();
    CHECK(findTriggerPoint(editor.document().sessions[0], *id)->anchor == moved);

    editor.display().selectedId = *id;
    editor.deleteTriggerPoint(*id);
    CHECK_FALSE(findTriggerPoint(editor.document().sessions[0], *id));
    CHECK(editor.display().selectedId.empty()); // the selection went with it
    editor.undo();
    CHECK(findTriggerPoint(editor.document().sessions[0], *id));
    // The history list names every step.
    const auto labels = editor.history().labels();
    REQUIRE(labels.size() == 4);
    CHECK_THAT(labels[0], Catch::StartsWith("Add "));
    CHECK_THAT(labels[2], Catch::StartsWith("Move "));
    CHECK_THAT(labels[3], Catch::StartsWith("Delete "));
    editor.undoTo(0);
    CHECK(editor.document().sessions[0].triggerPoints.empty());
    editor.undoTo(2);
    CHECK(editor.document().sessions[0].triggerPoints.size() == 2);
}

TEST_CASE("Referred-pain zones are drawn by hand, linked and unlinked, one undo step each",
          "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-zones");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    // On the middle trapezius, whose surface faces the posterior view's clicks.
    const glm::vec3 trapezius =
        placed("middle-trapezius/TrP1", anatomy::Side::Left).location.position;
    const auto point = editor.placeTriggerPoint(rayFromBehind(trapezius));
    REQUIRE(point);
    const auto session = [&]() -> const Session& { return editor.document().sessions[0]; };

    // A new zone is linked to the selected trigger point and becomes the one being drawn.
    const std::string zone = editor.newZone("Behind the ear");
    CHECK(editor.drawingZoneId == zone);
    REQUIRE(findZone(session(), zone));
    CHECK(findTriggerPoint(session(), *point)->referredZones == std::vector<std::string>{zone});

    // A stroke across the upper back: discs on the skin, spaced, one step in the history.
    const size_t before = editor.history().position();
    editor.zonePen = {true, 0.02f, false};
    editor.beginZoneStroke();
    for (int i = 0; i <= 20; ++i)
        editor.zoneDab(
            rayFromBehind(trapezius + glm::vec3(0.004f * static_cast<float>(i), -0.06f, 0.0f)));
    editor.endZoneStroke();
    CHECK(editor.history().position() == before + 1);
    const ReferredZone drawn = *findZone(session(), zone);
    // 8 cm of stroke with discs of 2 cm radius no closer than 1 cm: between 4 and 10 discs.
    REQUIRE(drawn.essential.size() >= 4);
    CHECK(drawn.essential.size() <= 10);
    CHECK(drawn.spillover.empty());
    for (const ZoneSpot& spot : drawn.essential) {
        CHECK_THAT(spot.centre.structure, Catch::StartsWith("skin/"));
        CHECK(spot.radius == Approx(0.02f));
    }
    // The zone shows on the skin as essential (solid) vertices.
    const render::Overlays& overlays = editor.overlays();
    const auto essential = std::count_if(
        overlays.zones.begin(), overlays.zones.end(), [](const render::StructureZones& z) {
            return std::count(z.perVertex.begin(), z.perVertex.end(), render::ZoneKind::Essential) >
                   0;
        });
    CHECK(essential >= 1);

    // Spillover in a second stroke; erasing over the first disc takes it away.
    editor.zonePen = {false, 0.03f, false};
    editor.beginZoneStroke();
    editor.zoneDab(rayFromBehind(trapezius + glm::vec3(0.0f, -0.15f, 0.0f)));
    editor.endZoneStroke();
    CHECK(findZone(session(), zone)->spillover.size() == 1);
    editor.zonePen = {true, 0.01f, true};
    editor.beginZoneStroke();
    editor.zoneDab(rayFromBehind(drawn.essential.front().centre.position));
    editor.endZoneStroke();
    CHECK(findZone(session(), zone)->essential.size() == drawn.essential.size() - 1);
    editor.undo();
    CHECK(*findZone(session(), zone) != drawn); // the spillover disc is still there
    CHECK(findZone(session(), zone)->essential == drawn.essential);

    // Unlink and link again; rename; delete takes the links with it; every step undoes.
    editor.linkZone(*point, zone, false);
    CHECK(findTriggerPoint(session(), *point)->referredZones.empty());
    editor.linkZone(*point, zone, true);
    CHECK(findTriggerPoint(session(), *point)->referredZones == std::vector<std::string>{zone});
    editor.renameZone(zone, "Temple");
    CHECK(findZone(session(), zone)->name == "Temple");
    editor.deleteZone(zone);
    CHECK_FALSE(findZone(session(), zone));
    CHECK(findTriggerPoint(session(), *point)->referredZones.empty());
    CHECK(editor.drawingZoneId.empty());
    editor.undo();
    REQUIRE(findZone(session(), zone));
    CHECK(findTriggerPoint(session(), *point)->referredZones == std::vector<std::string>{zone});
    // The drawn map saves and reads back as it is.
    REQUIRE(editor.save(dir / "zones.fascia.json").ok());
    auto reread = loadMap(dir / "zones.fascia.json");
    REQUIRE(reread.ok());
    CHECK(*reread == editor.document());
}

TEST_CASE("The side-by-side comparison shows each session's own marks", "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-beside");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    REQUIRE(editor.open(test::examplePath()).ok());
    editor.setSession(2);
    const render::Overlays now = editor.overlays();
    const render::Overlays then = editor.overlaysForSession(0);
    // Each half shows its own session's pins and tension.
    CHECK(then.markers.size() == editor.document().sessions[0].triggerPoints.size());
    CHECK(now.markers.size() == editor.document().sessions[2].triggerPoints.size());
    CHECK(then.markers.size() != now.markers.size()); // a point was found in a later session
    REQUIRE_FALSE(then.heatMap.empty());
    REQUIRE_FALSE(now.heatMap.empty());
    auto total = [](const render::HeatMap& heat) {
        double sum = 0.0;
        for (const render::StructureField& field : heat.fields)
            for (float v : field.values)
                if (std::isfinite(v))
                    sum += static_cast<double>(v);
        return sum;
    };
    // The example's tension eases over the three sessions.
    CHECK(total(then.heatMap) > total(now.heatMap) * 1.2);
    // It follows edits of the earlier session and leaves the open one's overlays alone.
    const std::uint64_t revision = then.revision;
    editor.setSession(0);
    editor.perform(edits::setTension(editor.document(), 0,
                                     {editor.document().sessions[0].tension[0].structure, {}},
                                     "Erase a field"));
    editor.setSession(2);
    const render::Overlays& after = editor.overlaysForSession(0);
    CHECK(after.revision != revision);
    CHECK(total(after.heatMap) < total(then.heatMap));
    CHECK(total(editor.overlays().heatMap) == Approx(total(now.heatMap)));
}

TEST_CASE("Presenting a trigger point turns the camera to it and to where it refers pain",
          "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-present");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    REQUIRE(editor.open(test::examplePath()).ok());
    const Session& session = editor.document().sessions[2];
    render::OrbitCamera front;
    front.setPreset(render::ViewPreset::Anterior);
    front.frame(test::defaultBody().bounds(), 1.5f);
    const StructureIndex index(test::defaultBody());
    for (const TriggerPoint& point : session.triggerPoints) {
        INFO(point.name);
        const auto view = editor.viewOfReferral(point.id, front, 1.5f);
        REQUIRE(view);
        const auto at = resolve(test::defaultBody(), index, point.anchor);
        REQUIRE(at);
        // The camera is on the side the point faces, closer than the whole-body view...
        CHECK(glm::dot(view->eye() - at->position, at->normal) > 0.0f);
        CHECK(view->distanceM < front.distanceM);
        // ...and the point and the centres of its zones are all in the picture.
        const glm::mat4 viewProjection = view->projection(1.5f) * view->view();
        auto inFrame = [&](const glm::vec3& p) {
            const glm::vec4 clip = viewProjection * glm::vec4(p, 1.0f);
            return clip.w > 0.0f && std::abs(clip.x / clip.w) < 1.0f &&
                   std::abs(clip.y / clip.w) < 1.0f;
        };
        CHECK(inFrame(at->position));
        for (const std::string& zoneId : point.referredZones)
            for (const ZoneSpot& spot : findZone(session, zoneId)->essential)
                CHECK(inFrame(spot.centre.position));
    }
    CHECK_FALSE(editor.viewOfReferral("tp-99", front, 1.5f));
}

TEST_CASE("A brush stroke paints a heat map and is one undo step", "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-paint");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    const glm::vec3 back = placed("rhomboids/TrP1", anatomy::Side::Left).location.position;
    editor.brush().radiusM = 0.04f;
    editor.beginStroke();
    for (int i = 0; i < 6; ++i)
        editor.dab(rayFromBehind(back + glm::vec3(0.0f, 0.01f * static_cast<float>(i), 0.0f)), {});
    editor.endStroke();
    REQUIRE(editor.history().position() == 1);
    CHECK(editor.history().labels()[0] == "Paint tension");
    const auto& tension = editor.document().sessions[0].tension;
    REQUIRE(tension.size() == 1);
    // The first surface from behind is the skin (every layer is shown).
    CHECK_THAT(tension[0].structure, Catch::StartsWith("skin/"));
    CHECK(tension[0].samples.size() > 20);
    CHECK_FALSE(editor.overlays().heatMap.empty());
    // Only fascia shown: the stroke lands on the fascia instead.
    editor.beginStroke();
    editor.dab(rayFromBehind(back), [&](int s) {
        return test::defaultBody().structures()[static_cast<size_t>(s)].layer !=
               anatomy::LayerKind::Skin;
    });
    editor.endStroke();
    CHECK(editor.document().sessions[0].tension.size() == 2);
    // Erasing everything painted removes the fields; undo brings them back.
    editor.brush().erase = true;
    editor.brush().strength = 1.0f;
    editor.brush().falloff = Falloff::Constant;
    editor.brush().radiusM = 0.2f;
    editor.beginStroke();
    editor.dab(rayFromBehind(back), {});
    editor.dab(rayFromBehind(back), [&](int s) {
        return test::defaultBody().structures()[static_cast<size_t>(s)].layer !=
               anatomy::LayerKind::Skin;
    });
    editor.endStroke();
    CHECK(editor.document().sessions[0].tension.empty());
    editor.undo();
    CHECK(editor.document().sessions[0].tension.size() == 2);
    editor.undo();
    editor.undo();
    CHECK(editor.document().sessions[0].tension.empty());
    CHECK_FALSE(editor.modified());
}

TEST_CASE("Autosave writes a recovery copy once a minute; a save removes it; recovery restores it",
          "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-autosave");
    const auto untitled = dir / "untitled.fascia.json.recovery";
    app::MapEditor editor(untitled);
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    CHECK_FALSE(editor.autosaveIfDue(0.0)); // starts the clock
    editor.insertLibraryPoint(0);
    CHECK_FALSE(editor.autosaveIfDue(30.0));
    CHECK_FALSE(std::filesystem::exists(untitled));
    CHECK(editor.autosaveIfDue(61.0));
    REQUIRE(std::filesystem::exists(untitled));
    CHECK_FALSE(editor.autosaveIfDue(200.0)); // nothing new since

    // "The process was killed": a new editor recovers the work, unsaved, as one undoable step.
    app::MapEditor after(untitled);
    after.attachBody(&test::defaultBody(), &test::defaultBvh());
    REQUIRE(after.recover(untitled, {}).ok());
    CHECK(after.document() == editor.document());
    CHECK(after.modified());
    CHECK(after.history().labels() == std::vector<std::string>{"Recovered unsaved work"});

    // Saving gives it a name and removes the recovery copy; later autosaves go beside it.
    const auto file = dir / "client.fascia.json";
    REQUIRE(after.save(file).ok());
    CHECK_FALSE(after.modified());
    CHECK_FALSE(std::filesystem::exists(untitled));
    CHECK(after.recoveryFile() == file.string() + ".recovery");
    CHECK_FALSE(after.save(dir / "no-such-folder" / "x.fascia.json").ok());

    // A corrupt file leaves the open document untouched.
    const auto documentBefore = after.document();
    auto failed = after.open(test::sourceDir() / "data" / "maps" / "unknown-field.fascia.json");
    REQUIRE_FALSE(failed.ok());
    CHECK_THAT(failed.error().message, Catch::Contains("unknown-field.fascia.json"));
    CHECK(after.document() == documentBefore);
    CHECK(after.path() == file);
}

TEST_CASE("The editor compares sessions and finds what refers pain to a clicked spot",
          "[annotate][editor]") {
    const auto dir = test::makeTempDir("editor-compare");
    app::MapEditor editor(dir / "untitled.fascia.json.recovery");
    editor.attachBody(&test::defaultBody(), &test::defaultBvh());
    std::string report = "unset";
    REQUIRE(editor.open(test::examplePath(), &report).ok());
    CHECK(report.empty());        // made on this body
    CHECK(editor.session() == 2); // opens on the latest session
    CHECK(editor.severityIn(0, "tp-1") == 7);
    CHECK(editor.severityIn(2, "tp-1") == 3);
    CHECK_FALSE(editor.severityIn(0, "tp-4")); // found in the second session
    CHECK(editor.severityIn(1, "tp-4") == 5);
    // Where it hurts, from behind at the right heel: the soleus.
    const glm::vec3 heel = placed("soleus/TrP1", anatomy::Side::Right).essential[0].centre.position;
    const auto referrals = editor.whereItHurts(rayFromBehind(heel));
    REQUIRE_FALSE(referrals.empty());
    bool soleus = false;
    for (const Referral& r : referrals)
        soleus = soleus || editor.library()[r.placed].entry->id == "soleus/TrP1";
    CHECK(soleus);
}
