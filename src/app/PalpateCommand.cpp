// app: `fascialab palpate`, palpation practice headless: restrictions hidden from a seed, felt by
// pressing at points, guesses scored and everything revealed.
#include "app/Commands.h"

#include "anatomy/Bvh.h"
#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/CliArguments.h"
#include "app/CommandSupport.h"
#include "app/PalpationTissue.h"
#include "core/FileUtil.h"
#include "learn/Palpation.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <ostream>

namespace app {
namespace {

using json = nlohmann::json;

constexpr const char* kPalpateHelp =
    R"(Usage: fascialab palpate --region R [--seed N] [--count K] [--press x,y,z [--pressure KPA]]
                         [--guesses FILE] [--reveal] [--json]

Palpation practice: K (1-3, default 2) restrictions are hidden at trigger points of region R
(upper-back, low-back, head-neck, shoulder-arm, forearm-hand, trunk, hip-thigh, leg-foot), each
with a severity from 3
to 9, drawn from the seed (default 1). A press tells only what a hand would feel: how far the
thumb sinks (mm) and how firmly the tissue pushes back (kPa of pressure per mm it gives).
  --press x,y,z    press the thumb there (metres, on the body), for half a second
  --pressure KPA   how hard (default 30)
  --guesses FILE   JSON {"guesses": [{"at": [x, y, z], "severity": 1-10}, ...]}: scored by the
                   distance along the fascia to each restriction (found within 3 cm) and the
                   severity judged (within 2), then everything is revealed
  --reveal         show where the restrictions are (for a teacher)
  --json           one JSON object instead of text
Exit codes: 0 success, 1 usage error, 2 bad input (a guess file that does not read, a press off
the fascia).
)";

std::string fixed1(float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(v));
    return text;
}

core::Result<glm::vec3> pointArgument(const std::string& text) {
    glm::vec3 p(0.0f);
    const char* at = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        const auto parsed = std::from_chars(at, end, p[i]);
        if (parsed.ec != std::errc())
            return core::usageError("--press: expected x,y,z in metres, not \"" + text + "\"");
        at = parsed.ptr;
        if (i < 2) {
            if (at == end || *at != ',')
                return core::usageError("--press: expected x,y,z in metres, not \"" + text + "\"");
            ++at;
        }
    }
    if (at != end)
        return core::usageError("--press: expected x,y,z in metres, not \"" + text + "\"");
    return p;
}

core::Result<std::vector<learn::PalpationGuess>> readGuesses(const std::string& path) {
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    std::vector<learn::PalpationGuess> guesses;
    try {
        const json root = json::parse(bytes->begin(), bytes->end());
        if (!root.is_object() || !root.contains("guesses") || !root["guesses"].is_array())
            return core::badInput(path + ": expected {\"guesses\": [...]}");
        for (size_t i = 0; i < root["guesses"].size(); ++i) {
            const json& g = root["guesses"][i];
            const std::string where = path + ": guesses[" + std::to_string(i) + "]";
            if (!g.is_object() || !g.contains("at") || !g["at"].is_array() || g["at"].size() != 3 ||
                !g.contains("severity") || !g["severity"].is_number_integer())
                return core::badInput(where + ": expected {\"at\": [x, y, z], \"severity\": N}");
            learn::PalpationGuess guess;
            for (int c = 0; c < 3; ++c) {
                if (!g["at"][static_cast<size_t>(c)].is_number())
                    return core::badInput(where + ".at: expected three numbers (metres)");
                guess.at[c] = g["at"][static_cast<size_t>(c)].get<float>();
            }
            guess.severity = g["severity"].get<int>();
            if (guess.severity < 0 || guess.severity > 10)
                return core::badInput(where + ".severity: expected 0 to 10");
            guesses.push_back(guess);
        }
    } catch (const json::exception& e) {
        return core::badInput(path + ": not valid JSON (" + e.what() + ")");
    }
    if (guesses.size() > 10)
        return core::badInput(path + ": at most 10 guesses");
    return guesses;
}

json hiddenJson(const learn::HiddenRestriction& h) {
    return {{"point", h.pointId},
            {"name", h.name},
            {"at", {h.at.x, h.at.y, h.at.z}},
            {"severity", h.severity}};
}

} // namespace

