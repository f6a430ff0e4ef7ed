// Checking a lesson against the body it will be played on and the trigger-point library: every
// structure, region, point and clip target it names must be there.
#include "annotate/Library.h"
#include "learn/Lesson.h"

#include <algorithm>
#include <cctype>

namespace learn {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string described(const StructureRef& ref) {
    return "\"" + ref.name + (ref.side ? "/" + std::string(sideName(*ref.side)) : "") + "\"";
}

bool hasFasciaRegion(const anatomy::Body& body, const std::string& region) {
    const std::string wanted = lower(region);
    return std::any_of(
        body.structures().begin(), body.structures().end(), [&](const anatomy::Structure& s) {
            return std::any_of(s.regionNames.begin(), s.regionNames.end(),
                               [&](const std::string& name) { return lower(name) == wanted; });
        });
}

} // namespace

std::vector<int> resolveStructure(const anatomy::Body& body, const StructureRef& ref) {
    std::vector<int> found;
    const std::vector<anatomy::Side> sides =
        ref.side ? std::vector<anatomy::Side>{*ref.side}
                 : std::vector<anatomy::Side>{anatomy::Side::Left, anatomy::Side::Right,
                                              anatomy::Side::Midline};
    for (const anatomy::Side side : sides)
        for (const int s : body.findMuscle(ref.name, side))
            if (std::find(found.begin(), found.end(), s) == found.end())
                found.push_back(s);
    return found;
}

std::vector<std::string> lessonProblems(const Lesson& lesson, const anatomy::Body& body,
                                        const annotate::Library& library,
                                        const std::vector<std::string>& toolIds) {
    std::vector<std::string> problems;
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& step = lesson.steps[i];
        const std::string where =
            lesson.file + ": step " + std::to_string(i + 1) + " (\"" + step.title + "\")";
        auto structureMissing = [&](const StructureRef& ref, const std::string& field) {
            if (resolveStructure(body, ref).empty())
                problems.push_back(where + "." + field + ": the body has no structure " +
                                   described(ref));
        };
        auto pointMissing = [&](const PointRef& ref, const std::string& field) {
            if (!library.find(ref.id))
                problems.push_back(where + "." + field + ": the library has no point \"" + ref.id +
                                   "\"");
        };
        if (step.camera) {
            if (step.camera->focusStructure)
                structureMissing(*step.camera->focusStructure, "camera.focus");
            if (step.camera->focusPoint)
                pointMissing(*step.camera->focusPoint, "camera.focusPoint");
        }
        for (size_t h = 0; h < step.highlight.size(); ++h)
            structureMissing(step.highlight[h], "highlight[" + std::to_string(h) + "]");
        for (size_t r = 0; r < step.fasciaRegions.size(); ++r)
            if (!hasFasciaRegion(body, step.fasciaRegions[r]))
                problems.push_back(where + ".fasciaRegions[" + std::to_string(r) +
                                   "]: the body's fascia has no region \"" + step.fasciaRegions[r] +
                                   "\"");
        for (size_t p = 0; p < step.triggerPoints.size(); ++p)
            pointMissing(step.triggerPoints[p], "triggerPoints[" + std::to_string(p) + "]");
        if (step.clip) {
            const StepClip& clip = *step.clip;
            if (std::find(toolIds.begin(), toolIds.end(), clip.tool) == toolIds.end())
                problems.push_back(where + ".clip.tool: no tool \"" + clip.tool + "\"");
            // sim's techniques by their ids (learn does not see sim).
            if (clip.technique != "passive" && clip.technique != "active" &&
                clip.technique != "stretch" && clip.technique != "pin-and-stretch")
                problems.push_back(where + ".clip.technique: \"" + clip.technique +
                                   "\" is not passive, active, stretch or pin-and-stretch");
            const bool isPoint = library.find(clip.at) != nullptr;
            if (!isPoint && resolveStructure(body, {clip.at, clip.side}).empty())
                problems.push_back(where + ".clip.at: \"" + clip.at +
                                   "\" is neither a library point nor a structure of the body");
        }
    }
    return problems;
}

} // namespace learn
