#include "annotate/History.h"

#include <algorithm>
#include <cassert>

namespace annotate {
namespace {

template <typename T>
void applyToList(std::vector<T>& list, size_t index, const std::optional<T>& from,
                 const std::optional<T>& to) {
    if (from && to) {
        assert(index < list.size());
        list[index] = *to;
    } else if (from) {
        assert(index < list.size());
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(index));
    } else if (to) {
        assert(index <= list.size());
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(index), *to);
    }
}

struct Applier {
    MapDocument& document;
    int session;
    bool forward;

    Session& currentSession() const {
        assert(session >= 0 && static_cast<size_t>(session) < document.sessions.size());
        return document.sessions[static_cast<size_t>(session)];
    }
    template <typename T> const std::optional<T>& from(const Change<T>& c) const {
        return forward ? c.before : c.after;
    }
    template <typename T> const std::optional<T>& to(const Change<T>& c) const {
        return forward ? c.after : c.before;
    }

    void operator()(const Change<TriggerPoint>& c) const {
        applyToList(currentSession().triggerPoints, c.index, from(c), to(c));
    }
    void operator()(const Change<ReferredZone>& c) const {
        applyToList(currentSession().referredZones, c.index, from(c), to(c));
    }
    void operator()(const Change<TensionField>& c) const {
        applyToList(currentSession().tension, c.index, from(c), to(c));
    }
    void operator()(const Change<Session>& c) const {
        applyToList(document.sessions, c.index, from(c), to(c));
    }
    void operator()(const Change<DocumentInfo>& c) const {
        if (to(c))
            document.info = *to(c);
    }
    void operator()(const Change<SessionHeader>& c) const {
        if (to(c)) {
            currentSession().date = to(c)->date;
            currentSession().notes = to(c)->notes;
        }
    }
};

template <typename T, typename Key>
std::optional<size_t> indexWhere(const std::vector<T>& list, const Key& matches) {
    const auto it = std::find_if(list.begin(), list.end(), matches);
    if (it == list.end())
        return std::nullopt;
    return static_cast<size_t>(it - list.begin());
}

const Session& sessionAt(const MapDocument& document, int session) {
    assert(session >= 0 && static_cast<size_t>(session) < document.sessions.size());
    return document.sessions[static_cast<size_t>(session)];
}

} // namespace

void applyEdit(MapDocument& document, const Edit& edit, bool forward) {
    const Applier applier{document, edit.session, forward};
    // Backwards in reverse order, so list indices refer to the same lists they were made for.
    if (forward) {
        for (const AnyChange& change : edit.changes)
            std::visit(applier, change);
    } else {
        for (auto it = edit.changes.rbegin(); it != edit.changes.rend(); ++it)
            std::visit(applier, *it);
    }
}

void History::perform(MapDocument& document, Edit edit) {
    applyEdit(document, edit, true);
    record(std::move(edit));
}

void History::record(Edit edit) {
    if (m_savedPosition > m_position)
        m_savedPosition = SIZE_MAX; // the saved state was undone and is now unreachable
    m_edits.resize(m_position);
    m_edits.push_back(std::move(edit));
    ++m_position;
    if (m_edits.size() > m_limit) {
        m_edits.erase(m_edits.begin());
        --m_position;
        m_savedPosition =
            m_savedPosition == 0 || m_savedPosition == SIZE_MAX ? SIZE_MAX : m_savedPosition - 1;
    }
}

bool History::undo(MapDocument& document) {
    if (!canUndo())
        return false;
    --m_position;
    applyEdit(document, m_edits[m_position], false);
    return true;
}

bool History::redo(MapDocument& document) {
    if (!canRedo())
        return false;
    applyEdit(document, m_edits[m_position], true);
    ++m_position;
    return true;
}

std::vector<std::string> History::labels() const {
    std::vector<std::string> labels;
    labels.reserve(m_edits.size());
    for (const Edit& edit : m_edits)
        labels.push_back(edit.label);
    return labels;
}

void History::clear() {
    m_edits.clear();
    m_position = 0;
    m_savedPosition = 0;
}

