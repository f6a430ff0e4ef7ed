#include "anatomy/Search.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace anatomy {
namespace {

// Lower-case words of letters and digits; everything else separates words.
std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : " ") + part;
    return text;
}

int allowedEdits(size_t length) {
    return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}

// How well one query word matches one name word.
float wordScore(const std::string& query, const std::string& word) {
    if (query == word)
        return 1.0f;
    if (word.rfind(query, 0) == 0)
        return 0.9f;
    if (query.size() >= 3 && word.find(query) != std::string::npos)
        return 0.7f;
    const int allowed = allowedEdits(query.size());
    if (allowed == 0)
        return 0.0f;
    const int whole = editDistance(query, word);
    if (whole <= allowed)
        return 0.65f - 0.1f * float(whole);
    // A typo in what the user has typed so far: compare with the word's beginning.
    if (word.size() > query.size()) {
        const int prefix = editDistance(query, std::string_view(word).substr(0, query.size()));
        if (prefix <= allowed)
            return 0.55f - 0.1f * float(prefix);
    }
    return 0.0f;
}

} // namespace

int editDistance(std::string_view a, std::string_view b) {
    // Damerau-Levenshtein (optimal string alignment), three rows.
    const size_t n = a.size(), m = b.size();
    std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
    for (size_t j = 0; j <= m; ++j)
        previous[j] = static_cast<int>(j);
    for (size_t i = 1; i <= n; ++i) {
        current[0] = static_cast<int>(i);
        for (size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[m];
}

std::vector<SearchHit> searchStructures(const Body& body, std::string_view query, size_t limit) {
    const std::vector<std::string> queryWords = words(query);
    std::vector<SearchHit> hits;
    if (queryWords.empty())
        return hits;
    const std::string phrase = joined(queryWords);
    // How well the query matches a name made of `nameWords`, 0 when a query word matches none;
    // `shownName` is what the user reads for it.
    auto match = [&](const std::vector<std::string>& nameWords, const std::string& shownName) {
        float total = 0.0f;
        for (const std::string& q : queryWords) {
            float best = 0.0f;
            for (const std::string& w : nameWords)
                best = std::max(best, wordScore(q, w));
            if (best <= 0.0f)
                return 0.0f;
            total += best;
        }
        float score = total / float(queryWords.size());
        // The words in the order typed, as in the name shown, rank first; and among those,
        // the name the query says most of ("levator" is more of "Levator scapulae" than of
        // "Levator palpebrae superioris").
        const std::vector<std::string> shown = words(shownName);
        if (joined(shown).find(phrase) != std::string::npos)
            score += 0.1f + 0.05f * std::min(1.0f, float(queryWords.size()) /
                                                       float(std::max<size_t>(shown.size(), 1)));
        return score;
    };
    for (size_t i = 0; i < body.structures().size(); ++i) {
        const Structure& s = body.structures()[i];
        std::vector<std::string> nameWords;
        // The muscle a part belongs to counts too, so "trapezius" finds its three parts, and
        // the muscle's group, so "suboccipitals" finds its four muscles.
        for (std::string_view text :
             {std::string_view(s.displayName), std::string_view(s.info.latin),
              std::string_view(s.name), std::string_view(s.info.muscle),
              std::string_view(s.info.group)}) {
            auto w = words(text);
            nameWords.insert(nameWords.end(), w.begin(), w.end());
        }
        if (const float score = match(nameWords, s.displayName); score > 0.0f)
            hits.push_back({static_cast<int>(i), score});
        // The named regions of one surface (the deep fascia's thoracolumbar fascia).
        for (size_t r = 0; r < s.regionNames.size(); ++r)
            if (const float score = match(words(s.regionNames[r]), s.regionNames[r]); score > 0.0f)
                hits.push_back({static_cast<int>(i), score, static_cast<int>(r)});
    }
    const auto& structures = body.structures();
    std::sort(hits.begin(), hits.end(), [&](const SearchHit& a, const SearchHit& b) {
        if (a.score != b.score)
            return a.score > b.score;
        const Structure& sa = structures[static_cast<size_t>(a.structure)];
        const Structure& sb = structures[static_cast<size_t>(b.structure)];
        if (sa.displayName != sb.displayName)
            return sa.displayName < sb.displayName;
        if (a.region != b.region)
            return a.region < b.region;
        return static_cast<int>(sa.side) < static_cast<int>(sb.side);
    });
    if (hits.size() > limit)
        hits.resize(limit);
    return hits;
}

} // namespace anatomy
