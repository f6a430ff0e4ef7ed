// Quizzes: made the same from the same seed, limited to what the teacher picks, and scored as
// a teacher would score them.
#include "CliRunner.h"
#include "TestSupport.h"

#include "anatomy/Bvh.h"
#include "learn/Lesson.h"
#include "learn/Quiz.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace learn;

namespace {

const std::vector<annotate::PlacedPoint>& placed() {
    static const anatomy::BodyBvh bvh(test::defaultBody());
    static const auto points =
        annotate::placeLibrary(test::defaultBody(), bvh, annotate::referenceLibrary());
    return points;
}

Quiz quizOf(const QuizOptions& options) {
    auto quiz = makeQuiz(test::defaultBody(), annotate::referenceLibrary(), placed(), options);
    REQUIRE(quiz);
    return std::move(quiz).value();
}

std::string fingerprint(const Quiz& quiz) {
    std::string text;
    for (const Question& q : quiz.questions)
        text += q.prompt + "|" + q.muscle + "|" + q.pointId + "|" + q.answer + "\n";
    return text;
}

const Question& firstOf(const Quiz& quiz, QuestionKind kind) {
    for (const Question& q : quiz.questions)
        if (q.kind == kind)
            return q;
    FAIL("no question of that kind");
    return quiz.questions.front();
}

} // namespace

TEST_CASE("The same seed makes the same quiz; another seed another", "[learn]") {
    QuizOptions options;
    options.seed = 42;
    options.questions = 12;
    const Quiz a = quizOf(options), b = quizOf(options);
    CHECK(fingerprint(a) == fingerprint(b));
    REQUIRE(a.questions.size() == 12);
    options.seed = 43;
    CHECK(fingerprint(quizOf(options)) != fingerprint(a));
    // Every kind is asked in a quiz of ten or more.
    for (const QuestionKind kind : kAllQuestionKinds)
        CHECK(std::any_of(a.questions.begin(), a.questions.end(),
                          [&](const Question& q) { return q.kind == kind; }));
}

TEST_CASE("A quiz keeps to the regions, layers and kinds asked for", "[learn]") {
    QuizOptions options;
    options.seed = 5;
    options.questions = 20;
    options.regions = {"shoulder-arm"};
    options.kinds = {QuestionKind::FindStructure, QuestionKind::PlacePoint,
                     QuestionKind::Referral};
    for (const Question& q : quizOf(options).questions) {
        INFO(q.prompt);
        CHECK(q.region == "shoulder-arm");
        CHECK(q.kind != QuestionKind::NameStructure);
        CHECK(q.kind != QuestionKind::Layer);
    }
    options.regions = {};
    options.kinds = {QuestionKind::Layer};
    options.layers = {anatomy::LayerKind::Bone};
    options.multipleChoice = true;
    for (const Question& q : quizOf(options).questions) {
        CHECK(q.layer == anatomy::LayerKind::Bone);
        CHECK(q.choices.size() == 5);
        CHECK(std::count(q.choices.begin(), q.choices.end(), q.answer) == 1);
    }
    options.regions = {"elbow"};
    CHECK_FALSE(makeQuiz(test::defaultBody(), annotate::referenceLibrary(), placed(), options));
    options.regions = {};
    options.questions = 0;
    CHECK_FALSE(makeQuiz(test::defaultBody(), annotate::referenceLibrary(), placed(), options));
}

TEST_CASE("Names are accepted as a teacher would: English or Latin, small typos forgiven",
          "[learn]") {
    CHECK(namesMuscle("levator scapulae", "levator-scapulae"));
    CHECK(namesMuscle("Levator scapula", "levator-scapulae"));           // one letter off
    CHECK(namesMuscle("musculus levator scapulae", "levator-scapulae")); // Latin
    CHECK(namesMuscle("M. levator scapulae (left)", "levator-scapulae"));
    CHECK(namesMuscle("trapezius", "trapezius-upper")); // a part answers to its muscle
    CHECK(namesMuscle("upper trapezius", "trapezius-upper"));
    CHECK(namesMuscle("infraspinatis", "infraspinatus"));
    CHECK_FALSE(namesMuscle("levator", "levator-scapulae"));
    CHECK_FALSE(namesMuscle("supraspinatus", "infraspinatus"));
    CHECK_FALSE(namesMuscle("", "infraspinatus"));
    CHECK_FALSE(namesMuscle("trapezius", "levator-scapulae"));
    // Another muscle's exact name is never taken for a typo.
    CHECK_FALSE(namesMuscle("gluteus minimus", "gluteus-maximus"));
    CHECK_FALSE(namesMuscle("internal oblique", "external-oblique"));
    CHECK(namesMuscle("gluteus maximis", "gluteus-maximus"));
}

