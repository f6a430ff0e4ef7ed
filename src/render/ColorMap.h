// render: the heat map's colour map, shared by the shader (as uniforms) and the legend (ui).
// Viridis: perceptually uniform (equal steps in value look like equal steps in colour), readable
// by the common forms of colour blindness and in greyscale print, dark purple (low) to yellow
// (high).
#pragma once

#include <glm/vec3.hpp>

#include <array>

namespace render {

// Viridis (matplotlib's table) sampled at nine evenly spaced points, sRGB 0..1; the shader and
// the legend interpolate linearly between them, so both show exactly the same colours.
inline constexpr std::array<glm::vec3, 9> kViridisStops = {{
    {0.267004f, 0.004874f, 0.329415f},
    {0.282623f, 0.140926f, 0.457517f},
    {0.229739f, 0.322361f, 0.545706f},
    {0.172719f, 0.448791f, 0.557885f},
    {0.127568f, 0.566949f, 0.550556f},
    {0.157851f, 0.683765f, 0.501686f},
    {0.369214f, 0.788888f, 0.382914f},
    {0.678489f, 0.863742f, 0.189503f},
    {0.993248f, 0.906157f, 0.143936f},
}};

// The colour for t in [0, 1] (clamped), sRGB.
glm::vec3 viridis(float t);

} // namespace render
