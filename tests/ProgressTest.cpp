// A student's progress: written and read back, recovered from the previous copy when damaged,
// and never losing a completed quiz when the program is killed while saving.
#include "TestSupport.h"

#include "learn/Progress.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace learn;

namespace {

QuizRecord record(std::uint64_t seed, float points) {
    QuizRecord r;
    r.when = "2026-12-0" + std::to_string(1 + seed % 9) + "T10:00:00";
    r.seed = seed;
    r.answers = {{"find", "shoulder-arm", points, points >= 1.0f},
                 {"place", "trunk", 0.25f, false},
                 {"layer", "whole-body", 1.0f, true}};
    return r;
}

} // namespace

TEST_CASE("A profile is written and read back, and shows progress by region and kind", "[learn]") {
    const auto dir = test::makeTempDir("profiles");
    const auto path = profilePath(dir, "Ana Ruiz");
    REQUIRE(path);
    CHECK(path->filename() == "Ana Ruiz.json");
    CHECK_FALSE(profilePath(dir, "../escape"));
    CHECK_FALSE(profilePath(dir, ""));
    CHECK_FALSE(profilePath(dir, std::string(65, 'a')));

    auto fresh = loadProfile(*path, "Ana Ruiz");
    REQUIRE(fresh);
    CHECK(fresh->quizzes.empty());
    Profile profile = *fresh;
    profile.quizzes = {record(1, 0.0f), record(2, 1.0f)};
    REQUIRE(saveProfile(*path, profile));
    const auto back = loadProfile(*path, "Ana Ruiz");
    REQUIRE(back);
    REQUIRE(back->quizzes.size() == 2);
    CHECK(back->quizzes[1].seed == 2);
    CHECK(back->quizzes[1].points() == Approx(2.25f));

    // Over time: shoulder-arm went from 0 to 100 % of the marks.
    const auto rows = progressRows(*back);
    auto share = [&](size_t quiz, const std::string& group) {
        for (const ProgressRow& row : rows)
            if (row.when == back->quizzes[quiz].when && row.group == group)
                return row.share;
        FAIL("no row for " << group);
        return -1.0f;
    };
    CHECK(share(0, "shoulder-arm") == Approx(0.0f));
    CHECK(share(1, "shoulder-arm") == Approx(1.0f));
    CHECK(share(1, "place") == Approx(0.25f));
    // Weak areas over both: placing points and the trunk (a quarter of the marks).
    const auto weak = weakAreas(back->quizzes);
    CHECK(std::any_of(weak.begin(), weak.end(),
                      [](const ProgressRow& r) { return r.group == "place"; }));
    CHECK(std::none_of(weak.begin(), weak.end(),
                       [](const ProgressRow& r) { return r.group == "layer"; }));

    // Over time, as the Learn tab shows it.
    const auto lines = progressOverTime(*back);
    CHECK(std::find(lines.begin(), lines.end(), "region shoulder-arm: 0 % -> 100 %") !=
          lines.end());
    // A palpation exercise is kept alike: one answer per hidden restriction.
    PalpationExercise exercise;
    exercise.seed = 8;
    exercise.region = "trunk";
    exercise.hidden.resize(2);
    PalpationResult result;
    result.restrictions.resize(2);
    result.restrictions[0].found = result.restrictions[0].severityJudged = true;
    result.restrictions[0].points = 1.0f;
    result.restrictions[1].points = 0.2f;
    const QuizRecord palpation = recordOf(exercise, result, "2026-12-06T09:00:00");
    REQUIRE(palpation.answers.size() == 2);
    CHECK(palpation.answers[0].kind == "palpation");
    CHECK(palpation.answers[0].correct);
    CHECK_FALSE(palpation.answers[1].correct);
    CHECK(palpation.points() == Approx(1.2f));

    const std::string csv = progressCsv(*back);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 7); // header and six answers
    CHECK_THAT(csv, Catch::Contains("Ana Ruiz,2026-12-03T10:00:00,2,1,find,shoulder-arm,1,yes"));
}

