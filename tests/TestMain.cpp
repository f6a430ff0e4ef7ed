#define CATCH_CONFIG_RUNNER
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <cstdlib>

int main(int argc, char* argv[]) {
    // Everything that caches the default body (the test programs, and the CLI commands they run
    // in-process) uses the build tree's cache, never the user's: one generation serves them all,
    // and a test run leaves the home directory alone.
    ::setenv("XDG_CACHE_HOME", test::cacheDirectory().c_str(), 1);
    return Catch::Session().run(argc, argv);
}
