#include "sim/Parameters.h"

#include "sim/EmbeddedParameters.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace sim {

float TissueParameters::modulusPa(float cosine) const {
    const float c2 = std::clamp(cosine * cosine, 0.0f, 1.0f);
    return 1e6f * (youngsModulusAlongMPa * c2 + youngsModulusAcrossMPa * (1.0f - c2));
}

const TissueParameters* Parameters::forLayer(anatomy::LayerKind layer) const {
    const char* id = layer == anatomy::LayerKind::DeepFascia          ? "deep-fascia"
                     : layer == anatomy::LayerKind::SuperficialFascia ? "superficial-fascia"
                                                                      : nullptr;
    if (!id)
        return nullptr;
    const auto it = tissues.find(id);
    return it == tissues.end() ? nullptr : &it->second;
}

namespace {

struct Range {
    const char* field;
    float TissueParameters::*member;
    double minimum, maximum;
};

// Wide physical bounds: a value outside is a typo or a unit mistake, not a tissue.
constexpr Range kRanges[] = {
    {"youngsModulusAlongMPa", &TissueParameters::youngsModulusAlongMPa, 0.01, 5000.0},
    {"youngsModulusAcrossMPa", &TissueParameters::youngsModulusAcrossMPa, 0.01, 5000.0},
    {"thicknessMm", &TissueParameters::thicknessMm, 0.01, 20.0},
    {"densityKgM3", &TissueParameters::densityKgM3, 100.0, 5000.0},
    {"maxwellRatio", &TissueParameters::maxwellRatio, 0.0, 100.0},
    {"relaxationTimeS", &TissueParameters::relaxationTimeS, 0.001, 1e6},
};

} // namespace

core::Result<Parameters> parseParameters(std::string_view text, const std::string& fileName) {
    using nlohmann::json;
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        return core::badInput(fileName + ": not valid JSON (" + e.what() + ")");
    }
    auto fail = [&](const std::string& where, const std::string& what) {
        return core::badInput(fileName + ": " + where + ": " + what);
    };
    if (!root.is_object() || !root.contains("tissues") || !root["tissues"].is_object())
        return fail("tissues", "expected an object of tissues by layer");
    Parameters parameters;
    for (const auto& [id, entry] : root["tissues"].items()) {
        const std::string where = "tissues." + id;
        if (!entry.is_object())
            return fail(where, "expected an object");
        TissueParameters tissue;
        for (const Range& range : kRanges) {
            const auto it = entry.find(range.field);
            if (it == entry.end())
                return fail(where + "." + range.field, "missing");
            if (!it->is_number())
                return fail(where + "." + range.field, "expected a number");
            const double value = it->get<double>();
            if (!std::isfinite(value) || value < range.minimum || value > range.maximum)
                return fail(where + "." + range.field,
                            "must lie between " + json(range.minimum).dump() + " and " +
                                json(range.maximum).dump() + ", not " + it->dump());
            tissue.*range.member = static_cast<float>(value);
        }
        const auto sources = entry.find("sources");
        if (sources == entry.end() || !sources->is_array() || sources->empty())
            return fail(where + ".sources", "every tissue needs its sources (a list of text)");
        for (const json& source : *sources) {
            if (!source.is_string())
                return fail(where + ".sources", "expected text");
            tissue.sources.push_back(source.get<std::string>());
        }
        parameters.tissues[id] = std::move(tissue);
    }
    return parameters;
}

const Parameters& defaultParameters() {
    static const Parameters parameters = [] {
        auto parsed = parseParameters(core::findEmbedded(embeddedFiles(), "fascia.json"),
                                      "assets/sim/fascia.json");
        // The file is compiled in and checked by the tests; a broken one is a build defect.
        if (!parsed)
            std::abort();
        return std::move(*parsed);
    }();
    return parameters;
}

} // namespace sim
