#include "app/CommandSupport.h"

#include "anatomy/io/ModelLoader.h"
#include "annotate/Anchoring.h"
#include "annotate/MapFile.h"
#include "app/BodyOptions.h"
#include "app/Cli.h"
#include "app/DefaultBody.h"
#include "app/ProgressLine.h"

#include <charconv>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <ostream>
#include <sstream>

namespace app {

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

core::Result<glm::ivec2> parseSize(const std::string& text) {
    const auto x = text.find('x');
    int w = 0, h = 0;
    if (x == std::string::npos ||
        std::from_chars(text.data(), text.data() + x, w).ec != std::errc() ||
        std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ec != std::errc() ||
        w <= 0 || h <= 0 || w > 8192 || h > 8192)
        return core::usageError("--size must be WIDTHxHEIGHT, each 1 to 8192 pixels, not '" + text +
                                "'");
    return glm::ivec2(w, h);
}

core::Result<anatomy::Body> loadBodyArgument(const Arguments& arguments) {
    auto choice = bodyChoice(arguments);
    if (!choice)
        return choice.error();
    if (arguments.positional.empty())
        return loadChosenBody(*choice, cacheDirectory());
    return loadModelArgument(arguments.positional[0]);
}

core::Result<anatomy::Body> loadModelArgument(const std::filesystem::path& path) {
    // A large model takes a while: its stages on stderr when someone watches, and Ctrl-C
    // stops it at the next checkpoint (exit code 130).
    ProgressLine line(std::cerr, "fascialab: opening " + path.filename().string());
    InterruptScope interrupts;
    core::TaskProgress progress(
        [&line](const std::string& stage, float done) {
            line.stage(stage, static_cast<double>(done));
        },
        &InterruptScope::interrupted);
    return anatomy::io::loadModel(path, &progress);
}

core::Result<annotate::MapDocument> loadMapFor(const anatomy::Body& body, const std::string& path,
                                               std::ostream& err, const char* command) {
    auto document = annotate::loadMap(path);
    if (!document)
        return document.error();
    const annotate::ReanchorReport report = annotate::reanchorDocument(body, *document);
    if (report.changed())
        err << "fascialab " << command << ": " << path << ": " << report.summary() << "\n";
    return document;
}

core::Result<int> sessionArgument(const std::map<std::string, std::string>& options,
                                  const annotate::MapDocument& document,
                                  const std::string& option) {
    const int count = static_cast<int>(document.sessions.size());
    const auto it = options.find(option);
    if (it == options.end())
        return count - 1;
    int number = 0;
    const auto [ptr, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), number);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || number < 1 ||
        number > count)
        return core::usageError(option + " must be a session number from 1 to " +
                                std::to_string(count) + ", not '" + it->second + "'");
    return number - 1;
}

core::Result<BodyAndMap> loadBodyAndMap(const Arguments& arguments, const std::string& mapPath,
                                        std::ostream& err, const char* command) {
    if (auto check = annotate::loadMap(mapPath); !check)
        return check.error();
    auto body = loadBodyArgument(arguments);
    if (!body)
        return body.error();
    auto map = loadMapFor(*body, mapPath, err, command);
    if (!map)
        return map.error();
    return BodyAndMap{std::move(*body), std::move(*map)};
}

std::variant<Arguments, int> parseMapCommand(const std::vector<std::string>& args,
                                             std::vector<std::string> valued, const char* name,
                                             const std::string& help, const char* outHint,
                                             bool mapRequired, std::ostream& out,
                                             std::ostream& err) {
    valued.insert(valued.end(), {"--map", "--out"});
    valued.insert(valued.end(), bodyOptions().begin(), bodyOptions().end());
    auto parsed = parseArguments(args, valued, {"--help"});
    if (!parsed) {
        err << "fascialab " << name << ": " << parsed.error().message << "\n" << help;
        return kExitUsage;
    }
    auto& options = parsed->options;
    if (options.count("--help")) {
        out << help;
        return kExitOk;
    }
    auto usage = [&](const std::string& message) {
        err << "fascialab " << name << ": " << message << "\n";
        return kExitUsage;
    };
    if (parsed->positional.size() > 1)
        return usage("expected at most one MODEL");
    if (options.count("--map") ? options["--map"].empty() : mapRequired)
        return usage("--map FILE.fascia.json is required");
    if (!options.count("--out") || options["--out"].empty())
        return usage(std::string("--out ") + outHint + " is required");
    if (auto choice = bodyChoice(*parsed); !choice)
        return usage(choice.error().message);
    return std::move(*parsed);
}

core::Result<float> numberOption(const std::map<std::string, std::string>& options,
                                 const std::string& name, float fallback, float minimum,
                                 float maximum) {
    const auto it = options.find(name);
    if (it == options.end())
        return fallback;
    float value = 0.0f;
    const auto [ptr, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || !std::isfinite(value))
        return core::usageError(name + " must be a number, not '" + it->second + "'");
    if (value < minimum || value > maximum)
        return core::usageError(name + " must lie between " + fixed(minimum, 0) + " and " +
                                fixed(maximum, 0) + ", not " + it->second);
    return value;
}

} // namespace app
