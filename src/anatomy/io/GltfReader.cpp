#include "anatomy/io/Readers.h"

#include "anatomy/MeshOps.h"
#include "anatomy/io/DracoDecoding.h"
#include "anatomy/io/GltfAccessors.h"
#include "anatomy/io/LayerClassifier.h"
#include "anatomy/io/ModelFolder.h"
#include "core/FileUtil.h"
#include "core/Limits.h"

#include <nlohmann/json.hpp>
#include <tiny_gltf.h>

#include <glm/gtc/quaternion.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <glm/gtx/quaternion.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <system_error>

namespace anatomy::io {
namespace {

// Images are irrelevant to anatomy; skipping them makes loading faster and keeps a broken
// texture from rejecting a good mesh.
bool ignoreImage(tinygltf::Image*, const int, std::string*, std::string*, int, int,
                 const unsigned char*, int, void*) {
    return true;
}

glm::mat4 localTransform(const tinygltf::Node& node) {
    if (node.matrix.size() == 16) {
        glm::mat4 m(1.0f);
        for (int i = 0; i < 16; ++i)
            glm::value_ptr(m)[i] = static_cast<float>(node.matrix[static_cast<size_t>(i)]);
        return m;
    }
    glm::mat4 t(1.0f), r(1.0f), s(1.0f);
    if (node.translation.size() == 3)
        t = glm::translate(glm::mat4(1.0f), glm::vec3(node.translation[0], node.translation[1],
                                                      node.translation[2]));
    if (node.rotation.size() == 4) {
        const glm::quat q(
            static_cast<float>(node.rotation[3]), static_cast<float>(node.rotation[0]),
            static_cast<float>(node.rotation[1]), static_cast<float>(node.rotation[2]));
        const float len = glm::length(q);
        if (len > 0.0f && std::isfinite(len))
            r = glm::toMat4(q / len);
    }
    if (node.scale.size() == 3)
        s = glm::scale(glm::mat4(1.0f), glm::vec3(node.scale[0], node.scale[1], node.scale[2]));
    return t * r * s;
}

std::string labelFromExtras(const tinygltf::Value& extras) {
    if (extras.IsObject() && extras.Has("label") && extras.Get("label").IsString())
        return extras.Get("label").Get<std::string>();
    return {};
}

// Our own files name nodes "<layer>/<id>/<side>"; anything else is classified by name later.
struct DeclaredIdentity {
    std::string id;
    LayerKind layer;
    Side side;
};
std::optional<DeclaredIdentity> identityFromNodeName(const std::string& name) {
    const auto first = name.find('/');
    const auto last = name.rfind('/');
    if (first == std::string::npos || first == last)
        return std::nullopt;
    const auto layer = layerFromId(std::string_view(name).substr(0, first));
    const auto side = sideFromId(std::string_view(name).substr(last + 1));
    const std::string id = name.substr(first + 1, last - first - 1);
    if (!layer || !side || id.empty())
        return std::nullopt;
    return DeclaredIdentity{id, *layer, *side};
}

bool isFiniteMatrix(const glm::mat4& m) {
    for (int i = 0; i < 16; ++i)
        if (!std::isfinite(glm::value_ptr(m)[i]))
            return false;
    return true;
}

// One primitive's vertex data, whether stored plainly or compressed with Draco.
struct PrimitiveArrays {
    std::vector<float> positions;        // three per vertex
    std::vector<float> normals;          // three per vertex, or empty
    std::vector<float> fibres;           // three per vertex, or empty
    std::vector<float> deepLaminaFibres; // three per vertex, or empty
    std::vector<float> regions;          // one per vertex (our own files' region indices), or empty
    std::vector<std::uint32_t> indices;
    bool indexed = false;          // false: the vertices in order make the primitive
    bool decodedTriangles = false; // Draco decodes to a triangle list whatever the mode says
};

constexpr const char* kDracoExtension = "KHR_draco_mesh_compression";

// A KHR_draco_mesh_compression primitive: the stream's buffer view is checked like any other,
// then decoded; the accessors only describe what the stream holds. `dracoBudget` is how many
// points and triangles the file's Draco streams may still decode to, all together (a small file
// can point many primitives at one highly compressed stream): core/Limits.h, draco-million.

core::Result<PrimitiveArrays> readDracoPrimitive(const tinygltf::Model& model,
                                                 const tinygltf::Primitive& prim,
                                                 const tinygltf::Value& extension,
                                                 const AccessorReader& reader,
                                                 const std::string& meshName, size_t& dracoBudget) {
    const std::string what = "mesh '" + meshName + "' (" + kDracoExtension + ")";
    if (!extension.IsObject() || !extension.Has("bufferView") ||
        !extension.Get("bufferView").IsInt() || !extension.Has("attributes") ||
        !extension.Get("attributes").IsObject())
        return reader.fail(what + ": the extension lacks its buffer view or attributes");
    const int viewIndex = extension.Get("bufferView").Get<int>();
    if (viewIndex < 0 || static_cast<size_t>(viewIndex) >= model.bufferViews.size())
        return reader.fail(what + " refers to a missing buffer view");
    const tinygltf::BufferView& view = model.bufferViews[static_cast<size_t>(viewIndex)];
    if (view.buffer < 0 || static_cast<size_t>(view.buffer) >= model.buffers.size())
        return reader.fail(what + ": its buffer view refers to a missing buffer");
    const tinygltf::Buffer& buffer = model.buffers[static_cast<size_t>(view.buffer)];
    if (view.byteOffset > buffer.data.size() ||
        view.byteLength > buffer.data.size() - view.byteOffset)
        return reader.fail(what + ": its buffer view runs past the end of its buffer");

    std::map<std::string, int> attributeIds;
    const tinygltf::Value& attributes = extension.Get("attributes");
    for (const char* semantic : {"POSITION", "NORMAL", "_FIBER", "_FIBER_DEEP_LAMINA"}) {
        if (!attributes.Has(semantic))
            continue;
        if (!attributes.Get(semantic).IsInt())
            return reader.fail(what + ": attribute " + semantic + " is not an integer id");
        attributeIds[semantic] = attributes.Get(semantic).Get<int>();
    }
    auto decoded = decodeDracoMesh(buffer.data.data() + view.byteOffset, view.byteLength,
                                   attributeIds, reader.fail(what).message, dracoBudget);
    if (!decoded)
        return decoded.error();
    const size_t used = decoded->pointCount + decoded->indices.size() / 3;
    dracoBudget = used < dracoBudget ? dracoBudget - used : 0;

    PrimitiveArrays arrays;
    auto take = [&](const char* semantic, std::vector<float>& out) {
        auto found = decoded->vec3Attributes.find(semantic);
        if (found != decoded->vec3Attributes.end() && prim.attributes.count(semantic))
            out = std::move(found->second);
    };
    take("POSITION", arrays.positions);
    take("NORMAL", arrays.normals);
    take("_FIBER", arrays.fibres);
    take("_FIBER_DEEP_LAMINA", arrays.deepLaminaFibres);
    // The specification has the primitive's mode and indices accessor describe the stream;
    // Draco always stores triangles, so a stream without an indices accessor still has them.
    arrays.indices = std::move(decoded->indices);
    arrays.indexed = true;
    arrays.decodedTriangles = true;
    return arrays;
}

core::Result<PrimitiveArrays> readPrimitiveArrays(const tinygltf::Model& model,
                                                  const tinygltf::Primitive& prim,
                                                  const AccessorReader& reader,
                                                  const std::string& meshName,
                                                  size_t& dracoBudget) {
    const auto draco = prim.extensions.find(kDracoExtension);
    if (draco != prim.extensions.end())
        return readDracoPrimitive(model, prim, draco->second, reader, meshName, dracoBudget);

    PrimitiveArrays arrays;
    auto positions = reader.readFloats(prim.attributes.at("POSITION"), 3);
    if (!positions)
        return positions.error();
    arrays.positions = std::move(*positions);
    // Optional directions: a malformed one is dropped rather than rejecting the mesh.
    auto readOptional = [&](const char* semantic, std::vector<float>& out) {
        const auto found = prim.attributes.find(semantic);
        if (found == prim.attributes.end())
            return;
        auto read = reader.readFloats(found->second, 3);
        if (read)
            out = std::move(*read);
    };
    readOptional("NORMAL", arrays.normals);
    readOptional("_FIBER", arrays.fibres);
    readOptional("_FIBER_DEEP_LAMINA", arrays.deepLaminaFibres);
    // Our own region indices, read only when there is one for each vertex.
    if (const auto found = prim.attributes.find("_REGION"); found != prim.attributes.end())
        if (found->second >= 0 && static_cast<size_t>(found->second) < model.accessors.size() &&
            model.accessors[static_cast<size_t>(found->second)].count * 3 ==
                arrays.positions.size())
            if (auto read = reader.readFloats(found->second, 1))
                arrays.regions = std::move(*read);
    if (prim.indices >= 0) {
        auto read = reader.readIndices(prim.indices);
        if (!read)
            return read.error();
        arrays.indices = std::move(*read);
        arrays.indexed = true;
    }
    return arrays;
}

// The JSON of a .gltf, or of a .glb's first chunk (glTF 2.0's "JSON" chunk, glTF 1.0's content
// of format 0, which starts at the same offset); nullopt when the container is broken
// (tinygltf then says why).
std::optional<std::string_view> gltfJsonText(const std::vector<unsigned char>& bytes, bool isBinary,
                                             std::uint32_t glbVersion) {
    if (!isBinary)
        return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (bytes.size() < 20)
        return std::nullopt;
    std::uint32_t length, format;
    std::memcpy(&length, bytes.data() + 12, 4);
    std::memcpy(&format, bytes.data() + 16, 4);
    const bool jsonChunk = glbVersion == 1 ? format == 0 : std::memcmp(&format, "JSON", 4) == 0;
    if (!jsonChunk || length > bytes.size() - 20)
        return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(bytes.data()) + 20, length);
}

enum class GltfGeneration { Two, One, OneWithoutVersion };

// glTF 1.0 (which tinygltf does not read) says so in asset.version, or in a binary file's
// header; a file without a version that keeps its objects in dictionaries, as 1.0 did, is 1.0
// too, but one Assimp's importer refuses for lack of the version.
GltfGeneration gltfGeneration(const nlohmann::json& doc, bool isBinary, std::uint32_t glbVersion) {
    if (isBinary)
        return glbVersion == 1 ? GltfGeneration::One : GltfGeneration::Two;
    const auto asset = doc.find("asset");
    if (asset != doc.end() && asset->is_object() && asset->contains("version")) {
        const nlohmann::json& version = (*asset)["version"];
        return version.is_string() && version.get<std::string>().rfind("1.", 0) == 0
                   ? GltfGeneration::One
                   : GltfGeneration::Two;
    }
    for (const char* dictionary : {"meshes", "nodes", "accessors", "buffers"})
        if (doc.contains(dictionary) && doc[dictionary].is_object())
            return GltfGeneration::OneWithoutVersion;
    return GltfGeneration::Two;
}

// Every buffer and image URI (and a glTF 1.0 shader's) must stay inside the model's folder;
// glTF 2.0 keeps them in arrays, glTF 1.0 in dictionaries.
core::Status checkUris(const nlohmann::json& doc, const std::filesystem::path& path,
                       std::set<std::string>& bufferFiles) {
    const std::pair<const char*, const char*> kinds[] = {
        {"buffers", "buffer"}, {"images", "image"}, {"shaders", "shader"}};
    for (const auto& [key, singular] : kinds) {
        const auto list = doc.find(key);
        if (list == doc.end() || !(list->is_array() || list->is_object()))
            continue;
        size_t index = 0;
        for (auto item = list->begin(); item != list->end(); ++item, ++index) {
            if (!item->is_object() || !item->contains("uri") || !(*item)["uri"].is_string())
                continue;
            const std::string uri = (*item)["uri"].get<std::string>();
            const std::string id = list->is_array() ? std::to_string(index) : item.key();
            if (auto allowed = checkModelUri(path, std::string(singular) + " " + id, uri); !allowed)
                return allowed.error();
            if (std::string_view(key) == "buffers" && uri.rfind("data:", 0) != 0)
                bufferFiles.insert(
                    (path.parent_path() / decodeUriPath(uri)).lexically_normal().string());
        }
    }
    return core::Ok{};
}

// What tinygltf may open besides the model: the buffer files checkUris let through, inside the
// model's folder, links resolved; never an image (they are not used) or anything in the working
// directory, where tinygltf also looks.
struct FolderAccess {
    std::filesystem::path model;
    std::set<std::string> bufferFiles;
};

bool bufferFileExists(const std::string& file, void* user) {
    const auto* access = static_cast<const FolderAccess*>(user);
    std::error_code ec;
    return access->bufferFiles.count(std::filesystem::path(file).lexically_normal().string()) &&
           isInsideModelFolder(access->model, file) && std::filesystem::is_regular_file(file, ec);
}

// tinygltf's own expands '~' and environment variables; a file's URI is taken as written.
std::string expandNothing(const std::string& file, void*) {
    return file;
}

bool readBufferFile(std::vector<unsigned char>* out, std::string* err, const std::string& file,
                    void* user) {
    if (!bufferFileExists(file, user)) {
        *err = "not a buffer file inside the model's folder";
        return false;
    }
    auto bytes = core::readFileBytes(file);
    if (!bytes) {
        *err = bytes.error().message;
        return false;
    }
    out->assign(bytes->begin(), bytes->end());
    return true;
}

bool writeNothing(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
    *err = "FasciaLab does not write through the glTF reader";
    return false;
}

// tinygltf requires every index accessor to have a buffer view, but a Draco primitive's
// indices live in its Draco stream, so its accessor has none. The file is handed over with
// those primitives' "indices" removed (the stream always holds triangles); nullopt when the file
// has no Draco primitive.
std::optional<std::vector<unsigned char>>
withoutDracoIndices(const std::vector<unsigned char>& bytes, bool isBinary, std::string_view text,
                    nlohmann::json doc) {
    if (text.find(kDracoExtension) == std::string_view::npos || !doc.contains("meshes") ||
        !doc["meshes"].is_array())
        return std::nullopt;
    bool changed = false;
    for (auto& mesh : doc["meshes"]) {
        if (!mesh.is_object() || !mesh.contains("primitives") || !mesh["primitives"].is_array())
            continue;
        for (auto& primitive : mesh["primitives"])
            if (primitive.is_object() && primitive.contains("indices") &&
                primitive.contains("extensions") && primitive["extensions"].is_object() &&
                primitive["extensions"].contains(kDracoExtension)) {
                primitive.erase("indices");
                changed = true;
            }
    }
    if (!changed)
        return std::nullopt;
    std::string json = doc.dump();
    if (!isBinary)
        return std::vector<unsigned char>(json.begin(), json.end());
    const size_t jsonLength = text.size();
    json.resize((json.size() + 3) / 4 * 4, ' '); // chunks stay 4-byte aligned
    const size_t restStart = 20 + (jsonLength + 3) / 4 * 4;
    const size_t rest = restStart < bytes.size() ? bytes.size() - restStart : 0;
    std::vector<unsigned char> out(20 + json.size() + rest);
    std::memcpy(out.data(), bytes.data(), 12);
    const auto total = static_cast<std::uint32_t>(out.size());
    const auto length = static_cast<std::uint32_t>(json.size());
    std::memcpy(out.data() + 8, &total, 4);
    std::memcpy(out.data() + 12, &length, 4);
    std::memcpy(out.data() + 16, "JSON", 4);
    std::memcpy(out.data() + 20, json.data(), json.size());
    if (rest > 0)
        std::memcpy(out.data() + 20 + json.size(), bytes.data() + restStart, rest);
    return out;
}

// A binary glTF 2.0's container: the header's length within the file, and each chunk's within
// that length. tinygltf trusts a chunk's length when it copies the chunk, so a file cut short or
// a chunk that claims more than follows must be refused here. Gives the container's length
// (what follows it is not glTF).
core::Result<size_t> checkGlbContainer(const std::vector<unsigned char>& bytes,
                                       const std::string& file) {
    const auto word = [&](size_t at) {
        std::uint32_t value;
        std::memcpy(&value, bytes.data() + at, 4);
        return value;
    };
    if (bytes.size() < 20)
        return core::badInput(file + ": a damaged binary glTF: " + std::to_string(bytes.size()) +
                              " bytes, too short for its header and a chunk");
    const std::uint32_t declared = word(8);
    if (declared > bytes.size())
        return core::badInput(file + ": a damaged binary glTF: its header declares " +
                              std::to_string(declared) + " bytes and the file holds " +
                              std::to_string(bytes.size()) + " (cut short?)");
    size_t at = 12;
    for (int chunk = 0; at < declared; ++chunk) {
        if (declared - at < 8)
            return core::badInput(file + ": a damaged binary glTF: chunk " + std::to_string(chunk) +
                                  " has no room for its header");
        const std::uint32_t length = word(at);
        char type[5] = {};
        std::memcpy(type, bytes.data() + at + 4, 4);
        for (char& c : type)
            if (c != 0 && (c < 32 || c > 126))
                c = '?';
        if (length > declared - at - 8)
            return core::badInput(file + ": a damaged binary glTF: chunk " + std::to_string(chunk) +
                                  " (" + type + ") declares " + std::to_string(length) +
                                  " bytes and " + std::to_string(declared - at - 8) + " follow");
        at += 8 + static_cast<size_t>(length);
    }
    return static_cast<size_t>(declared);
}

// A glTF 1.0 file read by Assimp, which has the importer for it; glTF 1.0 also fixes metres and
// +Y up. Its errors say it is glTF 1.0.
core::Result<RawModel> readGltf1(const std::filesystem::path& path, core::TaskProgress* progress) {
    auto raw = readWithAssimp(path, progress);
    if (!raw) {
        std::string reason = raw.error().message;
        const std::string prefix = path.string() + ": ";
        if (reason.rfind(prefix, 0) == 0)
            reason.erase(0, prefix.size());
        return core::Error{raw.error().kind,
                           prefix + "a glTF 1.0 file, read through Assimp: " + reason};
    }
    raw->formatName = "glTF 1.0";
    raw->metresPerUnit = 1.0f;
    raw->toYUpBasis = glm::mat3(1.0f);
    return raw;
}

} // namespace

