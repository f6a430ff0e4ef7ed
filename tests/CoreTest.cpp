#include "TestSupport.h"
#include "core/AtomicFile.h"
#include "core/FileUtil.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("Atomic writes keep the previous copy as .bak", "[core]") {
    const auto dir = test::makeTempDir("atomic");
    const auto file = dir / "map.fascia.json";
    REQUIRE(core::writeFileAtomically(file, std::string_view("first")).ok());
    CHECK(readText(file) == "first");
    CHECK_FALSE(std::filesystem::exists(dir / "map.fascia.json.bak"));
    REQUIRE(core::writeFileAtomically(file, std::string_view("second")).ok());
    CHECK(readText(file) == "second");
    CHECK(readText(dir / "map.fascia.json.bak") == "first");
    // No temporary is left behind.
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

// Run by the test below in a process of its own (the test program started again): saves the
// file named by FASCIALAB_ATOMIC_FILE over and over, alternating two contents, until killed.
TEST_CASE("Atomic save loop (run by the kill test)", "[.][atomic-child]") {
    const char* file = std::getenv("FASCIALAB_ATOMIC_FILE");
    if (!file)
        return;
    const std::string a(1 << 20, 'a'), b(3 << 19, 'b');
    for (unsigned i = 0;; ++i) {
        (void)core::writeFileAtomically(file, std::string_view(i % 2 ? a : b));
        if (i == 0) // tells the test that the saves have begun
            std::ofstream(std::string(file) + ".started") << "started";
    }
}

TEST_CASE("A save killed at any instant leaves the old or the new file whole, never a part",
          "[core][atomic]") {
    const auto dir = test::makeTempDir("atomic-kill");
    const auto file = dir / "client.fascia.json";
    const std::string a(1 << 20, 'a'), b(3 << 19, 'b');
    REQUIRE(core::writeFileAtomically(file, std::string_view(a)).ok());
    const auto temporaries = [&] {
        std::vector<std::filesystem::path> found;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().filename().string().find(".tmp.") != std::string::npos)
                found.push_back(entry.path());
        return found;
    };
    std::set<std::filesystem::path> seenTemporaries;
    int killedMidSave = 0; // rounds whose kill left a save's temporary behind
    const std::string variable = "FASCIALAB_ATOMIC_FILE=" + file.string();
    std::mt19937 random(7);
    int changed = 0;
    std::string before = a;
    constexpr int kKills = 24;
    for (int round = 0; round < kKills; ++round) {
        // Everything the child needs is made before fork: between fork and exec only
        // async-signal-safe calls.
        char* const arguments[] = {const_cast<char*>("fascialab_tests"),
                                   const_cast<char*>("[atomic-child]"), nullptr};
        char* const environment[] = {const_cast<char*>(variable.c_str()), nullptr};
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::execve("/proc/self/exe", arguments, environment);
            ::_exit(127);
        }
        // Once the saves have begun (past the program's start-up, however slow), at a random
        // instant of them.
        const auto started = std::filesystem::path(file.string() + ".started");
        for (int wait = 0; wait < 3000 && !std::filesystem::exists(started); ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 60000)(random)));
        ::kill(child, SIGKILL);
        std::filesystem::remove(started);
        int status = 0;
        ::waitpid(child, &status, 0);
        CHECK(WIFSIGNALED(status)); // killed mid-loop, not exited
        const std::string now = readText(file);
        INFO("round " << round << ": " << now.size() << " bytes");
        CHECK((now == a || now == b));
        if (std::filesystem::exists(dir / "client.fascia.json.bak")) {
            const std::string backup = readText(dir / "client.fascia.json.bak");
            CHECK((backup == a || backup == b));
        }
        changed += now != before;
        before = now;
        bool leftOne = false;
        for (const auto& temporary : temporaries())
            leftOne = seenTemporaries.insert(temporary).second || leftOne;
        killedMidSave += leftOne;
    }
    // The kills fell among the saves: most of them in the middle of one (a save is nearly all
    // writing its temporary), and the saves replaced the file in some rounds.
    INFO(killedMidSave << " of " << kKills << " kills left a temporary; " << changed
                       << " rounds changed the file");
    CHECK(killedMidSave >= kKills / 2);
    CHECK(changed > 0);

    // The temporaries the killed saves left are removed by the next save, once they are old
    // enough that no save could still be writing them (see removeStaleTemporaries).
    const auto left = temporaries();
    INFO(left.size() << " temporaries left by the killed saves");
    for (const auto& temporary : left)
        std::filesystem::last_write_time(temporary, std::filesystem::file_time_type::clock::now() -
                                                        std::chrono::minutes(1));
    REQUIRE(core::writeFileAtomically(file, std::string_view(a)).ok());
    CHECK(temporaries().empty());
}

