#include "anatomy/io/DeclaredSizes.h"

#include "core/FileUtil.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace anatomy::io {
namespace {

namespace fs = std::filesystem;

// Headers are short; reading this much covers any real one and any comment block before it.
constexpr std::streamsize kHeaderBytes = 64 * 1024;

std::string readHead(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(static_cast<size_t>(kHeaderBytes), '\0');
    in.read(head.data(), kHeaderBytes);
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

core::Error tooMany(const fs::path& path, std::uint64_t count, const std::string& what,
                    std::uint64_t fileSize, std::uint64_t bytesEach) {
    // A count of more digits than 64 bits hold is saturated (leadingCount) and said as such.
    const std::string declared = count == std::numeric_limits<std::uint64_t>::max()
                                     ? "a count of " + what + " too long to read"
                                     : std::to_string(count) + " " + what;
    return core::badInput(path.string() + ": the file declares " + declared + ", more than its " +
                          std::to_string(fileSize) + " bytes can hold (the limit is one per " +
                          std::to_string(bytesEach) + " bytes)");
}

// OFF: an optional keyword ([ST][C][N][4][n]OFF, with a dimension after it for nOFF), then the
// vertex, face and edge counts, '#' comments anywhere. A vertex is at least three numbers of a
// character and a separator each (6 bytes), a face at least its vertex count (2 bytes).
// The count a header word starts with, as Assimp reads it (its leading digits), saturated at the
// largest 64-bit value where it has more digits than that holds: Assimp's own reading wraps such
// a count round to anything, up to billions. Nothing when the word does not start with a digit.
std::optional<std::uint64_t> leadingCount(const std::string& word) {
    if (word.empty() || word[0] < '0' || word[0] > '9')
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : word) {
        if (c < '0' || c > '9')
            break;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
            return std::numeric_limits<std::uint64_t>::max();
        value = value * 10 + digit;
    }
    return value;
}

core::Status checkOff(const fs::path& path, std::uint64_t fileSize) {
    std::string head = readHead(path);
    std::string clean;
    clean.reserve(head.size());
    bool comment = false;
    for (char c : head) {
        if (c == '#')
            comment = true;
        else if (c == '\n')
            comment = false;
        clean += comment ? ' ' : c;
    }
    std::istringstream in(clean);
    std::string word;
    if (!(in >> word))
        return core::Ok{};
    std::uint64_t dimensions = 3;
    const auto keyword = word.find("OFF");
    std::vector<std::uint64_t> counts;
    if (keyword != std::string::npos) {
        const bool hasDimension = keyword > 0 && word[keyword - 1] == 'n';
        if (hasDimension && !(in >> dimensions))
            return core::Ok{};
        // A count written against the keyword ("OFF4183444738423183") is read as one.
        if (!hasDimension)
            if (const auto glued = leadingCount(word.substr(keyword + 3)))
                counts.push_back(*glued);
    } else {
        // No keyword (the format allows it): the first word is already the vertex count.
        const auto count = leadingCount(word);
        if (!count)
            return core::Ok{};
        counts.push_back(*count);
    }
    while (counts.size() < 2) {
        const auto count = in >> word ? leadingCount(word) : std::nullopt;
        if (!count)
            return core::Ok{}; // not numbers: Assimp reports the broken header itself
        counts.push_back(*count);
    }
    // Real files have 3 or 4 dimensions; the clamp only keeps the product from overflowing.
    const std::uint64_t vertexBytes = 2 * std::clamp<std::uint64_t>(dimensions, 1, 1u << 20);
    if (counts[0] > fileSize / vertexBytes)
        return tooMany(path, counts[0], "vertices", fileSize, vertexBytes);
    if (counts[1] > fileSize / 2)
        return tooMany(path, counts[1], "faces", fileSize, 2);
    if (counts[0] * vertexBytes + counts[1] * 2 > fileSize + 1)
        return core::badInput(path.string() + ": the file declares " + std::to_string(counts[0]) +
                              " vertices and " + std::to_string(counts[1]) +
                              " faces, more than its " + std::to_string(fileSize) +
                              " bytes can hold");
    return core::Ok{};
}

std::uint64_t plyTypeSize(const std::string& type) {
    if (type == "char" || type == "uchar" || type == "int8" || type == "uint8")
        return 1;
    if (type == "short" || type == "ushort" || type == "int16" || type == "uint16")
        return 2;
    if (type == "int" || type == "uint" || type == "float" || type == "int32" || type == "uint32" ||
        type == "float32")
        return 4;
    if (type == "double" || type == "float64")
        return 8;
    return 1;
}

// A header line as a message can show it: at most 60 characters, other bytes as '?'.
std::string printable(const std::string& line) {
    std::string shown = line.substr(0, 60);
    for (char& c : shown)
        if (c < 32 || c > 126)
            c = '?';
    return shown;
}

// Where the body of a file begins: `in` has just read the header's last line from `head`.
std::uint64_t headerEnd(std::istringstream& in, const std::string& head) {
    const auto position = in.tellg();
    return position < 0 ? head.size() : static_cast<std::uint64_t>(position);
}

// The whitespace-separated values of a file from an offset, read in blocks.
class AsciiValues {
public:
    AsciiValues(const fs::path& path, std::uint64_t offset) : m_in(path, std::ios::binary) {
        m_in.seekg(static_cast<std::streamoff>(offset));
    }
    // The next value, or nullopt at the end of the file.
    std::optional<std::string_view> next() {
        m_value.clear();
        for (;;) {
            if (m_at == m_size && !refill())
                break;
            const char c = m_block[m_at++];
            const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
            if (!space)
                m_value += c;
            else if (!m_value.empty())
                break;
        }
        if (m_value.empty())
            return std::nullopt;
        return std::string_view(m_value);
    }

private:
    bool refill() {
        if (!m_in)
            return false;
        m_in.read(m_block.data(), static_cast<std::streamsize>(m_block.size()));
        m_size = static_cast<size_t>(m_in.gcount());
        m_at = 0;
        return m_size > 0;
    }
    std::ifstream m_in;
    std::vector<char> m_block = std::vector<char>(64 * 1024);
    size_t m_size = 0, m_at = 0;
    std::string m_value;
};

// PLY: "element NAME COUNT" lines, each followed by its properties, up to "end_header". In ASCII
// each property takes at least a character and a separator; in binary a scalar takes its size
// and a list at least its count's. A file with vertices and no faces holds only points.
core::Status checkPly(const fs::path& path, std::uint64_t fileSize) {
    const std::string head = readHead(path);
    std::istringstream in(head);
    std::string line;
    bool ascii = true;
    struct Element {
        std::string name;
        std::uint64_t count = 0;
        std::uint64_t minBytes = 0;
        std::vector<bool> lists; // per property: a list (a count, then that many values)
    };
    std::vector<Element> elements;
    bool ended = false;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string keyword;
        words >> keyword;
        if (keyword == "format") {
            std::string format;
            words >> format;
            ascii = format == "ascii";
        } else if (keyword == "element") {
            Element element;
            if (!(words >> element.name >> element.count))
                // Assimp 5.2.5 hangs on some such headers (found by fuzzing).
                return core::badInput(path.string() + ": a broken header: \"" + printable(line) +
                                      "\" is not \"element NAME COUNT\"");
            elements.push_back(element);
        } else if (keyword == "property" && !elements.empty()) {
            std::string type;
            words >> type;
            const bool list = type == "list";
            if (list)
                words >> type; // the count's type comes first
            elements.back().minBytes += ascii ? 2 : plyTypeSize(type);
            elements.back().lists.push_back(list);
        } else if (keyword == "end_header") {
            ended = true;
            break;
        }
    }
    if (!ended && head.size() == fileSize) // the whole file, and its header never ends
        return core::badInput(path.string() + ": the file ends inside its header (no end_header)");
    if (!ended)
        return core::Ok{};
    std::uint64_t total = 0;
    for (const Element& element : elements) {
        const std::uint64_t each = std::max<std::uint64_t>(element.minBytes, 1);
        if (element.count > fileSize / each)
            return tooMany(path, element.count, "'" + element.name + "' elements", fileSize, each);
        total += element.count * each;
    }
    if (total > fileSize + 1)
        return core::badInput(path.string() + ": the file's elements need at least " +
                              std::to_string(total) + " bytes, more than its " +
                              std::to_string(fileSize));
    std::uint64_t vertices = 0, faces = 0;
    for (const Element& element : elements) {
        if (element.name == "vertex")
            vertices += element.count;
        else if (element.name == "face" || element.name == "tristrips")
            faces += element.count;
    }
    if (vertices > 0 && faces == 0)
        return core::badInput(path.string() + ": the file holds only points (" +
                              std::to_string(vertices) + " vertices), no triangles");
    if (ascii) {
        // A cut-off ASCII file makes Assimp 5.2 hang or abort: walk the values the header
        // declares, each list as long as its count says, and refuse a file that stops short.
        AsciiValues values(path, headerEnd(in, head));
        for (const Element& element : elements)
            for (std::uint64_t i = 0; i < element.count; ++i)
                for (bool list : element.lists) {
                    const auto value = values.next();
                    std::uint64_t length = 0;
                    const bool more =
                        value &&
                        (!list ||
                         std::from_chars(value->data(), value->data() + value->size(), length).ec ==
                             std::errc{});
                    if (!value)
                        return core::badInput(path.string() + ": the file ends early, in '" +
                                              element.name + "' " + std::to_string(i + 1) + " of " +
                                              std::to_string(element.count) +
                                              " that its header declares");
                    if (!more)
                        return core::Ok{}; // not a count: Assimp reports the broken file
                    if (length > fileSize)
                        return tooMany(path, length, "values in a list", fileSize, 1);
                    for (std::uint64_t v = 0; v < length; ++v)
                        if (!values.next())
                            return core::badInput(path.string() + ": the file ends early, in '" +
                                                  element.name + "' " + std::to_string(i + 1) +
                                                  " of " + std::to_string(element.count) +
                                                  " that its header declares");
                }
    }
    return core::Ok{};
}

} // namespace

core::Status checkDeclaredSizes(const fs::path& path) {
    const std::string ext = core::lowerExtension(path);
    if (ext != "off" && ext != "ply")
        return core::Ok{};
    std::error_code ec;
    const std::uint64_t fileSize = fs::file_size(path, ec);
    if (ec)
        return core::Ok{}; // the importer reports a file it cannot read
    return ext == "off" ? checkOff(path, fileSize) : checkPly(path, fileSize);
}

} // namespace anatomy::io
