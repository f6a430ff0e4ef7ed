// anatomy/io: decoding glTF primitives compressed with KHR_draco_mesh_compression, through
// Google's Draco library, with every index the stream yields checked before it is used.
#pragma once

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anatomy::io {

// A decoded primitive: per point, three floats for each attribute asked for; three indices
// per triangle, each below the point count.
struct DracoMesh {
    size_t pointCount = 0;
    std::map<std::string, std::vector<float>> vec3Attributes; // by glTF semantic
    std::vector<std::uint32_t> indices;
};

// What a Draco stream's header says it holds, read before any of it is decoded: its triangles
// and its points (the sequential encoding's point count; edgebreaker's encoded vertices, which
// the points can exceed only where attribute seams split a vertex, at most three per
// triangle). Empty for a stream laid out otherwise than bitstream 2.x (which Draco may still
// decode) or cut short.
struct DracoDeclared {
    std::uint64_t triangles = 0, points = 0;
};
std::optional<DracoDeclared> dracoDeclaredSize(const unsigned char* data, size_t size);

// Decodes one Draco stream. `attributeIds` maps glTF semantics ("POSITION", "NORMAL",
// "_FIBER") to the stream's attribute ids, as the extension declares them; POSITION is
// required, the others are decoded where the stream has them with three components. `what`
// names the file and primitive in error messages. A stream that decodes to more than
// `maxPoints` points and triangles is refused: before it is decoded where its header declares
// more (Draco allocates for what the header declares), and after, for what it decoded to (the
// caller counts the streams of a file together).
core::Result<DracoMesh> decodeDracoMesh(const unsigned char* data, size_t size,
                                        const std::map<std::string, int>& attributeIds,
                                        const std::string& what, size_t maxPoints = 1u << 26);

} // namespace anatomy::io
