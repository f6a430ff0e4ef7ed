#include "anatomy/io/DracoDecoding.h"

#include "core/Limits.h"

#include <draco/compression/decode.h>
#include <draco/core/decoder_buffer.h>
#include <draco/mesh/mesh.h>

#include <cmath>
#include <string>

namespace anatomy::io {
namespace {

// Reads an attribute as three floats per point. False when the stream's attribute is missing,
// has another number of components, or maps a point outside its own values (a damaged stream).
bool readVec3(const draco::Mesh& mesh, int uniqueId, std::vector<float>& out) {
    const draco::PointAttribute* attribute = mesh.GetAttributeByUniqueId(uniqueId);
    if (!attribute || attribute->num_components() != 3)
        return false;
    const size_t points = mesh.num_points();
    if (!attribute->is_mapping_identity() && attribute->indices_map_size() < points)
        return false;
    out.resize(points * 3);
    for (size_t i = 0; i < points; ++i) {
        const draco::AttributeValueIndex value =
            attribute->mapped_index(draco::PointIndex(static_cast<std::uint32_t>(i)));
        if (value.value() >= attribute->size())
            return false;
        if (!attribute->ConvertValue<float>(value, 3, &out[3 * i]))
            return false;
    }
    return true;
}

// Reads a Draco bitstream's numbers in order, as its specification lays them out; every read
// checks what is left, and a failed read leaves the reader failed.
class HeaderReader {
public:
    HeaderReader(const unsigned char* data, size_t size) : m_data(data), m_size(size) {}
    bool failed() const { return m_failed; }
    std::uint64_t byte() { return take(1) ? m_data[m_at - 1] : 0; }
    std::uint64_t littleEndian(int bytes) {
        std::uint64_t value = 0;
        for (int k = 0; k < bytes; ++k)
            value |= byte() << (8 * k);
        return value;
    }
    // An unsigned LEB128 number of at most five bytes (a 32-bit value).
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            const std::uint64_t b = byte();
            value |= (b & 0x7f) << shift;
            if (!(b & 0x80))
                return value;
        }
        m_failed = true;
        return 0;
    }
    void skip(std::uint64_t bytes) { take(bytes); }

private:
    bool take(std::uint64_t bytes) {
        if (m_failed || bytes > m_size - m_at) {
            m_failed = true;
            return false;
        }
        m_at += bytes;
        return true;
    }
    const unsigned char* m_data;
    size_t m_size, m_at = 0;
    bool m_failed = false;
};

// Passes over one metadata element (entries of sized keys and values, then named
// sub-elements), at most `depth` levels deep.
void skipMetadataElement(HeaderReader& in, int depth) {
    if (depth == 0) {
        in.skip(~std::uint64_t(0)); // deeper than any real file: fails the reader
        return;
    }
    const std::uint64_t entries = in.varint();
    for (std::uint64_t e = 0; e < entries && !in.failed(); ++e) {
        in.skip(in.byte()); // key
        in.skip(in.byte()); // value
    }
    const std::uint64_t children = in.varint();
    for (std::uint64_t c = 0; c < children && !in.failed(); ++c) {
        in.skip(in.byte()); // the child's key
        skipMetadataElement(in, depth - 1);
    }
}

} // namespace

std::optional<DracoDeclared> dracoDeclaredSize(const unsigned char* data, size_t size) {
    // Draco bitstream 2.x: "DRACO", major and minor version, encoder type and method, flags;
    // the metadata where the flags say so; then the connectivity's counts.
    constexpr std::uint64_t kMetadataFlag = 0x8000;
    constexpr std::uint64_t kSequential = 0, kEdgebreaker = 1;
    HeaderReader in(data, size);
    if (size < 5 || std::string(reinterpret_cast<const char*>(data), 5) != "DRACO")
        return std::nullopt;
    in.skip(5);
    const std::uint64_t major = in.byte(), minor = in.byte();
    in.byte(); // the encoder type: a mesh, which the caller has checked
    const std::uint64_t method = in.byte();
    const std::uint64_t flags = in.littleEndian(2);
    if (in.failed() || major != 2)
        return std::nullopt;
    const bool varints = minor >= 2; // counts before 2.2 are fixed 32-bit numbers here
    if (flags & kMetadataFlag) {
        const std::uint64_t attributes = in.varint();
        for (std::uint64_t a = 0; a < attributes && !in.failed(); ++a) {
            in.varint(); // the attribute's id
            skipMetadataElement(in, 32);
        }
        skipMetadataElement(in, 32); // the file's own
    }
    DracoDeclared declared;
    if (method == kSequential) {
        declared.triangles = varints ? in.varint() : in.littleEndian(4);
        declared.points = varints ? in.varint() : in.littleEndian(4);
    } else if (method == kEdgebreaker) {
        in.byte(); // the traversal's kind
        if (!varints)
            in.varint(); // new vertices, a count of 2.0 and 2.1 only
        declared.points = in.varint();
        declared.triangles = in.varint();
    } else {
        return std::nullopt;
    }
    if (in.failed())
        return std::nullopt;
    return declared;
}

