#include "CliRunner.h"
#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "anatomy/MeshOps.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "annotate/Anchoring.h"
#include "annotate/History.h"
#include "annotate/Library.h"
#include "annotate/MapFile.h"
#include "annotate/TensionBrush.h"
#include "app/MapEditor.h"
#include "app/MapOverlays.h"
#include "core/FileUtil.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace annotate;

namespace {

std::filesystem::path corpusDir() {
    return test::sourceDir() / "data" / "maps";
}
std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("The example map reads, writes back byte for byte and has three sessions", "[annotate]") {
    const std::string text = readText(test::examplePath());
    auto document = readMapJson(text, test::examplePath().string());
    REQUIRE(document.ok());
    CHECK(document->sessions.size() == 3);
    CHECK(document->info.clientName == "Alex Example");
    CHECK(writeMapJson(*document) == text);
    for (const Session& session : document->sessions) {
        CHECK(session.triggerPoints.size() >= 3);
        CHECK_FALSE(session.tension.empty());
        CHECK_FALSE(session.notes.empty());
    }
    // Severities change over the care plan (the compare view has something to show).
    CHECK(document->sessions[0].triggerPoints[0].severity >
          document->sessions[2].triggerPoints[0].severity);
}

TEST_CASE("A map round-trips through its file exactly, and saving keeps the previous copy",
          "[annotate]") {
    auto document = loadMap(test::examplePath());
    REQUIRE(document.ok());
    MapDocument edited = *document;
    edited.info.notes = "Line one\nline \"two\" with unicode: éü — and a tab\t.";
    edited.sessions[1].triggerPoints[0].severity = 0;
    edited.sessions[1].triggerPoints[0].state = TriggerPointState::Latent;
    const auto dir = test::makeTempDir("map-roundtrip");
    const auto file = dir / "client.fascia.json";
    REQUIRE(saveMap(file, *document).ok());
    REQUIRE(saveMap(file, edited).ok());
    auto reread = loadMap(file);
    REQUIRE(reread.ok());
    CHECK(*reread == edited);
    auto previous = loadMap(file.string() + ".bak");
    REQUIRE(previous.ok());
    CHECK(*previous == *document);
}

TEST_CASE("A recovery file's age is told in words", "[annotate]") {
    const auto dir = test::makeTempDir("recovery-age");
    const auto file = dir / "client.fascia.json.recovery";
    std::ofstream(file) << "{}";
    const auto written = std::filesystem::last_write_time(file);
    using namespace std::chrono_literals;
    CHECK(recoveryAge(file, written + 30s) == "less than a minute ago");
    CHECK(recoveryAge(file, written + 61s) == "1 minute ago");
    CHECK(recoveryAge(file, written + 59min) == "59 minutes ago");
    CHECK(recoveryAge(file, written + 2h + 5min) == "2 hours ago");
    CHECK(recoveryAge(file, written + 72h) == "3 days ago");
    CHECK(recoveryAge(dir / "none.recovery").empty());
}

TEST_CASE("A simulated treatment's session keeps its record; only such a map is format 2",
          "[annotate]") {
    auto document = loadMap(test::examplePath());
    REQUIRE(document.ok());
    CHECK_THAT(writeMapJson(*document), Catch::Contains("\"version\": 1,"));
    MapDocument simulated = *document;
    SimulatedRelease record;
    record.treatment = "Thumb, passive, 40 kPa for 120 s at tp-1";
    record.released = {{"tp-1", 0.39871f}, {"fascia/deep-fascia-trunk/left", 0.0123f}};
    simulated.sessions.back().simulated = record;
    const std::string text = writeMapJson(simulated);
    CHECK_THAT(text, Catch::Contains("\"version\": 2,"));
    auto reread = readMapJson(text, "simulated.fascia.json");
    REQUIRE(reread.ok());
    CHECK(*reread == simulated);
    REQUIRE(reread->sessions.back().simulated.has_value());
    CHECK(reread->sessions.back().simulated->released.at("tp-1") == 0.39871f); // unrounded
}

TEST_CASE("Every corrupt map gives a clear error naming the file and the problem", "[annotate]") {
    struct Case {
        const char* file;
        const char* expected; // part of the message
    };
    const Case cases[] = {
        {"truncated.fascia.json", "not valid JSON"},
        {"empty.fascia.json", "line 1, column 1"},
        {"binary-garbage.fascia.json", "not valid JSON"},
        {"wrong-type-severity.fascia.json",
         "sessions[0].triggerPoints[0].severity: expected a whole number, found text"},
        {"severity-out-of-range.fascia.json",
         "severity: expected a whole number from 0 to 10, found 11"},
        {"unknown-field.fascia.json", "sessions[0].triggerPoints[0].colour: unknown field"},
        {"newer-version.fascia.json", "newer FasciaLab (map format 7)"},
        {"not-a-map.fascia.json", "not a FasciaLab map"},
        {"no-sessions.fascia.json", "at least one session"},
        {"sessions-not-a-list.fascia.json", "sessions: expected a list"},
        {"bad-date.fascia.json", "sessions[0].date: expected a date as YYYY-MM-DD"},
        {"dangling-zone.fascia.json", "no zone \"zone-99\""},
        {"mismatched-tension.fascia.json", "tension[0].values: has 2 entries but vertices has 3"},
        {"bad-barycentric.fascia.json",
         "anchor.barycentric: weights must be from 0 to 1 and add up to 1"},
        {"negative-radius.fascia.json", "essential[0].radius: expected a number from 0.001 to 0.5"},
        {"simulated-fraction-out-of-range.fascia.json",
         "sessions[0].simulated.released.tp-1: expected a number from 0 to 1, found 1.5"},
        {"nan-position.fascia.json", "not valid JSON"},
        {"huge-number.fascia.json", "fascia.json"},
        {"huge-position.fascia.json", "anchor.position[1]: expected a number from -100 to 100"},
    };
    for (const Case& c : cases) {
        INFO(c.file);
        const auto path = corpusDir() / c.file;
        REQUIRE(std::filesystem::exists(path));
        auto result = loadMap(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == core::ErrorKind::BadInput);
        CHECK_THAT(result.error().message, Catch::Contains(path.string()));
        CHECK_THAT(result.error().message, Catch::Contains(c.expected));
    }
    // The truncated file points at where it ends.
    auto truncated = loadMap(corpusDir() / "truncated.fascia.json");
    CHECK_THAT(truncated.error().message, Catch::Contains("line "));
    // The base of the corpus itself is fine, so each case fails for its own reason.
    CHECK(loadMap(corpusDir() / "valid-small.fascia.json").ok());
    CHECK_FALSE(loadMap(corpusDir() / "no-such-file.fascia.json").ok());
}

TEST_CASE("Undo and redo restore every state over random edit sequences", "[annotate][property]") {
    auto example = loadMap(test::examplePath());
    REQUIRE(example.ok());
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        INFO("seed " << seed);
        std::mt19937 random(seed);
        auto pick = [&](size_t n) {
            return std::uniform_int_distribution<size_t>(0, n - 1)(random);
        };
        MapDocument document = *example;
        History history;
        std::vector<MapDocument> states{document}; // states[k]: after k edits
        for (int step = 0; step < 150; ++step) {
            const size_t action = pick(10);
            if (action < 2) {
                history.undo(document);
            } else if (action < 3) {
                history.redo(document);
            } else {
                const int s = static_cast<int>(pick(document.sessions.size()));
                const Session& session = document.sessions[static_cast<size_t>(s)];
                Edit edit;
                switch (pick(9)) {
                case 0: { // add a point copied from a random existing one, with a new id
                    if (session.triggerPoints.empty())
                        continue;
                    TriggerPoint point = session.triggerPoints[pick(session.triggerPoints.size())];
                    point.id = nextTriggerPointId(document);
                    point.name = "Test TrP " + point.id;
                    point.referredZones.clear();
                    ReferredZone zone;
                    zone.id = nextZoneId(document);
                    point.referredZones.push_back(zone.id);
                    edit = edits::addTriggerPoint(document, s, point, {zone});
                    break;
                }
                case 1:
                    if (session.triggerPoints.empty())
                        continue;
                    edit = edits::removeTriggerPoint(
                        document, s, session.triggerPoints[pick(session.triggerPoints.size())].id);
                    break;
                case 2: {
                    if (session.triggerPoints.empty())
                        continue;
                    TriggerPoint point = session.triggerPoints[pick(session.triggerPoints.size())];
                    point.severity = static_cast<int>(pick(11));
                    point.notes += "x";
                    edit = edits::changeTriggerPoint(document, s, point, "Change");
                    break;
                }
                case 3: { // paint or erase: change, add or remove samples of a field
                    TensionField field;
                    field.structure =
                        pick(2) ? "deep-fascia/investing-fascia/midline" : "skin/skin/midline";
                    for (const TensionField& f : session.tension)
                        if (f.structure == field.structure)
                            field = f;
                    if (!field.samples.empty() && pick(3) == 0)
                        field.samples.clear();
                    else
                        field.samples.push_back(
                            {static_cast<std::uint32_t>(
                                 (field.samples.empty() ? 0 : field.samples.back().vertex) + 1 +
                                 pick(50)),
                             0.5f, glm::vec3(0.1f)});
                    edit = edits::setTension(document, s, field, "Paint");
                    break;
                }
                case 4: {
                    DocumentInfo info = document.info;
                    info.plan += " more";
                    edit = edits::changeInfo(document, info, "Plan");
                    break;
                }
                case 5:
                    if (document.sessions.size() > 1 && pick(2)) {
                        edit = edits::removeSession(document, s);
                    } else if (pick(2)) {
                        edit = edits::addFollowUpSession(document,
                                                         "2027-01-0" + std::to_string(1 + pick(9)));
                    } else { // a simulated treatment's session, anywhere
                        Session simulated = followUpSession(session, session.date);
                        simulated.simulated =
                            SimulatedRelease{"Thumb, passive, 40 kPa for 10 s at tp-1",
                                             {{"tp-1", 0.01f * static_cast<float>(pick(101))}}};
                        edit = edits::insertSession(
                            document, static_cast<int>(pick(document.sessions.size() + 1)),
                            simulated, "Simulated");
                    }
                    break;
                case 6: { // a hand-drawn zone: new (linked or not), redrawn, or deleted
                    if (!session.referredZones.empty() && pick(3) == 0) {
                        edit = edits::removeZone(
                            document, s,
                            session.referredZones[pick(session.referredZones.size())].id);
                        break;
                    }
                    ReferredZone zone;
                    if (!session.referredZones.empty() && pick(2))
                        zone = session.referredZones[pick(session.referredZones.size())];
                    else
                        zone = {nextZoneId(document), "Drawn", {}, {}};
                    zone.spillover.push_back(
                        {Anchor{"skin/skin/midline", static_cast<std::uint32_t>(pick(100)),
                                glm::vec3(0.2f, 0.3f, 0.5f), glm::vec3(0.1f)},
                         0.02f});
                    const std::string linkTo =
                        session.triggerPoints.empty() || pick(2)
                            ? std::string()
                            : session.triggerPoints[pick(session.triggerPoints.size())].id;
                    edit = edits::setZone(document, s, zone, "Draw", linkTo);
                    break;
                }
                case 7: { // link or unlink a point and a zone
                    if (session.triggerPoints.empty() || session.referredZones.empty())
                        continue;
                    edit = edits::linkZone(
                        document, s, session.triggerPoints[pick(session.triggerPoints.size())].id,
                        session.referredZones[pick(session.referredZones.size())].id, pick(2) == 0);
                    break;
                }
                default:
                    edit = edits::changeSessionHeader(document, s,
                                                      {session.date, session.notes + "!"});
                    break;
                }
                history.perform(document, edit);
                states.resize(history.position());
                states.push_back(document);
            }
            REQUIRE(history.position() < states.size());
            REQUIRE(document == states[history.position()]);
        }
        // All the way back and all the way forward again.
        while (history.undo(document)) {
        }
        CHECK(document == *example);
        while (history.redo(document)) {
        }
        CHECK(document == states.back());
        // Whatever the edits did, the document still writes and reads back the same.
        auto reread = readMapJson(writeMapJson(document), "random.fascia.json");
        INFO((reread.ok() ? std::string() : reread.error().message));
        REQUIRE(reread.ok());
        CHECK(*reread == document);
    }
}