TEST_CASE("A damaged profile falls back to the previous copy, saying so", "[learn]") {
    const auto dir = test::makeTempDir("profiles-damaged");
    const auto path = *profilePath(dir, "kim");
    Profile profile;
    profile.student = "kim";
    profile.quizzes = {record(1, 1.0f)};
    REQUIRE(saveProfile(path, profile));
    profile.quizzes.push_back(record(2, 1.0f));
    REQUIRE(saveProfile(path, profile)); // the first save is now kim.json.bak
    std::ofstream(path, std::ios::trunc) << "{\"format\": \"fascialab-profile\", \"vers";
    std::string note;
    const auto recovered = loadProfile(path, "kim", &note);
    REQUIRE(recovered);
    CHECK(recovered->quizzes.size() == 1);
    CHECK_THAT(note, Catch::Contains("kim.json") && Catch::Contains(".bak"));
    // Both damaged: an error naming the file.
    std::ofstream(path.string() + ".bak", std::ios::trunc) << "[]";
    const auto lost = loadProfile(path, "kim");
    REQUIRE_FALSE(lost);
    CHECK_THAT(lost.error().message, Catch::Contains("kim.json"));
}

TEST_CASE("A profile's numbers of the wrong kind or beyond their range are refused by name",
          "[learn]") {
    const auto dir = test::makeTempDir("profiles-numbers");
    const auto path = *profilePath(dir, "lee");
    const auto withQuiz = [](const std::string& version, const std::string& seed,
                             const std::string& points) {
        return "{\"format\": \"fascialab-profile\", \"version\": " + version +
               ", \"quizzes\": [{\"when\": \"2026-12-01T10:00:00\", \"seed\": " + seed +
               ", \"answers\": [{\"kind\": \"find\", \"region\": \"trunk\", \"points\": " + points +
               ", \"correct\": true}]}]}";
    };
    std::ofstream(path, std::ios::trunc) << withQuiz("1", "7", "0.5");
    REQUIRE(loadProfile(path, "lee")); // the well-formed one reads
    // Each of these was undefined behaviour when converted unchecked (a fuzzer found the first).
    const std::pair<std::string, std::string> cases[] = {
        {withQuiz("1777777777777777777777777777", "7", "0.5"), "version"},
        {withQuiz("1.0e0", "7", "0.5"), "version"},
        {withQuiz("1", "-1", "0.5"), "seed"},
        {withQuiz("1", "1e30", "0.5"), "seed"},
        {withQuiz("1", "7", "1e300"), "points"},
    };
    for (const auto& [text, field] : cases) {
        INFO(text);
        std::ofstream(path, std::ios::trunc) << text;
        std::filesystem::remove(path.string() + ".bak");
        const auto refused = loadProfile(path, "lee");
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::Contains("lee.json") && Catch::Contains(field));
    }
}

TEST_CASE("Killing the program while it saves never loses a completed quiz", "[learn]") {
    const auto dir = test::makeTempDir("profiles-killed");
    const auto path = *profilePath(dir, "killed");
    std::mt19937 random(7);
    int completedBeforeKill = 0;
    for (int round = 0; round < 12; ++round) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            close(fds[0]);
            // Save quiz after quiz; after each save tells the parent how many are on disk.
            for (;;) {
                auto profile = loadProfile(path, "killed");
                if (!profile)
                    _exit(3);
                profile->quizzes.push_back(record(profile->quizzes.size() + 1, 1.0f));
                if (!saveProfile(path, *profile))
                    _exit(4);
                const int saved = static_cast<int>(profile->quizzes.size());
                if (write(fds[1], &saved, sizeof saved) != sizeof saved)
                    _exit(5);
            }
        }
        close(fds[1]);
        // Once the child has saved a first quiz (past its start, however loaded the machine),
        // at a random instant of the saves that follow.
        int first = 0;
        REQUIRE(read(fds[0], &first, sizeof first) == sizeof first);
        completedBeforeKill = std::max(completedBeforeKill, first);
        usleep(static_cast<useconds_t>(random() % 30000));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        CHECK(WIFSIGNALED(status)); // killed mid-work, not failed
        int saved = 0;
        while (read(fds[0], &saved, sizeof saved) == sizeof saved)
            completedBeforeKill = std::max(completedBeforeKill, saved);
        close(fds[0]);
        // The file reads, whole, with every quiz the child finished saving.
        std::string note;
        const auto profile = loadProfile(path, "killed", &note);
        REQUIRE(profile);
        CHECK(note.empty());
        CHECK(static_cast<int>(profile->quizzes.size()) >= completedBeforeKill);
    }
    CHECK(completedBeforeKill >= 12); // each round saved at least one quiz before its kill
}
