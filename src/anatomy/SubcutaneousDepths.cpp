#include "anatomy/SubcutaneousDepths.h"

#include "anatomy/EmbeddedData.h"
#include "core/Log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace anatomy {
namespace {

SubcutaneousDepth mix(const SubcutaneousDepth& a, const SubcutaneousDepth& b, float t) {
    return {a.superficialM + t * (b.superficialM - a.superficialM),
            a.deepM + t * (b.deepM - a.deepM)};
}

// Arms blend to the limb depths over this much of stature beyond the trunk's width (2 cm in
// an adult), so the armpit has no step.
constexpr float kLimbBlendFraction = 0.0115f;

} // namespace

const SubcutaneousDepths& SubcutaneousDepths::standard() {
    static const SubcutaneousDepths table = [] {
        SubcutaneousDepths t;
        try {
            const auto root =
                nlohmann::json::parse(core::findEmbedded(embeddedFiles(), "subcutaneous.json"));
            for (const auto& band : root.at("bands"))
                t.m_bands.push_back({band.at("height").get<float>(),
                                     {band.at("superficial_mm").get<float>() * 1e-3f,
                                      band.at("deep_mm").get<float>() * 1e-3f}});
            const auto& limbs = root.at("limbs");
            t.m_limbLateralFraction = limbs.at("lateral_fraction").get<float>();
            t.m_limb = {limbs.at("superficial_mm").get<float>() * 1e-3f,
                        limbs.at("deep_mm").get<float>() * 1e-3f};
        } catch (const nlohmann::json::exception& e) {
            // Compiled-in data that a test parses: reaching this is a build defect.
            core::logError(std::string("assets/anatomy/subcutaneous.json: ") + e.what());
        }
        std::sort(t.m_bands.begin(), t.m_bands.end(),
                  [](const Band& a, const Band& b) { return a.height < b.height; });
        return t;
    }();
    return table;
}

SubcutaneousDepth SubcutaneousDepths::at(float heightFraction, float lateralFraction) const {
    SubcutaneousDepth depth{0.003f, 0.008f};
    if (!m_bands.empty()) {
        depth = m_bands.back().depth;
        if (heightFraction <= m_bands.front().height) {
            depth = m_bands.front().depth;
        } else {
            for (size_t i = 1; i < m_bands.size(); ++i)
                if (heightFraction <= m_bands[i].height) {
                    const float t = (heightFraction - m_bands[i - 1].height) /
                                    (m_bands[i].height - m_bands[i - 1].height);
                    depth = mix(m_bands[i - 1].depth, m_bands[i].depth, t);
                    break;
                }
        }
    }
    const float limb =
        std::clamp((lateralFraction - m_limbLateralFraction) / kLimbBlendFraction, 0.0f, 1.0f);
    return mix(depth, m_limb, limb);
}

} // namespace anatomy
