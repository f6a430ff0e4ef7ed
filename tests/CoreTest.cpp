#include "TestSupport.h"
#include "core/AtomicFile.h"
#include "core/FileUtil.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {
std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("Atomic writes keep the previous copy as .bak", "[core]") {
    const auto dir = test::makeTempDir("atomic");
    const auto file = dir / "map.fascia.json";
    REQUIRE(core::writeFileAtomically(file, std::string_view("first")).ok());
    CHECK(readText(file) == "first");
    CHECK_FALSE(std::filesystem::exists(dir / "map.fascia.json.bak"));
    REQUIRE(core::writeFileAtomically(file, std::string_view("second")).ok());
    CHECK(readText(file) == "second");
    CHECK(readText(dir / "map.fascia.json.bak") == "first");
    CHECK_FALSE(std::filesystem::exists(dir / "map.fascia.json.tmp"));
}

TEST_CASE("A failed atomic write names the file and leaves nothing behind", "[core]") {
    const auto dir = test::makeTempDir("atomic-fail");
    const auto file = dir / "missing-dir" / "out.png";
    auto status = core::writeFileAtomically(file, std::string_view("x"));
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message, Catch::Contains(file.string()));
}

TEST_CASE("Reading files reports missing files and directories by name", "[core]") {
    auto missing = core::readFileBytes("/nonexistent/body.glb");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message,
               Catch::Contains("/nonexistent/body.glb") && Catch::Contains("not found"));
    auto directory = core::readFileBytes(std::filesystem::temp_directory_path());
    REQUIRE_FALSE(directory.ok());
    CHECK_THAT(directory.error().message, Catch::Contains("directory"));
    CHECK(core::lowerExtension("A/B/Body.GLB") == "glb");
    CHECK(core::lowerExtension("noext").empty());
}
