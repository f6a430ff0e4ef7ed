// app: the interactive viewer: GLFW window, ImGui panels, the renderer, picking.
#pragma once

#include "app/DefaultBody.h"
#include "core/Result.h"

#include <string>

namespace app {

struct ViewerOptions {
    std::string modelPath; // empty: the body `body` chooses
    BodyChoice body;
    std::string mapPath;           // a map to open (.fascia.json); empty: a new, untitled map
    std::string screenshotAndQuit; // non-empty: save the window to this PNG after a few frames
    std::string lesson;            // "referred-pain:2": open the Learn tab on that lesson's step
};

core::Status runViewer(const ViewerOptions& options);

} // namespace app
