// app: `fascialab quiz`, a quiz headless: its questions for a teacher to check, or a file of
// answers scored as the viewer scores them, recorded in a student's profile.
#include "app/Commands.h"

#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "anatomy/Bvh.h"
#include "core/AtomicFile.h"
#include "core/FileUtil.h"
#include "learn/Lesson.h"
#include "learn/Progress.h"
#include "learn/Quiz.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>
#include <sstream>

namespace app {
namespace {

using json = nlohmann::json;

constexpr const char* kQuizHelp = R"(Usage: fascialab quiz [--seed N] [--questions K] [--region R[,R...]] [--kinds K[,K...]]
                      [--layers L[,L...]] [--choices] [--answers FILE] [--profile NAME] [--json]
       fascialab quiz --profile NAME --progress [--csv FILE]

A quiz on the body, made from a seed so a class can take the same one. Without --answers it
prints the questions; with --answers it scores them, shows the right answer after each, and sums
up the weak areas.
  --seed N         the quiz's seed (default 1)
  --questions K    how many questions (default 10)
  --region R       head-neck, shoulder-arm, forearm-hand, trunk, hip-thigh, leg-foot (default all)
  --kinds K        find (click a muscle), name (name the highlighted muscle), place (click where
                   a trigger point lies), referral (which muscle refers pain here), layer (which
                   layer is this) (default all)
  --layers L       the layers layer questions ask about (default the five tissues)
  --choices        name, referral and layer questions as multiple choice
  --answers FILE   JSON: {"answers": [A, ...]}, one per question, in order; A is
                   {"click": "levator-scapulae/left"} or {"click": [x, y, z]} (metres),
                   {"text": "levator scapulae"}, {"choice": 2} (from 0), or null (skipped)
  --profile NAME   with --answers: record the result in the student's profile
                   ($XDG_DATA_HOME/fascialab/profiles/NAME.json); with --progress: show it
  --progress       the student's results over time, per region and question kind
  --csv FILE       with --progress: every answered question as CSV, for a teacher
  --json           one JSON object instead of text
Exit codes: 0 success, 1 usage error, 2 bad input (an answer file that does not read).
)";

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

core::Result<learn::QuizOptions> quizOptions(const Arguments& arguments) {
    const auto& o = arguments.options;
    learn::QuizOptions options;
    auto integer = [&](const char* name, auto& into) -> bool {
        const auto it = o.find(name);
        if (it == o.end())
            return true;
        const char* end = it->second.data() + it->second.size();
        const auto [ptr, ec] = std::from_chars(it->second.data(), end, into);
        return ec == std::errc() && ptr == end;
    };
    if (!integer("--seed", options.seed))
        return core::usageError("--seed: expected a whole number, not \"" + o.at("--seed") + "\"");
    if (!integer("--questions", options.questions))
        return core::usageError("--questions: expected a whole number, not \"" +
                                o.at("--questions") + "\"");
    if (o.count("--region"))
        options.regions = splitList(o.at("--region"));
    if (o.count("--kinds"))
        for (const std::string& k : splitList(o.at("--kinds"))) {
            const auto kind = learn::questionKindFromId(k);
            if (!kind)
                return core::usageError("--kinds: no question kind \"" + k +
                                        "\" (find, name, place, referral, layer)");
            options.kinds.push_back(*kind);
        }
    if (o.count("--layers"))
        for (const std::string& l : splitList(o.at("--layers"))) {
            const auto layer = anatomy::layerFromId(l);
            if (!layer)
                return core::usageError("--layers: no layer \"" + l + "\"");
            options.layers.push_back(*layer);
        }
    options.multipleChoice = o.count("--choices") > 0;
    return options;
}

std::string now() {
    const std::time_t t = std::time(nullptr);
    char text[32];
    std::tm local{};
    localtime_r(&t, &local);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    return text;
}

// The answers of an answer file, one per question.
core::Result<std::vector<learn::Answer>> readAnswers(const std::string& path,
                                                     const anatomy::Body& body) {
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    std::vector<learn::Answer> answers;
    try {
        const json root = json::parse(bytes->begin(), bytes->end());
        if (!root.is_object() || !root.contains("answers") || !root["answers"].is_array())
            return core::badInput(path + ": expected {\"answers\": [...]}");
        const json& list = root["answers"];
        for (size_t i = 0; i < list.size(); ++i) {
            const json& a = list[i];
            const std::string where = path + ": answers[" + std::to_string(i) + "]";
            learn::Answer answer;
            if (a.is_null()) {
                answers.push_back(answer);
                continue;
            }
            if (!a.is_object() || a.size() != 1)
                return core::badInput(where + ": expected one of click, text, choice, or null");
            if (a.contains("text") && a["text"].is_string()) {
                answer.text = a["text"].get<std::string>();
            } else if (a.contains("choice") && a["choice"].is_number_integer()) {
                answer.choice = a["choice"].get<int>();
            } else if (a.contains("click") && a["click"].is_string()) {
                const std::string name = a["click"].get<std::string>();
                const size_t slash = name.rfind('/');
                learn::StructureRef ref{name.substr(0, slash), std::nullopt};
                if (slash != std::string::npos) {
                    const std::string side = name.substr(slash + 1);
                    ref.side = side == "left"    ? anatomy::Side::Left
                               : side == "right" ? anatomy::Side::Right
                                                 : anatomy::Side::Midline;
                }
                const auto found = learn::resolveStructure(body, ref);
                if (found.empty())
                    return core::badInput(where + ".click: the body has no structure \"" + name +
                                          "\"");
                answer.structure = found.front();
                answer.position =
                    body.structures()[static_cast<size_t>(found.front())].mesh.bounds().center();
            } else if (a.contains("click") && a["click"].is_array() && a["click"].size() == 3 &&
                       a["click"][0].is_number() && a["click"][1].is_number() &&
                       a["click"][2].is_number()) {
                answer.position = glm::vec3(a["click"][0].get<float>(), a["click"][1].get<float>(),
                                            a["click"][2].get<float>());
            } else {
                return core::badInput(where + ": expected {\"click\": NAME or [x, y, z]}, "
                                              "{\"text\": ...} or {\"choice\": N}");
            }
            answers.push_back(answer);
        }
    } catch (const json::exception& e) {
        return core::badInput(path + ": not valid JSON (" + e.what() + ")");
    }
    return answers;
}

json questionJson(const learn::Question& q) {
    json j = {{"kind", learn::questionKindId(q.kind)}, {"region", q.region}, {"prompt", q.prompt}};
    if (!q.choices.empty())
        j["choices"] = q.choices;
    if (q.spot)
        j["spot"] = {q.spot->x, q.spot->y, q.spot->z};
    return j;
}

int showProgress(const Arguments& arguments, const std::filesystem::path& path,
                 const std::string& student, std::ostream& out, std::ostream& err) {
    std::string note;
    auto profile = learn::loadProfile(path, student, &note);
    if (!profile) {
        err << "fascialab quiz: " << profile.error().message << "\n";
        return exitCodeFor(profile.error());
    }
    if (!note.empty())
        err << "fascialab quiz: " << note << "\n";
    if (arguments.options.count("--csv")) {
        const std::string csvPath = arguments.options.at("--csv");
        if (auto written = core::writeFileAtomically(csvPath, learn::progressCsv(*profile));
            !written) {
            err << "fascialab quiz: " << written.error().message << "\n";
            return exitCodeFor(written.error());
        }
        out << "wrote " << csvPath << "\n";
        return kExitOk;
    }
    out << student << ": " << profile->quizzes.size() << " quizzes\n";
    for (const learn::QuizRecord& quiz : profile->quizzes) {
        char line[160];
        std::snprintf(line, sizeof line, "%s  seed %llu  %.1f of %zu\n", quiz.when.c_str(),
                      static_cast<unsigned long long>(quiz.seed),
                      static_cast<double>(quiz.points()), quiz.answers.size());
        out << line;
        for (const learn::ProgressRow& row : learn::weakAreas({quiz}, 2.0f)) {
            std::snprintf(line, sizeof line, "    %-7s %-14s %3.0f %% of %d\n", row.by.c_str(),
                          row.group.c_str(), static_cast<double>(row.share) * 100.0,
                          row.questions);
            out << line;
        }
    }
    return kExitOk;
}

} // namespace

