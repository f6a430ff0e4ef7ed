// Making a quiz from a seed. Random draws use std::mt19937_64 with our own reduction to a
// range, since the standard distributions may differ between library versions and a class
// must get the same quiz from the same seed.
#include "learn/Quiz.h"

#include "anatomy/atlas/AtlasData.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace learn {

namespace {

class Draw {
public:
    explicit Draw(std::uint64_t seed) : m_engine(seed) {}
    size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(m_engine() % n); }
    template <typename T> void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 m_engine;
};

std::string withSide(const std::string& name, anatomy::Side side) {
    if (side == anatomy::Side::Left)
        return name + " (left)";
    if (side == anatomy::Side::Right)
        return name + " (right)";
    return name;
}

std::string lowerFirst(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

bool wanted(const std::vector<std::string>& regions, const std::string& region) {
    return regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
}

// A muscle a student learns: one with its attachments described, on one side.
struct MuscleChoice {
    std::string muscle;
    anatomy::Side side;
    std::vector<int> structures;
    std::string region;
};

std::vector<MuscleChoice> taughtMuscles(const anatomy::Body& body,
                                        const std::vector<std::string>& regions) {
    std::map<std::pair<std::string, anatomy::Side>, MuscleChoice> byMuscle;
    const auto& structures = body.structures();
    for (int i = 0; i < static_cast<int>(structures.size()); ++i) {
        const anatomy::Structure& s = structures[static_cast<size_t>(i)];
        if (s.layer != anatomy::LayerKind::Muscle || s.info.origin.empty() || s.info.muscle.empty())
            continue;
        MuscleChoice& choice = byMuscle[{s.info.muscle, s.side}];
        choice.muscle = s.info.muscle;
        choice.side = s.side;
        choice.structures.push_back(i);
        if (choice.region.empty())
            choice.region = quizRegionOf(body, i);
    }
    std::vector<MuscleChoice> out;
    for (auto& [key, choice] : byMuscle)
        if (wanted(regions, choice.region))
            out.push_back(std::move(choice));
    return out;
}

// Three other names beside the right one, shuffled; the right one is among them.
std::vector<std::string> choicesWith(const std::string& right, std::vector<std::string> others,
                                     Draw& draw) {
    others.erase(std::remove(others.begin(), others.end(), right), others.end());
    std::sort(others.begin(), others.end());
    others.erase(std::unique(others.begin(), others.end()), others.end());
    draw.shuffle(others);
    if (others.size() > 3)
        others.resize(3);
    others.push_back(right);
    draw.shuffle(others);
    return others;
}

} // namespace

std::string_view questionKindId(QuestionKind kind) {
    switch (kind) {
    case QuestionKind::FindStructure:
        return "find";
    case QuestionKind::NameStructure:
        return "name";
    case QuestionKind::PlacePoint:
        return "place";
    case QuestionKind::Referral:
        return "referral";
    case QuestionKind::Layer:
        break;
    }
    return "layer";
}

std::optional<QuestionKind> questionKindFromId(std::string_view id) {
    for (const QuestionKind kind : kAllQuestionKinds)
        if (questionKindId(kind) == id)
            return kind;
    return std::nullopt;
}

std::string quizRegionOf(const anatomy::Body& body, int structure) {
    const anatomy::Structure& s = body.structures()[static_cast<size_t>(structure)];
    static const std::map<std::string, std::string> kByAtlasRegion = {
        {"neck", "head-neck"},       {"throat", "head-neck"},      {"jaw", "head-neck"},
        {"eye", "head-neck"},        {"head", "head-neck"},        {"neck and shoulder", "head-neck"},
        {"shoulder", "shoulder-arm"}, {"arm", "shoulder-arm"},     {"forearm", "forearm-hand"},
        {"hand", "forearm-hand"},    {"back", "trunk"},            {"upper back", "trunk"},
        {"lower back", "trunk"},     {"chest", "trunk"},           {"abdomen", "trunk"},
        {"hip", "hip-thigh"},        {"pelvis", "hip-thigh"},      {"thigh", "hip-thigh"},
        {"leg", "leg-foot"},         {"foot", "leg-foot"}};
    if (const auto it = kByAtlasRegion.find(s.info.region); it != kByAtlasRegion.end())
        return it->second;
    // Where its centre lies, in fractions of the body's height and half-width.
    const core::Aabb box = body.bounds();
    const glm::vec3 c = s.mesh.bounds().center();
    const float up = (c.y - box.min.y) / box.size().y;
    const float out = std::abs(c.x - box.center().x) / (0.5f * box.size().x);
    if (up > 0.82f)
        return "head-neck";
    if (out > 0.45f && up > 0.45f)
        return up > 0.6f ? "shoulder-arm" : "forearm-hand";
    if (up > 0.52f)
        return "trunk";
    return up > 0.28f ? "hip-thigh" : "leg-foot";
}