TEST_CASE("The history knows when the document differs from the saved one", "[annotate]") {
    MapDocument document = newDocument("2026-11-02");
    History history;
    CHECK_FALSE(history.modified());
    DocumentInfo info = document.info;
    info.clientName = "A";
    history.perform(document, edits::changeInfo(document, info, "Client"));
    CHECK(history.modified());
    history.markSaved();
    CHECK_FALSE(history.modified());
    history.undo(document);
    CHECK(history.modified());
    history.redo(document);
    CHECK_FALSE(history.modified());
    history.undo(document);
    info.clientName = "B"; // a different edit replaces the undone one: the saved state is gone
    history.perform(document, edits::changeInfo(document, info, "Client"));
    CHECK(history.modified());
    CHECK(history.labels() == std::vector<std::string>{"Client"});
}

TEST_CASE("Marks stay glued after reloading, and move to the nearest surface on another body",
          "[annotate][anchoring]") {
    const anatomy::Body& body = test::defaultBody();
    auto document = loadMap(test::examplePath());
    REQUIRE(document.ok());
    // On the body it was made on, every anchor is exact.
    const StructureIndex index(body);
    for (const Session& session : document->sessions)
        for (const TriggerPoint& point : session.triggerPoints) {
            INFO(point.name);
            CHECK(resolveExact(body, index, point.anchor));
        }
    MapDocument same = *document;
    const ReanchorReport unchanged = reanchorDocument(body, same);
    CHECK_FALSE(unchanged.changed());
    CHECK(same == *document);

    // Another body: the default body 2 cm further forward and 3 % smaller, and without the
    // left infraspinatus (a model that lacks a muscle).
    anatomy::Body other;
    for (const anatomy::Structure& s : body.structures()) {
        if (s.name == "infraspinatus" && s.side == anatomy::Side::Left)
            continue;
        anatomy::Structure copy = s;
        anatomy::transformMesh(copy.mesh, glm::translate(glm::mat4(1.0f), glm::vec3(0, 0, 0.02f)) *
                                              glm::scale(glm::mat4(1.0f), glm::vec3(0.97f)));
        other.addStructure(std::move(copy));
    }
    MapDocument moved = *document;
    const ReanchorReport report = reanchorDocument(other, moved);
    CHECK(report.changed());
    CHECK(report.lost.empty());
    REQUIRE_FALSE(report.moved.empty());
    CHECK_THAT(report.summary(), Catch::Contains("moved to the nearest surface"));
    const StructureIndex otherIndex(other);
    // Each mark moves to the new surface nearest it: by the part of the shift across the
    // surface there, which is nearly nothing where the moved surface passes by the old place.
    float farthest = 0.0f;
    for (const MovedMark& mark : report.moved) {
        INFO(mark.what);
        CHECK(mark.distanceM < 0.08f);
        farthest = std::max(farthest, mark.distanceM);
    }
    CHECK(farthest > 0.005f);
    for (size_t si = 0; si < moved.sessions.size(); ++si) {
        const Session& session = moved.sessions[si];
        for (const TriggerPoint& point : session.triggerPoints) {
            INFO(point.name);
            CHECK(resolveExact(other, otherIndex, point.anchor)); // glued to the new body now
            const TriggerPoint* original = findTriggerPoint(document->sessions[si], point.id);
            REQUIRE(original);
            if (point.libraryId == "infraspinatus/TrP1" &&
                original->anchor.structure == "muscle/infraspinatus/left")
                CHECK_THAT(point.anchor.structure, Catch::StartsWith("muscle/")); // nearest muscle
            else
                CHECK(point.anchor.structure == original->anchor.structure);
        }
        for (const TensionField& field : session.tension) {
            CHECK_FALSE(field.samples.empty());
            const int s = otherIndex.find(field.structure);
            REQUIRE(s >= 0);
            for (const TensionSample& sample : field.samples)
                CHECK(glm::length(
                          other.structures()[static_cast<size_t>(s)].mesh.positions[sample.vertex] -
                          sample.position) < 1e-6f);
        }
    }
    // Saved and reopened on the new body, nothing moves again.
    auto reread = readMapJson(writeMapJson(moved), "moved.fascia.json");
    REQUIRE(reread.ok());
    CHECK_FALSE(reanchorDocument(other, *reread).changed());
}

