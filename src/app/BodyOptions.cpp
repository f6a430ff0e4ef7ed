#include "app/BodyOptions.h"

#include <cstdlib>

namespace app {

const std::vector<std::string>& bodyOptions() {
    static const std::vector<std::string> options = {"--body", "--height", "--sex", "--build"};
    return options;
}

namespace {

const char* const kBodyOptionsHelp =
    R"(  --body B             when no MODEL is given: atlas (default), the layered body built from
                       the BodyParts3D atlas, or generated, the procedurally generated body
  --height M --sex S --build B
                       the generated body's stature (1.2 to 2.2 m, default 1.75), sex (male,
                       female) and build (slim, average, muscular); with --body generated
)";

} // namespace

std::string withBodyOptions(const char* help) {
    std::string text(help);
    const auto exitCodes = text.find("Exit codes:");
    text.insert(exitCodes == std::string::npos ? text.size() : exitCodes, kBodyOptionsHelp);
    return text;
}

core::Result<anatomy::gen::BodyParameters> generatedParameters(const Arguments& arguments) {
    const auto& options = arguments.options;
    anatomy::gen::BodyParameters parameters;
    if (const auto it = options.find("--height"); it != options.end()) {
        const std::string& text = it->second;
        char* end = nullptr;
        parameters.heightM = std::strtof(text.c_str(), &end);
        if (text.empty() || *end != '\0')
            return core::usageError("--height must be a number of metres, not '" + text + "'");
    }
    if (const auto it = options.find("--sex"); it != options.end()) {
        const std::string& sex = it->second;
        if (sex != "male" && sex != "female")
            return core::usageError("--sex must be male or female, not '" + sex + "'");
        parameters.sex = sex == "male" ? anatomy::gen::Sex::Male : anatomy::gen::Sex::Female;
    }
    if (const auto it = options.find("--build"); it != options.end()) {
        const std::string& build = it->second;
        if (build == "slim")
            parameters.build = anatomy::gen::Build::Slim;
        else if (build == "average")
            parameters.build = anatomy::gen::Build::Average;
        else if (build == "muscular")
            parameters.build = anatomy::gen::Build::Muscular;
        else
            return core::usageError("--build must be slim, average or muscular, not '" + build +
                                    "'");
    }
    if (auto valid = anatomy::gen::validate(parameters); !valid)
        return core::usageError("--" + valid.error().message);
    return parameters;
}

core::Result<BodyChoice> bodyChoice(const Arguments& arguments) {
    const auto& options = arguments.options;
    BodyChoice choice;
    const auto body = options.find("--body");
    if (body != options.end()) {
        if (!arguments.positional.empty())
            return core::usageError("give a MODEL file or --body " + body->second + ", not both");
        if (body->second == "generated")
            choice.kind = BodyChoice::Kind::Generated;
        else if (body->second != "atlas")
            return core::usageError("--body must be atlas or generated, not '" + body->second +
                                    "'");
    }
    const bool shaped =
        options.count("--height") || options.count("--sex") || options.count("--build");
    if (shaped && choice.kind != BodyChoice::Kind::Generated)
        return core::usageError(
            "--height, --sex and --build shape the generated body: add --body generated");
    if (choice.kind == BodyChoice::Kind::Generated) {
        auto parameters = generatedParameters(arguments);
        if (!parameters)
            return parameters.error();
        choice.generated = *parameters;
    }
    return choice;
}

} // namespace app
