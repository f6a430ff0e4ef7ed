// platform: the GLFW window with an OpenGL 3.3 core context, its input callbacks and HiDPI scale.
#pragma once

#include "core/Result.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;

namespace platform {

struct WindowOptions {
    int width = 1440;
    int height = 900;
    std::string title = "FasciaLab";
    int samples = 0; // the renderer anti-aliases itself (FXAA); MSAA is slow on llvmpipe
    bool visible = true;
};

class Window {
public:
    static core::Result<std::unique_ptr<Window>> create(const WindowOptions& options);
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    ~Window();

    bool shouldClose() const;
    void requestClose();
    void cancelClose(); // the user closed the window but the app asks first (unsaved work)
    void pollEvents();
    void swapBuffers();
    void setTitle(const std::string& title);

    GLFWwindow* handle() const { return m_window; }
    // Framebuffer pixels, which differ from window coordinates on HiDPI screens.
    int framebufferWidth() const;
    int framebufferHeight() const;
    // The monitor's content scale (1 on a normal screen, 2 on a Retina-class one).
    float contentScale() const;

    // Paths dropped onto the window since the last call.
    std::vector<std::string> takeDroppedPaths();

private:
    Window() = default;
    GLFWwindow* m_window = nullptr;
    std::vector<std::string> m_droppedPaths;
};

} // namespace platform