namespace {
// Runs `save` in a child process after `prepare` (which may limit or lower the child), and
// returns the message of the error the save gave, or "saved" when it did not fail.
std::string saveInChild(const std::function<void()>& prepare,
                        const std::function<core::Status()>& save) {
    int pipeFds[2];
    REQUIRE(::pipe(pipeFds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipeFds[0]);
        prepare();
        const core::Status status = save();
        const std::string message = status.ok() ? std::string("saved") : status.error().message;
        (void)!::write(pipeFds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipeFds[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        message.append(buffer, static_cast<size_t>(n));
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    return message;
}
} // namespace

TEST_CASE("A save onto a full disk fails with a message and leaves the file as it was",
          "[core][atomic]") {
    // The disk fills part-way through the write: in a child process whose files may not grow
    // past 64 kB (RLIMIT_FSIZE: the write fails as on a full disk, with EFBIG for ENOSPC).
    const auto dir = test::makeTempDir("atomic-full");
    const auto file = dir / "client.fascia.json";
    REQUIRE(core::writeFileAtomically(file, std::string_view("the previous copy")).ok());
    const std::string large(1 << 20, 'x');
    const std::string message = saveInChild(
        [] {
            std::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{64 * 1024, 64 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        },
        [&] { return core::writeFileAtomically(file, std::string_view(large)); });
    CHECK_THAT(message, Catch::StartsWith(file.string() + ": write failed: "));
    CHECK(readText(file) == "the previous copy");
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        CHECK(entry.path().filename() == "client.fascia.json");
}

TEST_CASE("A save into a read-only folder fails with a message and changes nothing",
          "[core][atomic]") {
    const auto dir = test::makeTempDir("atomic-read-only");
    const auto file = dir / "client.fascia.json";
    REQUIRE(core::writeFileAtomically(file, std::string_view("the previous copy")).ok());
    std::filesystem::permissions(
        dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                 std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                 std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
    // Root writes into any folder, so as root the save runs as the unprivileged user nobody.
    const std::string message = saveInChild(
        [] {
            if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
                ::_exit(1);
        },
        [&] { return core::writeFileAtomically(file, std::string_view("new content")); });
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
    CHECK(message == file.string() + ": cannot create temporary file: Permission denied");
    CHECK(readText(file) == "the previous copy");
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        CHECK(entry.path().filename() == "client.fascia.json");
}

TEST_CASE("A failed atomic write names the file and leaves nothing behind", "[core]") {
    const auto dir = test::makeTempDir("atomic-fail");
    const auto file = dir / "missing-dir" / "out.png";
    auto status = core::writeFileAtomically(file, std::string_view("x"));
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message, Catch::Contains(file.string()));
}

TEST_CASE("Reading files reports missing files and directories by name", "[core]") {
    auto missing = core::readFileBytes("/nonexistent/body.glb");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message,
               Catch::Contains("/nonexistent/body.glb") && Catch::Contains("not found"));
    auto directory = core::readFileBytes(std::filesystem::temp_directory_path());
    REQUIRE_FALSE(directory.ok());
    CHECK_THAT(directory.error().message, Catch::Contains("directory"));
    CHECK(core::lowerExtension("A/B/Body.GLB") == "glb");
    CHECK(core::lowerExtension("noext").empty());
}
