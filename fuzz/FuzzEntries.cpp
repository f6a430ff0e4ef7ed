#include "FuzzEntries.h"

#include "anatomy/io/LayerClassifier.h"
#include "anatomy/io/ModelLoader.h"
#include "annotate/Library.h"
#include "annotate/MapFile.h"
#include "learn/Lesson.h"
#include "learn/Progress.h"
#include "sim/Parameters.h"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fuzz {
namespace {

namespace fs = std::filesystem;

std::string_view asText(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A folder of this process's own for the readers that take a file, removed at exit.
const fs::path& scratchFolder() {
    static const fs::path folder = [] {
        fs::path path = fs::temp_directory_path() / ("fascialab-fuzz-" + std::to_string(getpid()));
        fs::create_directories(path);
        std::atexit([] {
            std::error_code ignored;
            fs::remove_all(scratchFolder(), ignored);
        });
        return path;
    }();
    return folder;
}

fs::path writeScratchFile(const std::string& name, const uint8_t* data, size_t size) {
    const fs::path path = scratchFolder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// Models go through loadModel, as the viewer and every command open them: glTF 2.0 in this
// process through tinygltf and the Draco decoder, everything else through Assimp in a child.
template <const char* Extension> bool runModel(const uint8_t* data, size_t size) {
    const fs::path path = writeScratchFile(std::string("model.") + Extension, data, size);
    return anatomy::io::loadModel(path).ok();
}

constexpr char kGltf[] = "gltf";
constexpr char kGlb[] = "glb";
constexpr char kObj[] = "obj";
constexpr char kStl[] = "stl";
constexpr char kPly[] = "ply";
constexpr char kOff[] = "off";
constexpr char kFbx[] = "fbx";
constexpr char kDae[] = "dae";

bool runMap(const uint8_t* data, size_t size) {
    return annotate::readMapJson(asText(data, size), "fuzz.fascia.json").ok();
}

// The library is several files: the input's parts, split at NUL bytes, are library.json,
// places.json and then the region files in the order library.json lists them (the last part
// stands in for any beyond it).
bool runLibrary(const uint8_t* data, size_t size) {
    std::vector<std::string> parts(1);
    for (char c : asText(data, size)) {
        if (c == '\0')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    size_t nextRegion = 2;
    const annotate::LibraryFileOpener open =
        [&](const std::string& path) -> std::optional<std::string> {
        if (path == "library.json")
            return parts[0];
        if (path == "places.json")
            return parts.size() > 1 ? std::optional<std::string>(parts[1]) : std::nullopt;
        if (parts.size() <= 2)
            return std::nullopt;
        return parts[std::min(nextRegion++, parts.size() - 1)];
    };
    return annotate::readLibrary(open, "fuzz-library").ok();
}

// The user's layer-name rules file, then names classified by it: the input's own lines, so
// that rules and names meet.
bool runLayerNames(const uint8_t* data, size_t size) {
    const std::string_view text = asText(data, size);
    anatomy::io::LayerNameRules rules = anatomy::io::LayerNameRules::builtIn();
    const bool accepted = rules.add(text, "fuzz-layer-names.json", true).ok();
    static constexpr std::array kNames = {
        "VH_M_rectus_femoris_R", "Skin", "fascia_lata_L", "Bone.001", "deltoid (left)", ""};
    for (const char* name : kNames)
        (void)rules.classify(name, text.substr(0, 64));
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        (void)rules.classify(line);
        (void)anatomy::io::classifySide(line);
        (void)anatomy::io::displayNameFromIdentifier(line);
        start = end + 1;
    }
    return accepted;
}

bool runLesson(const uint8_t* data, size_t size) {
    return learn::readLesson(asText(data, size), "fuzz-lesson.json").ok();
}

// A profile goes through loadProfile, which falls back to the .bak copy; no .bak here.
bool runProfile(const uint8_t* data, size_t size) {
    const fs::path path = writeScratchFile("Student.json", data, size);
    return learn::loadProfile(path, "Student").ok();
}

bool runSimParameters(const uint8_t* data, size_t size) {
    return sim::parseParameters(asText(data, size), "fuzz-fascia.json").ok();
}

constexpr std::array kTargets = {
    Target{"gltf", runModel<kGltf>,
           "a glTF 2.0 JSON file (.gltf), embedded buffers and Draco included"},
    Target{"glb", runModel<kGlb>, "a binary glTF file (.glb), Draco included"},
    Target{"obj", runModel<kObj>, "a Wavefront OBJ through Assimp"},
    Target{"stl", runModel<kStl>, "an STL file through Assimp"},
    Target{"ply", runModel<kPly>, "a PLY file (size checks, then Assimp)"},
    Target{"off", runModel<kOff>, "an OFF file (size checks, then Assimp)"},
    Target{"fbx", runModel<kFbx>, "an FBX file through Assimp"},
    Target{"dae", runModel<kDae>, "a COLLADA file through Assimp"},
    Target{"map", runMap, "a client's map file (.fascia.json)"},
    Target{"library", runLibrary, "the trigger-point library's files, split at NUL bytes"},
    Target{"layer-names", runLayerNames,
           "the user's layer-name rules and names classified by them"},
    Target{"lesson", runLesson, "a lesson file"},
    Target{"profile", runProfile, "a student's profile"},
    Target{"sim-parameters", runSimParameters, "the simulation's parameter file"},
};

} // namespace

std::span<const Target> targets() {
    return kTargets;
}

const Target* findTarget(std::string_view name) {
    for (const Target& target : kTargets)
        if (target.name == name)
            return &target;
    return nullptr;
}

} // namespace fuzz
