#include "learn/Progress.h"

#include "core/AtomicFile.h"
#include "core/FileUtil.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>

namespace learn {

namespace {

using json = nlohmann::json;

core::Result<Profile> parseProfile(const std::vector<std::uint8_t>& bytes, const std::string& file,
                                   const std::string& student) {
    try {
        const json root = json::parse(bytes.begin(), bytes.end());
        if (root.value("format", "") != "fascialab-profile")
            return core::badInput(file + ": not a FasciaLab student profile (format)");
        // Numbers are checked for their kind and range before they are converted: a version of
        // 1e27 read as an int, or a seed of -1 as an unsigned one, would be undefined.
        const json version = root.value("version", json());
        if (!version.is_number_integer() || version.get<std::int64_t>() != 1)
            return core::badInput(file + ": profile version " + version.dump() + " is not 1");
        Profile profile;
        profile.student = root.value("student", student);
        for (const json& q : root.at("quizzes")) {
            QuizRecord record;
            record.when = q.at("when").get<std::string>();
            const json& seed = q.at("seed");
            if (!seed.is_number_unsigned())
                return core::badInput(file + ": a quiz's seed " + seed.dump() +
                                      " is not a whole number of zero or more");
            record.seed = seed.get<std::uint64_t>();
            for (const json& a : q.at("answers")) {
                AnsweredQuestion answer;
                answer.kind = a.at("kind").get<std::string>();
                answer.region = a.at("region").get<std::string>();
                const double points = a.at("points").get<double>();
                if (!(points >= 0.0 && points <= 1.0))
                    return core::badInput(file + ": a question's points lie outside 0 to 1");
                answer.points = static_cast<float>(points);
                answer.correct = a.at("correct").get<bool>();
                record.answers.push_back(answer);
            }
            profile.quizzes.push_back(std::move(record));
        }
        return profile;
    } catch (const json::exception& e) {
        return core::badInput(file + ": damaged profile (" + e.what() + ")");
    }
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace

float QuizRecord::points() const {
    float sum = 0.0f;
    for (const AnsweredQuestion& a : answers)
        sum += a.points;
    return sum;
}

core::Result<std::filesystem::path> profilePath(const std::filesystem::path& folder,
                                                const std::string& student) {
    const bool ok = !student.empty() && student.size() <= 64 && student != "." && student != ".." &&
                    student.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789 -_.") == std::string::npos;
    if (!ok)
        return core::usageError("\"" + student +
                                "\" is not a profile name: use 1 to 64 letters, digits, spaces, "
                                "'-', '_' or '.'");
    return folder / (student + ".json");
}

std::filesystem::path defaultProfileFolder() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "fascialab" / "profiles";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "fascialab" / "profiles";
    return std::filesystem::path("fascialab-profiles");
}

core::Result<Profile> loadProfile(const std::filesystem::path& path, const std::string& student,
                                  std::string* note) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        Profile fresh;
        fresh.student = student;
        return fresh;
    }
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    auto profile = parseProfile(*bytes, path.string(), student);
    if (profile)
        return profile;
    // The last save kept the copy before it; a damaged file (a disk error, an edit gone wrong)
    // falls back to it rather than losing every quiz.
    const std::filesystem::path backup = path.string() + ".bak";
    if (auto backupBytes = core::readFileBytes(backup))
        if (auto restored = parseProfile(*backupBytes, backup.string(), student)) {
            if (note)
                *note = profile.error().message + "; read the previous copy " + backup.string() +
                        " instead";
            return restored;
        }
    return profile.error();
}

