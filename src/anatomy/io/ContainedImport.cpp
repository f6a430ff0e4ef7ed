#include "anatomy/io/ContainedImport.h"

#include "core/Limits.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#if defined(__unix__)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#define FASCIALAB_CONTAINED_IMPORT 1
#endif

namespace anatomy::io {
namespace {

// The child's answer: 'E' and a message, or 'M' and the model, in native byte order (both ends
// are the same program on the same machine).
class Encoder {
public:
    void u64(std::uint64_t v) { raw(&v, sizeof v); }
    void str(const std::string& s) {
        u64(s.size());
        raw(s.data(), s.size());
    }
    template <typename T> void vec(const std::vector<T>& v) {
        u64(v.size());
        raw(v.data(), v.size() * sizeof(T));
    }
    void raw(const void* p, size_t n) {
        if (n > 0) // an empty vector's data() may be null
            bytes.append(static_cast<const char*>(p), n);
    }
    std::string bytes;
};

// Reads what the child sent, every length checked against what arrived: a child that died
// half-way must not make the parent read past its buffer.
class Decoder {
public:
    explicit Decoder(const std::string& bytes) : m_bytes(bytes) {}
    bool u64(std::uint64_t& v) { return raw(&v, sizeof v); }
    bool str(std::string& s) {
        std::uint64_t n = 0;
        if (!u64(n) || n > remaining())
            return false;
        s.assign(m_bytes.data() + m_at, n);
        m_at += n;
        return true;
    }
    template <typename T> bool vec(std::vector<T>& v) {
        std::uint64_t n = 0;
        if (!u64(n) || n > remaining() / sizeof(T))
            return false;
        v.resize(n);
        return raw(v.data(), n * sizeof(T));
    }
    bool raw(void* p, size_t n) {
        if (n > remaining())
            return false;
        if (n == 0) // an empty vector's data() may be null
            return true;
        std::memcpy(p, m_bytes.data() + m_at, n);
        m_at += n;
        return true;
    }
    bool done() const { return m_at == m_bytes.size(); }

private:
    size_t remaining() const { return m_bytes.size() - m_at; }
    const std::string& m_bytes;
    size_t m_at = 0;
};

std::string encodeModel(const RawModel& raw) {
    Encoder e;
    e.raw("M", 1);
    e.str(raw.formatName);
    e.u64(raw.metresPerUnit ? 1 : 0);
    if (raw.metresPerUnit)
        e.raw(&*raw.metresPerUnit, sizeof(float));
    e.u64(raw.toYUpBasis ? 1 : 0);
    if (raw.toYUpBasis)
        e.raw(&*raw.toYUpBasis, sizeof(glm::mat3));
    e.u64(raw.body.importNotes.size());
    for (const std::string& note : raw.body.importNotes)
        e.str(note);
    e.u64(raw.body.structures().size());
    for (const Structure& s : raw.body.structures()) {
        e.str(s.name);
        e.str(s.displayName);
        e.vec(s.mesh.positions);
        e.vec(s.mesh.normals);
        e.vec(s.mesh.indices);
    }
    return e.bytes;
}

std::string encodeError(const core::Error& error) {
    Encoder e;
    e.raw("E", 1);
    e.u64(static_cast<std::uint64_t>(error.kind));
    e.str(error.message);
    return e.bytes;
}

std::optional<core::Result<RawModel>> decode(const std::string& bytes) {
    Decoder d(bytes);
    char tag = 0;
    if (!d.raw(&tag, 1))
        return std::nullopt;
    if (tag == 'E') {
        std::uint64_t kind = 0;
        core::Error error;
        if (!d.u64(kind) || !d.str(error.message) || !d.done())
            return std::nullopt;
        error.kind = static_cast<core::ErrorKind>(kind);
        return core::Result<RawModel>(error);
    }
    if (tag != 'M')
        return std::nullopt;
    RawModel raw;
    std::uint64_t has = 0, count = 0;
    if (!d.str(raw.formatName) || !d.u64(has))
        return std::nullopt;
    if (has) {
        float metres = 0.0f;
        if (!d.raw(&metres, sizeof metres))
            return std::nullopt;
        raw.metresPerUnit = metres;
    }
    if (!d.u64(has))
        return std::nullopt;
    if (has) {
        glm::mat3 basis(1.0f);
        if (!d.raw(&basis, sizeof basis))
            return std::nullopt;
        raw.toYUpBasis = basis;
    }
    if (!d.u64(count) || count > bytes.size())
        return std::nullopt;
    raw.body.importNotes.resize(count);
    for (std::string& note : raw.body.importNotes)
        if (!d.str(note))
            return std::nullopt;
    if (!d.u64(count) || count > bytes.size())
        return std::nullopt;
    for (std::uint64_t i = 0; i < count; ++i) {
        Structure s;
        if (!d.str(s.name) || !d.str(s.displayName) || !d.vec(s.mesh.positions) ||
            !d.vec(s.mesh.normals) || !d.vec(s.mesh.indices))
            return std::nullopt;
        raw.body.addStructure(std::move(s));
    }
    if (!d.done())
        return std::nullopt;
    return core::Result<RawModel>(std::move(raw));
}

std::string seconds(std::chrono::milliseconds ms) {
    std::ostringstream out;
    out << static_cast<double>(ms.count()) / 1000.0 << " s";
    return out.str();
}

#if FASCIALAB_CONTAINED_IMPORT
bool writeAll(int fd, const std::string& bytes) {
    size_t at = 0;
    while (at < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        at += static_cast<size_t>(n);
    }
    return true;
}

[[noreturn]] void runChild(int fd, const std::filesystem::path& path, const Importer& import) {
    // A crash in the child ends the child: the parent's handlers (which may save a recovery file
    // or report a test failure) are the parent's, and the parent tells the user.
    for (int fatal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP})
        ::signal(fatal, SIG_DFL);
    std::string answer;
    try {
        auto raw = import(path);
        answer = raw ? encodeModel(*raw) : encodeError(raw.error());
    } catch (const std::bad_alloc&) {
        answer = encodeError(
            core::badInput(path.string() + ": the importer ran out of memory on the file"));
    } catch (const std::exception& e) {
        answer = encodeError(core::badInput(path.string() + ": the importer failed: " + e.what()));
    } catch (...) {
        answer = encodeError(core::badInput(path.string() + ": the importer failed"));
    }
    // _exit: the parent's atexit handlers, buffers and destructors are the parent's business.
    ::_exit(writeAll(fd, answer) ? 0 : 3);
}
#endif

} // namespace

