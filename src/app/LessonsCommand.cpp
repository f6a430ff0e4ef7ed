// app: `fascialab lessons`, the guided lessons from the command line: the ones that ship, and a
// check of a teacher's folder of lessons on the body.
#include "app/Commands.h"

#include "annotate/Library.h"
#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "learn/Lesson.h"
#include "sim/Parameters.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace app {
namespace {

constexpr const char* kLessonsHelp = R"(Usage: fascialab lessons [--json]
       fascialab lessons --check DIR [MODEL]

The guided lessons for students (each a sequence of steps with captions; the viewer plays them
in Learn mode).
  (no option)   the lessons that ship with FasciaLab: id, title, steps
  --check DIR   reads every *.json lesson in DIR (docs/lesson-format.md) and checks each on the
                body: every structure, fascia region, trigger point and clip it names must exist.
                A lesson that does not read is reported and the others are still checked
  --json        one JSON object instead of text
Exit codes: 0 success, 1 usage error, 2 bad input (a lesson that does not read or names what the
body lacks).
)";

std::vector<std::string> toolIds() {
    std::vector<std::string> ids;
    for (const sim::ToolParameters& tool : sim::defaultParameters().tools)
        ids.push_back(tool.id);
    return ids;
}

int listLessons(bool json, std::ostream& out) {
    const learn::LessonSet& set = learn::builtInLessons();
    if (json) {
        nlohmann::ordered_json j = {{"lessons", nlohmann::ordered_json::array()}};
        for (const learn::Lesson& lesson : set.lessons)
            j["lessons"].push_back({{"id", lesson.id},
                                    {"title", lesson.title},
                                    {"summary", lesson.summary},
                                    {"steps", lesson.steps.size()}});
        out << j.dump(2) << "\n";
    } else {
        for (const learn::Lesson& lesson : set.lessons)
            out << lesson.id << "  " << lesson.title << " (" << lesson.steps.size()
                << " steps)\n    " << lesson.summary << "\n";
    }
    return set.errors.empty() ? kExitOk : kExitInternal;
}

int checkLessonsFolder(const Arguments& arguments, std::ostream& out, std::ostream& err) {
    const std::string folder = arguments.options.at("--check");
    const learn::LessonSet set = learn::readLessonFolder(folder);
    auto body = loadBodyArgument(arguments);
    if (!body) {
        err << "fascialab lessons: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    size_t problems = set.errors.size();
    for (const std::string& error : set.errors)
        err << error << "\n";
    const std::vector<std::string> tools = toolIds();
    for (const learn::Lesson& lesson : set.lessons) {
        const auto found =
            learn::lessonProblems(lesson, *body, annotate::referenceLibrary(), tools);
        for (const std::string& problem : found)
            err << problem << "\n";
        problems += found.size();
    }
    out << folder << ": " << set.lessons.size() << " lessons read, " << set.errors.size()
        << " not; " << problems << (problems == 1 ? " problem" : " problems") << "\n";
    return problems == 0 ? kExitOk : kExitBadInput;
}

} // namespace

int runLessons(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--check"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--json", "--help"});
    if (!parsed) {
        err << "fascialab lessons: " << parsed.error().message << "\n"
            << withBodyOptions(kLessonsHelp);
        return kExitUsage;
    }
    if (parsed->options.count("--help")) {
        out << withBodyOptions(kLessonsHelp);
        return kExitOk;
    }
    if (!parsed->positional.empty() && !parsed->options.count("--check")) {
        err << "fascialab lessons: a MODEL is only used by --check\n";
        return kExitUsage;
    }
    if (parsed->options.count("--check"))
        return checkLessonsFolder(*parsed, out, err);
    return listLessons(parsed->options.count("--json") > 0, out);
}

} // namespace app