std::string muscleDisplayName(const std::string& muscleId) {
    if (const auto* record = anatomy::atlas::builtInMuscleCatalogue().findMuscle(muscleId))
        return record->name;
    for (const auto& record : anatomy::atlas::builtInMuscleCatalogue().muscles)
        for (const auto& part : record.parts)
            if (part.id == muscleId && !part.name.empty())
                return part.name;
    std::string name = muscleId;
    std::replace(name.begin(), name.end(), '-', ' ');
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z')
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

core::Result<Quiz> makeQuiz(const anatomy::Body& body, const annotate::Library& library,
                            const std::vector<annotate::PlacedPoint>& placed,
                            const QuizOptions& options) {
    for (const std::string& region : options.regions)
        if (std::find_if(std::begin(kQuizRegions), std::end(kQuizRegions), [&](const char* r) {
                return region == r;
            }) == std::end(kQuizRegions))
            return core::usageError("no region \"" + region +
                                    "\" (head-neck, shoulder-arm, forearm-hand, trunk, "
                                    "hip-thigh, leg-foot)");
    if (options.questions < 1 || options.questions > 200)
        return core::usageError("a quiz has 1 to 200 questions, not " +
                                std::to_string(options.questions));
    Draw draw(options.seed);
    const std::vector<MuscleChoice> muscles = taughtMuscles(body, options.regions);
    std::vector<const annotate::PlacedPoint*> points;
    for (const annotate::PlacedPoint& p : placed)
        if (p.onMuscle && !p.essential.empty() && wanted(options.regions, p.entry->region))
            points.push_back(&p);
    std::vector<anatomy::LayerKind> layers = options.layers;
    if (layers.empty())
        layers = {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia,
                  anatomy::LayerKind::DeepFascia, anatomy::LayerKind::Muscle,
                  anatomy::LayerKind::Bone};
    std::map<anatomy::LayerKind, std::vector<int>> byLayer;
    for (int i = 0; i < static_cast<int>(body.structures().size()); ++i) {
        const anatomy::Structure& s = body.structures()[static_cast<size_t>(i)];
        const bool everywhere = s.layer == anatomy::LayerKind::Skin ||
                                s.layer == anatomy::LayerKind::SuperficialFascia ||
                                s.layer == anatomy::LayerKind::DeepFascia;
        if (std::find(layers.begin(), layers.end(), s.layer) != layers.end() &&
            (everywhere || wanted(options.regions, quizRegionOf(body, i))))
            byLayer[s.layer].push_back(i);
    }

    // The kinds that have something to ask, taken in turn from a shuffled order.
    std::vector<QuestionKind> kinds;
    for (const QuestionKind kind :
         options.kinds.empty() ? std::vector<QuestionKind>(std::begin(kAllQuestionKinds),
                                                           std::end(kAllQuestionKinds))
                               : options.kinds) {
        const bool possible = (kind == QuestionKind::FindStructure ||
                               kind == QuestionKind::NameStructure)
                                  ? !muscles.empty()
                              : (kind == QuestionKind::PlacePoint || kind == QuestionKind::Referral)
                                  ? !points.empty()
                                  : !byLayer.empty();
        if (possible)
            kinds.push_back(kind);
    }
    if (kinds.empty())
        return core::usageError("nothing to ask: the chosen regions, layers and kinds leave no "
                                "muscle, point or structure on this body");
    draw.shuffle(kinds);

    std::vector<std::string> regionMuscleNames;
    for (const MuscleChoice& m : muscles)
        regionMuscleNames.push_back(muscleDisplayName(m.muscle));
    std::vector<std::string> libraryMuscleNames;
    for (const annotate::LibraryPoint& p : library.points)
        libraryMuscleNames.push_back(muscleDisplayName(p.muscle));

    Quiz quiz;
    quiz.options = options;
    std::set<std::string> asked; // avoid asking the same thing twice while there is choice
    for (int q = 0; q < options.questions; ++q) {
        const QuestionKind kind = kinds[static_cast<size_t>(q) % kinds.size()];
        Question question;
        question.kind = kind;
        auto fresh = [&](const std::string& key) { return asked.insert(key).second; };
        if (kind == QuestionKind::FindStructure || kind == QuestionKind::NameStructure) {
            size_t pick = draw.below(muscles.size());
            for (int tries = 0; tries < 8 && !fresh(std::string(questionKindId(kind)) +
                                                     muscles[pick].muscle);
                 ++tries)
                pick = draw.below(muscles.size());
            const MuscleChoice& m = muscles[pick];
            const std::string name = muscleDisplayName(m.muscle);
            question.muscle = m.muscle;
            question.side = m.side;
            question.region = m.region;
            question.answer = withSide(name, m.side);
            if (kind == QuestionKind::FindStructure) {
                question.prompt = "Click the " + withSide(lowerFirst(name), m.side) + ".";
            } else {
                question.highlighted = m.structures;
                question.prompt = "Name the highlighted muscle.";
                if (options.multipleChoice)
                    question.choices = choicesWith(name, regionMuscleNames, draw);
            }
        } else if (kind == QuestionKind::PlacePoint || kind == QuestionKind::Referral) {
            size_t pick = draw.below(points.size());
            for (int tries = 0;
                 tries < 8 && !fresh(std::string(questionKindId(kind)) + points[pick]->entry->id);
                 ++tries)
                pick = draw.below(points.size());
            const annotate::PlacedPoint& p = *points[pick];
            question.region = p.entry->region;
            question.side = p.side;
            question.pointId = p.entry->id;
            if (kind == QuestionKind::PlacePoint) {
                question.pointAt = p.location.position;
                question.pointStructure = p.location.point.structure;
                question.prompt = "Click where " + p.displayName() + " lies.";
                question.answer = p.displayName() + ", shown on the body";
            } else {
                const glm::vec3 spot = p.essential.front().centre.position;
                question.spot = spot;
                std::set<std::string> accepted;
                for (const annotate::Referral& r : annotate::pointsReferringTo(placed, spot))
                    if (r.essential)
                        accepted.insert(placed[r.placed].entry->muscle);
                question.acceptedMuscles.assign(accepted.begin(), accepted.end());
                question.prompt = "A client feels pain at the highlighted spot. Which muscle's "
                                  "trigger point refers pain there?";
                std::string list;
                for (const std::string& m : question.acceptedMuscles)
                    list += (list.empty() ? "" : ", ") + muscleDisplayName(m);
                question.answer = list;
                if (options.multipleChoice) {
                    std::vector<std::string> others;
                    for (const std::string& name : libraryMuscleNames)
                        if (std::none_of(question.acceptedMuscles.begin(),
                                         question.acceptedMuscles.end(),
                                         [&](const std::string& m) {
                                             return muscleDisplayName(m) == name;
                                         }))
                            others.push_back(name);
                    question.choices =
                        choicesWith(muscleDisplayName(p.entry->muscle), others, draw);
                }
            }
        } else {
            auto layerIt = byLayer.begin();
            std::advance(layerIt, static_cast<long>(draw.below(byLayer.size())));
            const std::vector<int>& candidates = layerIt->second;
            const int structure = candidates[draw.below(candidates.size())];
            question.layer = layerIt->first;
            question.highlighted = {structure};
            // The skin and the fascia are one structure each over the whole body.
            const bool wholeBody = question.layer != anatomy::LayerKind::Muscle &&
                                   question.layer != anatomy::LayerKind::Bone &&
                                   question.layer != anatomy::LayerKind::Other;
            question.region = !wholeBody             ? quizRegionOf(body, structure)
                              : options.regions.empty() ? std::string("whole-body")
                                                        : options.regions.front();
            question.prompt = "Which layer is the highlighted structure?";
            question.answer = std::string(anatomy::layerDisplayName(layerIt->first));
            if (options.multipleChoice)
                for (const anatomy::LayerKind layer :
                     {anatomy::LayerKind::Skin, anatomy::LayerKind::SuperficialFascia,
                      anatomy::LayerKind::DeepFascia, anatomy::LayerKind::Muscle,
                      anatomy::LayerKind::Bone})
                    question.choices.emplace_back(anatomy::layerDisplayName(layer));
        }
        quiz.questions.push_back(std::move(question));
    }
    return quiz;
}

} // namespace learn
