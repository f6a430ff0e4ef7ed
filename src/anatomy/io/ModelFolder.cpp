#include "anatomy/io/ModelFolder.h"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace anatomy::io {
namespace {

namespace fs = std::filesystem;

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// "http:", "file:", "C:" (a drive): a scheme is a letter, then letters, digits, '+', '-' or '.',
// then a colon before any '/'.
std::string schemeOf(const std::string& uri) {
    if (uri.empty() || !std::isalpha(static_cast<unsigned char>(uri[0])))
        return {};
    for (size_t i = 1; i < uri.size(); ++i) {
        const auto c = static_cast<unsigned char>(uri[i]);
        if (c == ':')
            return uri.substr(0, i);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.')
            return {};
    }
    return {};
}

// Why a path, as written, does not stay inside the folder it is relative to; empty when it does.
// Both separators count, since a file written on Windows may use either.
std::string lexicalEscape(const std::string& path) {
    if (path.find('\0') != std::string::npos)
        return "holds a NUL character";
    if (!path.empty() && (path[0] == '/' || path[0] == '\\'))
        return "is an absolute path";
    int depth = 0;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find_first_of("/\\", start);
        if (end == std::string::npos)
            end = path.size();
        const std::string part = path.substr(start, end - start);
        if (part == "..") {
            if (--depth < 0)
                return "leaves the model's folder through '..'";
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
        start = end + 1;
    }
    return {};
}

bool startsWithCaseless(const std::string& text, const std::string& prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

fs::path resolved(const fs::path& p) {
    std::error_code ec;
    fs::path absolute = fs::absolute(p, ec);
    if (ec)
        return {};
    fs::path canonical = fs::weakly_canonical(absolute, ec);
    return ec ? absolute.lexically_normal() : canonical;
}

} // namespace

std::string decodeUriPath(const std::string& uri) {
    std::string out;
    out.reserve(uri.size());
    for (size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '+') {
            out += ' ';
        } else if (uri[i] == '%' && i + 2 < uri.size()) {
            // As tinygltf decodes: a character that is not a hex digit counts as 0, so "%zz" is a
            // NUL, which the checks refuse.
            const int high = std::max(hexValue(uri[i + 1]), 0);
            const int low = std::max(hexValue(uri[i + 2]), 0);
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

bool isInsideModelFolder(const fs::path& modelFile, const fs::path& candidate) {
    std::error_code ec;
    const fs::path model = fs::absolute(modelFile, ec).lexically_normal();
    // The model itself, wherever a link by its name leads.
    if (!ec && fs::absolute(candidate, ec).lexically_normal() == model)
        return true;
    // The folder the model was opened in, as the user sees it (a linked model's sidecar files
    // are beside the link), with links above it resolved.
    const fs::path folder = resolved(model.parent_path());
    const fs::path target = resolved(candidate);
    if (folder.empty() || target.empty())
        return false;
    // Component by component, so "/models/body2" is not taken for inside "/models/body".
    auto f = folder.begin();
    auto t = target.begin();
    for (; f != folder.end(); ++f, ++t)
        if (t == target.end() || *f != *t)
            return false;
    return true;
}

core::Status checkModelUri(const fs::path& modelFile, const std::string& what,
                           const std::string& uri) {
    if (startsWithCaseless(uri, "data:"))
        return core::Ok{};
    const std::string refusal = modelFile.string() + ": " + what + " refers to '" + uri + "', ";
    const std::string rule = "; a model may refer only to files inside its own folder and to "
                             "data: URIs";
    const std::string decoded = decodeUriPath(uri);
    for (const std::string& form : {uri, decoded}) {
        if (const std::string scheme = schemeOf(form); !scheme.empty())
            return core::badInput(refusal +
                                  (scheme.size() == 1 ? "a path on drive " + scheme + ":"
                                                      : "a URL (" + scheme + ":)") +
                                  rule);
        if (const std::string escape = lexicalEscape(form); !escape.empty())
            return core::badInput(refusal + "which " + escape + rule);
    }
    // Lexically inside; a link in the folder may still lead out.
    const fs::path target = modelFile.parent_path() / fs::path(decoded);
    std::error_code ec;
    if (fs::exists(target, ec) && !isInsideModelFolder(modelFile, target))
        return core::badInput(refusal + "which leads out of the model's folder through a link" +
                              rule);
    return core::Ok{};
}

} // namespace anatomy::io
