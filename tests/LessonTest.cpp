// The guided lessons: every shipped lesson reads and can be played on the default body; broken
// lessons are refused with a message naming the file, step and field, and the others still load.
#include "CliRunner.h"
#include "TestSupport.h"

#include "annotate/Library.h"
#include "learn/Lesson.h"
#include "sim/Parameters.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>

using namespace learn;

namespace {

std::vector<std::string> tools() {
    std::vector<std::string> ids;
    for (const sim::ToolParameters& tool : sim::defaultParameters().tools)
        ids.push_back(tool.id);
    return ids;
}

std::filesystem::path brokenLessons() {
    return test::sourceDir() / "data" / "lessons-broken";
}

} // namespace

TEST_CASE("Every shipped lesson reads and names only what the default body and library have",
          "[learn]") {
    const LessonSet& set = builtInLessons();
    for (const std::string& error : set.errors)
        FAIL(error);
    // The five lessons students are promised, in teaching order.
    const std::vector<std::string> promised = {"fascia-web", "release-vs-deep-tissue",
                                               "active-passive-tools", "referred-pain",
                                               "care-plan"};
    REQUIRE(set.lessons.size() >= promised.size());
    for (size_t i = 0; i < promised.size(); ++i) {
        INFO(promised[i]);
        CHECK(set.find(promised[i]) != nullptr);
    }
    const auto toolIds = tools();
    for (const Lesson& lesson : set.lessons) {
        INFO(lesson.file);
        CHECK(lesson.steps.size() >= 4);
        for (const std::string& problem :
             lessonProblems(lesson, test::defaultBody(), annotate::referenceLibrary(), toolIds))
            FAIL(problem);
        for (const LessonStep& step : lesson.steps) {
            CHECK(step.caption.size() >= 40); // a sentence or more, not a placeholder
            for (const StructureRef& ref : step.highlight)
                CHECK_FALSE(resolveStructure(test::defaultBody(), ref).empty());
        }
    }
    // The referred-pain lesson shows the four examples a student is promised.
    const Lesson* referred = set.find("referred-pain");
    REQUIRE(referred);
    std::set<std::string> muscles;
    for (const LessonStep& step : referred->steps)
        for (const PointRef& p : step.triggerPoints)
            muscles.insert(annotate::referenceLibrary().find(p.id)->muscle);
    auto shows = [&](const std::string& prefix) {
        return std::any_of(muscles.begin(), muscles.end(),
                           [&](const std::string& m) { return m.rfind(prefix, 0) == 0; });
    };
    CHECK(shows("trapezius"));
    CHECK(shows("quadratus-lumborum"));
    CHECK(shows("infraspinatus"));
    CHECK(shows("gluteus-minimus"));
}

TEST_CASE("A lesson's steps read as the format says", "[learn]") {
    const auto lesson = readLesson(R"({
      "format": "fascialab-lesson", "version": 1, "title": "T", "summary": "S",
      "steps": [{
        "title": "Peel", "caption": "Look at the fascia.",
        "camera": {"view": "posterior", "focus": "trapezius/left", "distance": 1.2},
        "layers": {"skin": false, "deep-fascia": 0.5, "muscle": true},
        "highlight": ["trapezius", "levator-scapulae/right"],
        "fasciaRegions": ["thoracolumbar fascia"],
        "triggerPoints": ["trapezius/TrP1", "infraspinatus/TrP1/right"],
        "fibres": true,
        "clip": {"tool": "elbow", "technique": "active", "at": "gluteus-maximus", "side": "right",
                 "pressure": 80, "seconds": 45}
      }]})",
                                   "lessons/peel.json");
    REQUIRE(lesson);
    CHECK(lesson->id == "peel");
    const LessonStep& step = lesson->steps.at(0);
    REQUIRE(step.camera);
    CHECK(step.camera->view == "posterior");
    REQUIRE(step.camera->focusStructure);
    CHECK(step.camera->focusStructure->side == anatomy::Side::Left);
    CHECK(step.camera->distanceM == Approx(1.2f));
    REQUIRE(step.layers);
    const auto& layers = *step.layers;
    CHECK_FALSE(layers[size_t(anatomy::LayerKind::Skin)].visible);
    CHECK(layers[size_t(anatomy::LayerKind::DeepFascia)].opacity == Approx(0.5f));
    CHECK(layers[size_t(anatomy::LayerKind::Muscle)].visible);
    CHECK_FALSE(layers[size_t(anatomy::LayerKind::Bone)].visible); // not named: hidden
    REQUIRE(step.highlight.size() == 2);
    CHECK_FALSE(step.highlight[0].side);
    CHECK(step.highlight[1].side == anatomy::Side::Right);
    REQUIRE(step.triggerPoints.size() == 2);
    CHECK(step.triggerPoints[0].side == anatomy::Side::Left);
    CHECK(step.triggerPoints[1].id == "infraspinatus/TrP1");
    CHECK(step.triggerPoints[1].side == anatomy::Side::Right);
    CHECK(step.showFibres);
    CHECK_FALSE(step.showNetwork);
    REQUIRE(step.clip);
    CHECK(step.clip->tool == "elbow");
    CHECK(step.clip->pressureKPa == Approx(80.0f));
    // A structure named by muscle resolves to all its parts on both sides.
    const auto trapezius = resolveStructure(test::defaultBody(), step.highlight[0]);
    CHECK(trapezius.size() >= 6);
    CHECK(lessonProblems(*lesson, test::defaultBody(), annotate::referenceLibrary(), tools())
              .empty());
}

