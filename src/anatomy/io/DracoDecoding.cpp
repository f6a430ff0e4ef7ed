#include "anatomy/io/DracoDecoding.h"

#include "core/Limits.h"

#include <draco/compression/decode.h>
#include <draco/core/decoder_buffer.h>
#include <draco/mesh/mesh.h>

#include <cmath>

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

} // namespace

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

    draco::Decoder decoder;
    auto decoded = decoder.DecodeMeshFromBuffer(&buffer);
    if (!decoded.ok())
        return fail("damaged Draco stream: " + decoded.status().error_msg_string());
    const draco::Mesh& mesh = *decoded.value();
    if (static_cast<size_t>(mesh.num_points()) + static_cast<size_t>(mesh.num_faces()) > maxPoints)
        return fail("the Draco stream declares " + std::to_string(mesh.num_points()) +
                    " points and " + std::to_string(mesh.num_faces()) +
                    " triangles, more than the limit of " + std::to_string(maxPoints) +
                    " for the whole file (" + core::raiseHint(core::Limit::DracoMillionElements) +
                    ", in millions)");

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
