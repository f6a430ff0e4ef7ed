// Scoring a quiz answer: names matched as a teacher would accept them, points placed scored by
// their distance along the muscle's surface.
#include "learn/Quiz.h"

#include "anatomy/Search.h"
#include "anatomy/SurfaceDistance.h"
#include "anatomy/atlas/AtlasData.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <sstream>

namespace learn {

namespace {

// Lower-case words, without punctuation; for a muscle's name also without filler words and sides: "M. levator scapulae (left)"
// -> {"levator", "scapulae"}.
std::vector<std::string> words(std::string_view text, bool muscleName = true) {
    std::string clean;
    for (const char c : text)
        clean += std::isalnum(static_cast<unsigned char>(c))
                     ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                     : ' ';
    std::vector<std::string> out;
    std::istringstream in(clean);
    static const std::set<std::string> kFillers = {"musculus", "musculi", "muscle", "m",
                                                   "the",      "left",    "right",  "of"};
    for (std::string w; in >> w;)
        if (!muscleName || !kFillers.count(w))
            out.push_back(w);
    return out;
}

bool sameWords(const std::vector<std::string>& typed, const std::vector<std::string>& name) {
    if (typed.empty() || typed.size() != name.size())
        return false;
    for (size_t i = 0; i < typed.size(); ++i) {
        const int allowed = name[i].size() >= 7 ? 2 : name[i].size() >= 4 ? 1 : 0;
        if (anatomy::editDistance(typed[i], name[i]) > allowed)
            return false;
    }
    return true;
}

// Every name a muscle (or a part of one) goes by; a part also answers to its whole muscle's.
std::vector<std::string> namesOf(const std::string& muscleId) {
    std::vector<std::string> names{muscleId};
    for (const auto& record : anatomy::atlas::builtInMuscleCatalogue().muscles) {
        const bool whole = record.id == muscleId;
        const bool part = std::any_of(record.parts.begin(), record.parts.end(),
                                      [&](const auto& p) { return p.id == muscleId; });
        if (!whole && !part)
            continue;
        names.insert(names.end(), {record.name, record.latin, record.id});
        for (const auto& p : record.parts)
            if (p.id == muscleId)
                names.insert(names.end(), {p.name, p.latin});
    }
    return names;
}

std::string percent(float share) {
    return std::to_string(static_cast<int>(share * 100.0f + 0.5f)) + " %";
}

std::string centimetres(float metres) {
    std::ostringstream out;
    out.precision(1);
    out << std::fixed << metres * 100.0f << " cm";
    return out.str();
}

// A click this close to the muscle was aimed at it, through the skin and fat above.
constexpr float kClickOverMuscleM = 0.04f;

bool chose(const Question& q, const Answer& a, const std::vector<std::string>& right) {
    if (a.choice < 0 || static_cast<size_t>(a.choice) >= q.choices.size())
        return false;
    return std::find(right.begin(), right.end(), q.choices[static_cast<size_t>(a.choice)]) !=
           right.end();
}

} // namespace

// Typed words that are exactly another muscle's name ("gluteus minimus" for the maximus,
// "internal oblique" for the external) are that muscle, not a typo.
bool exactlyAnotherMuscle(const std::vector<std::string>& typed, const std::string& muscleId) {
    const std::vector<std::string> own = namesOf(muscleId);
    for (const auto& record : anatomy::atlas::builtInMuscleCatalogue().muscles) {
        std::vector<std::string> names{record.name, record.latin, record.id};
        for (const auto& part : record.parts)
            names.insert(names.end(), {part.name, part.latin, part.id});
        for (const std::string& name : names)
            if (words(name) == typed &&
                std::find(own.begin(), own.end(), name) == own.end())
                return true;
    }
    return false;
}

bool namesMuscle(std::string_view typed, const std::string& muscleId) {
    const std::vector<std::string> t = words(typed);
    if (exactlyAnotherMuscle(t, muscleId))
        return false;
    for (const std::string& name : namesOf(muscleId)) {
        // "Upper trapezius (descending part)" also answers to "upper trapezius".
        const size_t bracket = name.find(" (");
        if (sameWords(t, words(name)) ||
            (bracket != std::string::npos && sameWords(t, words(name.substr(0, bracket)))))
            return true;
    }
    return false;
}

Score scoreAnswer(const anatomy::Body& body, const Question& q, const Answer& a) {
    Score score;
    switch (q.kind) {
    case QuestionKind::FindStructure: {
        const auto& structures = body.structures();
        if (a.structure >= 0 && static_cast<size_t>(a.structure) < structures.size()) {
            const anatomy::Structure& s = structures[static_cast<size_t>(a.structure)];
            score.correct = (s.info.muscle == q.muscle || s.name == q.muscle) && s.side == q.side;
            score.feedback = score.correct ? "Right: the " + q.answer + "."
                                           : "That is the " + s.displayName +
                                                 (s.side == anatomy::Side::Left    ? " (left)"
                                                  : s.side == anatomy::Side::Right ? " (right)"
                                                                                   : "") +
                                                 "; the " + q.answer + " is shown.";
        } else {
            score.feedback = "Nothing was clicked; the " + q.answer + " is shown.";
        }
        break;
    }
    case QuestionKind::NameStructure:
        score.correct = a.choice >= 0 ? chose(q, a, {muscleDisplayName(q.muscle)})
                                      : namesMuscle(a.text, q.muscle);
        score.feedback = (score.correct ? "Right: " : "It is the ") + q.answer + ".";
        break;
    case QuestionKind::PlacePoint: {
        if (!a.position) {
            score.feedback = "Nothing was clicked; " + q.answer + ".";
            break;
        }
        float distance = glm::length(*a.position - q.pointAt);
        if (q.pointStructure >= 0) {
            // Along the muscle's surface from the muscle under the click (a click on the skin
            // over it counts as the spot beneath, however thick the skin and fat there).
            const anatomy::SurfaceMesh& mesh =
                body.structures()[static_cast<size_t>(q.pointStructure)].mesh;
            glm::vec3 under = *a.position;
            float nearest = std::numeric_limits<float>::max();
            for (const glm::vec3& p : mesh.positions)
                if (const float d = glm::length(p - *a.position); d < nearest) {
                    nearest = d;
                    under = p;
                }
            if (nearest <= kClickOverMuscleM)
                if (const auto along = anatomy::surfaceDistance(mesh, under, q.pointAt, 0.3f))
                    distance = *along;
        }
        score.distanceM = distance;
        score.points = std::clamp(1.0f - (distance - kPlaceFullMarksM) /
                                             (kPlaceNoMarksM - kPlaceFullMarksM),
                                  0.0f, 1.0f);
        score.correct = distance <= kPlaceFullMarksM;
        score.feedback = centimetres(distance) + " from " + q.answer + " (" +
                         percent(score.points) + " of the marks).";
        return score;
    }
    case QuestionKind::Referral: {
        std::vector<std::string> right;
        for (const std::string& m : q.acceptedMuscles)
            right.push_back(muscleDisplayName(m));
        score.correct = a.choice >= 0
                            ? chose(q, a, right)
                            : std::any_of(q.acceptedMuscles.begin(), q.acceptedMuscles.end(),
                                          [&](const std::string& m) { return namesMuscle(a.text, m); });
        score.feedback = std::string(score.correct ? "Right. " : "") +
                         "Trigger points referring pain there: " + q.answer + ".";
        break;
    }
    case QuestionKind::Layer: {
        bool typedRight = false;
        {
            const std::string id(anatomy::layerId(q.layer));
            typedRight = sameWords(words(a.text, false), words(q.answer, false)) ||
                         sameWords(words(a.text, false), words(id, false));
        }
        score.correct = a.choice >= 0 ? chose(q, a, {q.answer}) : typedRight;
        score.feedback = (score.correct ? "Right: " : "It is ") + q.answer + ".";
        break;
    }
    }
    score.points = score.correct ? 1.0f : 0.0f;
    return score;
}

} // namespace learn
