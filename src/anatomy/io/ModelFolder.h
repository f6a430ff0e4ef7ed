// anatomy/io: what a model file may read besides itself: files inside its own folder, named by
// relative paths that stay there, and data embedded in data: URIs. A model someone sends must
// not make the loader read other files on the disk (a key, a client's records) or a server.
#pragma once

#include "core/Result.h"

#include <filesystem>
#include <string>

namespace anatomy::io {

// Ok for a URI a model may refer to (a data: URI, or a relative path that stays inside the
// model's folder and, links resolved, leads to a file there); otherwise an error naming the
// model file, what refers (`what`, e.g. "buffer 0") and the URI. Escapes are judged both as
// written and percent-decoded, since readers differ in whether they decode.
core::Status checkModelUri(const std::filesystem::path& modelFile, const std::string& what,
                           const std::string& uri);

// The URI's path with %XX escapes and '+' decoded, exactly as tinygltf decodes it before
// opening.
std::string decodeUriPath(const std::string& uri);

// True when `candidate`, a path as an importer would open it (relative to the working
// directory, or absolute), is the model file or lies inside the model's folder once links are
// resolved.
bool isInsideModelFolder(const std::filesystem::path& modelFile,
                         const std::filesystem::path& candidate);

} // namespace anatomy::io
