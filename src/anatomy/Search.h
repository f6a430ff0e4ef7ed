// anatomy: finding structures by name as a student types it — display name, Latin name or
// identifier, whole words or their beginnings, with small typos forgiven.
#pragma once

#include "anatomy/Body.h"

#include <string_view>
#include <vector>

namespace anatomy {

struct SearchHit {
    int structure = -1;
    float score = 0.0f; // higher is better: 1 for every word exact, a little more in order
    int region = -1;    // the structure's named region that matched (regionNames), or -1
};

// The structures matching every word of `query`, best first (then by display name, left before
// right). Each query word must match a word of a structure's names: exactly, as its beginning,
// inside it, or within one edit (two for words of seven letters or more). A structure's named
// regions are found too, each a hit of its own. Empty for a blank query.
std::vector<SearchHit> searchStructures(const Body& body, std::string_view query,
                                        size_t limit = 20);

// Edits (insertions, deletions, substitutions, swaps of neighbours) between two words.
int editDistance(std::string_view a, std::string_view b);

} // namespace anatomy
