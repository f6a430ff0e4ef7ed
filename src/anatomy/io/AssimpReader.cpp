#include "anatomy/io/Readers.h"

#include "anatomy/MeshOps.h"
#include "anatomy/io/ContainedImport.h"
#include "anatomy/io/DeclaredSizes.h"
#include "anatomy/io/ModelFolder.h"

#include <assimp/DefaultIOSystem.h>
#include <assimp/Importer.hpp>
#include <assimp/importerdesc.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <system_error>

namespace anatomy::io {
namespace {

glm::mat4 toGlm(const aiMatrix4x4& m) {
    // Assimp is row-major, GLM column-major.
    return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4,
                     m.b4, m.c4, m.d4);
}

template <typename T> std::optional<T> metadata(const aiScene& scene, const char* key) {
    T value{};
    if (scene.mMetaData && scene.mMetaData->Get(key, value))
        return value;
    return std::nullopt;
}

glm::vec3 axisVector(int axis, int sign) {
    glm::vec3 v(0.0f);
    v[std::clamp(axis, 0, 2)] = sign < 0 ? -1.0f : 1.0f;
    return v;
}

// FBX files name their up and front axes; build the rotation that takes them to +Y and +Z.
std::optional<glm::mat3> fbxBasis(const aiScene& scene) {
    const auto up = metadata<int32_t>(scene, "UpAxis");
    const auto upSign = metadata<int32_t>(scene, "UpAxisSign");
    const auto front = metadata<int32_t>(scene, "FrontAxis");
    const auto frontSign = metadata<int32_t>(scene, "FrontAxisSign");
    if (!up || !front || *up == *front || *up < 0 || *up > 2 || *front < 0 || *front > 2)
        return std::nullopt;
    const glm::vec3 fileUp = axisVector(*up, upSign.value_or(1));
    // FBX's "front" axis points from the model towards the viewer, as our +Z does.
    const glm::vec3 fileFront = axisVector(*front, frontSign.value_or(1));
    const glm::vec3 fileRight = glm::cross(fileUp, fileFront);
    // Rows are the file's right/up/front axes: the matrix maps them to +X/+Y/+Z.
    return glm::transpose(glm::mat3(fileRight, fileUp, fileFront));
}

// The files an importer may open: the model and what lies inside its folder, read only. What
// it asked for and was refused is kept, to tell the user.
class ModelFolderIOSystem : public Assimp::DefaultIOSystem {
public:
    explicit ModelFolderIOSystem(std::filesystem::path model) : m_model(std::move(model)) {}

    bool Exists(const char* file) const override {
        return allowed(file) && Assimp::DefaultIOSystem::Exists(file);
    }
    Assimp::IOStream* Open(const char* file, const char* mode) override {
        if (!mode || std::strpbrk(mode, "wa+") != nullptr || !allowed(file))
            return nullptr;
        return Assimp::DefaultIOSystem::Open(file, mode);
    }

    // Some importers ask whether a file exists before opening it, some open it at once.
    mutable std::vector<std::string> refused;

private:
    bool allowed(const char* file) const {
        if (!file)
            return false;
        if (isInsideModelFolder(m_model, std::filesystem::path(file)))
            return true;
        if (std::find(refused.begin(), refused.end(), file) == refused.end())
            refused.emplace_back(file);
        return false;
    }
    std::filesystem::path m_model;
};

} // namespace

core::Result<RawModel> readWithAssimp(const std::filesystem::path& path,
                                      core::TaskProgress* progress) {
    const std::string file = path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return core::badInput(file + ": file not found");
    if (std::filesystem::is_directory(path, ec))
        return core::badInput(file + ": is a directory, not a file");
    if (std::filesystem::file_size(path, ec) == 0)
        return core::badInput(file + ": the file is empty");
    if (auto sizes = checkDeclaredSizes(path); !sizes)
        return sizes.error();
    return importContained(path, importWithAssimp, importTimeLimit(), progress);
}

