#include "app/DefaultBody.h"

#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "app/ProgressLine.h"
#include "core/Log.h"

#include <cstdlib>
#include <functional>
#include <iostream>

namespace app {
namespace {

bool sameParameters(const anatomy::gen::BodyParameters& a, const anatomy::gen::BodyParameters& b) {
    return a.heightM == b.heightM && a.sex == b.sex && a.build == b.build &&
           a.cellSizeM == b.cellSizeM && a.skeleton == b.skeleton;
}

// The body from the glTF at `path` when it is there and reads; else made, and written there
// (atomically) for next time. `what` names the body in the note and the import notes.
core::Result<anatomy::Body> cachedOrMade(const std::filesystem::path& path, const std::string& what,
                                         const std::function<core::Result<anatomy::Body>()>& make,
                                         std::string& note) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto cached = anatomy::io::loadModel(path);
        if (cached) {
            cached->sourcePath = what;
            cached->importNotes = {what + ", from the cache " + path.string()};
            note = "loaded " + what + " from " + path.string();
            return cached;
        }
        core::logWarning("ignoring the cached " + what + ": " + cached.error().message);
    }
    auto body = make();
    if (!body)
        return body;
    body->sourcePath = what;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (auto saved = anatomy::io::saveGltf(*body, path); !saved) {
        core::logWarning("could not cache " + what + ": " + saved.error().message);
        note = "made " + what + " (not cached: " + saved.error().message + ")";
    } else {
        // The writer keeps the previous copy as .bak; a cache has no use for it.
        std::filesystem::remove(path.string() + ".bak", ec);
        note = "made " + what + " and cached it in " + path.string();
    }
    return body;
}

} // namespace

std::filesystem::path cacheDirectory() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "fascialab";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "fascialab";
    return {};
}

std::filesystem::path atlasDirectory() {
    std::error_code ec;
    auto holdsParts = [&](const std::filesystem::path& dir) {
        return !dir.empty() && std::filesystem::is_regular_file(dir / "parts.tsv", ec);
    };
    if (const char* dir = std::getenv("FASCIALAB_ATLAS_DIR"); dir && *dir)
        return holdsParts(dir) ? std::filesystem::path(dir) : std::filesystem::path();
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed =
            executable.parent_path().parent_path() / "share" / "fascialab" / "bodyparts3d";
        if (holdsParts(installed))
            return installed;
    }
    const std::filesystem::path source(FASCIALAB_ATLAS_SOURCE_DIR);
    return holdsParts(source) ? source : std::filesystem::path();
}

std::filesystem::path atlasBodyCachePath(const std::filesystem::path& cacheDir,
                                         const std::string& fingerprint) {
    return cacheDir / ("atlas-body-" + fingerprint + ".glb");
}

std::filesystem::path generatedBodyCachePath(const std::filesystem::path& cacheDir) {
    return cacheDir /
           ("generated-body-" + std::string(anatomy::gen::fingerprint().substr(0, 16)) + ".glb");
}

core::Result<anatomy::Body> loadAtlasBody(const std::filesystem::path& atlasDir,
                                          const std::filesystem::path& cacheDir, std::string* note,
                                          core::TaskProgress* progress) {
    std::string said;
    auto build = [&]() -> core::Result<anatomy::Body> {
        anatomy::atlas::AtlasBuildReport report;
        // Built once and cached: the first run takes a while, and says how far it is.
        ProgressLine line(std::cerr, "fascialab: building the atlas body (once, then cached)");
        core::TaskProgress toStderr([&line](const std::string& stage, float done) {
            line.stage(stage, static_cast<double>(done));
        });
        anatomy::atlas::AtlasBuildOptions options;
        options.progress = progress ? progress : &toStderr;
        auto body = anatomy::atlas::buildAtlasBody(atlasDir, options, &report);
        if (body)
            body->importNotes = {"the atlas body, built from BodyParts3D's parts in " +
                                 atlasDir.string()};
        return body;
    };
    core::Result<anatomy::Body> body = core::badInput("no atlas");
    if (cacheDir.empty()) {
        body = build();
        said = "built the atlas body (no cache directory)";
    } else {
        auto fingerprint = anatomy::atlas::atlasFingerprint(atlasDir);
        if (!fingerprint)
            return fingerprint.error();
        body =
            cachedOrMade(atlasBodyCachePath(cacheDir, *fingerprint), "the atlas body", build, said);
    }
    if (body) {
        body->sourcePath = "atlas body";
        if (note)
            *note = said;
    }
    return body;
}

anatomy::Body loadGeneratedBody(const std::filesystem::path& cacheDir,
                                const anatomy::gen::BodyParameters& parameters, std::string* note) {
    std::string said;
    anatomy::Body body;
    if (cacheDir.empty() || !sameParameters(parameters, {})) {
        body = anatomy::gen::generateBody(parameters);
        said = "generated the body";
    } else {
        auto made = cachedOrMade(
            generatedBodyCachePath(cacheDir), "the generated body",
            [] { return core::Result<anatomy::Body>(anatomy::gen::generateBody()); }, said);
        body = std::move(*made); // generating cannot fail
    }
    body.sourcePath = "generated body";
    if (note)
        *note = said;
    return body;
}

anatomy::Body loadDefaultBody(const std::filesystem::path& cacheDir, std::string* note) {
    return std::move(*loadChosenBody({}, cacheDir, note)); // nothing can cancel it
}

core::Result<anatomy::Body> loadChosenBody(const BodyChoice& choice,
                                           const std::filesystem::path& cacheDir, std::string* note,
                                           core::TaskProgress* progress) {
    if (choice.kind == BodyChoice::Kind::Generated)
        return loadGeneratedBody(cacheDir, choice.generated, note);
    const std::filesystem::path atlasDir = atlasDirectory();
    std::string why;
    if (atlasDir.empty()) {
        why = "the atlas's parts were not found (set FASCIALAB_ATLAS_DIR to the folder holding "
              "parts.tsv)";
    } else if (auto atlas = loadAtlasBody(atlasDir, cacheDir, note, progress)) {
        return std::move(*atlas);
    } else if (atlas.error().kind == core::ErrorKind::Cancelled) {
        return atlas.error();
    } else {
        why = atlas.error().message;
    }
    core::logWarning("showing the generated body instead of the atlas body: " + why);
    anatomy::Body body = loadGeneratedBody(cacheDir, {}, note);
    body.importNotes.push_back("the generated body, shown because " + why);
    return body;
}

} // namespace app
