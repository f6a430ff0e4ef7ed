#include "sim/Parameters.h"

#include "sim/EmbeddedParameters.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>

namespace sim {

float TissueParameters::modulusPa(float cosine) const {
    const float c2 = std::clamp(cosine * cosine, 0.0f, 1.0f);
    return 1e6f * (youngsModulusAlongMPa * c2 + youngsModulusAcrossMPa * (1.0f - c2));
}

float ReleaseParameters::rate(float glidingShearKPa, float tensionRiseKPa) const {
    const auto drive = [this](float load, float threshold, float reference, float timeConstant) {
        const float above = (load - threshold) / (reference - threshold);
        return std::clamp(above, 0.0f, maximumRateFactor) / timeConstant;
    };
    return drive(glidingShearKPa, glidingShearThresholdKPa, glidingShearReferenceKPa,
                 glidingShearTimeConstantS) +
           drive(tensionRiseKPa, tensionThresholdKPa, tensionReferenceKPa, tensionTimeConstantS);
}

const Movement* PinParameters::movement(std::string_view id) const {
    for (const Movement& m : movements)
        if (m.id == id)
            return &m;
    return nullptr;
}

const Movement& PinParameters::movementFor(std::string_view muscleName) const {
    std::string name(muscleName);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const Movement& m : movements)
        for (const std::string& word : m.muscles)
            if (name.find(word) != std::string::npos)
                return m;
    return movements.back();
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
    {"glidingShearThresholdKPa", &ReleaseParameters::glidingShearThresholdKPa, 0.0, 1e4},
    {"glidingShearReferenceKPa", &ReleaseParameters::glidingShearReferenceKPa, 0.0, 1e4},
    {"glidingShearTimeConstantS", &ReleaseParameters::glidingShearTimeConstantS, 0.1, 1e5},
    {"tensionThresholdKPa", &ReleaseParameters::tensionThresholdKPa, 0.0, 1e5},
    {"tensionReferenceKPa", &ReleaseParameters::tensionReferenceKPa, 0.0, 1e5},
    {"tensionTimeConstantS", &ReleaseParameters::tensionTimeConstantS, 0.1, 1e5},
    {"maximumRateFactor", &ReleaseParameters::maximumRateFactor, 1.0, 100.0},
    {"friction", &ReleaseParameters::friction, 0.0, 2.0},
    {"rollingResistance", &ReleaseParameters::rollingResistance, 0.0, 1.0},
};

constexpr Field<PinParameters> kPinFields[] = {
    {"gripFactor", &PinParameters::gripFactor, 0.0, 5.0},
    {"slipMm", &PinParameters::slipMm, 0.1, 50.0},
    {"bedRadiusMm", &PinParameters::bedRadiusMm, 5.0, 500.0},
};

constexpr Field<Movement> kMovementFields[] = {
    {"excursionMm", &Movement::excursionMm, 0.0, 200.0},
    {"periodS", &Movement::periodS, 0.5, 600.0},
};

