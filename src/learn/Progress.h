// learn: a student's progress — every quiz they completed, kept in a file per student profile,
// written whole and atomically after each quiz so that a crash never loses a completed one;
// shown over time per region and question kind, and exported as CSV for a teacher.
#pragma once

#include "core/Result.h"
#include "learn/Palpation.h"
#include "learn/Quiz.h"

#include <filesystem>
#include <string>
#include <vector>

namespace learn {

struct AnsweredQuestion {
    std::string kind;   // questionKindId
    std::string region; // quiz region
    float points = 0.0f;
    bool correct = false;
};

struct QuizRecord {
    std::string when; // ISO 8601 date and time, local
    std::uint64_t seed = 0;
    std::vector<AnsweredQuestion> answers;
    float points() const;
};

struct Profile {
    std::string student;
    std::vector<QuizRecord> quizzes;
};

// A profile's name is the student's; its file lies in `folder` as "<name>.json". Names are
// letters, digits, spaces, '-', '_' and '.', 1 to 64 of them (not "." or "..").
core::Result<std::filesystem::path> profilePath(const std::filesystem::path& folder,
                                                const std::string& student);
// Where profiles live by default: $XDG_DATA_HOME/fascialab/profiles (~/.local/share/...).
std::filesystem::path defaultProfileFolder();

// Reads a profile; a missing file is a new, empty profile. A damaged file falls back to the
// copy kept by the last save ("<file>.bak"), saying so in `note`; when both are damaged the
// error names the file and the problem.
core::Result<Profile> loadProfile(const std::filesystem::path& path, const std::string& student,
                                  std::string* note = nullptr);
core::Status saveProfile(const std::filesystem::path& path, const Profile& profile);

QuizRecord recordOf(const Quiz& quiz, const std::vector<Score>& scores, std::string when);
// A palpation exercise as a record: one answer of kind "palpation" per hidden restriction,
// right when it was found and its severity judged.
QuizRecord recordOf(const PalpationExercise& exercise, const PalpationResult& result,
                    std::string when);

// Each region's and question kind's share of the marks, quiz after quiz, oldest first: a line
// per group ("region trunk: 40 % -> 60 % -> 75 %"), the last `recent` quizzes that asked it.
std::vector<std::string> progressOverTime(const Profile& profile, size_t recent = 6);

// Share of the marks per region and per question kind, in each quiz in turn: one row per
// (quiz, region) and (quiz, kind) pair, oldest first.
struct ProgressRow {
    std::string when;
    std::string by;    // "region" or "kind"
    std::string group; // the region or kind
    int questions = 0;
    float share = 0.0f; // of the marks, 0..1
};
std::vector<ProgressRow> progressRows(const Profile& profile);
// The weak areas: groups scoring under `below` of their marks over all quizzes.
std::vector<ProgressRow> weakAreas(const std::vector<QuizRecord>& quizzes, float below = 0.6f);

// One line per answered question: student,when,seed,question,kind,region,points,correct.
std::string progressCsv(const Profile& profile);

} // namespace learn
