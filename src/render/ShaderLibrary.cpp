#include "render/ShaderLibrary.h"

#include "render/EmbeddedShaders.h"

#include <vector>

namespace render {

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
    if (this != &other) {
        if (m_id)
            glDeleteProgram(m_id);
        m_id = other.m_id;
        other.m_id = 0;
    }
    return *this;
}

ShaderProgram::~ShaderProgram() {
    if (m_id)
        glDeleteProgram(m_id);
}

std::string_view shaderSource(std::string_view fileName) {
    return core::findEmbedded(embeddedFiles(), fileName);
}

namespace {
core::Result<GLuint> compile(GLenum stage, std::string_view fileName,
                             const std::vector<std::string>& defines) {
    const std::string_view source = shaderSource(fileName);
    if (source.empty())
        return core::internalError("shaders/" + std::string(fileName) +
                                   ": not embedded in this build");
    // The #defines go right after the #version line, which must come first.
    const size_t versionEnd = source.find('\n') + 1;
    std::string text(source.substr(0, versionEnd));
    for (const std::string& name : defines)
        text += "#define " + name + "\n";
    text += "#line 2\n";
    text += source.substr(versionEnd);
    const GLuint shader = glCreateShader(stage);
    const char* textPointer = text.data();
    const auto length = static_cast<GLint>(text.size());
    glShaderSource(shader, 1, &textPointer, &length);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint logLength = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &logLength);
        std::string log(static_cast<size_t>(std::max(logLength, 1)), '\0');
        glGetShaderInfoLog(shader, logLength, nullptr, log.data());
        glDeleteShader(shader);
        return core::internalError("shaders/" + std::string(fileName) + ": compile error: " + log);
    }
    return shader;
}
} // namespace

core::Result<ShaderProgram> buildProgram(std::string_view vertexFile, std::string_view fragmentFile,
                                         const std::vector<std::string>& defines) {
    auto vs = compile(GL_VERTEX_SHADER, vertexFile, defines);
    if (!vs)
        return vs.error();
    auto fs = compile(GL_FRAGMENT_SHADER, fragmentFile, defines);
    if (!fs) {
        glDeleteShader(*vs);
        return fs.error();
    }
    const GLuint program = glCreateProgram();
    glAttachShader(program, *vs);
    glAttachShader(program, *fs);
    glLinkProgram(program);
    glDeleteShader(*vs);
    glDeleteShader(*fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint logLength = 0;
        glGetProgramiv(program, GL_INFO_LOG_LENGTH, &logLength);
        std::string log(static_cast<size_t>(std::max(logLength, 1)), '\0');
        glGetProgramInfoLog(program, logLength, nullptr, log.data());
        glDeleteProgram(program);
        return core::internalError("shaders/" + std::string(vertexFile) + " + " +
                                   std::string(fragmentFile) + ": link error: " + log);
    }
    return ShaderProgram(program);
}

} // namespace render