int runPalpate(const CommandArgs& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> valued = {"--region", "--seed",     "--count",
                                       "--press",  "--pressure", "--guesses"};
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--reveal", "--json", "--help"});
    if (!parsed) {
        err << "fascialab palpate: " << parsed.error().message << "\n"
            << withBodyOptions(kPalpateHelp);
        return kExitUsage;
    }
    auto& o = parsed->options;
    if (o.count("--help")) {
        out << withBodyOptions(kPalpateHelp);
        return kExitOk;
    }
    auto usage = [&](const std::string& message) {
        err << "fascialab palpate: " << message << "\n";
        return kExitUsage;
    };
    if (!o.count("--region"))
        return usage("--region R is required");
    auto seed = numberOption(o, "--seed", 1.0f, 0.0f, 1e9f);
    auto count = numberOption(o, "--count", 2.0f, 1.0f, 3.0f);
    auto pressure = numberOption(o, "--pressure", 30.0f, 1.0f, 1000.0f);
    for (const auto* value : {&seed, &count, &pressure})
        if (!*value)
            return usage(value->error().message);
    std::optional<glm::vec3> press;
    if (o.count("--press")) {
        auto p = pointArgument(o["--press"]);
        if (!p)
            return usage(p.error().message);
        press = *p;
    }
    auto body = loadBodyArgument(*parsed);
    if (!body) {
        err << "fascialab palpate: " << body.error().message << "\n";
        return exitCodeFor(body.error());
    }
    const anatomy::BodyBvh bvh(*body);
    const auto placed = annotate::placeLibrary(*body, bvh, annotate::referenceLibrary());
    const auto exercise =
        learn::makePalpation(placed, o["--region"], static_cast<int>(*count),
                             static_cast<std::uint64_t>(*seed), palpableOn(*body));
    if (!exercise)
        return usage(exercise.error().message);
    auto tissue = PalpationTissue::build(*body, *exercise);
    if (!tissue) {
        err << "fascialab palpate: " << tissue.error().message << "\n";
        return exitCodeFor(tissue.error());
    }
    json j = {{"region", exercise->region},
              {"seed", exercise->seed},
              {"hidden", exercise->hidden.size()}};
    const bool asJson = o.count("--json") > 0;
    if (!asJson)
        out << exercise->hidden.size() << " restrictions hidden in " << exercise->region
            << " (seed " << exercise->seed << ")\n";
    if (press) {
        const auto feel = tissue->press(*press, *pressure);
        if (!feel) {
            err << "fascialab palpate: " << feel.error().message << "\n";
            return exitCodeFor(feel.error());
        }
        j["press"] = {{"at", {press->x, press->y, press->z}},
                      {"pressureKPa", *pressure},
                      {"giveMm", feel->giveMm},
                      {"firmnessKPaPerMm", feel->firmnessKPaPerMm}};
        if (!asJson)
            out << "Pressed at " << o["--press"] << " with " << fixed1(*pressure)
                << " kPa: the tissue gives " << fixed1(feel->giveMm) << " mm, pushing back "
                << fixed1(feel->firmnessKPaPerMm) << " kPa per mm\n";
    }
    bool reveal = o.count("--reveal") > 0;
    if (o.count("--guesses")) {
        const auto guesses = readGuesses(o["--guesses"]);
        if (!guesses) {
            err << "fascialab palpate: " << guesses.error().message << "\n";
            return exitCodeFor(guesses.error());
        }
        const learn::PalpationResult result =
            learn::scorePalpation(tissue->surface(), *exercise, *guesses);
        j["points"] = result.points;
        j["restrictions"] = json::array();
        for (size_t i = 0; i < result.restrictions.size(); ++i) {
            const auto& r = result.restrictions[i];
            json item = hiddenJson(exercise->hidden[i]);
            item["found"] = r.found;
            item["severityJudged"] = r.severityJudged;
            item["points"] = r.points;
            if (r.distanceM)
                item["distanceM"] = *r.distanceM;
            if (r.guess >= 0)
                item["guess"] = r.guess;
            j["restrictions"].push_back(item);
            if (!asJson) {
                out << exercise->hidden[i].name << ", severity " << exercise->hidden[i].severity
                    << ": ";
                if (r.guess < 0)
                    out << "not found";
                else
                    out << (r.found ? "found" : "missed") << " by guess " << r.guess + 1 << ", "
                        << fixed1(*r.distanceM * 100.0f) << " cm along the fascia, severity "
                        << (r.severityError >= 0 ? "+" : "") << r.severityError;
                out << " (" << fixed1(r.points) << " points)\n";
            }
        }
        j["falseAlarms"] = result.falseAlarms;
        if (!asJson)
            out << "Score: " << fixed1(result.points) << " of " << exercise->hidden.size() << "; "
                << result.falseAlarms.size() << " guesses matched nothing\n";
        reveal = false; // the scores above reveal them
    }
    if (reveal) {
        j["revealed"] = json::array();
        for (const auto& h : exercise->hidden) {
            j["revealed"].push_back(hiddenJson(h));
            if (!asJson)
                out << h.name << " at " << fixed1(h.at.x * 100.0f) << ", "
                    << fixed1(h.at.y * 100.0f) << ", " << fixed1(h.at.z * 100.0f)
                    << " cm, severity " << h.severity << "\n";
        }
    }
    if (asJson)
        out << j.dump(2) << "\n";
    return kExitOk;
}

} // namespace app