namespace edits {

Edit addTriggerPoint(const MapDocument& document, int session, const TriggerPoint& point,
                     const std::vector<ReferredZone>& newZones) {
    const Session& s = sessionAt(document, session);
    Edit edit{"Add " + point.name, session, {}};
    size_t zoneIndex = s.referredZones.size();
    for (const ReferredZone& zone : newZones)
        edit.changes.push_back(Change<ReferredZone>{zoneIndex++, std::nullopt, zone});
    edit.changes.push_back(Change<TriggerPoint>{s.triggerPoints.size(), std::nullopt, point});
    return edit;
}

Edit removeTriggerPoint(const MapDocument& document, int session, const std::string& id) {
    const Session& s = sessionAt(document, session);
    const auto index =
        indexWhere(s.triggerPoints, [&](const TriggerPoint& p) { return p.id == id; });
    if (!index)
        return Edit{"Delete (nothing)", session, {}};
    const TriggerPoint& point = s.triggerPoints[*index];
    Edit edit{"Delete " + point.name, session, {}};
    edit.changes.push_back(Change<TriggerPoint>{*index, point, std::nullopt});
    // Zones only this point links to go with it; removing from the back keeps indices valid.
    for (size_t z = s.referredZones.size(); z-- > 0;) {
        const std::string& zoneId = s.referredZones[z].id;
        const bool linkedHere =
            std::count(point.referredZones.begin(), point.referredZones.end(), zoneId) > 0;
        const bool linkedElsewhere = std::any_of(
            s.triggerPoints.begin(), s.triggerPoints.end(), [&](const TriggerPoint& other) {
                return other.id != id && std::count(other.referredZones.begin(),
                                                    other.referredZones.end(), zoneId) > 0;
            });
        if (linkedHere && !linkedElsewhere)
            edit.changes.push_back(Change<ReferredZone>{z, s.referredZones[z], std::nullopt});
    }
    return edit;
}

Edit changeTriggerPoint(const MapDocument& document, int session, const TriggerPoint& after,
                        const std::string& label) {
    const Session& s = sessionAt(document, session);
    const auto index =
        indexWhere(s.triggerPoints, [&](const TriggerPoint& p) { return p.id == after.id; });
    if (!index)
        return Edit{label, session, {}};
    return Edit{label, session, {Change<TriggerPoint>{*index, s.triggerPoints[*index], after}}};
}

Edit setTension(const MapDocument& document, int session, const TensionField& after,
                const std::string& label) {
    const Session& s = sessionAt(document, session);
    const auto index = indexWhere(
        s.tension, [&](const TensionField& f) { return f.structure == after.structure; });
    std::optional<TensionField> next;
    if (!after.samples.empty())
        next = after;
    if (index)
        return Edit{label, session, {Change<TensionField>{*index, s.tension[*index], next}}};
    if (!next)
        return Edit{label, session, {}};
    return Edit{label, session, {Change<TensionField>{s.tension.size(), std::nullopt, next}}};
}

Edit setZone(const MapDocument& document, int session, const ReferredZone& after,
             const std::string& label, const std::string& linkTo) {
    const Session& s = sessionAt(document, session);
    const auto index =
        indexWhere(s.referredZones, [&](const ReferredZone& z) { return z.id == after.id; });
    if (index)
        return Edit{label, session, {Change<ReferredZone>{*index, s.referredZones[*index], after}}};
    Edit edit{label, session, {Change<ReferredZone>{s.referredZones.size(), std::nullopt, after}}};
    const auto point =
        indexWhere(s.triggerPoints, [&](const TriggerPoint& p) { return p.id == linkTo; });
    if (point) {
        TriggerPoint linked = s.triggerPoints[*point];
        linked.referredZones.push_back(after.id);
        edit.changes.push_back(Change<TriggerPoint>{*point, s.triggerPoints[*point], linked});
    }
    return edit;
}

Edit removeZone(const MapDocument& document, int session, const std::string& id) {
    const Session& s = sessionAt(document, session);
    const auto index =
        indexWhere(s.referredZones, [&](const ReferredZone& z) { return z.id == id; });
    if (!index)
        return Edit{"Delete (nothing)", session, {}};
    Edit edit{"Delete " + s.referredZones[*index].name, session, {}};
    // Unlink first, so the document is valid after every change, forwards and backwards.
    for (size_t i = 0; i < s.triggerPoints.size(); ++i) {
        TriggerPoint unlinked = s.triggerPoints[i];
        std::erase(unlinked.referredZones, id);
        if (unlinked != s.triggerPoints[i])
            edit.changes.push_back(Change<TriggerPoint>{i, s.triggerPoints[i], unlinked});
    }
    edit.changes.push_back(Change<ReferredZone>{*index, s.referredZones[*index], std::nullopt});
    return edit;
}

Edit linkZone(const MapDocument& document, int session, const std::string& pointId,
              const std::string& zoneId, bool linked) {
    const Session& s = sessionAt(document, session);
    const TriggerPoint* point = findTriggerPoint(s, pointId);
    const ReferredZone* zone = findZone(s, zoneId);
    if (!point || !zone)
        return Edit{"Link (nothing)", session, {}};
    TriggerPoint after = *point;
    std::erase(after.referredZones, zoneId);
    if (linked)
        after.referredZones.push_back(zoneId);
    return changeTriggerPoint(document, session, after,
                              (linked ? "Link " : "Unlink ") + zone->name +
                                  (linked ? " to " : " from ") + point->name);
}

Edit changeInfo(const MapDocument& document, const DocumentInfo& after, const std::string& label) {
    return Edit{label, 0, {Change<DocumentInfo>{0, document.info, after}}};
}

Edit changeSessionHeader(const MapDocument& document, int session, const SessionHeader& after) {
    const Session& s = sessionAt(document, session);
    return Edit{"Edit session " + after.date,
                session,
                {Change<SessionHeader>{0, SessionHeader{s.date, s.notes}, after}}};
}

Edit addFollowUpSession(const MapDocument& document, const std::string& date) {
    assert(!document.sessions.empty());
    Session next = followUpSession(document.sessions.back(), date);
    return Edit{"New session " + date,
                static_cast<int>(document.sessions.size()),
                {Change<Session>{document.sessions.size(), std::nullopt, next}}};
}

Edit insertSession(const MapDocument& document, int position, const Session& session,
                   const std::string& label) {
    const int at = std::clamp(position, 0, static_cast<int>(document.sessions.size()));
    return Edit{label, at, {Change<Session>{static_cast<size_t>(at), std::nullopt, session}}};
}

Edit removeSession(const MapDocument& document, int session) {
    const Session& s = sessionAt(document, session);
    return Edit{"Delete session " + s.date,
                0,
                {Change<Session>{static_cast<size_t>(session), s, std::nullopt}}};
}

} // namespace edits
} // namespace annotate
