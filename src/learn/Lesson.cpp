// Reading a lesson file (docs/lesson-format.md) strictly: an unknown field is an error rather
// than silently ignored, since a teacher's typo ("captoin") would otherwise vanish.
#include "learn/Lesson.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <initializer_list>

namespace learn {

namespace {

using json = nlohmann::json;

// Thrown while reading; turned into a bad-input error naming the file.
struct LessonError {
    std::string message;
};

void onlyFields(const json& object, std::initializer_list<const char*> known,
                const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        bool found = false;
        for (const char* k : known)
            found = found || key == k;
        if (!found) {
            std::string list;
            for (const char* k : known)
                list += std::string(list.empty() ? "" : ", ") + k;
            throw LessonError{where + "." + key + ": not a field here (the fields are " + list +
                              ")"};
        }
    }
}

std::string text(const json& object, const char* field, const std::string& where, bool required) {
    const auto it = object.find(field);
    if (it == object.end()) {
        if (required)
            throw LessonError{where + "." + field + ": missing (expected text)"};
        return {};
    }
    if (!it->is_string() || (required && it->get<std::string>().empty()))
        throw LessonError{where + "." + field + ": expected " +
                          (required ? "non-empty text" : "text")};
    return it->get<std::string>();
}

float number(const json& object, const char* field, const std::string& where, float fallback,
             float low, float high, const char* unit) {
    const auto it = object.find(field);
    if (it == object.end())
        return fallback;
    if (!it->is_number())
        throw LessonError{where + "." + field + ": expected a number (" + unit + ")"};
    const float v = it->get<float>();
    if (!std::isfinite(v) || v < low || v > high)
        throw LessonError{where + "." + field + ": " + std::to_string(v) + " " + unit +
                          " lies outside " + std::to_string(low) + " to " + std::to_string(high)};
    return v;
}

bool flag(const json& object, const char* field, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end())
        return false;
    if (!it->is_boolean())
        throw LessonError{where + "." + field + ": expected true or false"};
    return it->get<bool>();
}

std::optional<anatomy::Side> sideFromName(std::string_view name) {
    if (name == "left")
        return anatomy::Side::Left;
    if (name == "right")
        return anatomy::Side::Right;
    if (name == "midline")
        return anatomy::Side::Midline;
    return std::nullopt;
}

// "trapezius" or "trapezius/left".
StructureRef structureRef(const json& value, const std::string& where) {
    if (!value.is_string() || value.get<std::string>().empty())
        throw LessonError{where + ": expected a structure's name, optionally with its side "
                                  "(\"levator-scapulae/left\")"};
    const std::string s = value.get<std::string>();
    StructureRef ref;
    const size_t slash = s.rfind('/');
    if (slash != std::string::npos) {
        ref.name = s.substr(0, slash);
        ref.side = sideFromName(s.substr(slash + 1));
        if (!ref.side)
            throw LessonError{where + ": \"" + s.substr(slash + 1) +
                              "\" is not a side (left, right or midline)"};
    } else {
        ref.name = s;
    }
    return ref;
}

// "trapezius/TrP1" (left) or "trapezius/TrP1/right".
PointRef pointRef(const json& value, const std::string& where) {
    if (!value.is_string())
        throw LessonError{where + ": expected a library point (\"trapezius/TrP1\" or "
                                  "\"trapezius/TrP1/right\")"};
    const std::string s = value.get<std::string>();
    PointRef ref;
    const size_t slash = s.rfind('/');
    if (slash != std::string::npos)
        if (const auto side = sideFromName(s.substr(slash + 1))) {
            ref.id = s.substr(0, slash);
            ref.side = *side;
            return ref;
        }
    ref.id = s;
    if (ref.id.find('/') == std::string::npos)
        throw LessonError{where + ": \"" + s + "\" is not a library point id (muscle/TrPn)"};
    return ref;
}

StepCamera camera(const json& value, const std::string& where) {
    if (!value.is_object())
        throw LessonError{where + ": expected {\"view\": ..., \"focus\": ..., \"distance\": ...}"};
    onlyFields(value, {"view", "focus", "focusPoint", "distance"}, where);
    StepCamera c;
    c.view = text(value, "view", where, true);
    if (c.view != "anterior" && c.view != "posterior" && c.view != "left" && c.view != "right" &&
        c.view != "superior")
        throw LessonError{where + ".view: \"" + c.view +
                          "\" is not a view (anterior, posterior, left, right, superior)"};
    if (value.contains("focus"))
        c.focusStructure = structureRef(value["focus"], where + ".focus");
    if (value.contains("focusPoint"))
        c.focusPoint = pointRef(value["focusPoint"], where + ".focusPoint");
    if (c.focusStructure && c.focusPoint)
        throw LessonError{where + ": give focus or focusPoint, not both"};
    c.distanceM = number(value, "distance", where, 0.0f, 0.2f, 6.0f, "m");
    return c;
}

