// anatomy: the tissue layers a body is made of, from the surface inwards.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace anatomy {

enum class LayerKind {
    Skin,
    SuperficialFascia,
    DeepFascia,
    Muscle,
    Bone,
    Other, // "unclassified": an imported part no name rule matched; shown, never simulated
};

inline constexpr std::array<LayerKind, 6> kAllLayers = {
    LayerKind::Skin,       LayerKind::SuperficialFascia,
    LayerKind::DeepFascia, LayerKind::Muscle,
    LayerKind::Bone,       LayerKind::Other};

// The layers a body's skin encloses (unclassified parts may lie outside it: hair, eyes).
constexpr bool liesUnderSkin(LayerKind kind) {
    return kind == LayerKind::SuperficialFascia || kind == LayerKind::DeepFascia ||
           kind == LayerKind::Muscle || kind == LayerKind::Bone;
}

// The command-line / file name ("deep-fascia") and the display name ("Deep fascia").
std::string_view layerId(LayerKind kind);
std::string_view layerDisplayName(LayerKind kind);
std::optional<LayerKind> layerFromId(std::string_view id);

} // namespace anatomy
