#include "anatomy/io/ModelLoader.h"

#include "anatomy/io/FasciaDerivation.h"
#include "anatomy/io/LayerClassifier.h"
#include "anatomy/io/Normalize.h"
#include "anatomy/io/Readers.h"
#include "core/FileUtil.h"

#include <assimp/Importer.hpp>

#include <cctype>
#include <cmath>
#include <limits>

namespace anatomy::io {

bool isSupportedModelExtension(std::string_view extensionWithoutDot) {
    std::string ext = core::lowerExtension("x." + std::string(extensionWithoutDot));
    if (ext == "gltf" || ext == "glb")
        return true;
    Assimp::Importer importer;
    return importer.IsExtensionSupported("." + ext);
}

namespace {

// A mesh, triangles and coordinates all finite (and, for parts of one body in metres, within a
// kilometre: further out is a broken file, not anatomy).
core::Status checkGeometry(const RawModel& raw, const std::filesystem::path& path,
                           float maxDistanceM) {
    if (raw.body.structures().empty())
        return core::badInput(path.string() + ": the file holds no triangle meshes");
    for (const Structure& s : raw.body.structures())
        for (const glm::vec3& p : s.mesh.positions)
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z) ||
                glm::length(p) > maxDistanceM)
                return core::badInput(path.string() + ": mesh '" + s.name +
                                      "' has a vertex with a non-finite or absurd coordinate");
    return core::Ok{};
}

} // namespace

core::Result<Body> loadGltfGeometry(const std::filesystem::path& path) {
    auto raw = readGltf(path);
    if (!raw)
        return raw.error();
    if (auto valid = checkGeometry(*raw, path, 1000.0f); !valid)
        return valid.error();
    return std::move(raw->body);
}

core::Result<Body> loadModel(const std::filesystem::path& path, core::TaskProgress* progress) {
    const std::string ext = core::lowerExtension(path);
    if (ext.empty())
        return core::badInput(path.string() + ": no file extension, cannot tell the format");
    if (!isSupportedModelExtension(ext))
        return core::badInput(path.string() + ": unsupported format '." + ext + "'");

    auto raw =
        (ext == "gltf" || ext == "glb") ? readGltf(path, progress) : readWithAssimp(path, progress);
    if (!raw)
        return raw.error();
    // Any unit: only finite coordinates are required before the units are worked out.
    if (auto valid = checkGeometry(*raw, path, std::numeric_limits<float>::infinity()); !valid)
        return valid.error();

    if (!core::reportStage(progress, "sorting the structures into layers", 0.6f))
        return core::cancelledError("opening " + path.string());
    normalizeUnitsAndAxes(*raw);
    Body body = std::move(raw->body);
    raw->layerDeclared.resize(body.structures().size(), false);
    for (size_t i = 0; i < body.structures().size(); ++i) {
        Structure& s = body.structures()[i];
        if (s.displayName.empty())
            s.displayName = displayNameFromIdentifier(s.name);
        // Labels such as "skin of body" read better capitalised in lists.
        s.displayName[0] =
            static_cast<char>(std::toupper(static_cast<unsigned char>(s.displayName[0])));
        if (i < raw->layerDeclared.size() && raw->layerDeclared[i])
            continue;
        s.layer = classifyLayer(s.name, s.displayName);
        s.side = classifySide(s.name, s.displayName);
    }
    if (!core::reportStage(progress, "deriving the fascia layers", 0.7f))
        return core::cancelledError("opening " + path.string());
    deriveFasciaLayers(body);
    core::reportStage(progress, "done", 1.0f);
    body.sourcePath = path.string();
    body.importNotes.insert(body.importNotes.begin(), "read as " + raw->formatName);
    return body;
}

} // namespace anatomy::io
