#include "sim/Parameters.h"

#include "sim/EmbeddedParameters.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace sim {

float TissueParameters::modulusPa(float cosine) const {
    const float c2 = std::clamp(cosine * cosine, 0.0f, 1.0f);
    return 1e6f * (youngsModulusAlongMPa * c2 + youngsModulusAcrossMPa * (1.0f - c2));
}

float ReleaseParameters::rate(float pressureKPa, float shearKPa, float stretchKPa) const {
    const auto drive = [this](float load, float threshold, float reference, float timeConstant) {
        const float above = (load - threshold) / (reference - threshold);
        return std::clamp(above, 0.0f, maximumRateFactor) / timeConstant;
    };
    return drive(pressureKPa, pressureThresholdKPa, pressureReferenceKPa, pressureTimeConstantS) +
           drive(shearKPa, shearThresholdKPa, shearReferenceKPa, shearTimeConstantS) +
           drive(stretchKPa, stretchThresholdKPa, stretchReferenceKPa, stretchTimeConstantS);
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

const ToolParameters* Parameters::tool(std::string_view id) const {
    for (const ToolParameters& t : tools)
        if (t.id == id)
            return &t;
    return nullptr;
}

namespace {

using Json = nlohmann::ordered_json;

template <typename T> struct Field {
    const char* name;
    float T::*member;
    double minimum, maximum; // wide physical bounds: outside is a typo or a unit mistake
};

constexpr Field<TissueParameters> kTissueFields[] = {
    {"youngsModulusAlongMPa", &TissueParameters::youngsModulusAlongMPa, 0.01, 5000.0},
    {"youngsModulusAcrossMPa", &TissueParameters::youngsModulusAcrossMPa, 0.01, 5000.0},
    {"thicknessMm", &TissueParameters::thicknessMm, 0.01, 20.0},
    {"densityKgM3", &TissueParameters::densityKgM3, 100.0, 5000.0},
    {"maxwellRatio", &TissueParameters::maxwellRatio, 0.0, 100.0},
    {"relaxationTimeS", &TissueParameters::relaxationTimeS, 0.001, 1e6},
    {"poissonRatio", &TissueParameters::poissonRatio, 0.0, 0.95},
    {"toeStrainPercent", &TissueParameters::toeStrainPercent, 0.0, 10.0},
};

constexpr Field<GlidingParameters> kGlidingFields[] = {
    {"foundationModulusKPa", &GlidingParameters::foundationModulusKPa, 0.1, 1e5},
    {"foundationDepthMm", &GlidingParameters::foundationDepthMm, 1.0, 500.0},
    {"slidingStiffnessKPaPerMm", &GlidingParameters::slidingStiffnessKPaPerMm, 0.0, 1e4},
    {"slidingViscosityKPaSPerMm", &GlidingParameters::slidingViscosityKPaSPerMm, 0.0, 1e4},
    {"anchorDistanceMm", &GlidingParameters::anchorDistanceMm, 0.0, 50.0},
};

constexpr Field<RestrictionParameters> kRestrictionFields[] = {
    {"preStrainPercent", &RestrictionParameters::preStrainPercent, 0.0, 10.0},
    {"stiffnessIncrease", &RestrictionParameters::stiffnessIncrease, 0.0, 20.0},
    {"glidingIncrease", &RestrictionParameters::glidingIncrease, 0.0, 100.0},
    {"adhesionKPaPerMm", &RestrictionParameters::adhesionKPaPerMm, 0.0, 1e5},
    {"fibreTwistDeg", &RestrictionParameters::fibreTwistDeg, 0.0, 90.0},
    {"triggerPointRadiusMm", &RestrictionParameters::triggerPointRadiusMm, 1.0, 200.0},
};

constexpr Field<ReleaseParameters> kReleaseFields[] = {
    {"pressureThresholdKPa", &ReleaseParameters::pressureThresholdKPa, 0.0, 1e4},
    {"pressureReferenceKPa", &ReleaseParameters::pressureReferenceKPa, 0.0, 1e4},
    {"pressureTimeConstantS", &ReleaseParameters::pressureTimeConstantS, 0.1, 1e5},
    {"shearThresholdKPa", &ReleaseParameters::shearThresholdKPa, 0.0, 1e4},
    {"shearReferenceKPa", &ReleaseParameters::shearReferenceKPa, 0.0, 1e4},
    {"shearTimeConstantS", &ReleaseParameters::shearTimeConstantS, 0.1, 1e5},
    {"stretchThresholdKPa", &ReleaseParameters::stretchThresholdKPa, 0.0, 1e5},
    {"stretchReferenceKPa", &ReleaseParameters::stretchReferenceKPa, 0.0, 1e5},
    {"stretchTimeConstantS", &ReleaseParameters::stretchTimeConstantS, 0.1, 1e5},
    {"maximumRateFactor", &ReleaseParameters::maximumRateFactor, 1.0, 100.0},
    {"friction", &ReleaseParameters::friction, 0.0, 2.0},
};

constexpr Field<ToolParameters> kToolFields[] = {
    {"radiusMm", &ToolParameters::radiusMm, 1.0, 500.0},
    {"lengthMm", &ToolParameters::lengthMm, 0.0, 2000.0},
    {"contactAreaCm2", &ToolParameters::contactAreaCm2, 0.1, 1000.0},
    {"minimumKPa", &ToolParameters::minimumKPa, 0.0, 1000.0},
    {"maximumKPa", &ToolParameters::maximumKPa, 0.1, 1000.0},
    {"typicalKPa", &ToolParameters::typicalKPa, 0.1, 1000.0},
};

class Reader {
public:
    explicit Reader(const std::string& fileName) : m_fileName(fileName) {}

    core::Error fail(const std::string& where, const std::string& what) const {
        return core::badInput(m_fileName + ": " + where + ": " + what);
    }

    // Reads every field of the table and the sources into `out`; an error names the field.
    template <typename T, size_t N>
    std::optional<core::Error> read(const Json& entry, const std::string& where,
                                    const Field<T> (&fields)[N], T& out) const {
        if (!entry.is_object())
            return fail(where, "expected an object");
        for (const Field<T>& field : fields) {
            const auto it = entry.find(field.name);
            if (it == entry.end())
                return fail(where + "." + field.name, "missing");
            if (!it->is_number())
                return fail(where + "." + field.name, "expected a number");
            const double value = it->template get<double>();
            if (!std::isfinite(value) || value < field.minimum || value > field.maximum)
                return fail(where + "." + field.name,
                            "must lie between " + Json(field.minimum).dump() + " and " +
                                Json(field.maximum).dump() + ", not " + it->dump());
            out.*field.member = static_cast<float>(value);
        }
        const auto sources = entry.find("sources");
        if (sources == entry.end() || !sources->is_array() || sources->empty())
            return fail(where + ".sources", "every entry needs its sources (a list of text)");
        for (const Json& source : *sources) {
            if (!source.is_string())
                return fail(where + ".sources", "expected text");
            out.sources.push_back(source.template get<std::string>());
        }
        return std::nullopt;
    }

private:
    std::string m_fileName;
};

core::Result<ToolShape> shapeFromId(const std::string& id) {
    if (id == "sphere")
        return ToolShape::Sphere;
    if (id == "disc")
        return ToolShape::Disc;
    if (id == "cylinder")
        return ToolShape::Cylinder;
    return core::badInput("expected \"sphere\", \"disc\" or \"cylinder\", not \"" + id + "\"");
}

} // namespace

core::Result<Parameters> parseParameters(std::string_view text, const std::string& fileName) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& e) {
        return core::badInput(fileName + ": not valid JSON (" + e.what() + ")");
    }
    const Reader reader(fileName);
    if (!root.is_object())
        return reader.fail("(top level)", "expected an object");
    for (const char* section : {"tissues", "gliding", "restriction", "release", "tools"})
        if (!root.contains(section) || !root[section].is_object())
            return reader.fail(section, "missing (expected an object)");
    Parameters parameters;
    for (const auto& [id, entry] : root["tissues"].items()) {
        TissueParameters tissue;
        if (auto error = reader.read(entry, "tissues." + id, kTissueFields, tissue))
            return *error;
        parameters.tissues[id] = std::move(tissue);
    }
    if (auto error = reader.read(root["gliding"], "gliding", kGlidingFields, parameters.gliding))
        return *error;
    if (auto error = reader.read(root["restriction"], "restriction", kRestrictionFields,
                                 parameters.restriction))
        return *error;
    if (auto error = reader.read(root["release"], "release", kReleaseFields, parameters.release))
        return *error;
    const ReleaseParameters& release = parameters.release;
    for (const auto& [threshold, reference, name] :
         {std::tuple{release.pressureThresholdKPa, release.pressureReferenceKPa, "pressure"},
          std::tuple{release.shearThresholdKPa, release.shearReferenceKPa, "shear"},
          std::tuple{release.stretchThresholdKPa, release.stretchReferenceKPa, "stretch"}})
        if (!(reference > threshold))
            return reader.fail(std::string("release.") + name + "ReferenceKPa",
                               "must be above its threshold");
    for (const auto& [id, entry] : root["tools"].items()) {
        const std::string where = "tools." + id;
        ToolParameters tool;
        tool.id = id;
        if (auto error = reader.read(entry, where, kToolFields, tool))
            return *error;
        if (!entry.contains("name") || !entry["name"].is_string())
            return reader.fail(where + ".name", "expected text");
        tool.name = entry["name"].get<std::string>();
        if (!entry.contains("shape") || !entry["shape"].is_string())
            return reader.fail(where + ".shape", "expected text");
        auto shape = shapeFromId(entry["shape"].get<std::string>());
        if (!shape)
            return reader.fail(where + ".shape", shape.error().message);
        tool.shape = *shape;
        if (!(tool.minimumKPa <= tool.typicalKPa && tool.typicalKPa <= tool.maximumKPa))
            return reader.fail(where, "needs minimumKPa <= typicalKPa <= maximumKPa");
        parameters.tools.push_back(std::move(tool));
    }
    if (parameters.tools.empty())
        return reader.fail("tools", "needs at least one tool");
    return parameters;
}

std::string_view defaultParametersText() {
    return core::findEmbedded(embeddedFiles(), "fascia.json");
}

const Parameters& defaultParameters() {
    static const Parameters parameters = [] {
        auto parsed = parseParameters(defaultParametersText(), "assets/sim/fascia.json");
        // The file is compiled in and checked by the tests; a broken one is a build defect.
        if (!parsed)
            std::abort();
        return std::move(*parsed);
    }();
    return parameters;
}

} // namespace sim
