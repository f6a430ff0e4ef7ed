#include "anatomy/atlas/AtlasBody.h"
#include "anatomy/atlas/AtlasData.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

namespace anatomy::atlas {
namespace {

// FNV-1a, 64 bits: enough to tell one set of inputs from another, and fast enough to read the
// whole atlas (11 MB) at every start in a few milliseconds.
class Fnv1a {
public:
    void add(const char* data, size_t size) {
        for (size_t i = 0; i < size; ++i) {
            m_hash ^= static_cast<unsigned char>(data[i]);
            m_hash *= 0x100000001b3ULL;
        }
    }
    void add(std::string_view text) { add(text.data(), text.size()); }
    std::string hex() const {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(m_hash));
        return text;
    }

private:
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

core::Status addFile(Fnv1a& hash, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return core::badInput(path.string() + ": cannot be read");
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.add(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        return core::badInput(path.string() + ": could not be read to the end");
    return core::Ok{};
}

} // namespace

core::Result<std::string> atlasFingerprint(const std::filesystem::path& atlasDir) {
    Fnv1a hash;
    hash.add(code::fingerprint());
    const std::filesystem::path listPath = atlasDir / "parts.tsv";
    auto parts = readPartsList(listPath);
    if (!parts)
        return parts.error();
    if (auto added = addFile(hash, listPath); !added)
        return added.error();
    for (const AtlasPart& part : *parts) {
        hash.add(part.file);
        if (auto added = addFile(hash, atlasDir / part.file); !added)
            return added.error();
    }
    return hash.hex();
}

} // namespace anatomy::atlas
