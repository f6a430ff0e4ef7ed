#include "core/FileUtil.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace core {
namespace fs = std::filesystem;

Result<std::vector<std::uint8_t>> readFileBytes(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return badInput(path.string() + ": file not found");
    if (fs::is_directory(status))
        return badInput(path.string() + ": is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return badInput(path.string() + ": cannot open: " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0)
        return badInput(path.string() + ": cannot read");
    std::vector<std::uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        return badInput(path.string() + ": read failed");
    return bytes;
}

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    if (!ext.empty() && ext.front() == '.')
        ext.erase(ext.begin());
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

} // namespace core