int runQuiz(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--seed",    "--questions", "--region", "--kinds",
                                       "--layers",  "--answers",   "--profile", "--csv"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--choices", "--json", "--progress", "--help"});
    if (!parsed) {
        err << "fascialab quiz: " << parsed.error().message << "\n" << withBodyOptions(kQuizHelp);
        return kExitUsage;
    }
    const auto& o = parsed->options;
    if (o.count("--help")) {
        out << withBodyOptions(kQuizHelp);
        return kExitOk;
    }
    std::filesystem::path profileFile;
    if (o.count("--profile")) {
        auto path = learn::profilePath(learn::defaultProfileFolder(), o.at("--profile"));
        if (!path) {
            err << "fascialab quiz: --profile: " << path.error().message << "\n";
            return kExitUsage;
        }
        profileFile = *path;
    }
    if (o.count("--progress")) {
        if (profileFile.empty()) {
            err << "fascialab quiz: --progress needs --profile NAME\n";
            return kExitUsage;
        }
        return showProgress(*parsed, profileFile, o.at("--profile"), out, err);
    }
    if (o.count("--csv")) {
        err << "fascialab quiz: --csv goes with --progress\n";
        return kExitUsage;
    }
    const auto options = quizOptions(*parsed);
    if (!options) {
        err << "fascialab quiz: " << options.error().message << "\n";
        return kExitUsage;
    }
    auto body = loadBodyArgument(*parsed);
    if (!body) {
        err << "fascialab quiz: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const anatomy::BodyBvh bvh(*body);
    const auto placed = annotate::placeLibrary(*body, bvh, annotate::referenceLibrary());
    const auto quiz = learn::makeQuiz(*body, annotate::referenceLibrary(), placed, *options);
    if (!quiz) {
        err << "fascialab quiz: " << quiz.error().message << "\n";
        return exitCodeFor(quiz.error());
    }
    const bool asJson = o.count("--json") > 0;
    if (!o.count("--answers")) {
        if (!profileFile.empty()) {
            err << "fascialab quiz: --profile records answers; give --answers FILE\n";
            return kExitUsage;
        }
        json j = {{"seed", options->seed}, {"questions", json::array()}};
        for (size_t i = 0; i < quiz->questions.size(); ++i) {
            const learn::Question& q = quiz->questions[i];
            j["questions"].push_back(questionJson(q));
            if (!asJson) {
                out << i + 1 << ". [" << learn::questionKindId(q.kind) << ", " << q.region << "] "
                    << q.prompt << "\n";
                for (size_t c = 0; c < q.choices.size(); ++c)
                    out << "     " << c << ") " << q.choices[c] << "\n";
            }
        }
        if (asJson)
            out << j.dump(2) << "\n";
        return kExitOk;
    }
    const auto answers = readAnswers(o.at("--answers"), *body);
    if (!answers) {
        err << "fascialab quiz: " << answers.error().message << "\n";
        return exitCodeFor(answers.error());
    }
    if (answers->size() != quiz->questions.size()) {
        err << "fascialab quiz: " << o.at("--answers") << ": " << answers->size()
            << " answers for " << quiz->questions.size() << " questions\n";
        return kExitBadInput;
    }
    std::vector<learn::Score> scores;
    json j = {{"seed", options->seed}, {"questions", json::array()}};
    float total = 0.0f;
    for (size_t i = 0; i < quiz->questions.size(); ++i) {
        const learn::Question& q = quiz->questions[i];
        scores.push_back(learn::scoreAnswer(*body, q, (*answers)[i]));
        const learn::Score& s = scores.back();
        total += s.points;
        json item = questionJson(q);
        item["points"] = s.points;
        item["correct"] = s.correct;
        item["answer"] = q.answer;
        item["feedback"] = s.feedback;
        if (s.distanceM)
            item["distanceM"] = *s.distanceM;
        j["questions"].push_back(item);
        if (!asJson) {
            char mark[16];
            std::snprintf(mark, sizeof mark, "%.2f", static_cast<double>(s.points));
            out << i + 1 << ". " << q.prompt << "\n   " << mark << "  " << s.feedback << "\n";
        }
    }
    const learn::QuizRecord record = learn::recordOf(*quiz, scores, now());
    const auto weak = learn::weakAreas({record});
    j["points"] = total;
    j["weakAreas"] = json::array();
    for (const learn::ProgressRow& row : weak)
        j["weakAreas"].push_back({{"by", row.by}, {"group", row.group}, {"share", row.share}});
    if (asJson) {
        out << j.dump(2) << "\n";
    } else {
        char line[96];
        std::snprintf(line, sizeof line, "Score: %.1f of %zu\n", static_cast<double>(total),
                      quiz->questions.size());
        out << line;
        for (const learn::ProgressRow& row : weak) {
            std::snprintf(line, sizeof line, "Weak area: %s %s (%.0f %% of the marks)\n",
                          row.by.c_str(), row.group.c_str(),
                          static_cast<double>(row.share) * 100.0);
            out << line;
        }
    }
    if (!profileFile.empty()) {
        std::string note;
        auto profile = learn::loadProfile(profileFile, o.at("--profile"), &note);
        if (!profile) {
            err << "fascialab quiz: " << profile.error().message << "\n";
            return exitCodeFor(profile.error());
        }
        if (!note.empty())
            err << "fascialab quiz: " << note << "\n";
        profile->quizzes.push_back(record);
        if (auto saved = learn::saveProfile(profileFile, *profile); !saved) {
            err << "fascialab quiz: " << saved.error().message << "\n";
            return exitCodeFor(saved.error());
        }
        if (!asJson)
            out << "recorded in " << profileFile.string() << "\n";
    }
    return kExitOk;
}

} // namespace app
