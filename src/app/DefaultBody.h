// app: the default body, generated once per generator version and then loaded from a cache, so
// the viewer opens in well under a second and the first launch shows a frame while it works.
#pragma once

#include "anatomy/Body.h"

#include <filesystem>
#include <string>

namespace app {

// $XDG_CACHE_HOME/fascialab, or ~/.cache/fascialab; empty when neither can be found.
std::filesystem::path cacheDirectory();

// The BodyParts3D parts the atlas body is built from: $FASCIALAB_ATLAS_DIR where set, else the
// installed copy beside the program (../share/fascialab/bodyparts3d), else the source tree's
// third_party/bodyparts3d. Empty when none of them holds a parts list.
std::filesystem::path atlasDirectory();

// The cached glTF of the default body for this build's generator (see gen::fingerprint()).
std::filesystem::path defaultBodyCachePath(const std::filesystem::path& cacheDir);

// Loads the default body from the cache in `cacheDir`, or generates it and writes the cache
// (atomically) for next time. A missing, unreadable or corrupt cache is regenerated; `note`
// tells which happened, in words.
anatomy::Body loadDefaultBody(const std::filesystem::path& cacheDir, std::string* note = nullptr);

} // namespace app
