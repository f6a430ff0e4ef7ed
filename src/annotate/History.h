// annotate: undo and redo. Every edit to a map is an `Edit`: a label for the history list and
// the entities it changes, each with its value before and after (absent = did not exist), so
// undoing puts back exactly what was there.
#pragma once

#include "annotate/MapDocument.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace annotate {

// A session's own fields, apart from its marks.
struct SessionHeader {
    std::string date;
    std::string notes;
    bool operator==(const SessionHeader&) const = default;
};

// One entity's change. `index` is where it sits in its list (trigger points, zones, tension
// fields of the edit's session; sessions of the document); unused for the single-valued
// DocumentInfo and SessionHeader.
template <typename T> struct Change {
    size_t index = 0;
    std::optional<T> before;
    std::optional<T> after;
};
using AnyChange = std::variant<Change<TriggerPoint>, Change<ReferredZone>, Change<TensionField>,
                               Change<Session>, Change<DocumentInfo>, Change<SessionHeader>>;

struct Edit {
    std::string label; // "Add Upper trapezius TrP1", shown in the history list
    int session = 0;   // the session its marks belong to
    std::vector<AnyChange> changes;
};

// Applies an edit forwards (before → after) or backwards (after → before).
void applyEdit(MapDocument& document, const Edit& edit, bool forward = true);

class History {
public:
    explicit History(size_t limit = 1000) : m_limit(limit) {}

    // Applies the edit and records it, dropping anything that had been undone.
    void perform(MapDocument& document, Edit edit);
    // Records an edit whose changes are already in the document (a brush stroke that was
    // shown while it was painted).
    void record(Edit edit);
    bool undo(MapDocument& document);
    bool redo(MapDocument& document);
    bool canUndo() const { return m_position > 0; }
    bool canRedo() const { return m_position < m_edits.size(); }

    // Labels oldest first; the first `position()` of them are done, the rest undone.
    std::vector<std::string> labels() const;
    size_t position() const { return m_position; }

    // Whether the document differs from what was last saved (or opened).
    bool modified() const { return m_savedPosition != m_position; }
    void markSaved() { m_savedPosition = m_position; }
    void clear();

private:
    std::vector<Edit> m_edits;
    size_t m_position = 0;
    // Position at the last save; none when the saved state has been dropped from the history.
    size_t m_savedPosition = 0;
    size_t m_limit;
};

// Builders for the edits the app and the command line make. Each reads the document as it is
// and returns the edit without applying it.
namespace edits {
Edit addTriggerPoint(const MapDocument& document, int session, const TriggerPoint& point,
                     const std::vector<ReferredZone>& newZones = {});
// Removes the point and the zones only it links to.
Edit removeTriggerPoint(const MapDocument& document, int session, const std::string& id);
// Replaces the point with the same id.
Edit changeTriggerPoint(const MapDocument& document, int session, const TriggerPoint& after,
                        const std::string& label);
// Replaces (or adds, or with no samples removes) a structure's tension field.
Edit setTension(const MapDocument& document, int session, const TensionField& after,
                const std::string& label);
// Replaces the zone with the same id, or adds it (linked to `linkTo`, a trigger point id,
// when given).
Edit setZone(const MapDocument& document, int session, const ReferredZone& after,
             const std::string& label, const std::string& linkTo = "");
// Removes the zone and every trigger point's link to it.
Edit removeZone(const MapDocument& document, int session, const std::string& id);
// Links or unlinks a trigger point and a zone.
Edit linkZone(const MapDocument& document, int session, const std::string& pointId,
              const std::string& zoneId, bool linked);
Edit changeInfo(const MapDocument& document, const DocumentInfo& after, const std::string& label);
Edit changeSessionHeader(const MapDocument& document, int session, const SessionHeader& after);
// A new session after the last, starting from its marks.
Edit addFollowUpSession(const MapDocument& document, const std::string& date);
// `session` put in at `position` (0 to the number of sessions), labelled `label`.
Edit insertSession(const MapDocument& document, int position, const Session& session,
                   const std::string& label);
Edit removeSession(const MapDocument& document, int session);
} // namespace edits

} // namespace annotate