core::Result<RawModel> importWithAssimp(const std::filesystem::path& path) {
    const std::string file = path.string();
    Assimp::Importer importer;
    // The importer owns its IO system and deletes it with itself.
    auto* io = new ModelFolderIOSystem(path);
    importer.SetIOHandler(io);
    // Keep node transforms (we apply them ourselves) and drop what anatomy has no use for.
    importer.SetPropertyInteger(AI_CONFIG_PP_RVC_FLAGS,
                                aiComponent_COLORS | aiComponent_TEXCOORDS |
                                    aiComponent_BONEWEIGHTS | aiComponent_ANIMATIONS |
                                    aiComponent_TEXTURES | aiComponent_LIGHTS |
                                    aiComponent_CAMERAS | aiComponent_MATERIALS);
    // COLLADA nodes carry a readable name besides their id; anatomy files put the name there.
    importer.SetPropertyBool(AI_CONFIG_IMPORT_COLLADA_USE_COLLADA_NAMES, true);
    // Points and lines are kept apart from triangles (aiProcess_SortByPType), not removed, so a
    // file with nothing else can be told apart from a broken one.
    const unsigned flags = aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                           aiProcess_SortByPType | aiProcess_RemoveComponent |
                           aiProcess_ValidateDataStructure | aiProcess_FindInvalidData;
    const aiScene* scene = nullptr;
    try {
        scene = importer.ReadFile(file, flags);
    } catch (const std::exception& e) {
        return core::badInput(file + ": cannot read: " + e.what());
    }
    const auto outsideFolder = [&](const std::string& refused) {
        return file + ": the file refers to '" + refused +
               "', outside the model's folder; a model may refer only to files inside its own "
               "folder";
    };
    if (!scene || !scene->mRootNode || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE)) {
        if (!io->refused.empty())
            return core::badInput(outsideFolder(io->refused.front()));
        std::string reason = importer.GetErrorString();
        if (reason.empty())
            reason = "the file is incomplete or not a model";
        return core::badInput(file + ": cannot read: " + reason);
    }
    bool triangles = false, points = false, lines = false;
    for (unsigned i = 0; i < scene->mNumMeshes; ++i) {
        if (!scene->mMeshes[i])
            continue;
        const unsigned types = scene->mMeshes[i]->mPrimitiveTypes;
        triangles = triangles || (types & aiPrimitiveType_TRIANGLE);
        points = points || (types & aiPrimitiveType_POINT);
        lines = lines || (types & aiPrimitiveType_LINE);
    }
    if (!triangles && (points || lines))
        return core::badInput(file + ": the file holds only " +
                              (points && lines ? "points and lines"
                               : points        ? "points"
                                               : "lines") +
                              ", no triangles");

    RawModel raw;
    std::string extension = path.extension().string();
    if (const aiImporterDesc* desc = importer.GetImporterInfo(
            static_cast<size_t>(importer.GetImporterIndex(extension.c_str()))))
        raw.formatName = desc->mName;
    else
        raw.formatName = extension;

    if (const auto unitScale = metadata<double>(*scene, "UnitScaleFactor"))
        // FBX stores centimetres per unit.
        if (std::isfinite(*unitScale) && *unitScale > 0.0)
            raw.metresPerUnit = static_cast<float>(*unitScale / 100.0);
    if (!raw.metresPerUnit)
        if (const auto unitScale = metadata<float>(*scene, "UnitScaleFactor"))
            if (std::isfinite(*unitScale) && *unitScale > 0.0f)
                raw.metresPerUnit = *unitScale / 100.0f;
    raw.toYUpBasis = fbxBasis(*scene);

    std::function<void(const aiNode*, const glm::mat4&, int)> visit =
        [&](const aiNode* node, const glm::mat4& parent, int depth) {
            if (!node || depth > 256)
                return;
            const glm::mat4 world = parent * toGlm(node->mTransformation);
            for (unsigned i = 0; i < node->mNumMeshes; ++i) {
                if (node->mMeshes[i] >= scene->mNumMeshes)
                    continue;
                const aiMesh* mesh = scene->mMeshes[node->mMeshes[i]];
                if (!mesh || !(mesh->mPrimitiveTypes & aiPrimitiveType_TRIANGLE))
                    continue;
                Structure structure;
                std::string name = node->mName.length ? node->mName.C_Str() : "";
                if (name.empty() || name == "RootNode" || node->mNumMeshes > 1)
                    name = mesh->mName.length ? mesh->mName.C_Str() : name;
                if (name.empty())
                    name = "mesh " + std::to_string(node->mMeshes[i]);
                structure.name = name;
                structure.mesh.positions.reserve(mesh->mNumVertices);
                for (unsigned v = 0; v < mesh->mNumVertices; ++v)
                    structure.mesh.positions.emplace_back(
                        mesh->mVertices[v].x, mesh->mVertices[v].y, mesh->mVertices[v].z);
                for (unsigned f = 0; f < mesh->mNumFaces; ++f) {
                    const aiFace& face = mesh->mFaces[f];
                    if (face.mNumIndices != 3)
                        continue;
                    structure.mesh.indices.insert(
                        structure.mesh.indices.end(),
                        {face.mIndices[0], face.mIndices[1], face.mIndices[2]});
                }
                transformMesh(structure.mesh, world);
                removeDegenerateTriangles(structure.mesh);
                if (structure.mesh.indices.empty())
                    continue;
                computeSmoothNormals(structure.mesh);
                raw.body.addStructure(std::move(structure));
            }
            for (unsigned c = 0; c < node->mNumChildren; ++c)
                visit(node->mChildren[c], world, depth + 1);
        };
    visit(scene->mRootNode, glm::mat4(1.0f), 0);
    // A reference the model could do without (an OBJ's material library) is only noted.
    for (const std::string& refused : io->refused)
        raw.body.importNotes.push_back(outsideFolder(refused) + ", so it was not read");
    return raw;
}

} // namespace anatomy::io
