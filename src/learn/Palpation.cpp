#include "learn/Palpation.h"

#include "anatomy/SurfaceDistance.h"

#include <algorithm>
#include <limits>
#include <random>

namespace learn {

namespace {

glm::vec3 nearestVertex(const anatomy::SurfaceMesh& mesh, const glm::vec3& p) {
    glm::vec3 best = p;
    float bestD = std::numeric_limits<float>::max();
    for (const glm::vec3& v : mesh.positions)
        if (const float d = glm::length(v - p); d < bestD) {
            bestD = d;
            best = v;
        }
    return best;
}

// The muscles (or their parts: an id that starts with one) each area of the back is searched on.
bool inArea(const std::string& area, const std::string& muscle) {
    static const std::vector<std::string> kUpperBack = {
        "trapezius-middle", "trapezius-lower", "rhomboid",     "infraspinatus",
        "supraspinatus",    "teres",           "levator-scapulae", "serratus-posterior-superior",
        "iliocostalis-thoracis"};
    static const std::vector<std::string> kLowBack = {
        "quadratus-lumborum", "iliocostalis-lumborum", "longissimus", "multifidus",
        "serratus-posterior-inferior"};
    const auto& list = area == "upper-back" ? kUpperBack : kLowBack;
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& m) { return muscle.rfind(m, 0) == 0; });
}

} // namespace

core::Result<PalpationExercise>
makePalpation(const std::vector<annotate::PlacedPoint>& placed, const std::string& region,
              int count, std::uint64_t seed,
              const std::function<bool(const annotate::PlacedPoint&)>& usable) {
    if (count < 1 || count > 3)
        return core::usageError("palpation hides 1 to 3 restrictions, not " +
                                std::to_string(count));
    const bool area = std::find(std::begin(kPalpationAreas), std::end(kPalpationAreas), region) !=
                      std::end(kPalpationAreas);
    std::vector<const annotate::PlacedPoint*> candidates;
    for (const annotate::PlacedPoint& p : placed)
        if (p.onMuscle && (area ? inArea(region, p.entry->muscle) : p.entry->region == region) &&
            (!usable || usable(p)))
            candidates.push_back(&p);
    if (candidates.empty())
        return core::usageError("no trigger point of region \"" + region +
                                "\" can be felt on this body (regions: head-neck, shoulder-arm, "
                                "forearm-hand, trunk, hip-thigh, leg-foot, upper-back, low-back)");
    std::mt19937_64 draw(seed);
    PalpationExercise exercise;
    exercise.seed = seed;
    exercise.region = region;
    // Drawn without replacement, skipping points too close to one already hidden: two so
    // close would feel like one.
    for (size_t i = candidates.size(); i > 1; --i)
        std::swap(candidates[i - 1], candidates[static_cast<size_t>(draw() % i)]);
    for (const annotate::PlacedPoint* p : candidates) {
        if (static_cast<int>(exercise.hidden.size()) == count)
            break;
        const glm::vec3 at = p->location.position;
        if (std::any_of(exercise.hidden.begin(), exercise.hidden.end(),
                        [&](const HiddenRestriction& h) { return glm::length(h.at - at) < 0.06f; }))
            continue;
        HiddenRestriction hidden;
        hidden.pointId = p->entry->id;
        hidden.side = p->side;
        hidden.name = p->displayName();
        hidden.at = at;
        hidden.severity = 3 + static_cast<int>(draw() % 7);
        exercise.hidden.push_back(hidden);
    }
    return exercise;
}

PalpationResult scorePalpation(const anatomy::SurfaceMesh& surface,
                               const PalpationExercise& exercise,
                               const std::vector<PalpationGuess>& guesses) {
    PalpationResult result;
    result.restrictions.resize(exercise.hidden.size());
    // Every pair's distance along the surface, then the nearest pairs matched first.
    struct Pair {
        float distance;
        size_t hidden, guess;
    };
    std::vector<Pair> pairs;
    std::vector<glm::vec3> guessOn;
    for (const PalpationGuess& g : guesses)
        guessOn.push_back(nearestVertex(surface, g.at));
    for (size_t h = 0; h < exercise.hidden.size(); ++h) {
        const glm::vec3 hiddenOn = nearestVertex(surface, exercise.hidden[h].at);
        for (size_t g = 0; g < guesses.size(); ++g)
            if (const auto d = anatomy::surfaceDistance(surface, hiddenOn, guessOn[g], 0.3f))
                pairs.push_back({*d, h, g});
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
        return a.distance < b.distance;
    });
    std::vector<bool> guessUsed(guesses.size(), false);
    for (const Pair& pair : pairs) {
        auto& r = result.restrictions[pair.hidden];
        if (r.guess >= 0 || guessUsed[pair.guess] || pair.distance > 0.06f)
            continue;
        r.guess = static_cast<int>(pair.guess);
        guessUsed[pair.guess] = true;
        r.distanceM = pair.distance;
        r.found = pair.distance <= kFoundWithinM;
        r.severityError = guesses[pair.guess].severity - exercise.hidden[pair.hidden].severity;
        r.severityJudged = r.found && std::abs(r.severityError) <= 2;
        const float where = std::clamp(1.0f - (pair.distance - 0.02f) / 0.04f, 0.0f, 1.0f);
        const float how = r.found ? std::clamp(1.0f - (static_cast<float>(std::abs(r.severityError)) - 2.0f) / 3.0f,
                                               0.0f, 1.0f)
                                  : 0.0f;
        r.points = 0.7f * where + 0.3f * how;
        result.points += r.points;
    }
    for (size_t g = 0; g < guesses.size(); ++g)
        if (!guessUsed[g])
            result.falseAlarms.push_back(static_cast<int>(g));
    return result;
}

} // namespace learn