TEST_CASE("A map made on the generated body opens on the atlas body, every mark re-anchored",
          "[annotate][anchoring]") {
    const anatomy::Body& atlas = test::defaultBody();
    auto document = loadMap(corpusDir() / "made-on-generated-body.fascia.json");
    REQUIRE(document.ok());
    const MapDocument original = *document;
    const ReanchorReport report = reanchorDocument(atlas, *document);
    CHECK(report.lost.empty());
    CHECK(report.kept == 0); // nothing of another body is exact here
    REQUIRE_FALSE(report.moved.empty());
    const StructureIndex index(atlas);
    for (size_t si = 0; si < document->sessions.size(); ++si) {
        const Session& session = document->sessions[si];
        // Each trigger point stays on the muscle it was marked on: the atlas has them all.
        for (size_t t = 0; t < session.triggerPoints.size(); ++t) {
            const TriggerPoint& point = session.triggerPoints[t];
            INFO(point.name);
            CHECK(point.anchor.structure ==
                  original.sessions[si].triggerPoints[t].anchor.structure);
            CHECK(resolveExact(atlas, index, point.anchor));
        }
        for (const ReferredZone& zone : session.referredZones)
            for (const ZoneSpot& spot : zone.essential)
                CHECK_THAT(spot.centre.structure, Catch::StartsWith("skin/"));
        // The generated body's two painted sheets (investing and thoracolumbar fascia) are one
        // sheet here: one field, carrying the painted values.
        REQUIRE(session.tension.size() == 1);
        CHECK(session.tension[0].structure == "deep-fascia/deep-fascia/midline");
        CHECK(session.tension[0].samples.size() > 100);
        CHECK(std::is_sorted(
            session.tension[0].samples.begin(), session.tension[0].samples.end(),
            [](const TensionSample& a, const TensionSample& b) { return a.vertex < b.vertex; }));
    }
    for (const MovedMark& mark : report.moved) {
        INFO(mark.what);
        CHECK(mark.distanceM < 0.1f); // the bodies differ in proportion by a few centimetres
    }
    // Saved and reopened on the atlas body, nothing moves again.
    auto reread = readMapJson(writeMapJson(*document), "moved.fascia.json");
    REQUIRE(reread.ok());
    CHECK_FALSE(reanchorDocument(atlas, *reread).changed());
}