TEST_CASE("Each kind of answer is scored, and the right answer given after the try", "[learn]") {
    QuizOptions options;
    options.seed = 9;
    options.questions = 15;
    const Quiz quiz = quizOf(options);
    const anatomy::Body& body = test::defaultBody();

    const Question& find = firstOf(quiz, QuestionKind::FindStructure);
    const auto right = resolveStructure(body, {find.muscle, find.side});
    REQUIRE_FALSE(right.empty());
    Answer click;
    click.structure = right.front();
    CHECK(scoreAnswer(body, find, click).correct);
    const anatomy::Side other =
        find.side == anatomy::Side::Left ? anatomy::Side::Right : anatomy::Side::Left;
    const auto mirrored = resolveStructure(body, {find.muscle, other});
    if (!mirrored.empty()) {
        click.structure = mirrored.front();
        const Score wrongSide = scoreAnswer(body, find, click);
        CHECK_FALSE(wrongSide.correct);
        CHECK_THAT(wrongSide.feedback, Catch::Contains(find.answer));
    }

    const Question& name = firstOf(quiz, QuestionKind::NameStructure);
    Answer typed;
    typed.text = muscleDisplayName(name.muscle);
    CHECK(scoreAnswer(body, name, typed).correct);
    typed.text = "pectineus-and-nothing-like-it";
    CHECK_FALSE(scoreAnswer(body, name, typed).correct);

    const Question& layer = firstOf(quiz, QuestionKind::Layer);
    typed.text = std::string(anatomy::layerId(layer.layer));
    CHECK(scoreAnswer(body, layer, typed).correct);
    typed.text = layer.layer == anatomy::LayerKind::Bone ? "skin" : "bone";
    CHECK_FALSE(scoreAnswer(body, layer, typed).correct);

    const Question& referral = firstOf(quiz, QuestionKind::Referral);
    REQUIRE_FALSE(referral.acceptedMuscles.empty());
    typed.text = muscleDisplayName(referral.acceptedMuscles.front());
    CHECK(scoreAnswer(body, referral, typed).correct);
}

TEST_CASE("A placed point scores by its distance along the muscle's surface", "[learn]") {
    QuizOptions options;
    options.seed = 3;
    options.questions = 5;
    options.kinds = {QuestionKind::PlacePoint};
    const Quiz quiz = quizOf(options);
    const anatomy::Body& body = test::defaultBody();
    for (const Question& q : quiz.questions) {
        INFO(q.prompt);
        REQUIRE(q.pointStructure >= 0);
        Answer exact;
        exact.position = q.pointAt;
        const Score s = scoreAnswer(body, q, exact);
        CHECK(s.correct);
        CHECK(s.points == Approx(1.0f));
        REQUIRE(s.distanceM);
        CHECK(*s.distanceM < 0.01f);
        // A vertex of the same muscle 3.5-5 cm away in a straight line: part marks, no more
        // than the straight line would give, since the surface path is never shorter.
        const anatomy::SurfaceMesh& mesh = body.structures()[size_t(q.pointStructure)].mesh;
        const auto near = std::find_if(mesh.positions.begin(), mesh.positions.end(),
                                       [&](const glm::vec3& p) {
                                           const float d = glm::length(p - q.pointAt);
                                           return d > 0.035f && d < 0.05f;
                                       });
        if (near != mesh.positions.end()) {
            Answer off;
            off.position = *near;
            const Score partial = scoreAnswer(body, q, off);
            CHECK_FALSE(partial.correct);
            CHECK(*partial.distanceM >= glm::length(*near - q.pointAt) - 0.005f);
            CHECK(partial.points < 0.5f);
        }
        Answer far;
        far.position = q.pointAt + glm::vec3(0.0f, 0.3f, 0.0f);
        CHECK(scoreAnswer(body, q, far).points == 0.0f);
        CHECK_FALSE(scoreAnswer(body, q, Answer{}).correct);
    }
}

