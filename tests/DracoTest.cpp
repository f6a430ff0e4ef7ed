// glTF files with KHR_draco_mesh_compression: decoded to the geometry that was encoded, and a
// damaged stream refused with a message naming the file.
#include "AtlasFixture.h"
#include "CliRunner.h"
#include "TestSupport.h"
#include "anatomy/io/DracoDecoding.h"
#include "anatomy/io/ModelLoader.h"

#include <catch2/catch.hpp>
#include <draco/compression/encode.h>
#include <draco/mesh/triangle_soup_mesh_builder.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

namespace {

// A closed octahedron subdivided `levels` times and pushed onto the unit sphere (scaled by
// `radiusM`), as triangle soup: three corners per triangle.
std::vector<glm::vec3> sphereSoup(int levels, float radiusM) {
    std::vector<glm::vec3> soup;
    const glm::vec3 px(1, 0, 0), nx(-1, 0, 0), py(0, 1, 0), ny(0, -1, 0), pz(0, 0, 1), nz(0, 0, -1);
    const std::vector<std::array<glm::vec3, 3>> faces = {{pz, px, py}, {px, nz, py}, {nz, nx, py},
                                                         {nx, pz, py}, {px, pz, ny}, {nz, px, ny},
                                                         {nx, nz, ny}, {pz, nx, ny}};
    std::function<void(glm::vec3, glm::vec3, glm::vec3, int)> split = [&](glm::vec3 a, glm::vec3 b,
                                                                          glm::vec3 c, int level) {
        if (level == 0) {
            for (const glm::vec3& p : {a, b, c})
                soup.push_back(glm::normalize(p) * radiusM);
            return;
        }
        const glm::vec3 ab = (a + b) * 0.5f, bc = (b + c) * 0.5f, ca = (c + a) * 0.5f;
        split(a, ab, ca, level - 1);
        split(ab, b, bc, level - 1);
        split(ca, bc, c, level - 1);
        split(ab, bc, ca, level - 1);
    };
    for (const auto& f : faces)
        split(f[0], f[1], f[2], levels);
    return soup;
}

struct DracoGlb {
    std::string bytes;
    size_t streamOffset = 0; // where the Draco stream starts in the file
    size_t streamSize = 0;
};

// A GLB holding one Draco-compressed primitive (positions quantised to `positionBits`, normals),
// laid out as exporters write it: the stream is the only buffer view, and the accessors carry
// counts and bounds only.
DracoGlb dracoGlb(const std::vector<glm::vec3>& soup, int positionBits,
                  int method = draco::MESH_EDGEBREAKER_ENCODING) {
    const auto faces = static_cast<int>(soup.size() / 3);
    draco::TriangleSoupMeshBuilder builder;
    builder.Start(faces);
    const int pos = builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
    const int nrm = builder.AddAttribute(draco::GeometryAttribute::NORMAL, 3, draco::DT_FLOAT32);
    for (int f = 0; f < faces; ++f) {
        const glm::vec3* p = &soup[3 * static_cast<size_t>(f)];
        const glm::vec3 n[3] = {glm::normalize(p[0]), glm::normalize(p[1]), glm::normalize(p[2])};
        builder.SetAttributeValuesForFace(pos, draco::FaceIndex(f), &p[0], &p[1], &p[2]);
        builder.SetAttributeValuesForFace(nrm, draco::FaceIndex(f), &n[0], &n[1], &n[2]);
    }
    std::unique_ptr<draco::Mesh> mesh = builder.Finalize();
    REQUIRE(mesh);
    draco::Encoder encoder;
    encoder.SetAttributeQuantization(draco::GeometryAttribute::POSITION, positionBits);
    encoder.SetAttributeQuantization(draco::GeometryAttribute::NORMAL, 10);
    encoder.SetEncodingMethod(method);
    draco::EncoderBuffer stream;
    REQUIRE(encoder.EncodeMeshToBuffer(*mesh, &stream).ok());

    glm::vec3 lo(1e9f), hi(-1e9f);
    for (const auto& p : soup) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    const auto points = static_cast<int>(mesh->num_points());
    nlohmann::json gltf = {
        {"asset", {{"version", "2.0"}}},
        {"extensionsUsed", {"KHR_draco_mesh_compression"}},
        {"extensionsRequired", {"KHR_draco_mesh_compression"}},
        {"scene", 0},
        {"scenes", {{{"nodes", {0}}}}},
        {"nodes", {{{"mesh", 0}, {"name", "left gluteus maximus"}}}},
        {"meshes",
         {{{"primitives",
            {{{"attributes", {{"POSITION", 0}, {"NORMAL", 1}}},
              {"indices", 2},
              {"mode", 4},
              {"extensions",
               {{"KHR_draco_mesh_compression",
                 {{"bufferView", 0},
                  {"attributes",
                   {{"POSITION", mesh->attribute(pos)->unique_id()},
                    {"NORMAL", mesh->attribute(nrm)->unique_id()}}}}}}}}}}}}},
        {"accessors",
         {{{"componentType", 5126},
           {"count", points},
           {"type", "VEC3"},
           {"min", {lo.x, lo.y, lo.z}},
           {"max", {hi.x, hi.y, hi.z}}},
          {{"componentType", 5126}, {"count", points}, {"type", "VEC3"}},
          {{"componentType", 5125}, {"count", faces * 3}, {"type", "SCALAR"}}}},
        {"bufferViews", {{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", stream.size()}}}},
        {"buffers", {{{"byteLength", stream.size()}}}}};
    std::string json = gltf.dump();
    json.resize((json.size() + 3) / 4 * 4, ' ');
    std::string bin(stream.data(), stream.size());
    bin.resize((bin.size() + 3) / 4 * 4, '\0');
    auto u32 = [](std::uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
    DracoGlb glb;
    glb.bytes = "glTF" + u32(2) +
                u32(static_cast<std::uint32_t>(12 + 8 + json.size() + 8 + bin.size())) +
                u32(static_cast<std::uint32_t>(json.size())) + "JSON" + json +
                u32(static_cast<std::uint32_t>(bin.size())) + std::string("BIN\0", 4);
    glb.streamOffset = glb.bytes.size();
    glb.streamSize = stream.size();
    glb.bytes += bin;
    return glb;
}

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

} // namespace

TEST_CASE("A Draco-compressed glTF decodes to the mesh that was encoded", "[io][draco]") {
    const auto dir = test::makeTempDir("draco");
    const float radius = 0.1f;
    const auto soup = sphereSoup(3, radius); // 512 triangles
    const DracoGlb glb = dracoGlb(soup, 14);
    writeFile(dir / "sphere.glb", glb.bytes);

    auto body = anatomy::io::loadModel(dir / "sphere.glb");
    REQUIRE(body.ok());
    REQUIRE(body->structures().size() == 1);
    const anatomy::Structure& s = body->structures()[0];
    CHECK(s.name == "left gluteus maximus");
    CHECK(s.mesh.triangleCount() == soup.size() / 3);
    // 14 bits over the sphere's 0.2 m: a step of 12 µm, so every point lies on the sphere to
    // within that (and the decoded mesh shares the corners the soup repeated).
    CHECK(s.mesh.vertexCount() < soup.size() / 2);
    for (const glm::vec3& p : s.mesh.positions)
        REQUIRE(std::abs(glm::length(p) - radius) < 2e-5f);
    // Every triangle still faces outwards, as it was encoded.
    for (size_t t = 0; t < s.mesh.triangleCount(); ++t) {
        const glm::vec3 a = s.mesh.positions[s.mesh.indices[3 * t]];
        const glm::vec3 b = s.mesh.positions[s.mesh.indices[3 * t + 1]];
        const glm::vec3 c = s.mesh.positions[s.mesh.indices[3 * t + 2]];
        REQUIRE(glm::dot(glm::cross(b - a, c - a), a + b + c) > 0.0f);
    }
    const auto r = static_cast<double>(radius);
    const double sphereVolume = 4.0 / 3.0 * M_PI * r * r * r;
    // The subdivided octahedron holds a little less than the sphere it is inscribed in.
    CHECK(test::signedVolume(s.mesh) == Approx(sphereVolume).epsilon(0.05));
}

TEST_CASE("A damaged Draco stream is refused with the file named, never a crash", "[io][draco]") {
    const auto dir = test::makeTempDir("draco-damaged");
    const DracoGlb glb = dracoGlb(sphereSoup(3, 0.1f), 14);
    std::mt19937 random(2312);
    int refused = 0, decoded = 0;
    auto attempt = [&](const std::string& name, const std::string& bytes) {
        const auto path = dir / name;
        writeFile(path, bytes);
        auto body = anatomy::io::loadModel(path);
        INFO(name);
        if (body.ok()) {
            // A flip can land in bits that only move a point within the sphere's box.
            ++decoded;
            return;
        }
        ++refused;
        CHECK(body.error().kind == core::ErrorKind::BadInput);
        CHECK_THAT(body.error().message, Catch::Contains(path.string()));
    };
    // The stream cut short: the buffer view's declared length shortened, the file otherwise
    // whole, at every seventh length from nothing to one byte short.
    std::uint32_t jsonLength;
    std::memcpy(&jsonLength, glb.bytes.data() + 12, 4);
    const auto doc = nlohmann::json::parse(glb.bytes.substr(20, jsonLength));
    for (size_t keep = 0; keep < glb.streamSize; keep += 7) {
        nlohmann::json shortened = doc;
        shortened["bufferViews"][0]["byteLength"] = keep;
        std::string json = shortened.dump();
        REQUIRE(json.size() <= jsonLength); // the length only lost digits
        json.resize(jsonLength, ' ');
        std::string bytes = glb.bytes;
        bytes.replace(20, jsonLength, json);
        attempt("cut-" + std::to_string(keep) + ".glb", bytes);
    }
    // The file itself truncated inside the stream.
    for (size_t keep = glb.streamOffset; keep < glb.bytes.size(); keep += 97)
        attempt("truncated-" + std::to_string(keep) + ".glb", glb.bytes.substr(0, keep));
    // Single and multiple bit flips anywhere in the stream.
    std::uniform_int_distribution<size_t> where(glb.streamOffset, glb.bytes.size() - 1);
    for (int trial = 0; trial < 400; ++trial) {
        std::string flipped = glb.bytes;
        const int flips = 1 + trial % 4;
        for (int f = 0; f < flips; ++f)
            flipped[where(random)] ^= static_cast<char>(1u << (random() % 8));
        attempt("flipped-" + std::to_string(trial) + ".glb", flipped);
    }
    WARN(refused << " damaged copies refused, " << decoded << " decoded");
    CHECK(refused > 100);
}

TEST_CASE("A Draco stream's header is read for what it holds before any of it is decoded",
          "[io][draco]") {
    const std::vector<glm::vec3> soup = sphereSoup(3, 0.1f); // 512 triangles
    for (const int method : {draco::MESH_SEQUENTIAL_ENCODING, draco::MESH_EDGEBREAKER_ENCODING}) {
        INFO((method == draco::MESH_SEQUENTIAL_ENCODING ? "sequential" : "edgebreaker"));
        const DracoGlb glb = dracoGlb(soup, 14, method);
        const auto* stream =
            reinterpret_cast<const unsigned char*>(glb.bytes.data() + glb.streamOffset);
        const auto declared = anatomy::io::dracoDeclaredSize(stream, glb.streamSize);
        REQUIRE(declared.has_value());
        auto decoded =
            anatomy::io::decodeDracoMesh(stream, glb.streamSize, {{"POSITION", 0}}, "sphere.glb");
        REQUIRE(decoded.ok());
        // What the header declares is what decoding gives: the triangles exactly; the points
        // exactly, or (edgebreaker's encoded vertices) no more than the points seams split.
        CHECK(declared->triangles == decoded->indices.size() / 3);
        CHECK(declared->points <= decoded->pointCount);
        CHECK(declared->points * 2 > decoded->pointCount);
        if (method == draco::MESH_SEQUENTIAL_ENCODING)
            CHECK(declared->points == decoded->pointCount);
        // Cut before its counts are complete (11 bytes of header, a byte or more each), it
        // declares nothing.
        for (size_t cut = 0; cut < 13; ++cut)
            CHECK_FALSE(anatomy::io::dracoDeclaredSize(stream, cut).has_value());
    }
}

TEST_CASE("A Draco stream that declares more than the limit is refused before it is decoded",
          "[io][draco]") {
    // Headers of bitstream 2.2 that claim two billion triangles and points, and nothing
    // after: decoding them would allocate tens of gigabytes before finding the data missing.
    const auto varint = [](std::uint32_t v) {
        std::string out;
        do {
            out += static_cast<char>((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
            v >>= 7;
        } while (v);
        return out;
    };
    const std::string header = std::string("DRACO") + '\x02' + '\x02' + '\x01';
    const std::string sequential =
        header + '\x00' + std::string(2, '\0') + varint(2000000000u) + varint(2000000000u) + '\x00';
    const std::string edgebreaker =
        header + '\x01' + std::string(2, '\0') + '\x00' + varint(2000000000u) + varint(2000000000u);
    for (const std::string& stream : {sequential, edgebreaker}) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(stream.data());
        const auto declared = anatomy::io::dracoDeclaredSize(bytes, stream.size());
        REQUIRE(declared.has_value());
        CHECK(declared->triangles == 2000000000u);
        CHECK(declared->points == 2000000000u);
        const auto start = std::chrono::steady_clock::now();
        auto refused =
            anatomy::io::decodeDracoMesh(bytes, stream.size(), {{"POSITION", 0}}, "hostile.glb");
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message,
                   Catch::StartsWith("hostile.glb: the Draco stream declares 2000000000 points") &&
                       Catch::Contains("draco-million"));
        CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
              1.0);
    }
    // In a file: exit 2 from info, naming the file and the limit.
    const DracoGlb glb = dracoGlb(sphereSoup(2, 0.1f), 14);
    std::string bytes = glb.bytes;
    REQUIRE(sequential.size() <= glb.streamSize);
    bytes.replace(glb.streamOffset, sequential.size(), sequential);
    const auto dir = test::makeTempDir("draco-hostile");
    writeFile(dir / "hostile.glb", bytes);
    const auto result = test::runCli({"info", (dir / "hostile.glb").string()});
    CHECK(result.code == 2);
    CHECK_THAT(result.err, Catch::Contains("hostile.glb") && Catch::Contains("declares") &&
                               Catch::Contains("draco-million"));
}

TEST_CASE("info on a damaged Draco file exits 2 naming the file", "[io][draco][cli]") {
    const auto dir = test::makeTempDir("draco-cli");
    const DracoGlb glb = dracoGlb(sphereSoup(2, 0.1f), 12);
    std::string damaged = glb.bytes;
    // The stream's body zeroed after its header: the connectivity cannot be decoded.
    std::fill(damaged.begin() + static_cast<long>(glb.streamOffset + 16), damaged.end(), '\0');
    const auto path = dir / "damaged.glb";
    writeFile(path, damaged);
    const auto r = test::runCli({"info", path.string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(path.string()));
    CHECK_THAT(r.err, Catch::Contains("Draco"));
}

TEST_CASE("BodyParts3D's Draco parts load with the geometry their accessors bound",
          "[io][draco][data]") {
    const auto parts = test::atlasDirectory() / "parts";
    for (const char* name : {"FJ2810.glb", "FJ1418M.glb", "FJ1521.glb", "FJ3131.glb"}) {
        INFO(name);
        const auto path = parts / name;
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::uint32_t jsonLength;
        std::memcpy(&jsonLength, bytes.data() + 12, 4);
        const auto doc = nlohmann::json::parse(bytes.substr(20, jsonLength));
        const auto& accessors = doc["accessors"];
        const auto& primitive = doc["meshes"][0]["primitives"][0];
        const auto& position = accessors[primitive["attributes"]["POSITION"].get<int>()];
        const size_t triangles =
            accessors[primitive["indices"].get<int>()]["count"].get<size_t>() / 3;
        glm::vec3 translation(0.0f);
        if (doc["nodes"][0].contains("translation"))
            for (int i = 0; i < 3; ++i)
                translation[i] = doc["nodes"][0]["translation"][i].get<float>();

        // Its Draco stream's header declares the triangles the indices accessor counts.
        const auto& view =
            doc["bufferViews"]
               [primitive["extensions"]["KHR_draco_mesh_compression"]["bufferView"].get<int>()];
        const size_t binStart = 20 + jsonLength + 8;
        const auto* stream = reinterpret_cast<const unsigned char*>(bytes.data()) + binStart +
                             view.value("byteOffset", size_t(0));
        const auto declared =
            anatomy::io::dracoDeclaredSize(stream, view["byteLength"].get<size_t>());
        REQUIRE(declared.has_value());
        CHECK(declared->triangles == triangles);

        auto body = anatomy::io::loadModel(path);
        REQUIRE(body.ok());
        // The part itself (a skin alone also gets fascia derived under it).
        const int index = body->findStructure(doc["nodes"][0]["name"].get<std::string>());
        REQUIRE(index >= 0);
        const auto& mesh = body->structures()[static_cast<size_t>(index)].mesh;
        // A few triangles may be dropped as degenerate after quantisation.
        CHECK(mesh.triangleCount() <= triangles);
        CHECK(mesh.triangleCount() > triangles * 99 / 100);
        const core::Aabb box = mesh.bounds();
        for (int i = 0; i < 3; ++i) {
            CHECK(box.min[i] ==
                  Approx(position["min"][i].get<float>() + translation[i]).margin(2e-4));
            CHECK(box.max[i] ==
                  Approx(position["max"][i].get<float>() + translation[i]).margin(2e-4));
        }
    }
}