TEST_CASE("The tension brush paints with falloff, erases, and stays sparse", "[annotate][brush]") {
    anatomy::Structure sphere =
        test::sphereStructure("sheet", anatomy::LayerKind::DeepFascia, 0.2f);
    const glm::vec3 centre(0.0f, 0.0f, 0.2f);
    std::vector<std::uint32_t> all(sphere.mesh.vertexCount());
    for (std::uint32_t i = 0; i < all.size(); ++i)
        all[i] = i;
    TensionField field;
    Brush brush;
    brush.radiusM = 0.05f;
    brush.strength = 0.6f;
    applyDab(field, sphere.mesh, all, centre, brush);
    REQUIRE_FALSE(field.samples.empty());
    CHECK(field.samples.size() < sphere.mesh.vertexCount() / 4); // only the disc, sparse
    float nearest = 1.0f, nearestValue = 0.0f, farthestValue = 1.0f;
    for (const TensionSample& s : field.samples) {
        const float d = glm::length(s.position - centre);
        CHECK(d < brush.radiusM);
        CHECK(s.value > 0.0f);
        CHECK(s.value <= brush.strength + 1e-6f);
        if (d < nearest) {
            nearest = d;
            nearestValue = s.value;
        }
        farthestValue = std::min(farthestValue, s.value);
    }
    CHECK(nearestValue > 0.4f);                 // strong at the centre
    CHECK(farthestValue < nearestValue * 0.5f); // soft at the rim
    CHECK(std::is_sorted(
        field.samples.begin(), field.samples.end(),
        [](const TensionSample& a, const TensionSample& b) { return a.vertex < b.vertex; }));
    // Painting again moves values towards 1, never past it.
    const TensionField once = field;
    for (int i = 0; i < 20; ++i)
        applyDab(field, sphere.mesh, all, centre, brush);
    for (const TensionSample& s : field.samples)
        CHECK(s.value <= 1.0f);
    CHECK(field.samples.size() >= once.samples.size());
    // Erasing with full strength and constant falloff clears the disc entirely.
    Brush eraser = brush;
    eraser.erase = true;
    eraser.strength = 1.0f;
    eraser.falloff = Falloff::Constant;
    eraser.radiusM = 0.06f;
    applyDab(field, sphere.mesh, all, centre, eraser);
    CHECK(field.samples.empty());
}