TEST_CASE("Broken lessons are refused, each with the file, step and field, and the rest load",
          "[learn]") {
    // File -> what its message must say.
    const std::map<std::string, std::string> unreadable = {
        {"truncated.json", "not valid JSON"},
        {"wrong-version.json", "lesson.version: expected 1"},
        {"no-steps.json", "lesson.steps: expected a list of at least one step"},
        {"misspelt-field.json", "step 2 (\"Second\").captoin: not a field here"},
        {"no-caption.json", "step 1 (\"A\").caption: missing"},
        {"bad-opacity.json", "step 1 (\"A\").layers.skin: opacity must lie from 0 to 1"},
        {"unknown-layer.json", "step 1 (\"A\").layers.fat: not a layer"},
        {"unknown-view.json", "step 1 (\"A\").camera.view: \"underneath\" is not a view"},
        {"bad-side.json", "step 1 (\"A\").highlight[0]: \"up\" is not a side"},
        {"negative-pressure.json", "step 1 (\"A\").clip.pressure"},
        {"point-not-text.json", "step 1 (\"A\").triggerPoints[0]: expected a library point"},
        {"not-an-object.json", "expected a lesson object"},
    };
    const std::map<std::string, std::string> unplayable = {
        {"missing-structure.json",
         "step 2 (\"Neck\").highlight[1]: the body has no structure \"levator-scapula\""},
        {"missing-point.json", "triggerPoints[0]: the library has no point \"trapezius/TrP9\""},
        {"missing-tool.json", "clip.tool: no tool \"hammer\""},
        {"missing-region.json", "fasciaRegions[1]: the body's fascia has no region \"Nuchal "
                                "fascia\""},
    };
    const LessonSet set = readLessonFolder(brokenLessons().string());
    CHECK(set.errors.size() == unreadable.size());
    for (const auto& [file, expected] : unreadable) {
        INFO(file);
        const bool named = std::any_of(set.errors.begin(), set.errors.end(),
                                       [&file = file, &expected = expected](const std::string& e) {
                                           return e.find(file) != std::string::npos &&
                                                  e.find(expected) != std::string::npos;
                                       });
        CHECK(named);
    }
    // The lessons that read are still there, and each says what the body lacks.
    REQUIRE(set.lessons.size() == unplayable.size());
    for (const Lesson& lesson : set.lessons) {
        INFO(lesson.file);
        const auto problems =
            lessonProblems(lesson, test::defaultBody(), annotate::referenceLibrary(), tools());
        REQUIRE(problems.size() == 1);
        const std::string file = std::filesystem::path(lesson.file).filename().string();
        REQUIRE(unplayable.count(file) == 1);
        CHECK_THAT(problems[0], Catch::Contains(file) && Catch::Contains(unplayable.at(file)));
    }
}

TEST_CASE("fascialab lessons lists the lessons and checks a teacher's folder", "[learn][cli]") {
    const auto list = test::runCli({"lessons"});
    CHECK(list.code == 0);
    CHECK_THAT(list.out, Catch::Contains("referred-pain") && Catch::Contains("care-plan"));
    const auto shipped = test::runCli(
        {"lessons", "--check", (test::sourceDir() / ".." / "assets" / "lessons").string()});
    CHECK(shipped.code == 0);
    CHECK_THAT(shipped.out, Catch::Contains("0 problems"));
    const auto broken = test::runCli({"lessons", "--check", brokenLessons().string()});
    CHECK(broken.code == 2);
    CHECK_THAT(broken.err,
               Catch::Contains("misspelt-field.json") && Catch::Contains("levator-scapula"));
    CHECK(test::runCli({"lessons", "extra"}).code == 1);
}

TEST_CASE("The viewer refuses a lesson that does not exist before opening a window",
          "[learn][cli]") {
    const auto run = test::runCli({"--lesson", "no-such-lesson:2"});
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("no lesson \"no-such-lesson\""));
}
