// The fuzz entries reach the readers they are meant to fuzz, and every file a fuzzer once
// crashed on is read again by every build.
#include "FuzzEntries.h"
#include "TestSupport.h"
#include "core/FileUtil.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

Bytes fileBytes(const fs::path& path) {
    auto bytes = core::readFileBytes(path);
    REQUIRE(bytes.ok());
    return std::move(bytes).value();
}

Bytes textBytes(const std::string& text) {
    return {text.begin(), text.end()};
}

// The library's files as the library fuzzer's input: library.json, places.json and the region
// files in the order library.json lists them, separated by NUL bytes.
Bytes libraryAsOneInput() {
    const fs::path folder = test::sourceDir() / "../assets/library";
    const Bytes root = fileBytes(folder / "library.json");
    const std::string rootText(root.begin(), root.end());
    std::smatch regions;
    REQUIRE(std::regex_search(rootText, regions, std::regex(R"("regions":\s*\[([^\]]*)\])")));
    Bytes input = root;
    auto append = [&](const fs::path& path) {
        input.push_back(0);
        const Bytes part = fileBytes(path);
        input.insert(input.end(), part.begin(), part.end());
    };
    append(folder / "places.json");
    const std::string list = regions[1];
    const std::regex name(R"("([^"]+)\")");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), name);
         it != std::sregex_iterator(); ++it)
        append(folder / "trigger-points" / ((*it)[1].str() + ".json"));
    return input;
}

// Valid files of each target's kind, from the repository.
std::vector<Bytes> validInputs(std::string_view target) {
    const fs::path source = test::sourceDir() / "..";
    const fs::path seeds = source / "fuzz/seeds" / std::string(target);
    std::vector<Bytes> inputs;
    if (fs::is_directory(seeds))
        for (const auto& entry : fs::directory_iterator(seeds))
            inputs.push_back(fileBytes(entry.path()));
    if (target == "glb") // a Draco-compressed atlas part
        inputs.push_back(fileBytes(source / "third_party/bodyparts3d/parts/FJ3372.glb"));
    if (target == "map")
        inputs.push_back(fileBytes(source / "examples/alex-three-sessions.fascia.json"));
    if (target == "library")
        inputs.push_back(libraryAsOneInput());
    if (target == "layer-names")
        inputs.push_back(fileBytes(source / "assets/anatomy/layer-names.json"));
    if (target == "lesson")
        inputs.push_back(fileBytes(source / "assets/lessons/fascia-web.json"));
    if (target == "sim-parameters")
        inputs.push_back(fileBytes(source / "assets/sim/fascia.json"));
    return inputs;
}

} // namespace

TEST_CASE("Each fuzz target accepts valid files of its kind and refuses garbage", "[fuzz][io]") {
    REQUIRE(fuzz::targets().size() == 14);
    for (const fuzz::Target& target : fuzz::targets()) {
        INFO("fuzz target " << target.name);
        const std::vector<Bytes> inputs = validInputs(target.name);
        REQUIRE(!inputs.empty());
        for (const Bytes& input : inputs)
            CHECK(target.run(input.data(), input.size()));
        const Bytes garbage = textBytes("\x01\x7f not a file of any kind {[");
        CHECK_FALSE(target.run(garbage.data(), garbage.size()));
        // A valid file cut in half is refused or read, never a crash.
        const Bytes& first = inputs.front();
        (void)target.run(first.data(), first.size() / 2);
    }
}

TEST_CASE("Every file a fuzzer crashed on is read again without a crash", "[fuzz][io]") {
    // tests/data/fuzz-regressions/<target>/<file>: the input that crashed, kept after the fix.
    const fs::path folder = test::sourceDir() / "data/fuzz-regressions";
    REQUIRE(fs::is_directory(folder));
    // Some files hang Assimp itself (dae/hang-*): those must be stopped by the importer's time
    // limit, lowered here from 60 s to 5 s so that a hang shows as a slow file, not a stall.
    const char* ownLimit = std::getenv("FASCIALAB_IMPORT_TIME_LIMIT_S");
    const std::string savedLimit = ownLimit ? ownLimit : "";
    ::setenv("FASCIALAB_IMPORT_TIME_LIMIT_S", "5", 1);
    size_t replayed = 0;
    for (const auto& targetFolder : fs::directory_iterator(folder)) {
        if (!targetFolder.is_directory())
            continue;
        const std::string name = targetFolder.path().filename().string();
        const fuzz::Target* target = fuzz::findTarget(name);
        INFO("folder " << targetFolder.path());
        REQUIRE(target != nullptr);
        for (const auto& file : fs::directory_iterator(targetFolder.path())) {
            const Bytes input = fileBytes(file.path());
            INFO("file " << file.path());
            // Hangs are among what the fuzzers find: each must end within the time limit.
            const auto start = std::chrono::steady_clock::now();
            (void)target->run(input.data(), input.size());
            CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
                  10.0);
            ++replayed;
        }
    }
    if (ownLimit)
        ::setenv("FASCIALAB_IMPORT_TIME_LIMIT_S", savedLimit.c_str(), 1);
    else
        ::unsetenv("FASCIALAB_IMPORT_TIME_LIMIT_S");
    CHECK(replayed >= 1);
}