TEST_CASE("fascialab quiz prints a quiz, scores an answer file and records it", "[learn][cli]") {
    const auto questions = test::runCli({"quiz", "--seed", "11", "--questions", "4", "--json"});
    REQUIRE(questions.code == 0);
    const auto asked = nlohmann::json::parse(questions.out);
    REQUIRE(asked["questions"].size() == 4);

    // Answer the same quiz: the right answers from the library where the CLI can express them.
    QuizOptions options;
    options.seed = 11;
    options.questions = 4;
    const Quiz quiz = quizOf(options);
    nlohmann::json answers = {{"answers", nlohmann::json::array()}};
    int expectRight = 0;
    for (const Question& q : quiz.questions) {
        if (q.kind == QuestionKind::FindStructure) {
            answers["answers"].push_back(
                {{"click", q.muscle + "/" + std::string(sideName(q.side))}});
            ++expectRight;
        } else if (q.kind == QuestionKind::PlacePoint) {
            answers["answers"].push_back({{"click", {q.pointAt.x, q.pointAt.y, q.pointAt.z}}});
            ++expectRight;
        } else if (q.kind == QuestionKind::NameStructure) {
            answers["answers"].push_back({{"text", muscleDisplayName(q.muscle)}});
            ++expectRight;
        } else {
            answers["answers"].push_back(nullptr); // skipped
        }
    }
    const auto dir = test::makeTempDir("quiz-cli");
    const auto answerFile = (dir / "answers.json").string();
    std::ofstream(answerFile) << answers.dump();
    setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
    const auto scored = test::runCli({"quiz", "--seed", "11", "--questions", "4", "--answers",
                                      answerFile, "--profile", "Sam Lee", "--json"});
    REQUIRE(scored.code == 0);
    const auto result = nlohmann::json::parse(scored.out);
    int right = 0;
    for (const auto& q : result["questions"])
        right += q["correct"].get<bool>() ? 1 : 0;
    CHECK(right == expectRight);
    CHECK(std::filesystem::exists(dir / "data" / "fascialab" / "profiles" / "Sam Lee.json"));

    const auto progress = test::runCli({"quiz", "--profile", "Sam Lee", "--progress"});
    CHECK(progress.code == 0);
    CHECK_THAT(progress.out, Catch::Contains("1 quizzes") && Catch::Contains("seed 11"));
    const auto csvPath = (dir / "progress.csv").string();
    CHECK(test::runCli({"quiz", "--profile", "Sam Lee", "--progress", "--csv", csvPath}).code ==
          0);
    std::ifstream csv(csvPath);
    std::string header, line;
    std::getline(csv, header);
    CHECK(header == "student,when,seed,question,kind,region,points,correct");
    int rows = 0;
    while (std::getline(csv, line))
        ++rows;
    CHECK(rows == 4);

    // Bad input: a damaged answer file, the wrong number of answers, a bad profile name.
    std::ofstream(answerFile) << "{\"answers\": [";
    const auto damaged =
        test::runCli({"quiz", "--seed", "11", "--questions", "4", "--answers", answerFile});
    CHECK(damaged.code == 2);
    CHECK_THAT(damaged.err, Catch::Contains("answers.json"));
    std::ofstream(answerFile) << "{\"answers\": [null]}";
    CHECK(test::runCli({"quiz", "--seed", "11", "--questions", "4", "--answers", answerFile})
              .code == 2);
    CHECK(test::runCli({"quiz", "--profile", "../x", "--progress"}).code == 1);
    CHECK(test::runCli({"quiz", "--region", "elbow"}).code == 1);
    unsetenv("XDG_DATA_HOME");
}
