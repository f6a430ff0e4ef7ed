// What a trigger-point library does not do right on a body: the checks behind
// `fascialab library --check` and the library's tests.
#include "annotate/Library.h"

#include <cctype>
#include <cstdio>
#include <map>

namespace annotate {

namespace {

std::string centimetres(float metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f cm", static_cast<double>(metres) * 100.0);
    return text;
}

// The text's sentences, each in lower case with its spacing and final stop dropped, so that
// the same advice written twice is found however it was punctuated.
std::vector<std::string> sentences(const std::string& text) {
    std::vector<std::string> found;
    std::string current;
    auto finish = [&] {
        while (!current.empty() && std::isspace(static_cast<unsigned char>(current.back())))
            current.pop_back();
        if (current.size() > 12) // "Rest." and the like say too little to count as copied
            found.push_back(current);
        current.clear();
    };
    for (const char c : text) {
        if (c == '.' || c == ';' || c == '!' || c == '?') {
            finish();
        } else if (!(current.empty() && std::isspace(static_cast<unsigned char>(c)))) {
            current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    finish();
    return found;
}

} // namespace

std::vector<std::string> libraryProblems(const Library& library,
                                         const std::vector<PlacedPoint>& placed,
                                         const LibraryTolerances& tolerances) {
    std::vector<std::string> problems;
    for (const PlacedPoint& point : placed) {
        // Each point is placed on both sides; the left one speaks for both.
        if (point.side != anatomy::Side::Left)
            continue;
        const std::string& id = point.entry->id;
        if (!point.onMuscle)
            problems.push_back(id + ": the body has no muscle \"" + point.entry->muscle + "\"");
        else if (point.authoredDistanceM > tolerances.maxPointDistanceM)
            problems.push_back(id + ": \"at\" lies " + centimetres(point.authoredDistanceM) +
                               " from " + point.entry->muscle + " (at most " +
                               centimetres(tolerances.maxPointDistanceM) + ")");
        if (point.farthestZoneFromSkinM > tolerances.maxZoneDistanceM)
            problems.push_back(id + ": a zone's position lies " +
                               centimetres(point.farthestZoneFromSkinM) + " off the skin (at most " +
                               centimetres(tolerances.maxZoneDistanceM) + ")");
        if (point.bandBreaks > 0)
            problems.push_back(id + ": a band breaks " + std::to_string(point.bandBreaks) +
                               " time(s): between two of its positions it runs through the body; "
                               "add a position on the skin between them");
    }
    std::map<std::string, int> citations;
    for (const LibraryPoint& point : library.points)
        for (const std::string& key : point.sources)
            ++citations[key];
    for (const auto& [key, reference] : library.sources)
        if (!citations.count(key))
            problems.push_back("sources." + key + ": no point cites it");
    std::map<std::string, std::string> firstWith; // sentence -> the first point saying it
    for (const LibraryPoint& point : library.points)
        for (const std::string& sentence : sentences(point.selfCare)) {
            const auto [it, added] = firstWith.emplace(sentence, point.id);
            if (!added && it->second != point.id)
                problems.push_back(point.id + ": self-care repeats " + it->second + "'s \"" +
                                   sentence + "\"");
        }
    return problems;
}

} // namespace annotate
