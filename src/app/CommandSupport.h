// app: what the commands share: the body and map they are given, read and checked the same way
// everywhere, and the parsers of options several commands take.
#pragma once

#include "anatomy/Body.h"
#include "annotate/MapDocument.h"
#include "app/CliArguments.h"
#include "core/Result.h"

#include <glm/vec2.hpp>

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace app {

// A number with `digits` decimals: "1.50".
std::string fixed(double v, int digits);
inline std::string fixed(float v, int digits) {
    return fixed(static_cast<double>(v), digits);
}

// "WIDTHxHEIGHT", each 1 to 8192 pixels.
core::Result<glm::ivec2> parseSize(const std::string& text);

// A number option in [minimum, maximum]; `fallback` when absent.
core::Result<float> numberOption(const std::map<std::string, std::string>& options,
                                 const std::string& name, float fallback, float minimum,
                                 float maximum);

// "--session N" (or another option's N, 1-based) to an index; the latest session by default.
core::Result<int> sessionArgument(const std::map<std::string, std::string>& options,
                                  const annotate::MapDocument& document,
                                  const std::string& option = "--session");

// MODEL, or the body --body chooses (the atlas body by default, from its cache).
core::Result<anatomy::Body> loadBodyArgument(const Arguments& arguments);
// A model file named on the command line: its loading stages on stderr when someone watches
// (ProgressLine), and Ctrl-C stops it at its next checkpoint with a Cancelled error.
core::Result<anatomy::Body> loadModelArgument(const std::filesystem::path& path);

// A map made for this body: read, then re-anchored where it was made on another body (the
// report says what moved, on stderr).
core::Result<annotate::MapDocument> loadMapFor(const anatomy::Body& body, const std::string& path,
                                               std::ostream& err, const char* command);

struct BodyAndMap {
    anatomy::Body body;
    annotate::MapDocument map;
};

// For commands that take --map FILE [MODEL]: the map is read first, so a bad map fails before
// seconds are spent on the body; then it is re-anchored to the body.
core::Result<BodyAndMap> loadBodyAndMap(const Arguments& arguments, const std::string& mapPath,
                                        std::ostream& err, const char* command);

// Handout's and export's arguments: [MODEL] --map FILE --out FILE, the body options, --help
// and the command's own `valued` options. On --help or a usage error, writes what to say and
// gives the exit code instead. `mapRequired`: whether --map must be given.
std::variant<Arguments, int> parseMapCommand(const std::vector<std::string>& args,
                                             std::vector<std::string> valued, const char* name,
                                             const std::string& help, const char* outHint,
                                             bool mapRequired, std::ostream& out,
                                             std::ostream& err);

} // namespace app
