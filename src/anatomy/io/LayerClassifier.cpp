#include "anatomy/io/LayerClassifier.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace anatomy::io {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool containsAny(const std::string& haystack, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(), [&](std::string_view needle) {
        return haystack.find(needle) != std::string::npos;
    });
}

} // namespace

LayerKind classifyLayer(std::string_view name, std::string_view label) {
    const std::string text = lower(name) + " " + lower(label);
    // Rigging and fitting aids some character files carry (MakeHuman's joint-* and helper-*).
    if (text.rfind("joint-", 0) == 0 || text.rfind("helper-", 0) == 0)
        return LayerKind::Other;
    // Order matters: "fascia lata" is fascia although "tensor fasciae latae" is a muscle.
    if (containsAny(text, {"tensor fasciae", "tensor_fasciae"}))
        return LayerKind::Muscle;
    if (containsAny(text,
                    {"superficial fascia", "superficial_fascia", "subcutaneous", "hypodermis"}))
        return LayerKind::SuperficialFascia;
    if (containsAny(text, {"fascia", "aponeurosis", "retinacul", "iliotibial", "sheath"}))
        return LayerKind::DeepFascia;
    if (containsAny(text, {"skin", "body_surface", "dermis"}) || lower(name) == "body")
        return LayerKind::Skin;
    if (containsAny(
            text, {"muscle",    "musculus",   "tendon",         "ligament_",       "rectus",
                   "vastus",    "gluteus",    "biceps",         "triceps",         "deltoid",
                   "trapezius", "latissimus", "pectoralis",     "oblique",         "gastrocnemius",
                   "soleus",    "sartorius",  "gracilis",       "adductor",        "psoas",
                   "iliacus",   "piriformis", "semitendinosus", "semimembranosus", "tibialis",
                   "fibularis", "peroneus",   "masseter",       "temporalis",      "rhomboid",
                   "serratus",  "erector",    "multifidus"}))
        return LayerKind::Muscle;
    if (containsAny(text, {"bone",    "skull",   "cranium",  "mandible",  "vertebra",  "spine",
                           "rib",     "sternum", "clavicle", "scapula",   "humerus",   "radius",
                           "ulna",    "carpal",  "phalan",   "pelvis",    "ilium",     "ischium",
                           "pubis",   "sacrum",  "coccyx",   "femur",     "patella",   "tibia",
                           "fibula",  "tarsal",  "talus",    "calcaneus", "cartilage", "meniscus",
                           "skeleton"}))
        return LayerKind::Bone;
    return LayerKind::Other;
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
