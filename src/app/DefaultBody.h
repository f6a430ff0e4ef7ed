// app: the bodies FasciaLab shows when no model file is given. The default is the atlas body,
// built from BodyParts3D's parts; `--body generated` gives the procedurally generated body
// instead. Either is built once and then loaded from a cache keyed by what it is made from, so
// the viewer opens in well under a second and the first launch shows a frame while it works.
#pragma once

#include "anatomy/Body.h"
#include "anatomy/gen/BodyGenerator.h"
#include "core/Result.h"
#include "core/TaskProgress.h"

#include <filesystem>
#include <string>

namespace app {

// $XDG_CACHE_HOME/fascialab, or ~/.cache/fascialab; empty when neither can be found.
std::filesystem::path cacheDirectory();

// The BodyParts3D parts the atlas body is built from: $FASCIALAB_ATLAS_DIR where set, else the
// installed copy beside the program (../share/fascialab/bodyparts3d), else the source tree's
// third_party/bodyparts3d. Empty when none of them holds a parts list.
std::filesystem::path atlasDirectory();

// Which body to show when no model file is given.
struct BodyChoice {
    enum class Kind { Atlas, Generated };
    Kind kind = Kind::Atlas;
    anatomy::gen::BodyParameters generated; // the generated body's height, sex and build
};

// The cached glTF of the atlas body made from inputs with this fingerprint
// (anatomy::atlas::atlasFingerprint), and of the generated body with its default parameters
// for this build's generator (anatomy::gen::fingerprint()).
std::filesystem::path atlasBodyCachePath(const std::filesystem::path& cacheDir,
                                         const std::string& fingerprint);
std::filesystem::path generatedBodyCachePath(const std::filesystem::path& cacheDir);

// The atlas body from `atlasDir`: from the cache in `cacheDir` when it was made from the same
// inputs, else built and cached (atomically) for next time. A missing, unreadable or corrupt
// cache is rebuilt; `note` tells which happened, in words. Fails, naming the file, when the
// atlas's parts cannot be read. A build tells its stages to `progress`, which may cancel it
// (nothing is cached then); without one, a build shows them on stderr (ProgressLine).
core::Result<anatomy::Body> loadAtlasBody(const std::filesystem::path& atlasDir,
                                          const std::filesystem::path& cacheDir,
                                          std::string* note = nullptr,
                                          core::TaskProgress* progress = nullptr);

// The generated body: with the default parameters from the cache (generated and cached on
// first use); with others, generated.
anatomy::Body loadGeneratedBody(const std::filesystem::path& cacheDir,
                                const anatomy::gen::BodyParameters& parameters = {},
                                std::string* note = nullptr);

// The default body: the atlas body, or the generated body (and a note saying why) when the
// atlas's parts cannot be found or read.
anatomy::Body loadDefaultBody(const std::filesystem::path& cacheDir, std::string* note = nullptr);

// The body a choice names (the atlas body as loadDefaultBody gives it). Fails only when
// `progress` cancels the atlas body's build.
core::Result<anatomy::Body> loadChosenBody(const BodyChoice& choice,
                                           const std::filesystem::path& cacheDir,
                                           std::string* note = nullptr,
                                           core::TaskProgress* progress = nullptr);

} // namespace app