TEST_CASE("A map becomes pins, referred-pain zones and a tension heat map",
          "[annotate][overlays]") {
    const anatomy::Body& body = test::defaultBody();
    auto document = loadMap(test::examplePath());
    REQUIRE(document.ok());
    app::MapOverlayBuilder builder(body);
    app::MapDisplay display;
    display.session = 0;
    display.selectedId = document->sessions[0].triggerPoints[0].id;
    const render::Overlays overlays = builder.build(*document, display);
    REQUIRE(overlays.markers.size() == document->sessions[0].triggerPoints.size());
    CHECK(overlays.markers[0].state == render::MarkerState::Selected);
    CHECK(overlays.markers[0].label == document->sessions[0].triggerPoints[0].name);
    CHECK(overlays.markers[0].color == app::pinColour(TriggerPointState::Active));
    size_t essential = 0, spillover = 0;
    for (const render::StructureZones& zones : overlays.zones) {
        CHECK(body.structures()[static_cast<size_t>(zones.structure)].layer ==
              anatomy::LayerKind::Skin);
        essential +=
            std::count(zones.perVertex.begin(), zones.perVertex.end(), render::ZoneKind::Essential);
        spillover +=
            std::count(zones.perVertex.begin(), zones.perVertex.end(), render::ZoneKind::Spillover);
    }
    CHECK(essential > 50);
    CHECK(spillover > 50);
    REQUIRE_FALSE(overlays.heatMap.empty());
    CHECK(overlays.heatMap.unit == "%");
    // The painted fascia shows through on the structures over it, some with a vertex or two.
    size_t valued = 0;
    for (const render::StructureField& field : overlays.heatMap.fields)
        for (float v : field.values)
            if (!std::isnan(v)) {
                ++valued;
                CHECK(v > 0.0f);
                CHECK(v <= 100.0f);
            }
    CHECK(valued > 200);
    // Only the selected point's zones: fewer zone vertices.
    display.onlySelectedZones = true;
    size_t selectedOnly = 0;
    for (const render::StructureZones& zones : builder.build(*document, display).zones)
        selectedOnly +=
            std::count_if(zones.perVertex.begin(), zones.perVertex.end(),
                          [](render::ZoneKind k) { return k != render::ZoneKind::None; });
    CHECK(selectedOnly > 0);
    CHECK(selectedOnly < essential + spillover);
    // The difference from the first session to the last is negative where tension was released.
    display.session = 2;
    display.differenceFrom = 0;
    const render::Overlays difference = builder.build(*document, display);
    REQUIRE_FALSE(difference.heatMap.empty());
    CHECK(difference.heatMap.minimum < 0.0f);
    float lowest = 0.0f;
    for (const render::StructureField& field : difference.heatMap.fields)
        for (float v : field.values)
            if (!std::isnan(v))
                lowest = std::min(lowest, v);
    CHECK(lowest < -10.0f);
}

