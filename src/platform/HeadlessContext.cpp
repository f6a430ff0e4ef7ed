#include "platform/HeadlessContext.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <cstring>
#include <vector>

namespace platform {
namespace {

bool hasExtension(const char* extensions, const char* name) {
    if (!extensions)
        return false;
    const size_t length = std::strlen(name);
    for (const char* p = std::strstr(extensions, name); p; p = std::strstr(p + 1, name))
        if ((p == extensions || p[-1] == ' ') && (p[length] == ' ' || p[length] == '\0'))
            return true;
    return false;
}

// Surfaceless first (no GPU, no display server); a real device where the driver offers one.
EGLDisplay openDisplay() {
    const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (getPlatformDisplay && hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless")) {
        EGLDisplay display =
            getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (display != EGL_NO_DISPLAY && eglInitialize(display, nullptr, nullptr))
            return display;
    }
    auto queryDevices =
        reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    if (getPlatformDisplay && queryDevices &&
        hasExtension(clientExtensions, "EGL_EXT_platform_device")) {
        EGLint count = 0;
        queryDevices(0, nullptr, &count);
        std::vector<EGLDeviceEXT> devices(static_cast<size_t>(std::max(count, 0)));
        if (count > 0 && queryDevices(count, devices.data(), &count))
            for (EGLDeviceEXT device : devices) {
                EGLDisplay display = getPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, device, nullptr);
                if (display != EGL_NO_DISPLAY && eglInitialize(display, nullptr, nullptr))
                    return display;
            }
    }
    return EGL_NO_DISPLAY;
}

} // namespace

core::Result<std::unique_ptr<HeadlessContext>> HeadlessContext::create() {
    EGLDisplay display = openDisplay();
    if (display == EGL_NO_DISPLAY)
        return core::internalError(
            "cannot open a headless EGL display (is Mesa's libegl-mesa0 installed?)");
    if (!eglBindAPI(EGL_OPENGL_API)) {
        eglTerminate(display);
        return core::internalError("EGL: desktop OpenGL is not available");
    }
    const EGLint configAttributes[] = {EGL_SURFACE_TYPE,
                                       EGL_PBUFFER_BIT,
                                       EGL_RENDERABLE_TYPE,
                                       EGL_OPENGL_BIT,
                                       EGL_RED_SIZE,
                                       8,
                                       EGL_GREEN_SIZE,
                                       8,
                                       EGL_BLUE_SIZE,
                                       8,
                                       EGL_NONE};
    EGLConfig config = nullptr;
    EGLint configCount = 0;
    if (!eglChooseConfig(display, configAttributes, &config, 1, &configCount) || configCount == 0)
        config = nullptr; // EGL_KHR_no_config_context: fine, we only render to framebuffers
    const EGLint contextAttributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                        3,
                                        EGL_CONTEXT_MINOR_VERSION,
                                        3,
                                        EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                        EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttributes);
    if (context == EGL_NO_CONTEXT) {
        eglTerminate(display);
        return core::internalError("EGL: cannot create an OpenGL 3.3 core context");
    }
    std::unique_ptr<HeadlessContext> result(new HeadlessContext());
    result->m_display = display;
    result->m_context = context;
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context))
        return core::internalError("EGL: cannot make the context current without a surface");
    return result;
}

HeadlessContext::~HeadlessContext() {
    if (m_display) {
        eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (m_context)
            eglDestroyContext(m_display, m_context);
        eglTerminate(m_display);
    }
}

void HeadlessContext::makeCurrent() {
    eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_context);
}

std::string HeadlessContext::description() const {
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(renderer ? renderer : "?") + ", OpenGL " + (version ? version : "?");
}

} // namespace platform
