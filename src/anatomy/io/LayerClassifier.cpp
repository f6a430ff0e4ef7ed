#include "anatomy/io/LayerClassifier.h"

#include "anatomy/io/EmbeddedData.h"
#include "core/FileUtil.h"
#include "core/Log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace anatomy::io {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Lower case, '_' and '-' as spaces: "Tensor_Fasciae-Latae" -> "tensor fasciae latae".
std::string normalised(std::string_view text) {
    std::string out = lower(text);
    std::replace(out.begin(), out.end(), '_', ' ');
    std::replace(out.begin(), out.end(), '-', ' ');
    return out;
}

// Letters make words; bytes of UTF-8 sequences count as letters, so accented words stay whole.
bool isLetter(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || u >= 0x80;
}

// The text words are matched against: camel case split ("RectusFemoris" -> "rectus femoris"),
// then normalised as above.
std::string wordText(std::string_view text) {
    std::string split;
    split.reserve(text.size() + 8);
    for (size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && std::isupper(static_cast<unsigned char>(text[i])) &&
            std::islower(static_cast<unsigned char>(text[i - 1])))
            split.push_back(' ');
        split.push_back(text[i]);
    }
    return normalised(split);
}

// Whether `fragment` occurs in `text` as whole words: it starts where a word starts and ends
// where a word ends, unless it ends in '*', when it may end inside its last word.
bool containsWords(std::string_view text, std::string_view fragment) {
    const bool prefix = !fragment.empty() && fragment.back() == '*';
    if (prefix)
        fragment.remove_suffix(1);
    if (fragment.empty())
        return false;
    for (size_t at = text.find(fragment); at != std::string_view::npos;
         at = text.find(fragment, at + 1)) {
        const size_t end = at + fragment.size();
        const bool startsWord = at == 0 || !isLetter(text[at - 1]);
        const bool endsWord = prefix || end == text.size() || !isLetter(text[end]);
        if (startsWord && endsWord)
            return true;
    }
    return false;
}

std::filesystem::path userRulesPath() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        return std::filesystem::path(config) / "fascialab" / "layer-names.json";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".config" / "fascialab" / "layer-names.json";
    return {};
}

} // namespace

core::Status LayerNameRules::add(std::string_view text, const std::string& fileName, bool first) {
    try {
        const auto root = nlohmann::json::parse(text);
        // Named locals, not temporaries: a range-for over a temporary's items() dangles.
        const nlohmann::json ruleList =
            root.contains("rules") ? root["rules"] : nlohmann::json::array();
        const nlohmann::json prefixes =
            root.contains("ignore_prefixes") ? root["ignore_prefixes"] : nlohmann::json::array();
        const nlohmann::json exact =
            root.contains("exact_names") ? root["exact_names"] : nlohmann::json::object();
        // Files written before "matching" existed match substrings, as they always did.
        const std::string matching =
            root.contains("matching") ? root["matching"].get<std::string>() : "substrings";
        if (matching != "words" && matching != "substrings")
            return core::badInput(fileName + ": unknown matching '" + matching +
                                  "' (expected 'words' or 'substrings')");
        std::vector<Rule> parsed;
        for (const auto& rule : ruleList) {
            const std::string id = rule.at("layer").get<std::string>();
            const auto layer = layerFromId(id);
            if (!layer)
                return core::badInput(fileName + ": unknown layer '" + id + "'");
            Rule r{*layer, matching == "words", {}};
            for (const auto& fragment : rule.at("match"))
                r.fragments.push_back(normalised(fragment.get<std::string>()));
            parsed.push_back(std::move(r));
        }
        for (const auto& prefix : prefixes)
            m_ignorePrefixes.push_back(normalised(prefix.get<std::string>()));
        for (auto it = exact.begin(); it != exact.end(); ++it) {
            const std::string id = it.value().get<std::string>();
            const auto layer = layerFromId(id);
            if (!layer)
                return core::badInput(fileName + ": unknown layer '" + id + "'");
            m_exactNames[normalised(it.key())] = *layer;
        }
        m_rules.insert(first ? m_rules.begin() : m_rules.end(), parsed.begin(), parsed.end());
    } catch (const nlohmann::json::exception& e) {
        return core::badInput(fileName + ": " + e.what());
    }
    return core::Ok{};
}

LayerNameRules LayerNameRules::builtIn() {
    LayerNameRules rules;
    if (auto status = rules.add(core::findEmbedded(embeddedFiles(), "layer-names.json"),
                                "assets/anatomy/layer-names.json", false);
        !status)
        core::logError(status.error().message); // compiled in and tested: a build defect
    return rules;
}

const LayerNameRules& LayerNameRules::standard() {
    static const LayerNameRules rules = [] {
        LayerNameRules r = builtIn();
        const auto user = userRulesPath();
        std::error_code ec;
        if (!user.empty() && std::filesystem::exists(user, ec)) {
            auto bytes = core::readFileBytes(user);
            const auto status =
                bytes ? r.add(std::string_view(reinterpret_cast<const char*>(bytes->data()),
                                               bytes->size()),
                              user.string(), true)
                      : core::Status(bytes.error());
            if (!status)
                core::logWarning(status.error().message + " (your layer rules are ignored)");
        }
        return r;
    }();
    return rules;
}

LayerKind LayerNameRules::classify(std::string_view name, std::string_view label) const {
    const std::string normalisedName = normalised(name);
    if (const auto exact = m_exactNames.find(normalisedName); exact != m_exactNames.end())
        return exact->second;
    const std::string text = normalisedName + " " + normalised(label);
    for (const std::string& prefix : m_ignorePrefixes)
        if (text.rfind(prefix, 0) == 0)
            return LayerKind::Other;
    const std::string words = wordText(name) + " " + wordText(label);
    for (const Rule& rule : m_rules)
        for (const std::string& fragment : rule.fragments)
            if (rule.words ? containsWords(words, fragment)
                           : text.find(fragment) != std::string::npos)
                return rule.layer;
    return LayerKind::Other;
}

LayerKind classifyLayer(std::string_view name, std::string_view label) {
    return LayerNameRules::standard().classify(name, label);
}
Side classifySide(std::string_view name, std::string_view label) {
    const std::string l = lower(label);
    if (l.find("left") != std::string::npos)
        return Side::Left;
    if (l.find("right") != std::string::npos)
        return Side::Right;
    const std::string n = lower(name);
    auto endsWith = [&](std::string_view suffix) {
        return n.size() >= suffix.size() &&
               n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith("_l") || endsWith(".l") || endsWith("_left") ||
        n.find("left") != std::string::npos)
        return Side::Left;
    if (endsWith("_r") || endsWith(".r") || endsWith("_right") ||
        n.find("right") != std::string::npos)
        return Side::Right;
    return Side::Midline;
}

std::string displayNameFromIdentifier(std::string_view name) {
    std::string text(name);
    // Drop the HRA's "VH_M_" / "VHM_" style prefixes: they say which atlas, not what it is.
    for (std::string_view prefix : {"VH_M_", "VH_F_", "VHM_", "VHF_"})
        if (text.rfind(prefix, 0) == 0) {
            text.erase(0, prefix.size());
            break;
        }
    std::replace(text.begin(), text.end(), '_', ' ');
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text.empty() ? std::string(name) : text;
}

} // namespace anatomy::io
