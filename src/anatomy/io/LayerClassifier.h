// anatomy/io: guessing an imported part's tissue layer and side from its name and label.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"

#include <map>
#include <vector>

#include <string>
#include <string_view>

namespace anatomy::io {

// Name rules from assets/anatomy/layer-names.json, and the user's own from
// ~/.config/fascialab/layer-names.json (tried first, so they override ours).
// A file's fragments match as plain substrings, or, where the file says
// "matching": "words", as whole words ("ulna" not in "ulnaris"; "metacarp*" a word prefix).
class LayerNameRules {
public:
    static LayerNameRules builtIn();
    // Built-in plus the user's file; a bad user file is reported and ignored.
    static const LayerNameRules& standard();
    // Adds the rules of one file; `first` puts them ahead of those already there.
    core::Status add(std::string_view json, const std::string& fileName, bool first);
    LayerKind classify(std::string_view name, std::string_view label = {}) const;

private:
    struct Rule {
        LayerKind layer;
        bool words = false; // whole-word matching ("matching": "words"), else substrings
        std::vector<std::string> fragments;
    };
    std::vector<std::string> m_ignorePrefixes;
    std::map<std::string, LayerKind> m_exactNames;
    std::vector<Rule> m_rules;
};

LayerKind classifyLayer(std::string_view name, std::string_view label = {});
Side classifySide(std::string_view name, std::string_view label = {});
// "VH_M_rectus_femoris_R" -> "Rectus femoris R"; used when a file gives no label.
std::string displayNameFromIdentifier(std::string_view name);

} // namespace anatomy::io
