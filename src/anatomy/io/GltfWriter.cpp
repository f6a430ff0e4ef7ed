#include "anatomy/io/GltfWriter.h"

#include "core/AtomicFile.h"
#include "core/FileUtil.h"

#include <tiny_gltf.h>

#include <cstring>
#include <sstream>

namespace anatomy::io {
namespace {

// Appends raw bytes to the buffer, 4-byte aligned as glTF requires, and returns a view on them.
int appendView(tinygltf::Model& model, const void* data, size_t bytes, int target) {
    auto& buffer = model.buffers[0].data;
    while (buffer.size() % 4 != 0)
        buffer.push_back(0);
    tinygltf::BufferView view;
    view.buffer = 0;
    view.byteOffset = buffer.size();
    view.byteLength = bytes;
    view.target = target;
    const auto* begin = static_cast<const unsigned char*>(data);
    buffer.insert(buffer.end(), begin, begin + bytes);
    model.bufferViews.push_back(view);
    return static_cast<int>(model.bufferViews.size() - 1);
}

int appendVec3Accessor(tinygltf::Model& model, const std::vector<glm::vec3>& values,
                       bool withBounds) {
    tinygltf::Accessor accessor;
    accessor.bufferView = appendView(model, values.data(), values.size() * sizeof(glm::vec3),
                                     TINYGLTF_TARGET_ARRAY_BUFFER);
    accessor.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
    accessor.type = TINYGLTF_TYPE_VEC3;
    accessor.count = values.size();
    if (withBounds) { // required for POSITION by the specification
        core::Aabb box;
        for (const glm::vec3& v : values)
            box.extend(v);
        accessor.minValues = {double(box.min.x), double(box.min.y), double(box.min.z)};
        accessor.maxValues = {double(box.max.x), double(box.max.y), double(box.max.z)};
    }
    model.accessors.push_back(accessor);
    return static_cast<int>(model.accessors.size() - 1);
}

} // namespace

core::Result<std::string> encodeGltf(const Body& body, bool binary,
                                     const std::vector<MarkNode>& marks) {
    tinygltf::Model model;
    model.asset.version = "2.0";
    model.asset.generator = "FasciaLab";
    model.buffers.resize(1);
    tinygltf::Node root;
    root.name = "FasciaLab body";

    for (const Structure& s : body.structures()) {
        if (s.mesh.indices.empty())
            continue;
        tinygltf::Primitive primitive;
        primitive.mode = TINYGLTF_MODE_TRIANGLES;
        primitive.attributes["POSITION"] = appendVec3Accessor(model, s.mesh.positions, true);
        if (s.mesh.normals.size() == s.mesh.positions.size())
            primitive.attributes["NORMAL"] = appendVec3Accessor(model, s.mesh.normals, false);
        // Fibre directions as an application-specific attribute (the leading underscore is
        // the glTF convention for those); other viewers ignore it.
        if (s.mesh.fibres.size() == s.mesh.positions.size())
            primitive.attributes["_FIBER"] = appendVec3Accessor(model, s.mesh.fibres, false);
        if (s.mesh.deepLaminaFibres.size() == s.mesh.positions.size())
            primitive.attributes["_FIBER_DEEP_LAMINA"] =
                appendVec3Accessor(model, s.mesh.deepLaminaFibres, false);
        // Each vertex's named region of the surface, as an index into the node's "regions".
        const bool regions =
            !s.regionNames.empty() && s.vertexRegions.size() == s.mesh.positions.size();
        if (regions) {
            const std::vector<float> values(s.vertexRegions.begin(), s.vertexRegions.end());
            tinygltf::Accessor accessor;
            accessor.bufferView = appendView(model, values.data(), values.size() * sizeof(float),
                                             TINYGLTF_TARGET_ARRAY_BUFFER);
            accessor.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
            accessor.type = TINYGLTF_TYPE_SCALAR;
            accessor.count = values.size();
            model.accessors.push_back(accessor);
            primitive.attributes["_REGION"] = static_cast<int>(model.accessors.size() - 1);
        }
        tinygltf::Accessor indices;
        indices.bufferView =
            appendView(model, s.mesh.indices.data(), s.mesh.indices.size() * sizeof(std::uint32_t),
                       TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
        indices.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
        indices.type = TINYGLTF_TYPE_SCALAR;
        indices.count = s.mesh.indices.size();
        model.accessors.push_back(indices);
        primitive.indices = static_cast<int>(model.accessors.size() - 1);

        const std::string key = structureKey(s);
        tinygltf::Mesh mesh;
        mesh.name = key;
        mesh.primitives.push_back(primitive);
        model.meshes.push_back(mesh);

        tinygltf::Node node;
        node.name = key;
        node.mesh = static_cast<int>(model.meshes.size() - 1);
        tinygltf::Value::Object extras;
        extras["label"] = tinygltf::Value(s.displayName);
        extras["id"] = tinygltf::Value(s.name);
        for (const auto& [field, value] : atlasFields(s.info))
            if (!value->empty())
                extras[field] = tinygltf::Value(*value);
        if (regions) {
            tinygltf::Value::Array names;
            for (const std::string& name : s.regionNames)
                names.emplace_back(name);
            extras["regions"] = tinygltf::Value(names);
        }
        node.extras = tinygltf::Value(extras);
        model.nodes.push_back(node);
        root.children.push_back(static_cast<int>(model.nodes.size() - 1));
    }
    if (root.children.empty())
        return core::usageError("the body has no meshes to write");
    if (!marks.empty()) {
        tinygltf::Node group;
        group.name = "FasciaLab marks";
        for (const MarkNode& mark : marks) {
            tinygltf::Node node;
            node.name = mark.name;
            node.translation = {double(mark.position.x), double(mark.position.y),
                                double(mark.position.z)};
            tinygltf::Value::Object extras;
            for (const auto& [key, value] : mark.extras)
                extras[key] = std::holds_alternative<std::string>(value)
                                  ? tinygltf::Value(std::get<std::string>(value))
                                  : tinygltf::Value(std::get<double>(value));
            node.extras = tinygltf::Value(extras);
            model.nodes.push_back(node);
            group.children.push_back(static_cast<int>(model.nodes.size() - 1));
        }
        model.nodes.push_back(group);
        root.children.push_back(static_cast<int>(model.nodes.size() - 1));
    }
    model.nodes.push_back(root);
    tinygltf::Scene scene;
    scene.name = "FasciaLab";
    scene.nodes.push_back(static_cast<int>(model.nodes.size() - 1));
    model.scenes.push_back(scene);
    model.defaultScene = 0;
    model.buffers[0].data.resize((model.buffers[0].data.size() + 3) / 4 * 4, 0);

    std::ostringstream stream;
    tinygltf::TinyGLTF writer;
    if (!writer.WriteGltfSceneToStream(&model, stream, !binary, binary))
        return core::internalError("glTF encoding failed");
    return stream.str();
}

core::Status saveGltf(const Body& body, const std::filesystem::path& path,
                      const std::vector<MarkNode>& marks) {
    const std::string ext = core::lowerExtension(path);
    if (ext != "glb" && ext != "gltf")
        return core::usageError(path.string() + ": the file name must end in .glb or .gltf");
    auto bytes = encodeGltf(body, ext == "glb", marks);
    if (!bytes)
        return core::Error{bytes.error().kind, path.string() + ": " + bytes.error().message};
    return core::writeFileAtomically(path, std::string_view(*bytes));
}

} // namespace anatomy::io
