#include "core/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace core {
namespace fs = std::filesystem;

namespace {
Error ioError(const fs::path& path, const char* what) {
    return badInput(path.string() + ": " + what + ": " + std::strerror(errno));
}
} // namespace

Status writeFileAtomically(const fs::path& path, std::span<const std::byte> bytes) {
    const fs::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return ioError(path, "cannot create temporary file");
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            Error error = ioError(path, "write failed");
            ::close(fd);
            ::unlink(temporary.c_str());
            return error;
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        Error error = ioError(path, "flush failed");
        ::unlink(temporary.c_str());
        return error;
    }
    std::error_code ec;
    if (fs::exists(path, ec)) {
        // A hard link keeps the previous copy as .bak without a window where `path` is missing.
        const fs::path backup = path.string() + ".bak";
        fs::remove(backup, ec);
        if (::link(path.c_str(), backup.c_str()) != 0)
            fs::copy_file(path, backup, fs::copy_options::overwrite_existing, ec);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        Error error = ioError(path, "cannot replace file");
        ::unlink(temporary.c_str());
        return error;
    }
    return Ok{};
}

Status writeFileAtomically(const fs::path& path, std::string_view text) {
    return writeFileAtomically(
        path,
        std::span<const std::byte>(reinterpret_cast<const std::byte*>(text.data()), text.size()));
}

} // namespace core
