// A libFuzzer program for one reader: FASCIALAB_FUZZ_TARGET names it (see FuzzEntries.cpp).
#include "FuzzEntries.h"

#include <cstdio>
#include <cstdlib>

namespace {
const fuzz::Target& chosenTarget() {
    static const fuzz::Target* target = fuzz::findTarget(FASCIALAB_FUZZ_TARGET);
    if (!target) {
        std::fprintf(stderr, "no fuzz target named %s\n", FASCIALAB_FUZZ_TARGET);
        std::abort();
    }
    return *target;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    chosenTarget().run(data, size);
    return 0;
}