std::array<LayerShown, anatomy::kAllLayers.size()> layers(const json& value,
                                                          const std::string& where) {
    if (!value.is_object())
        throw LessonError{where + ": expected {\"skin\": true | false | opacity, ...}"};
    std::array<LayerShown, anatomy::kAllLayers.size()> shown{};
    for (auto& layer : shown)
        layer = {false, 1.0f}; // a layer the step does not name is hidden
    for (const auto& [key, v] : value.items()) {
        const auto kind = anatomy::layerFromId(key);
        if (!kind)
            throw LessonError{where + "." + key +
                              ": not a layer (skin, superficial-fascia, deep-fascia, muscle, "
                              "bone, other)"};
        LayerShown& layer = shown[static_cast<size_t>(*kind)];
        if (v.is_boolean()) {
            layer = {v.get<bool>(), 1.0f};
        } else if (v.is_number()) {
            const float opacity = v.get<float>();
            if (!(opacity >= 0.0f && opacity <= 1.0f))
                throw LessonError{where + "." + key + ": opacity must lie from 0 to 1"};
            layer = {opacity > 0.0f, opacity};
        } else {
            throw LessonError{where + "." + key + ": expected true, false or an opacity (0-1)"};
        }
    }
    return shown;
}

StepClip clip(const json& value, const std::string& where) {
    if (!value.is_object())
        throw LessonError{where + ": expected {\"tool\", \"technique\", \"at\", ...}"};
    onlyFields(value, {"tool", "technique", "at", "side", "pressure", "seconds"}, where);
    StepClip c;
    c.tool = text(value, "tool", where, true);
    c.technique = text(value, "technique", where, true);
    c.at = text(value, "at", where, true);
    if (value.contains("side")) {
        c.side = sideFromName(text(value, "side", where, true));
        if (!c.side)
            throw LessonError{where + ".side: expected left, right or midline"};
    }
    c.pressureKPa = number(value, "pressure", where, c.pressureKPa, 1.0f, 500.0f, "kPa");
    c.seconds = number(value, "seconds", where, c.seconds, 1.0f, 600.0f, "s");
    return c;
}

template <typename T, typename Read>
std::vector<T> list(const json& step, const char* field, const std::string& where, Read read) {
    std::vector<T> out;
    const auto it = step.find(field);
    if (it == step.end())
        return out;
    if (!it->is_array())
        throw LessonError{where + "." + field + ": expected a list"};
    for (size_t i = 0; i < it->size(); ++i)
        out.push_back(read((*it)[i], where + "." + field + "[" + std::to_string(i) + "]"));
    return out;
}

LessonStep step(const json& value, const std::string& where) {
    if (!value.is_object())
        throw LessonError{where + ": expected an object with a title and a caption"};
    LessonStep s;
    s.title = text(value, "title", where, true);
    const std::string named = where + " (\"" + s.title + "\")";
    onlyFields(value,
               {"title", "caption", "camera", "layers", "highlight", "fasciaRegions",
                "triggerPoints", "fibres", "network", "clip"},
               named);
    s.caption = text(value, "caption", named, true);
    if (value.contains("camera"))
        s.camera = camera(value["camera"], named + ".camera");
    if (value.contains("layers"))
        s.layers = layers(value["layers"], named + ".layers");
    s.highlight = list<StructureRef>(value, "highlight", named, structureRef);
    s.fasciaRegions =
        list<std::string>(value, "fasciaRegions", named, [](const json& v, const std::string& at) {
            if (!v.is_string() || v.get<std::string>().empty())
                throw LessonError{at + ": expected a region name"};
            return v.get<std::string>();
        });
    s.triggerPoints = list<PointRef>(value, "triggerPoints", named, pointRef);
    s.showFibres = flag(value, "fibres", named);
    s.showNetwork = flag(value, "network", named);
    if (value.contains("clip"))
        s.clip = clip(value["clip"], named + ".clip");
    return s;
}

} // namespace

std::string_view sideName(anatomy::Side side) {
    switch (side) {
    case anatomy::Side::Left:
        return "left";
    case anatomy::Side::Right:
        return "right";
    case anatomy::Side::Midline:
        break;
    }
    return "midline";
}

core::Result<Lesson> readLesson(std::string_view text_, const std::string& file) {
    json root;
    try {
        root = json::parse(text_);
    } catch (const json::exception& e) { // a syntax error, or a number too large (found by fuzzing)
        return core::badInput(file + ": not valid JSON (" + e.what() + ")");
    }
    try {
        if (!root.is_object())
            throw LessonError{"expected a lesson object"};
        onlyFields(root, {"format", "version", "title", "summary", "steps"}, "lesson");
        if (text(root, "format", "lesson", true) != "fascialab-lesson")
            throw LessonError{"lesson.format: expected \"fascialab-lesson\""};
        if (!root.contains("version") || !root["version"].is_number_integer() ||
            root["version"].get<int>() != 1)
            throw LessonError{"lesson.version: expected 1 (this FasciaLab reads lessons of "
                              "version 1)"};
        Lesson lesson;
        lesson.file = file;
        lesson.id = std::filesystem::path(file).stem().string();
        lesson.title = text(root, "title", "lesson", true);
        lesson.summary = text(root, "summary", "lesson", true);
        const auto steps = root.find("steps");
        if (steps == root.end() || !steps->is_array() || steps->empty())
            throw LessonError{"lesson.steps: expected a list of at least one step"};
        for (size_t i = 0; i < steps->size(); ++i)
            lesson.steps.push_back(step((*steps)[i], "step " + std::to_string(i + 1)));
        return lesson;
    } catch (const LessonError& e) {
        return core::badInput(file + ": " + e.message);
    } catch (const json::exception& e) {
        return core::badInput(file + ": " + e.what());
    }
}

} // namespace learn
