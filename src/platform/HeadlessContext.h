// platform: an OpenGL 3.3 core context with no window and no display (EGL surfaceless, as on
// Mesa llvmpipe), for tests, benchmarks and the `render` command.
#pragma once

#include "core/Result.h"

#include <memory>
#include <string>

namespace platform {

class HeadlessContext {
public:
    static core::Result<std::unique_ptr<HeadlessContext>> create();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;
    ~HeadlessContext();

    void makeCurrent();
    // "Mesa llvmpipe (LLVM 15...), OpenGL 4.5 core" — what we got, for logs and benchmarks.
    std::string description() const;

private:
    HeadlessContext() = default;
    void* m_display = nullptr;
    void* m_context = nullptr;
};

} // namespace platform
