#include "platform/Window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <string>
#include <utility>

namespace platform {
namespace {
std::string g_lastGlfwError;
void rememberGlfwError(int, const char* description) {
    g_lastGlfwError = description ? description : "";
}
} // namespace

core::Result<std::unique_ptr<Window>> Window::create(const WindowOptions& options) {
    glfwSetErrorCallback(rememberGlfwError);
    if (!glfwInit())
        return core::internalError(
            "cannot open a window: " +
            (g_lastGlfwError.empty() ? std::string("no display") : g_lastGlfwError) +
            " (for headless use, try `fascialab render`)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SAMPLES, options.samples);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* handle =
        glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!handle) {
        glfwTerminate();
        return core::internalError("cannot create an OpenGL 3.3 core window: " + g_lastGlfwError);
    }
    std::unique_ptr<Window> window(new Window());
    window->m_window = handle;
    glfwSetWindowUserPointer(handle, window.get());
    glfwSetDropCallback(handle, [](GLFWwindow* w, int count, const char** paths) {
        auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
        for (int i = 0; i < count; ++i)
            self->m_droppedPaths.emplace_back(paths[i]);
    });
    glfwMakeContextCurrent(handle);
    glfwSwapInterval(1);
    return window;
}

Window::~Window() {
    if (m_window)
        glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool Window::shouldClose() const {
    return glfwWindowShouldClose(m_window);
}
void Window::requestClose() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
}

void Window::cancelClose() {
    glfwSetWindowShouldClose(m_window, GLFW_FALSE);
}
void Window::pollEvents() {
    glfwPollEvents();
}
void Window::swapBuffers() {
    glfwSwapBuffers(m_window);
}
void Window::setTitle(const std::string& title) {
    glfwSetWindowTitle(m_window, title.c_str());
}

int Window::framebufferWidth() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return w;
}
int Window::framebufferHeight() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return h;
}

float Window::contentScale() const {
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(m_window, &x, &y);
    return std::max(x, 1.0f);
}

std::vector<std::string> Window::takeDroppedPaths() {
    return std::exchange(m_droppedPaths, {});
}

} // namespace platform
