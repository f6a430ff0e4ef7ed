#include "anatomy/io/Normalize.h"

#include "anatomy/MeshOps.h"

#include <glm/gtc/matrix_transform.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace anatomy::io {
namespace {

struct UnitGuess {
    float metresPerUnit;
    const char* name;
};

UnitGuess guessUnit(float largestExtent) {
    static constexpr std::array<UnitGuess, 4> kUnits = {
        {{1.0f, "metres"}, {0.1f, "decimetres"}, {0.01f, "centimetres"}, {0.001f, "millimetres"}}};
    for (const UnitGuess& unit : kUnits) {
        const float metres = largestExtent * unit.metresPerUnit;
        if (metres >= 0.25f && metres <= 2.5f)
            return unit;
    }
    return kUnits[0];
}

std::string formatMetres(float v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f m", static_cast<double>(v));
    return buffer;
}

} // namespace

void normalizeUnitsAndAxes(RawModel& raw) {
    Body& body = raw.body;
    glm::mat4 transform(1.0f);
    if (raw.toYUpBasis) {
        transform = glm::mat4(*raw.toYUpBasis);
        if (*raw.toYUpBasis != glm::mat3(1.0f))
            body.importNotes.push_back("rotated from the file's declared up axis to +Y up");
    } else {
        body.importNotes.push_back("the format declares no up axis; assumed +Y up");
    }

    float scale = 1.0f;
    if (raw.metresPerUnit) {
        scale = *raw.metresPerUnit;
        if (scale != 1.0f)
            body.importNotes.push_back("scaled by " + std::to_string(scale) +
                                       " from the file's declared unit to metres");
    } else {
        const glm::vec3 size = body.bounds().size();
        const UnitGuess unit = guessUnit(std::max({size.x, size.y, size.z}));
        scale = unit.metresPerUnit;
        body.importNotes.push_back(std::string("the format declares no unit; assumed ") +
                                   unit.name);
    }
    transform = glm::scale(glm::mat4(1.0f), glm::vec3(scale)) * transform;
    if (transform != glm::mat4(1.0f))
        for (Structure& s : body.structures())
            transformMesh(s.mesh, transform);

    const glm::vec3 size = body.bounds().size();
    body.importNotes.push_back("size " + formatMetres(size.x) + " wide, " + formatMetres(size.y) +
                               " tall, " + formatMetres(size.z) + " deep");
}

} // namespace anatomy::io
