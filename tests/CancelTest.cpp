// Progress and cancelling of a long command: `fascialab simulate` and the opening of a model
// show how far they are on stderr when asked (a terminal, or FASCIALAB_PROGRESS=1), and Ctrl-C
// stops them at once with exit code 130 and nothing written. The real program is run, so that the
// signal reaches it as from a shell.
#include "CliRunner.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

const std::string kExample = test::examplePath().string();

// The program run as from a shell with FASCIALAB_PROGRESS=1, its stderr read as it comes;
// interrupted (SIGINT) once `ready` says what it wrote so far shows it is under way.
struct InterruptedRun {
    bool interrupted = false;
    int status = 0;
    std::string err;
};

InterruptedRun runInterrupting(std::vector<std::string> args,
                               const std::function<bool(const std::string&)>& ready,
                               const std::vector<std::string>& extraEnvironment = {}) {
    args.insert(args.begin(), FASCIALAB_CLI);
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> environment = {"FASCIALAB_PROGRESS=1",
                                            "XDG_CACHE_HOME=" + test::cacheDirectory().string()};
    environment.insert(environment.end(), extraEnvironment.begin(), extraEnvironment.end());
    const auto given = [&](const std::string& entry) {
        const std::string name = entry.substr(0, entry.find('=') + 1);
        for (const std::string& e : environment)
            if (e.rfind(name, 0) == 0)
                return true;
        return false;
    };
    for (char** e = environ; *e; ++e)
        if (!given(*e))
            environment.emplace_back(*e);
    std::vector<char*> envp;
    for (std::string& e : environment)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    InterruptedRun run;
    int pipeFds[2];
    REQUIRE(::pipe(pipeFds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    char buffer[4096];
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        run.err.append(buffer, static_cast<size_t>(n));
        if (!run.interrupted && ready(run.err)) {
            ::kill(pid, SIGINT);
            run.interrupted = true;
        }
        if (!run.interrupted &&
            std::chrono::steady_clock::now() - start > std::chrono::minutes(5)) {
            ::kill(pid, SIGKILL);
            break;
        }
    }
    ::close(pipeFds[0]);
    REQUIRE(::waitpid(pid, &run.status, 0) == pid);
    return run;
}

} // namespace

TEST_CASE("simulate shows its progress when asked and stops on Ctrl-C, writing nothing",
          "[cli][cancel]") {
    const auto dir = test::makeTempDir("simulate-cancel");
    const std::string csv = (dir / "walk.csv").string(), map = (dir / "after.fascia.json").string();
    // Interrupted after three updates of the line: simulated time is passing.
    const InterruptedRun run = runInterrupting(
        {"simulate", "--map", kExample, "--tool", "thumb", "--technique", "passive", "--at", "tp-1",
         "--pressure", "40", "--seconds", "600", "--csv", csv, "--out-map", map},
        [](const std::string& err) {
            size_t updates = 0;
            for (size_t at = err.find("\rfascialab simulate: "); at != std::string::npos;
                 at = err.find("\rfascialab simulate: ", at + 1))
                ++updates;
            return updates >= 3;
        });
    INFO(run.err.substr(run.err.size() > 2000 ? run.err.size() - 2000 : 0));
    CHECK(run.interrupted);
    REQUIRE(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 130);
    CHECK(run.err.find("\rfascialab simulate: 0 of 600 s simulated (0 %)") != std::string::npos);
    CHECK(run.err.find("cancelled at ") != std::string::npos);
    CHECK(run.err.find("nothing written") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(csv));
    CHECK_FALSE(std::filesystem::exists(map));
}

TEST_CASE("Opening a model shows its stages when asked and stops on Ctrl-C", "[cli][cancel]") {
    // A COLLADA file that keeps Assimp busy until its time limit (60 s): the import's child
    // process is killed within a tenth of a second of the interrupt.
    const std::string model =
        (test::sourceDir() / "data/fuzz-regressions/dae/hang-assimp-collada.dae").string();
    const auto start = std::chrono::steady_clock::now();
    const InterruptedRun run = runInterrupting({"info", model}, [](const std::string& err) {
        return err.find("importing hang-assimp-collada.dae (0 %)") != std::string::npos;
    });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(run.err);
    CHECK(run.interrupted);
    REQUIRE(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 130);
    CHECK(run.err.find("\rfascialab: opening hang-assimp-collada.dae: importing") !=
          std::string::npos);
    CHECK(run.err.find("fascialab info: opening " + model + ": cancelled") != std::string::npos);
    CHECK(seconds < 20.0); // far below the importer's time limit
}

TEST_CASE("handout shows its stages when asked and stops on Ctrl-C, writing nothing",
          "[cli][cancel]") {
    const auto dir = test::makeTempDir("handout-cancel");
    const std::string pdf = (dir / "alex.pdf").string();
    // Under the sanitizers the child runs without leak detection: interrupted once it has drawn
    // (the GL driver's compiled shaders running), it leaves allocations of that generated code,
    // which no suppression can name. The handout's in-process tests check its own allocations.
    const InterruptedRun run = runInterrupting(
        {"handout", "--map", kExample, "--out", pdf},
        [](const std::string& err) {
            return err.find("drawing the body from behind (0 %)") != std::string::npos;
        },
        {"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"});
    INFO(run.err);
    CHECK(run.interrupted);
    REQUIRE(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 130);
    CHECK(run.err.find("fascialab handout: cancelled; nothing written") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pdf));
}

TEST_CASE("simulate shows no progress line where nobody watches it", "[cli][cancel]") {
    // Not a terminal and not asked for: stderr stays free of rewritten lines (a log, a pipe).
    const auto run =
        test::runCli({"simulate", "--map", kExample, "--tool", "thumb", "--technique", "passive",
                      "--at", "tp-1", "--pressure", "40", "--seconds", "1"});
    CHECK(run.code == 0);
    CHECK(run.err.find("simulated (") == std::string::npos);
}
