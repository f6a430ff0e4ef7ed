#include "app/DefaultBody.h"

#include "anatomy/gen/BodyGenerator.h"
#include "anatomy/io/GltfWriter.h"
#include "anatomy/io/ModelLoader.h"
#include "core/Log.h"

#include <cstdlib>

namespace app {

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

std::filesystem::path defaultBodyCachePath(const std::filesystem::path& cacheDir) {
    return cacheDir /
           ("default-body-" + std::string(anatomy::gen::fingerprint().substr(0, 16)) + ".glb");
}

anatomy::Body loadDefaultBody(const std::filesystem::path& cacheDir, std::string* note) {
    auto say = [&](const std::string& text) {
        if (note)
            *note = text;
    };
    if (cacheDir.empty()) {
        say("generated the default body (no cache directory)");
        return anatomy::gen::generateBody();
    }
    const std::filesystem::path path = defaultBodyCachePath(cacheDir);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto cached = anatomy::io::loadModel(path);
        if (cached) {
            cached->sourcePath = "default body";
            cached->importNotes = {"the generated default body, from the cache " + path.string()};
            say("loaded the default body from " + path.string());
            return std::move(*cached);
        }
        core::logWarning("ignoring the default-body cache: " + cached.error().message);
    }
    anatomy::Body body = anatomy::gen::generateBody();
    std::filesystem::create_directories(cacheDir, ec);
    if (auto saved = anatomy::io::saveGltf(body, path); !saved) {
        core::logWarning("could not cache the default body: " + saved.error().message);
        say("generated the default body (not cached: " + saved.error().message + ")");
    } else {
        // The writer keeps the previous copy as .bak; a cache has no use for it.
        std::filesystem::remove(path.string() + ".bak", ec);
        say("generated the default body and cached it in " + path.string());
    }
    return body;
}

} // namespace app