TEST_CASE("export writes the body with the map's marks as named glTF nodes with extras",
          "[annotate][cli]") {
    const auto dir = test::makeTempDir("export-marks");
    const auto body = dir / "body.glb";
    REQUIRE(anatomy::io::saveGltf(test::defaultBody(), body).ok());
    const auto out = dir / "annotated.gltf";
    const auto run = test::runCli({"export", body.string(), "--map", test::examplePath().string(),
                                   "--session", "1", "--out", out.string()});
    INFO(run.err);
    REQUIRE(run.code == 0);
    const auto gltf = nlohmann::json::parse(readText(out));
    std::map<std::string, nlohmann::json> nodes;
    for (const auto& node : gltf["nodes"])
        nodes[node.value("name", "")] = node;
    REQUIRE(nodes.count("FasciaLab marks"));
    REQUIRE(nodes.count("trigger-point/Trapezius (upper fibres) TrP1 (left)"));
    const auto& trp = nodes["trigger-point/Trapezius (upper fibres) TrP1 (left)"];
    CHECK(trp["extras"]["severity"] == 7);
    CHECK(trp["extras"]["state"] == "active");
    CHECK(trp["extras"]["structure"] == "muscle/trapezius-upper/left");
    CHECK(trp["translation"].size() == 3);
    CHECK(nodes.count("referred-pain-zone/Trapezius (upper fibres) TrP1 (left)/essential-1"));
    // The annotated file still opens as the same body.
    auto reread = anatomy::io::loadModel(out);
    REQUIRE(reread.ok());
    CHECK(reread->structures().size() == test::defaultBody().structures().size());
    // Usage errors.
    CHECK(test::runCli(
              {"export", "--map", test::examplePath().string(), "--out", (dir / "x.obj").string()})
              .code == 1);
    CHECK(test::runCli({"export", body.string(), "--map", (dir / "none.fascia.json").string(),
                        "--out", out.string()})
              .code == 2);
}
