// anatomy/io: decoding glTF primitives compressed with KHR_draco_mesh_compression, through
// Google's Draco library, with every index the stream yields checked before it is used.
#pragma once

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <map>
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

// Decodes one Draco stream. `attributeIds` maps glTF semantics ("POSITION", "NORMAL",
// "_FIBER") to the stream's attribute ids, as the extension declares them; POSITION is
// required, the others are decoded where the stream has them with three components. `what`
// names the file and primitive in error messages. A stream that decodes to more than
// `maxPoints` points or triangles is refused (Draco allocates while it decodes, so the caller
// also limits how many streams a file may decode in all).
core::Result<DracoMesh> decodeDracoMesh(const unsigned char* data, size_t size,
                                        const std::map<std::string, int>& attributeIds,
                                        const std::string& what, size_t maxPoints = 1u << 26);

} // namespace anatomy::io