std::chrono::milliseconds importTimeLimit() {
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(core::limitValue(core::Limit::ImportSeconds) * 1000.0));
}

core::Result<RawModel> importContained(const std::filesystem::path& path, const Importer& import,
                                       std::chrono::milliseconds timeLimit,
                                       core::TaskProgress* progress) {
#if FASCIALAB_CONTAINED_IMPORT
    const std::string file = path.string();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return import(path);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return import(path);
    }
    if (pid == 0) {
        ::close(fds[0]);
        runChild(fds[1], path, import);
    }
    ::close(fds[1]);

    // Read the answer as it comes (a pipe holds only so much), until the child closes its end
    // or the time is up.
    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + timeLimit;
    bool timedOut = false, cancelled = false;
    char chunk[65536];
    core::reportStage(progress, "importing " + path.filename().string(), 0.0f);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        if (progress && !progress->keepGoing()) {
            cancelled = true;
            break;
        }
        // In slices of a tenth of a second, so that a cancel is heard soon.
        constexpr std::int64_t kSliceMs = 100;
        pollfd wait{fds[0], POLLIN, 0};
        const int ready =
            ::poll(&wait, 1, static_cast<int>(std::min<std::int64_t>(left.count(), kSliceMs)));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            continue; // the deadline is checked at the top
        const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        answer.append(chunk, static_cast<size_t>(n));
    }
    ::close(fds[0]);
    if (timedOut || cancelled)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (cancelled)
        return core::cancelledError("opening " + file);
    if (timedOut)
        return core::badInput(file + ": the importer ran past " + seconds(timeLimit) +
                              " and was stopped (" + core::raiseHint(core::Limit::ImportSeconds) +
                              ")");
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const char* name = ::strsignal(signal);
        return core::badInput(file + ": the importer crashed on the file (signal " +
                              std::to_string(signal) + (name ? std::string(", ") + name : "") +
                              ")");
    }
    if (auto result = decode(answer); result && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return std::move(*result);
    // An exit without a whole answer is a crash the child caught itself (a sanitizer's report).
    return core::badInput(file + ": the importer crashed on the file (exit status " +
                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
#else
    (void)timeLimit;
    (void)progress;
    return import(path);
#endif
}

} // namespace anatomy::io