core::Result<RawModel> readGltf(const std::filesystem::path& path, core::TaskProgress* progress) {
    const std::string file = path.string();
    if (!core::reportStage(progress, "reading " + path.filename().string(), 0.0f))
        return core::cancelledError("opening " + file);
    auto bytes = core::readFileBytes(path);
    if (!bytes)
        return bytes.error();
    if (bytes->empty())
        return core::badInput(file + ": the file is empty");

    const bool isBinary = bytes->size() >= 4 && std::memcmp(bytes->data(), "glTF", 4) == 0;
    std::uint32_t glbVersion = 0;
    if (isBinary && bytes->size() >= 8)
        std::memcpy(&glbVersion, bytes->data() + 4, 4);
    if (isBinary && glbVersion == 2) {
        auto container = checkGlbContainer(*bytes, file);
        if (!container)
            return container.error();
        bytes->resize(*container);
    }
    FolderAccess access{path, {}};
    // The JSON is looked at before tinygltf loads anything: its version picks the reader, and no
    // URI may lead out of the model's folder. A JSON that does not parse is left to tinygltf,
    // which says why.
    if (const auto text = gltfJsonText(*bytes, isBinary, glbVersion)) {
        nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
        if (!doc.is_discarded() && doc.is_object()) {
            if (auto allowed = checkUris(doc, path, access.bufferFiles); !allowed)
                return allowed.error();
            switch (gltfGeneration(doc, isBinary, glbVersion)) {
            case GltfGeneration::One:
                return readGltf1(path, progress);
            case GltfGeneration::OneWithoutVersion:
                return core::badInput(file + ": a glTF 1.0 file (its objects are dictionaries) "
                                             "without \"asset\": {\"version\": \"1.0\"}, "
                                             "which the glTF 1.0 importer requires");
            case GltfGeneration::Two:
                break;
            }
            if (auto rewritten = withoutDracoIndices(*bytes, isBinary, *text, std::move(doc)))
                *bytes = std::move(*rewritten);
        }
    }

    tinygltf::TinyGLTF loader;
    loader.SetImageLoader(ignoreImage, nullptr);
    loader.SetFsCallbacks({bufferFileExists, expandNothing, readBufferFile, writeNothing, &access});
    tinygltf::Model model;
    std::string err, warn;
    const std::string baseDir = path.parent_path().string();
    bool loaded = false;
    try {
        loaded = isBinary
                     ? loader.LoadBinaryFromMemory(&model, &err, &warn, bytes->data(),
                                                   static_cast<unsigned>(bytes->size()), baseDir)
                     : loader.LoadASCIIFromString(&model, &err, &warn,
                                                  reinterpret_cast<const char*>(bytes->data()),
                                                  static_cast<unsigned>(bytes->size()), baseDir);
    } catch (const std::exception& e) {
        return core::badInput(file + ": not a valid glTF file: " + e.what());
    }
    if (!loaded) {
        while (!err.empty() && (err.back() == '\n' || err.back() == ' '))
            err.pop_back();
        return core::badInput(file + ": not a valid glTF file: " +
                              (err.empty() ? std::string("unknown parse error") : err));
    }

    // Geometry compressed in a way this reader cannot decode would otherwise read as zeros.
    for (const std::string& required : model.extensionsRequired)
        if (required == "EXT_meshopt_compression" || required == "KHR_meshopt_compression")
            return core::badInput(file + ": the file requires the extension " + required +
                                  ", which FasciaLab cannot decode");

    if (!core::reportStage(progress, "decoding the meshes", 0.3f))
        return core::cancelledError("opening " + file);
    AccessorReader reader(model, file);
    RawModel raw;
    raw.formatName = isBinary ? "glTF 2.0 (binary)" : "glTF 2.0";
    raw.metresPerUnit = 1.0f;         // the glTF specification fixes metres
    raw.toYUpBasis = glm::mat3(1.0f); // and +Y up, front +Z

    std::vector<int> roots;
    const int sceneIndex = model.defaultScene >= 0 ? model.defaultScene : 0;
    if (sceneIndex < static_cast<int>(model.scenes.size()))
        roots = model.scenes[static_cast<size_t>(sceneIndex)].nodes;
    else
        for (size_t i = 0; i < model.nodes.size(); ++i)
            roots.push_back(static_cast<int>(i)); // no scene: treat every node as a root

    std::vector<char> onPath(model.nodes.size(), 0);
    size_t dracoBudget =
        static_cast<size_t>(core::limitValue(core::Limit::DracoMillionElements) * 1e6);
    std::optional<core::Error> failure;
    bool sawPoints = false, sawLines = false;
    std::function<void(int, const glm::mat4&, int)> visit = [&](int nodeIndex,
                                                                const glm::mat4& parent,
                                                                int depth) {
        if (failure)
            return;
        if (progress && !progress->keepGoing()) {
            failure = core::cancelledError("opening " + file);
            return;
        }
        if (nodeIndex < 0 || static_cast<size_t>(nodeIndex) >= model.nodes.size()) {
            failure = reader.fail("node " + std::to_string(nodeIndex) + " does not exist");
            return;
        }
        if (onPath[static_cast<size_t>(nodeIndex)] || depth > 256) {
            failure =
                reader.fail("the node hierarchy has a cycle at node " + std::to_string(nodeIndex));
            return;
        }
        onPath[static_cast<size_t>(nodeIndex)] = 1;
        const tinygltf::Node& node = model.nodes[static_cast<size_t>(nodeIndex)];
        const glm::mat4 world = parent * localTransform(node);
        if (!isFiniteMatrix(world)) {
            failure =
                reader.fail("node " + std::to_string(nodeIndex) + " has a non-finite transform");
            return;
        }
        if (node.mesh >= 0) {
            if (static_cast<size_t>(node.mesh) >= model.meshes.size()) {
                failure =
                    reader.fail("node " + std::to_string(nodeIndex) + " refers to a missing mesh");
                return;
            }
            const tinygltf::Mesh& mesh = model.meshes[static_cast<size_t>(node.mesh)];
            Structure structure;
            structure.name = !node.name.empty()   ? node.name
                             : !mesh.name.empty() ? mesh.name
                                                  : "mesh " + std::to_string(node.mesh);
            structure.displayName = labelFromExtras(node.extras);
            if (node.extras.IsObject())
                for (auto& [key, field] : atlasFields(structure.info))
                    if (node.extras.Has(key) && node.extras.Get(key).IsString())
                        *field = node.extras.Get(key).Get<std::string>();
            bool allFibres = true, allDeepLaminae = true;
            bool allNormals = true;
            bool allRegions = true;
            // Region names: all strings, no more than a 16-bit index can reach; anything else
            // and the structure is read without regions.
            if (node.extras.IsObject() && node.extras.Has("regions") &&
                node.extras.Get("regions").IsArray()) {
                const tinygltf::Value& names = node.extras.Get("regions");
                for (size_t i = 0; i < names.ArrayLen() && allRegions; ++i) {
                    const tinygltf::Value& name = names.Get(static_cast<int>(i));
                    if (!name.IsString() || i >= 65536)
                        allRegions = false;
                    else
                        structure.regionNames.push_back(name.Get<std::string>());
                }
            }
            if (structure.displayName.empty())
                structure.displayName = labelFromExtras(mesh.extras);
            for (const tinygltf::Primitive& prim : mesh.primitives) {
                const int mode = prim.mode < 0 ? TINYGLTF_MODE_TRIANGLES : prim.mode;
                if (mode != TINYGLTF_MODE_TRIANGLES && mode != TINYGLTF_MODE_TRIANGLE_STRIP &&
                    mode != TINYGLTF_MODE_TRIANGLE_FAN) {
                    // Points and lines carry no surface; noted, to say so if nothing else is left.
                    (mode == TINYGLTF_MODE_POINTS ? sawPoints : sawLines) = true;
                    continue;
                }
                const auto pos = prim.attributes.find("POSITION");
                if (pos == prim.attributes.end())
                    continue;
                auto arrays = readPrimitiveArrays(model, prim, reader, structure.name, dracoBudget);
                if (!arrays) {
                    failure = arrays.error();
                    return;
                }
                const std::vector<float>& positions = arrays->positions;
                const size_t count = positions.size() / 3;
                if (structure.mesh.positions.size() + count > UINT32_MAX) {
                    failure = reader.fail("mesh '" + structure.name +
                                          "' has more vertices than 32-bit indices reach");
                    return;
                }
                const auto base = static_cast<std::uint32_t>(structure.mesh.positions.size());
                for (size_t i = 0; i < count; ++i)
                    structure.mesh.positions.emplace_back(positions[3 * i], positions[3 * i + 1],
                                                          positions[3 * i + 2]);
                // Directions per vertex, where the primitive has them for every vertex: fibres
                // (our own files have them) and normals (kept only for our own files, below).
                auto appendDirections = [&](const std::vector<float>& read,
                                            std::vector<glm::vec3>& out) {
                    if (read.empty() || read.size() != positions.size())
                        return false;
                    for (size_t i = 0; i + 2 < read.size(); i += 3)
                        out.emplace_back(read[i], read[i + 1], read[i + 2]);
                    return true;
                };
                allFibres = appendDirections(arrays->fibres, structure.mesh.fibres) && allFibres;
                allDeepLaminae =
                    appendDirections(arrays->deepLaminaFibres, structure.mesh.deepLaminaFibres) &&
                    allDeepLaminae;
                // Each vertex's region: a whole number naming one of the regions.
                if (arrays->regions.size() == count) {
                    for (float r : arrays->regions) {
                        if (!(r >= 0.0f) || r != std::floor(r) ||
                            r >= static_cast<float>(structure.regionNames.size())) {
                            allRegions = false;
                            break;
                        }
                        structure.vertexRegions.push_back(static_cast<std::uint16_t>(r));
                    }
                } else {
                    allRegions = false;
                }
                allNormals =
                    appendDirections(arrays->normals, structure.mesh.normals) && allNormals;

                std::vector<std::uint32_t>& indices = arrays->indices;
                if (!arrays->indexed) {
                    indices.resize(count);
                    for (size_t i = 0; i < count; ++i)
                        indices[i] = static_cast<std::uint32_t>(i);
                }
                for (std::uint32_t index : indices)
                    if (index >= count) {
                        failure = reader.fail("mesh '" + structure.name +
                                              "' has a vertex index out of range");
                        return;
                    }
                auto emit = [&](std::uint32_t a, std::uint32_t b, std::uint32_t c) {
                    structure.mesh.indices.insert(structure.mesh.indices.end(),
                                                  {base + a, base + b, base + c});
                };
                if (mode == TINYGLTF_MODE_TRIANGLES || arrays->decodedTriangles) {
                    for (size_t i = 0; i + 2 < indices.size(); i += 3)
                        emit(indices[i], indices[i + 1], indices[i + 2]);
                } else if (mode == TINYGLTF_MODE_TRIANGLE_STRIP) {
                    for (size_t i = 0; i + 2 < indices.size(); ++i)
                        (i % 2 == 0) ? emit(indices[i], indices[i + 1], indices[i + 2])
                                     : emit(indices[i + 1], indices[i], indices[i + 2]);
                } else {
                    for (size_t i = 1; i + 1 < indices.size(); ++i)
                        emit(indices[0], indices[i], indices[i + 1]);
                }
            }
            if (!allFibres)
                structure.mesh.fibres.clear(); // only some primitives had them: none is better
            if (!allDeepLaminae)
                structure.mesh.deepLaminaFibres.clear();
            // Zero means "no second lamina here"; anything not finite means the same.
            for (glm::vec3& f : structure.mesh.deepLaminaFibres)
                if (!std::isfinite(f.x) || !std::isfinite(f.y) || !std::isfinite(f.z))
                    f = glm::vec3(0.0f);
            if (!allNormals)
                structure.mesh.normals.clear();
            if (!allRegions || structure.regionNames.empty() ||
                structure.vertexRegions.size() != structure.mesh.positions.size()) {
                structure.regionNames.clear();
                structure.vertexRegions.clear();
            }
            if (!structure.mesh.indices.empty()) {
                transformMesh(structure.mesh, world);
                const auto declared = identityFromNodeName(structure.name);
                // A triangle of no area is dropped from other tools' files; FasciaLab's own keep
                // theirs, since a closed surface it wrote stays closed only with them.
                removeDegenerateTriangles(structure.mesh, declared ? -1.0f : 0.0f);
                // A structure FasciaLab wrote keeps its normals, so a body reads the same from
                // its file as when it was made. Other files get our own smooth normals: they
                // often split them at UV seams or carry flat ones, and anatomy reads best smooth.
                const auto& normals = structure.mesh.normals;
                const bool usableNormals =
                    !normals.empty() &&
                    std::all_of(normals.begin(), normals.end(), [](const glm::vec3& n) {
                        return std::isfinite(n.x) && std::isfinite(n.y) && std::isfinite(n.z) &&
                               glm::length(n) > 0.5f;
                    });
                if (!declared || !usableNormals)
                    computeSmoothNormals(structure.mesh);
                if (!structure.mesh.indices.empty()) {
                    if (declared) {
                        structure.name = declared->id;
                        structure.layer = declared->layer;
                        structure.side = declared->side;
                    }
                    raw.layerDeclared.push_back(declared.has_value());
                    raw.body.addStructure(std::move(structure));
                }
            }
        }
        for (int child : node.children)
            visit(child, world, depth + 1);
        onPath[static_cast<size_t>(nodeIndex)] = 0;
    };
    for (int root : roots)
        visit(root, glm::mat4(1.0f), 0);
    if (failure)
        return *failure;
    if (raw.body.structures().empty() && (sawPoints || sawLines))
        return core::badInput(file + ": the file holds only " +
                              (sawPoints && sawLines ? "points and lines"
                               : sawPoints           ? "points"
                                                     : "lines") +
                              ", no triangles");
    return raw;
}

} // namespace anatomy::io
