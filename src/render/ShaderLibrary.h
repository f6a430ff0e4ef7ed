// render: compiles and links the embedded shader programs; errors name the shader file.
#pragma once

#include "core/Result.h"

#include <epoxy/gl.h>

#include <string>
#include <string_view>
#include <vector>

namespace render {

// An owning handle to a linked GL program.
class ShaderProgram {
public:
    ShaderProgram() = default;
    explicit ShaderProgram(GLuint id) : m_id(id) {}
    ShaderProgram(ShaderProgram&& other) noexcept : m_id(other.m_id) { other.m_id = 0; }
    ShaderProgram& operator=(ShaderProgram&& other) noexcept;
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;
    ~ShaderProgram();

    GLuint id() const { return m_id; }
    GLint uniform(const char* name) const { return glGetUniformLocation(m_id, name); }

private:
    GLuint m_id = 0;
};

// Source of an embedded shader file by name ("mesh.frag"); empty if there is none.
std::string_view shaderSource(std::string_view fileName);

// Builds a program from two embedded files, e.g. ("mesh.vert", "mesh.frag"), with each name in
// `defines` #defined in both stages (shader variants).
core::Result<ShaderProgram> buildProgram(std::string_view vertexFile, std::string_view fragmentFile,
                                         const std::vector<std::string>& defines = {});

} // namespace render