core::Status saveProfile(const std::filesystem::path& path, const Profile& profile) {
    json root = {{"format", "fascialab-profile"},
                 {"version", 1},
                 {"student", profile.student},
                 {"quizzes", json::array()}};
    for (const QuizRecord& q : profile.quizzes) {
        json answers = json::array();
        for (const AnsweredQuestion& a : q.answers)
            answers.push_back({{"kind", a.kind},
                               {"region", a.region},
                               {"points", a.points},
                               {"correct", a.correct}});
        root["quizzes"].push_back({{"when", q.when}, {"seed", q.seed}, {"answers", answers}});
    }
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
        return core::badInput(path.parent_path().string() + ": cannot create the folder (" +
                              ec.message() + ")");
    return core::writeFileAtomically(path, root.dump(1) + "\n");
}

QuizRecord recordOf(const Quiz& quiz, const std::vector<Score>& scores, std::string when) {
    QuizRecord record;
    record.when = std::move(when);
    record.seed = quiz.options.seed;
    for (size_t i = 0; i < quiz.questions.size() && i < scores.size(); ++i)
        record.answers.push_back({std::string(questionKindId(quiz.questions[i].kind)),
                                  quiz.questions[i].region, scores[i].points, scores[i].correct});
    return record;
}

QuizRecord recordOf(const PalpationExercise& exercise, const PalpationResult& result,
                    std::string when) {
    QuizRecord record;
    record.when = std::move(when);
    record.seed = exercise.seed;
    for (const PalpationResult::PerRestriction& r : result.restrictions)
        record.answers.push_back(
            {"palpation", exercise.region, r.points, r.found && r.severityJudged});
    return record;
}

std::vector<std::string> progressOverTime(const Profile& profile, size_t recent) {
    std::map<std::pair<std::string, std::string>, std::vector<float>> shares;
    for (const ProgressRow& row : progressRows(profile))
        shares[{row.by, row.group}].push_back(row.share);
    std::vector<std::string> lines;
    for (const auto& [key, values] : shares) {
        std::string line = key.first + " " + key.second + ":";
        const size_t from = values.size() > recent ? values.size() - recent : 0;
        for (size_t i = from; i < values.size(); ++i)
            line += (i == from ? " " : " -> ") +
                    std::to_string(static_cast<int>(values[i] * 100.0f + 0.5f)) + " %";
        lines.push_back(line);
    }
    return lines;
}

std::vector<ProgressRow> progressRows(const Profile& profile) {
    std::vector<ProgressRow> rows;
    for (const QuizRecord& quiz : profile.quizzes)
        for (ProgressRow& row : weakAreas({quiz}, 2.0f)) { // every group: all score below 200 %
            row.when = quiz.when;
            rows.push_back(std::move(row));
        }
    return rows;
}

std::vector<ProgressRow> weakAreas(const std::vector<QuizRecord>& quizzes, float below) {
    std::map<std::pair<std::string, std::string>, std::pair<int, float>> groups;
    for (const QuizRecord& quiz : quizzes)
        for (const AnsweredQuestion& a : quiz.answers) {
            for (const auto& key : {std::pair<std::string, std::string>{"region", a.region},
                                    std::pair<std::string, std::string>{"kind", a.kind}}) {
                auto& [count, points] = groups[key];
                ++count;
                points += a.points;
            }
        }
    std::vector<ProgressRow> rows;
    for (const auto& [key, totals] : groups) {
        const float share = totals.second / static_cast<float>(totals.first);
        if (share < below)
            rows.push_back({"", key.first, key.second, totals.first, share});
    }
    return rows;
}

std::string progressCsv(const Profile& profile) {
    std::ostringstream out;
    out << "student,when,seed,question,kind,region,points,correct\n";
    for (const QuizRecord& quiz : profile.quizzes)
        for (size_t i = 0; i < quiz.answers.size(); ++i) {
            const AnsweredQuestion& a = quiz.answers[i];
            out << csvField(profile.student) << "," << quiz.when << "," << quiz.seed << "," << i + 1
                << "," << a.kind << "," << a.region << "," << a.points << ","
                << (a.correct ? "yes" : "no") << "\n";
        }
    return out.str();
}

} // namespace learn