core::Result<DracoMesh> decodeDracoMesh(const unsigned char* data, size_t size,
                                        const std::map<std::string, int>& attributeIds,
                                        const std::string& what, size_t maxPoints) {
    auto fail = [&](const std::string& problem) { return core::badInput(what + ": " + problem); };
    const auto position = attributeIds.find("POSITION");
    if (position == attributeIds.end())
        return fail("the Draco extension names no POSITION attribute");

    draco::DecoderBuffer buffer;
    buffer.Init(reinterpret_cast<const char*>(data), size);
    // Read the header first, so a stream that is not Draco at all or declares another kind of
    // geometry says so plainly.
    const auto type = draco::Decoder::GetEncodedGeometryType(&buffer);
    if (!type.ok())
        return fail("damaged Draco stream: " + type.status().error_msg_string());
    if (type.value() != draco::TRIANGULAR_MESH)
        return fail("the Draco stream holds a point cloud, not a triangle mesh");

    const auto overLimit = [&](const char* verb, std::uint64_t points, std::uint64_t triangles) {
        return fail("the Draco stream " + std::string(verb) + " " + std::to_string(points) +
                    " points and " + std::to_string(triangles) +
                    " triangles, more than the limit of " + std::to_string(maxPoints) +
                    " for the whole file (" + core::raiseHint(core::Limit::DracoMillionElements) +
                    ", in millions)");
    };
    // Refused before it is decoded where its header declares too much: Draco allocates for
    // what the header says.
    if (const auto declared = dracoDeclaredSize(data, size);
        declared && declared->points + declared->triangles > maxPoints)
        return overLimit("declares", declared->points, declared->triangles);

    draco::Decoder decoder;
    auto decoded = decoder.DecodeMeshFromBuffer(&buffer);
    if (!decoded.ok())
        return fail("damaged Draco stream: " + decoded.status().error_msg_string());
    const draco::Mesh& mesh = *decoded.value();
    if (static_cast<size_t>(mesh.num_points()) + static_cast<size_t>(mesh.num_faces()) > maxPoints)
        return overLimit("decodes to", mesh.num_points(), mesh.num_faces());

    DracoMesh out;
    out.pointCount = mesh.num_points();
    for (const auto& [semantic, id] : attributeIds) {
        std::vector<float> values;
        if (!readVec3(mesh, id, values)) {
            if (semantic == "POSITION")
                return fail("damaged Draco stream: its positions cannot be read");
            continue; // an optional attribute in another shape (texture coordinates...)
        }
        for (float v : values)
            if (!std::isfinite(v))
                return fail("damaged Draco stream: " + semantic + " holds a non-finite number");
        out.vec3Attributes.emplace(semantic, std::move(values));
    }
    out.indices.reserve(static_cast<size_t>(mesh.num_faces()) * 3);
    for (draco::FaceIndex f(0); f < mesh.num_faces(); ++f) {
        const draco::Mesh::Face& face = mesh.face(f);
        for (int corner = 0; corner < 3; ++corner) {
            const std::uint32_t index = face[corner].value();
            if (index >= out.pointCount)
                return fail("damaged Draco stream: a triangle refers to a missing point");
            out.indices.push_back(index);
        }
    }
    return out;
}

} // namespace anatomy::io
