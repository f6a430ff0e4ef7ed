// Helpers shared by the test tiers.
#pragma once

#include "anatomy/Body.h"

namespace anatomy {
class BodyBvh;
}

#include <filesystem>
#include <optional>
#include <string>

namespace test {

// The default body (the atlas body) as the viewer gets it: loaded from the build tree's cache,
// built and cached there by the first test program that needs it (seconds, a minute and more
// under the sanitizers).
const anatomy::Body& defaultBody();
// The generated body with its default parameters, cached the same way. The generator's own
// tests generate afresh and compare.
const anatomy::Body& generatedBody();
// The default body's ray-casting hierarchy, built once.
const anatomy::BodyBvh& defaultBvh();
// The example map, examples/alex-three-sessions.fascia.json.
std::filesystem::path examplePath();
// The build tree's cache directory, what XDG_CACHE_HOME names in every test program.
std::filesystem::path cacheDirectory();

// A sphere at the origin, meshed on a 2 cm grid over the cube of half-width 0.5 m.
// A sphere meshed from its distance field on a grid of `cellM` cells (about the mesh's
// edge length).
anatomy::Structure sphereStructure(const char* name, anatomy::LayerKind layer, float radiusM,
                                   float cellM = 0.02f);

// ../shared/data if present; otherwise nullopt after printing why the caller skips.
std::optional<std::filesystem::path> sharedData(const std::string& why);
std::filesystem::path sourceDir();
// A fresh, empty directory under the system temp dir.
std::filesystem::path makeTempDir(const std::string& name);
bool updateGoldens();
// How many random cases a property test runs out of its `all`: every one in the ordinary build,
// a third (at least one) in the sanitizer build, where each runs ten times slower through the
// same code, so that the sanitizers still see every path while CI stays short.
int randomCases(int all);

// Volume enclosed by a closed mesh; positive when its triangles face outwards.
double signedVolume(const anatomy::SurfaceMesh& mesh);

} // namespace test
