#include "core/AtomicFile.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace core {
namespace fs = std::filesystem;

namespace {
Error ioError(const fs::path& path, const char* what) {
    return badInput(path.string() + ": " + what + ": " + std::strerror(errno));
}
} // namespace

namespace {

// Flushes a folder's entries (a new name, a rename) to disk; a folder that cannot be opened
// for it (some file systems) is left to the system.
void syncFolder(const fs::path& folder) {
    const int fd =
        ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

// Temporaries that earlier saves of `path` left behind when they were killed: a saving process
// holds a lock on its temporary until it is done, and the system drops the lock of a process
// that died, so an unlocked temporary (and at least a few seconds old, past the instant between
// creating and locking it) is one nobody will finish.
void removeStaleTemporaries(const fs::path& path) {
    const std::string prefix = path.filename().string() + ".tmp.";
    std::error_code ec;
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        struct stat info {};
        const bool old = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                         std::time(nullptr) - info.st_mtime >= 5;
        if (old && ::flock(fd, LOCK_EX | LOCK_NB) == 0)
            ::unlink(entry.path().c_str());
        ::close(fd);
    }
}

} // namespace

Status writeFileAtomically(const fs::path& path, std::span<const std::byte> bytes) {
    removeStaleTemporaries(path);
    // A temporary of its own beside the file (mkstemp), so that two saves of one file at once
    // cannot write into each other's temporary.
    std::string name = path.string() + ".tmp.XXXXXX";
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
        return ioError(path, "cannot create temporary file");
    const fs::path temporary = name;
    ::flock(fd, LOCK_EX); // ours until closed: see removeStaleTemporaries
    ::fchmod(fd, 0644);
    const auto fail = [&](const char* what) {
        Error error = ioError(path, what);
        ::unlink(temporary.c_str());
        return error;
    };
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            Error error = fail("write failed");
            ::close(fd);
            return error;
        }
        written += static_cast<size_t>(n);
    }
    // The content reaches the disk before the name does, so that a crash after the rename
    // cannot leave the new name on an empty file.
    if (::fsync(fd) != 0) {
        Error error = fail("flush failed");
        ::close(fd);
        return error;
    }
    if (::close(fd) != 0)
        return fail("flush failed");
    std::error_code ec;
    if (fs::exists(path, ec)) {
        // A hard link keeps the previous copy as .bak without a window where `path` is missing.
        const fs::path backup = path.string() + ".bak";
        fs::remove(backup, ec);
        if (::link(path.c_str(), backup.c_str()) != 0)
            fs::copy_file(path, backup, fs::copy_options::overwrite_existing, ec);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        return fail("cannot replace file");
    syncFolder(path.parent_path());
    return Ok{};
}

Status writeFileAtomically(const fs::path& path, std::string_view text) {
    return writeFileAtomically(
        path,
        std::span<const std::byte>(reinterpret_cast<const std::byte*>(text.data()), text.size()));
}

} // namespace core