constexpr Field<InsertionParameters> kInsertionFields[] = {
    {"reachMm", &InsertionParameters::reachMm, 1.0, 100.0},
    {"spreadMm", &InsertionParameters::spreadMm, 10.0, 2000.0},
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

    // Reads each named text field of `item` into `out`; a missing or empty one is an error
    // naming the field.
    template <typename T>
    std::optional<core::Error>
    readTexts(const Json& item, const std::string& where,
              std::initializer_list<std::pair<const char*, std::string T::*>> fields,
              T& out) const {
        for (const auto& [key, member] : fields) {
            if (!item.contains(key) || !item[key].is_string() ||
                item[key].template get<std::string>().empty())
                return fail(where + "." + key, "expected text");
            out.*member = item[key].template get<std::string>();
        }
        return std::nullopt;
    }

    // Reads every number of the table into `out`, each within its bounds; an error names the
    // field.
    template <typename T, size_t N>
    std::optional<core::Error> readNumbers(const Json& entry, const std::string& where,
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
        return std::nullopt;
    }

    // The numbers as above, and the entry's sources.
    template <typename T, size_t N>
    std::optional<core::Error> read(const Json& entry, const std::string& where,
                                    const Field<T> (&fields)[N], T& out) const {
        if (auto error = readNumbers(entry, where, fields, out))
            return error;
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

// Pin and stretch: its numbers and sources, then each movement (id, name, numbers, the muscle
// words it is chosen for); the last movement, for any other muscle, names none.
std::optional<core::Error> readPin(const Reader& reader, const Json& entry, PinParameters& pin) {
    if (auto error = reader.read(entry, "pinAndStretch", kPinFields, pin))
        return error;
    const auto movements = entry.find("movements");
    if (movements == entry.end() || !movements->is_array() || movements->empty())
        return reader.fail("pinAndStretch.movements", "expected a list of movements");
    for (size_t k = 0; k < movements->size(); ++k) {
        const Json& item = (*movements)[k];
        const std::string where = "pinAndStretch.movements[" + std::to_string(k) + "]";
        Movement movement;
        if (!item.is_object())
            return reader.fail(where, "expected an object");
        if (auto error = reader.readTexts<Movement>(
                item, where, {{"id", &Movement::id}, {"name", &Movement::name}}, movement))
            return error;
        if (auto error = reader.readNumbers(item, where, kMovementFields, movement))
            return error;
        const auto muscles = item.find("muscles");
        if (muscles == item.end() || !muscles->is_array())
            return reader.fail(where + ".muscles", "expected a list of words");
        for (const Json& word : *muscles) {
            if (!word.is_string() || word.get<std::string>().empty())
                return reader.fail(where + ".muscles", "expected words");
            movement.muscles.push_back(word.get<std::string>());
        }
        const bool last = k + 1 == movements->size();
        if (last != movement.muscles.empty())
            return reader.fail(
                where + ".muscles",
                last ? "the last movement is the default, for any other muscle, and names none"
                     : "names no muscle (only the last, the default, may)");
        if (pin.movement(movement.id))
            return reader.fail(where + ".id", "\"" + movement.id + "\" is used twice");
        pin.movements.push_back(std::move(movement));
    }
    return std::nullopt;
}

// Muscle insertions: the numbers and sources, then each insertion (a muscle's id and the
// region of the deep fascia it inserts into), each pair once.
std::optional<core::Error> readInsertions(const Reader& reader, const Json& entry,
                                          InsertionParameters& out) {
    if (auto error = reader.read(entry, "insertions", kInsertionFields, out))
        return error;
    const auto list = entry.find("muscles");
    if (list == entry.end() || !list->is_array())
        return reader.fail("insertions.muscles", "expected a list of insertions");
    for (size_t k = 0; k < list->size(); ++k) {
        const Json& item = (*list)[k];
        const std::string where = "insertions.muscles[" + std::to_string(k) + "]";
        if (!item.is_object())
            return reader.fail(where, "expected an object");
        Insertion insertion;
        if (auto error = reader.readTexts<Insertion>(
                item, where, {{"muscle", &Insertion::muscle}, {"fascia", &Insertion::fascia}},
                insertion))
            return error;
        for (const Insertion& earlier : out.insertions)
            if (earlier.muscle == insertion.muscle && earlier.fascia == insertion.fascia)
                return reader.fail(where, "\"" + insertion.muscle + "\" into \"" +
                                              insertion.fascia + "\" is listed twice");
        out.insertions.push_back(std::move(insertion));
    }
    return std::nullopt;
}

} // namespace

core::Result<Parameters> parseParameters(std::string_view text, const std::string& fileName) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::exception& e) { // a syntax error, or a number too large
        return core::badInput(fileName + ": not valid JSON (" + e.what() + ")");
    }
    const Reader reader(fileName);
    if (!root.is_object())
        return reader.fail("(top level)", "expected an object");
    for (const char* section :
         {"tissues", "gliding", "restriction", "release", "pinAndStretch", "insertions", "tools"})
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
         {std::tuple{release.glidingShearThresholdKPa, release.glidingShearReferenceKPa,
                     "glidingShear"},
          std::tuple{release.tensionThresholdKPa, release.tensionReferenceKPa, "tension"}})
        if (!(reference > threshold))
            return reader.fail(std::string("release.") + name + "ReferenceKPa",
                               "must be above its threshold");
    if (auto error = readPin(reader, root["pinAndStretch"], parameters.pin))
        return *error;
    if (auto error = readInsertions(reader, root["insertions"], parameters.insertions))
        return *error;
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
