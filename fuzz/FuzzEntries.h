// fuzz: one entry per file reader, fed arbitrary bytes. The libFuzzer programs (fuzz/*.cpp,
// built with clang when FASCIALAB_FUZZ is on) call these, and so does the test that replays
// every regression file in tests/data/fuzz-regressions, so a crash the fuzzer once found is
// checked by every build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace fuzz {

// True when the reader accepted the input, false when it refused it with a message.
using Entry = bool (*)(const uint8_t* data, size_t size);

struct Target {
    std::string_view name; // the fuzz program is fascialab_fuzz_<name>
    Entry run;
    std::string_view about;
};

// Every target, in a fixed order.
std::span<const Target> targets();
const Target* findTarget(std::string_view name);

} // namespace fuzz
