#include "ui/MapPanels.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ui {
namespace {

// Modes as app::MapMode numbers them, and the order the panel lists them in.
constexpr const char* kModeNames[] = {
    "Look",           "Mark trigger points",    "Paint tension",
    "Where it hurts", "Present to the patient", "Draw pain zones"};
constexpr int kPresentMode = kPresentMapMode;
constexpr int kDrawZoneMode = 5;
constexpr int kModeOrder[] = {0, 1, 2, kDrawZoneMode, 3, kPresentMode};

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

const annotate::Session* currentSession(const MapModel& map) {
    if (!map.document || map.session < 0 ||
        map.session >= static_cast<int>(map.document->sessions.size()))
        return nullptr;
    return &map.document->sessions[static_cast<size_t>(map.session)];
}

Command textCommand(CommandKind kind, std::string text) {
    Command c{kind};
    c.text = std::move(text);
    return c;
}

Command indexCommand(CommandKind kind, int index) {
    Command c{kind};
    c.index = index;
    return c;
}

// Edits one text field of a copy of `value`; returns true when the user changed it.
bool editText(const char* label, const std::string& value, std::string& out,
              bool multiline = false) {
    char buffer[2048];
    std::snprintf(buffer, sizeof buffer, "%s", value.c_str());
    const bool changed = multiline
                             ? ImGui::InputTextMultiline(label, buffer, sizeof buffer,
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 4))
                             : ImGui::InputText(label, buffer, sizeof buffer);
    // Apply when the user leaves the field, so one edit is one step in the history.
    if (ImGui::IsItemDeactivatedAfterEdit() ||
        (changed && !multiline && ImGui::IsKeyPressed(ImGuiKey_Enter))) {
        out = buffer;
        return out != value;
    }
    if (changed)
        out = buffer;
    return false;
}

// Sections stay open: a therapist sees every tool at once, and the panel scrolls.
void sectionTitle(const char* title) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(ImVec4(0.55f, 0.75f, 0.95f, 1.0f), "%s", title);
}

void drawModeButtons(const MapModel& map, std::vector<Command>& commands) {
    for (int m : kModeOrder)
        if (ImGui::RadioButton(kModeNames[m], map.mode == m))
            commands.push_back(indexCommand(CommandKind::SetMapMode, m));
    switch (map.mode) {
    case 1:
        ImGui::TextWrapped(
            "Click the body to place a trigger point on the muscle under the cursor; "
            "drag a selected point to move it.");
        break;
    case 2:
        ImGui::TextWrapped("Drag over the fascia or skin to paint tension (restriction).");
        break;
    case 3:
        ImGui::TextWrapped("Click where it hurts: the Library tab lists the trigger points that "
                           "refer pain there.");
        break;
    case kDrawZoneMode:
        ImGui::TextWrapped("Drag over the skin to draw where the selected trigger point sends "
                           "its pain (see Referred-pain zones below).");
        break;
    default:
        break;
    }
}

void drawClientAndSessions(const MapModel& map, std::vector<Command>& commands) {
    const annotate::MapDocument& document = *map.document;
    if (ImGui::CollapsingHeader("Client and plan")) {
        // Each field edits a copy of the info; a changed copy becomes one edit.
        auto field = [&](const char* label, std::string annotate::DocumentInfo::*member,
                         bool multiline) {
            if (multiline)
                ImGui::TextDisabled("%s", label);
            std::string value;
            const std::string id = multiline ? std::string("##") + label : std::string(label);
            if (editText(id.c_str(), document.info.*member, value, multiline)) {
                Command c{CommandKind::ChangeInfo};
                c.info = document.info;
                c.info.*member = value;
                commands.push_back(c);
            }
        };
        field("Name", &annotate::DocumentInfo::clientName, false);
        field("Client id", &annotate::DocumentInfo::clientId, false);
        field("Notes", &annotate::DocumentInfo::notes, true);
        field("Plan (printed on the handout)", &annotate::DocumentInfo::plan, true);
    }
    const annotate::Session* session = currentSession(map);
    if (!session)
        return;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::BeginCombo("Session", session->date.c_str())) {
        for (int i = 0; i < static_cast<int>(document.sessions.size()); ++i) {
            const std::string label =
                std::to_string(i + 1) + ". " + document.sessions[static_cast<size_t>(i)].date;
            if (ImGui::Selectable(label.c_str(), i == map.session))
                commands.push_back(indexCommand(CommandKind::SetSession, i));
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("New session"))
        commands.push_back(textCommand(CommandKind::AddSession, ""));
    std::string value;
    if (editText("Date", session->date, value)) {
        Command c = textCommand(CommandKind::ChangeSessionHeader, value);
        c.path = session->notes;
        commands.push_back(c);
    }
    ImGui::TextDisabled("Session notes");
    if (editText("##sessionnotes", session->notes, value, true)) {
        Command c = textCommand(CommandKind::ChangeSessionHeader, session->date);
        c.path = value;
        commands.push_back(c);
    }
}

void drawTriggerPointProperties(const MapModel& map, const annotate::TriggerPoint& point,
                                std::vector<Command>& commands) {
    auto change = [&](annotate::TriggerPoint after, const std::string& label) {
        Command c{CommandKind::ChangeTriggerPoint};
        c.triggerPoint = std::move(after);
        c.path = label;
        commands.push_back(c);
    };
    ImGui::TextWrapped("%s", point.name.c_str());
    ImGui::TextDisabled("on %s", point.anchor.structure.c_str());
    int state = point.state == annotate::TriggerPointState::Active ? 0 : 1;
    if (ImGui::RadioButton("Active", state == 0) && state != 0) {
        annotate::TriggerPoint after = point;
        after.state = annotate::TriggerPointState::Active;
        change(after, point.name + ": active");
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("Latent", state == 1) && state != 1) {
        annotate::TriggerPoint after = point;
        after.state = annotate::TriggerPointState::Latent;
        change(after, point.name + ": latent");
    }
    int severity = point.severity;
    ImGui::SliderInt("Severity", &severity, 0, 10);
    if (ImGui::IsItemDeactivatedAfterEdit() && severity != point.severity) {
        annotate::TriggerPoint after = point;
        after.severity = severity;
        change(after, point.name + ": severity " + std::to_string(severity));
    }
    if (map.compareSession >= 0 && map.document &&
        map.compareSession < static_cast<int>(map.document->sessions.size())) {
        if (const annotate::TriggerPoint* then = annotate::findTriggerPoint(
                map.document->sessions[static_cast<size_t>(map.compareSession)], point.id))
            ImGui::TextDisabled("Severity then: %d (change %+d)", then->severity,
                                point.severity - then->severity);
    }
    std::string value;
    if (editText("Pain", point.pain, value)) {
        annotate::TriggerPoint after = point;
        after.pain = value;
        change(after, point.name + ": pain");
    }
    if (editText("Found", point.found, value)) {
        annotate::TriggerPoint after = point;
        after.found = value;
        change(after, point.name + ": date found");
    }
    ImGui::TextDisabled("Notes");
    if (editText("##tpnotes", point.notes, value, true)) {
        annotate::TriggerPoint after = point;
        after.notes = value;
        change(after, point.name + ": notes");
    }
    // Referred pain: tick the zones this point sends pain to.
    if (const annotate::Session* session = currentSession(map);
        session && !session->referredZones.empty()) {
        ImGui::TextDisabled("Refers pain to");
        for (const annotate::ReferredZone& zone : session->referredZones) {
            bool linked =
                std::count(point.referredZones.begin(), point.referredZones.end(), zone.id) > 0;
            const std::string label = zone.name + "##link-" + zone.id;
            if (ImGui::Checkbox(label.c_str(), &linked)) {
                Command c = textCommand(CommandKind::LinkZone, point.id);
                c.path = zone.id;
                c.flag = linked;
                commands.push_back(c);
            }
        }
    }
    if (ImGui::Button("Frame"))
        commands.push_back(textCommand(CommandKind::FrameTriggerPoint, point.id));
    ImGui::SameLine();
    if (ImGui::Button("Delete"))
        commands.push_back(textCommand(CommandKind::DeleteTriggerPoint, point.id));
}

void drawTriggerPointList(const MapModel& map, UiState& state, std::vector<Command>& commands) {
    const annotate::Session* session = currentSession(map);
    if (!session)
        return;
    sectionTitle("Trigger points");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputTextWithHint("##tpfilter", "filter", state.triggerPointFilter,
                             sizeof state.triggerPointFilter);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const char* sorts[] = {"by name", "by severity", "active first"};
    ImGui::Combo("##tpsort", &state.triggerPointSort, sorts, 3);
    const auto listed =
        listedTriggerPoints(*session, state.triggerPointFilter, state.triggerPointSort);
    if (listed.empty())
        ImGui::TextDisabled(session->triggerPoints.empty()
                                ? "None yet: use Mark trigger points, or "
                                  "insert one from the Library tab."
                                : "None match the filter.");
    for (const annotate::TriggerPoint* point : listed) {
        char label[256];
        std::snprintf(label, sizeof label, "%s  [%d%s]##%s", point->name.c_str(), point->severity,
                      point->state == annotate::TriggerPointState::Latent ? ", latent" : "",
                      point->id.c_str());
        if (ImGui::Selectable(label, point->id == map.selectedId))
            commands.push_back(textCommand(CommandKind::SelectTriggerPoint,
                                           point->id == map.selectedId ? "" : point->id));
    }
    if (const annotate::TriggerPoint* selected =
            annotate::findTriggerPoint(*session, map.selectedId)) {
        ImGui::Separator();
        drawTriggerPointProperties(map, *selected, commands);
    }
}

void drawBrush(const MapModel& map, std::vector<Command>& commands) {
    sectionTitle("Tension brush");
    annotate::Brush brush = map.brush;
    float radiusCm = brush.radiusM * 100.0f;
    bool changed = ImGui::SliderFloat("Radius (cm)", &radiusCm, 0.5f, 15.0f, "%.1f");
    changed |= ImGui::SliderFloat("Strength", &brush.strength, 0.05f, 1.0f, "%.2f");
    int falloff = static_cast<int>(brush.falloff);
    const char* falloffs[] = {"Constant", "Linear", "Smooth"};
    changed |= ImGui::Combo("Falloff", &falloff, falloffs, 3);
    changed |= ImGui::Checkbox("Erase", &brush.erase);
    if (changed) {
        brush.radiusM = radiusCm / 100.0f;
        brush.falloff = static_cast<annotate::Falloff>(falloff);
        Command c{CommandKind::SetBrush};
        c.brush = brush;
        commands.push_back(c);
    }
}

void drawZones(const MapModel& map, std::vector<Command>& commands) {
    const annotate::Session* session = currentSession(map);
    if (!session)
        return;
    sectionTitle("Referred-pain zones");
    if (session->referredZones.empty())
        ImGui::TextDisabled("None yet: insert a library point, or draw one.");
    for (const annotate::ReferredZone& zone : session->referredZones) {
        std::string from;
        for (const annotate::TriggerPoint& point : session->triggerPoints)
            if (std::count(point.referredZones.begin(), point.referredZones.end(), zone.id))
                from += (from.empty() ? "from " : ", ") + point.name;
        char label[512];
        std::snprintf(label, sizeof label, "%s  (%zu + %zu discs)##%s", zone.name.c_str(),
                      zone.essential.size(), zone.spillover.size(), zone.id.c_str());
        if (ImGui::Selectable(label, zone.id == map.drawingZoneId))
            commands.push_back(
                textCommand(CommandKind::SelectZone, zone.id == map.drawingZoneId ? "" : zone.id));
        if (!from.empty())
            ImGui::TextDisabled("  %s", from.c_str());
    }
    if (ImGui::Button("New zone"))
        commands.push_back(Command{CommandKind::NewZone});
    const annotate::ReferredZone* drawing = annotate::findZone(*session, map.drawingZoneId);
    if (!drawing)
        return;
    ImGui::SameLine();
    if (ImGui::Button("Delete zone"))
        commands.push_back(textCommand(CommandKind::DeleteZone, drawing->id));
    std::string name;
    if (editText("Zone name", drawing->name, name)) {
        Command c = textCommand(CommandKind::RenameZone, drawing->id);
        c.path = name;
        commands.push_back(c);
    }
    ZonePen pen = map.zonePen;
    int part = pen.essential ? 0 : 1;
    bool changed = ImGui::RadioButton("Essential (solid)", &part, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("Spillover (stippled)", &part, 1);
    float radiusCm = pen.radiusM * 100.0f;
    changed |= ImGui::SliderFloat("Disc radius (cm)", &radiusCm, 1.0f, 8.0f, "%.1f");
    changed |= ImGui::Checkbox("Erase discs", &pen.erase);
    if (changed) {
        pen.essential = part == 0;
        pen.radiusM = radiusCm / 100.0f;
        Command c{CommandKind::SetZonePen};
        c.zonePen = pen;
        commands.push_back(c);
    }
    if (map.mode != kDrawZoneMode && ImGui::Button("Draw on the body"))
        commands.push_back(indexCommand(CommandKind::SetMapMode, kDrawZoneMode));
}

void drawCompare(const MapModel& map, std::vector<Command>& commands) {
    const annotate::Session* session = currentSession(map);
    if (!session || map.document->sessions.size() < 2)
        return;
    sectionTitle("Compare sessions");
    const auto& sessions = map.document->sessions;
    const std::string current =
        map.compareSession >= 0 && map.compareSession < static_cast<int>(sessions.size())
            ? sessions[static_cast<size_t>(map.compareSession)].date
            : std::string("(off)");
    if (ImGui::BeginCombo("With", current.c_str())) {
        if (ImGui::Selectable("(off)", map.compareSession < 0)) {
            Command c = indexCommand(CommandKind::SetCompare, -1);
            commands.push_back(c);
        }
        for (int i = 0; i < static_cast<int>(sessions.size()); ++i) {
            if (i == map.session)
                continue;
            const std::string label =
                std::to_string(i + 1) + ". " + sessions[static_cast<size_t>(i)].date;
            if (ImGui::Selectable(label.c_str(), i == map.compareSession)) {
                Command c = indexCommand(CommandKind::SetCompare, i);
                c.compareView = map.compareView;
                commands.push_back(c);
            }
        }
        ImGui::EndCombo();
    }
    if (map.compareSession < 0 || map.compareSession >= static_cast<int>(sessions.size()))
        return;
    ImGui::TextDisabled("Tension maps");
    const std::pair<CompareView, const char*> views[] = {
        {CompareView::SideBySide, "Side by side (then | now)"},
        {CompareView::Difference, "As the difference"},
        {CompareView::Severity, "This session only"}};
    for (const auto& [view, name] : views) {
        if (ImGui::RadioButton(name, map.compareView == view) && map.compareView != view) {
            Command c = indexCommand(CommandKind::SetCompare, map.compareSession);
            c.compareView = view;
            commands.push_back(c);
        }
    }
    const annotate::Session& then = sessions[static_cast<size_t>(map.compareSession)];
    if (ImGui::BeginTable("severity", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Trigger point");
        // The dates are in the combo above and over the two views; short headers fit.
        ImGui::TableSetupColumn("Then");
        ImGui::TableSetupColumn("Now");
        ImGui::TableSetupColumn("Change");
        ImGui::TableHeadersRow();
        for (const annotate::TriggerPoint& point : session->triggerPoints) {
            const annotate::TriggerPoint* before = annotate::findTriggerPoint(then, point.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(point.name.c_str());
            ImGui::TableNextColumn();
            if (before)
                ImGui::Text("%d", before->severity);
            else
                ImGui::TextDisabled("new");
            ImGui::TableNextColumn();
            ImGui::Text("%d", point.severity);
            ImGui::TableNextColumn();
            if (before) {
                const int change = point.severity - before->severity;
                const ImVec4 colour = change < 0   ? ImVec4(0.45f, 0.85f, 0.5f, 1)
                                      : change > 0 ? ImVec4(0.95f, 0.5f, 0.4f, 1)
                                                   : ImVec4(0.7f, 0.7f, 0.7f, 1);
                ImGui::TextColored(colour, "%+d", change);
            }
        }
        for (const annotate::TriggerPoint& point : then.triggerPoints)
            if (!annotate::findTriggerPoint(*session, point.id)) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(point.name.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", point.severity);
                ImGui::TableNextColumn();
                ImGui::TextDisabled("gone");
            }
        ImGui::EndTable();
    }
}

void drawHistory(const MapModel& map, std::vector<Command>& commands) {
    sectionTitle("History");
    ImGui::BeginDisabled(map.historyPosition == 0);
    if (ImGui::Button("Undo"))
        commands.push_back({CommandKind::Undo});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(map.historyPosition >= map.history.size());
    if (ImGui::Button("Redo"))
        commands.push_back({CommandKind::Redo});
    ImGui::EndDisabled();
    if (ImGui::Selectable("(opened)", map.historyPosition == 0))
        commands.push_back(indexCommand(CommandKind::UndoTo, 0));
    for (size_t i = 0; i < map.history.size(); ++i) {
        const bool undone = i >= map.historyPosition;
        if (undone)
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        char label[256];
        std::snprintf(label, sizeof label, "%s##h%zu", map.history[i].c_str(), i);
        if (ImGui::Selectable(label, i + 1 == map.historyPosition))
            commands.push_back(indexCommand(CommandKind::UndoTo, static_cast<int>(i + 1)));
        if (undone)
            ImGui::PopStyleColor();
    }
}

std::string plainMuscleName(const std::string& name) {
    const size_t trp = name.find(" TrP");
    if (trp == std::string::npos)
        return name;
    size_t end = trp + 4;
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])))
        ++end;
    return name.substr(0, trp) + name.substr(end);
}

} // namespace

std::vector<const annotate::TriggerPoint*> listedTriggerPoints(const annotate::Session& session,
                                                               const char* filter, int sort) {
    const std::string needle = lower(filter ? filter : "");
    std::vector<const annotate::TriggerPoint*> listed;
    for (const annotate::TriggerPoint& point : session.triggerPoints)
        if (needle.empty() ||
            lower(point.name + " " + point.pain + " " + point.notes).find(needle) !=
                std::string::npos)
            listed.push_back(&point);
    std::stable_sort(listed.begin(), listed.end(),
                     [sort](const annotate::TriggerPoint* a, const annotate::TriggerPoint* b) {
                         if (sort == 1 && a->severity != b->severity)
                             return a->severity > b->severity;
                         if (sort == 2 && a->state != b->state)
                             return a->state == annotate::TriggerPointState::Active;
                         return a->name < b->name;
                     });
    return listed;
}

void drawMapTab(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    const MapModel& map = model.map;
    if (!map.document) {
        ImGui::TextDisabled("No map open.");
        return;
    }
    ImGui::TextWrapped("%s", map.title.c_str());
    drawModeButtons(map, commands);
    ImGui::Separator();
    drawClientAndSessions(map, commands);
    drawTriggerPointList(map, state, commands);
    drawBrush(map, commands);
    drawZones(map, commands);
    drawCompare(map, commands);
    drawHistory(map, commands);
}

void drawLibraryTab(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    const MapModel& map = model.map;
    if (!map.library) {
        ImGui::TextDisabled("The library appears when a body is loaded.");
        return;
    }
    const auto& placed = *map.library;
    if (map.mode == 3) {
        ImGui::TextWrapped("Where it hurts:");
        if (map.referrals.empty())
            ImGui::TextDisabled("Click a painful area on the body.");
        for (const annotate::Referral& referral : map.referrals) {
            const annotate::PlacedPoint& point = placed[referral.placed];
            ImGui::PushID(static_cast<int>(referral.placed));
            ImGui::TextWrapped("%s %s", point.displayName().c_str(),
                               referral.essential ? "(usual zone)" : "(may also refer here)");
            if (ImGui::SmallButton("Insert into the map"))
                commands.push_back(indexCommand(CommandKind::InsertLibraryPoint,
                                                static_cast<int>(referral.placed)));
            ImGui::PopID();
        }
        ImGui::Separator();
    }
    ImGui::InputTextWithHint("##libsearch", "muscle or symptom", state.librarySearch,
                             sizeof state.librarySearch);
    const std::string needle = lower(state.librarySearch);
    std::string currentMuscle;
    bool open = false;
    for (size_t i = 0; i < placed.size(); ++i) {
        const annotate::LibraryPoint& entry = *placed[i].entry;
        if (!needle.empty() &&
            lower(entry.name + " " + entry.symptoms).find(needle) == std::string::npos)
            continue;
        if (entry.muscle != currentMuscle) {
            if (open)
                ImGui::TreePop();
            currentMuscle = entry.muscle;
            open = ImGui::TreeNode(entry.muscle.c_str(), "%s", plainMuscleName(entry.name).c_str());
        }
        if (!open)
            continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextWrapped("%s", placed[i].displayName().c_str());
        if (ImGui::IsItemHovered()) {
            std::string tip = entry.symptoms;
            if (!entry.depthNote.empty())
                tip += "\n\nReaching it: " + entry.depthNote;
            if (!entry.perpetuating.empty())
                tip += "\n\nWhat keeps it going: " + entry.perpetuating;
            tip += "\n\nSelf-care: " + entry.selfCare;
            ImGui::SetTooltip("%s", tip.c_str());
        }
        if (ImGui::SmallButton("Insert"))
            commands.push_back(indexCommand(CommandKind::InsertLibraryPoint, static_cast<int>(i)));
        ImGui::PopID();
    }
    if (open)
        ImGui::TreePop();
    ImGui::Separator();
    ImGui::TextWrapped("Sources are cited per entry in the library file. Trigger points are a "
                       "clinical model whose evidence is debated; this is for teaching.");
}

bool drawPresentation(const UiModel& model, UiState& state, float scale,
                      std::vector<Command>& commands) {
    const MapModel& map = model.map;
    if (map.mode != kPresentMode || !map.document)
        return false;
    const annotate::Session* session = currentSession(map);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float height = kPresentationPanelHeight * scale;
    ImGui::SetNextWindowPos(ImVec2(0, display.y - height));
    ImGui::SetNextWindowSize(ImVec2(display.x, height));
    ImGui::SetNextWindowBgAlpha(0.88f);
    ImGui::Begin("Presentation", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings);
    const size_t count = session ? session->triggerPoints.size() : 0;
    // The buttons first, so long texts never push them out of reach.
    ImGui::SetWindowFontScale(1.2f);
    if (count > 0) {
        state.presentationIndex =
            std::clamp(state.presentationIndex, 0, static_cast<int>(count) - 1);
        if (ImGui::Button("< Previous") && state.presentationIndex > 0)
            --state.presentationIndex;
        ImGui::SameLine();
        ImGui::Text("%d of %zu", state.presentationIndex + 1, count);
        ImGui::SameLine();
        if (ImGui::Button("Next >") && state.presentationIndex + 1 < static_cast<int>(count))
            ++state.presentationIndex;
        ImGui::SameLine();
    }
    if (ImGui::Button("End presentation (Esc)"))
        commands.push_back(indexCommand(CommandKind::SetMapMode, 0));
    ImGui::SetWindowFontScale(1.8f);
    if (count == 0) {
        ImGui::TextWrapped("No tender spots are marked yet.");
    } else {
        const annotate::TriggerPoint& point =
            session->triggerPoints[static_cast<size_t>(state.presentationIndex)];
        if (point.id != map.selectedId)
            commands.push_back(textCommand(CommandKind::SelectTriggerPoint, point.id));
        const annotate::LibraryPoint* entry = annotate::referenceLibrary().find(point.libraryId);
        ImGui::TextWrapped("Where it comes from: a tight spot in the %s",
                           plainMuscleName(point.name).c_str());
        ImGui::SetWindowFontScale(1.4f);
        ImGui::TextWrapped("Where it hurts: %s",
                           entry ? entry->symptoms.c_str()
                                 : (point.pain.empty() ? "the red areas" : point.pain.c_str()));
        if (entry)
            ImGui::TextWrapped("What helps: %s", entry->selfCare.c_str());
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::End();
    // The product's stance stays visible to the patient too.
    ImGui::SetNextWindowPos(ImVec2(10 * scale, 10 * scale));
    ImGui::SetNextWindowBgAlpha(0.6f);
    ImGui::Begin("PresentationNote", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs);
    ImGui::TextUnformatted("For explanation, not diagnosis.");
    ImGui::End();
    return true;
}

namespace {

// A dialog asking for a file: opened once `show` is set, its name field over `path`, a note, and
// the button that sends `kind` with the name.
template <size_t N>
void drawFileDialog(const char* title, bool& show, char (&path)[N], const char* note,
                    const char* action, CommandKind kind, std::vector<Command>& commands) {
    if (show) {
        ImGui::OpenPopup(title);
        show = false;
    }
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::InputText("File", path, N);
    ImGui::TextDisabled("%s", note);
    if (ImGui::Button(action)) {
        Command c{kind};
        c.path = path;
        commands.push_back(c);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace

void drawMapDialogs(const UiModel& model, UiState& state, std::vector<Command>& commands) {
    const MapModel& map = model.map;
    if (map.askUnsaved && !ImGui::IsPopupOpen("Unsaved changes"))
        ImGui::OpenPopup("Unsaved changes");
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("The map has changes that are not saved.");
        if (ImGui::Button("Save")) {
            commands.push_back(indexCommand(CommandKind::AnswerUnsaved, 0));
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard changes")) {
            commands.push_back(indexCommand(CommandKind::AnswerUnsaved, 1));
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            commands.push_back(indexCommand(CommandKind::AnswerUnsaved, 2));
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    if (!map.recoveryOffer.empty() && !ImGui::IsPopupOpen("Recover unsaved work"))
        ImGui::OpenPopup("Recover unsaved work");
    if (ImGui::BeginPopupModal("Recover unsaved work", nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("FasciaLab did not close normally last time.");
        ImGui::Text("Unsaved work was kept in %s.", map.recoveryOffer.c_str());
        if (!map.recoveryAge.empty())
            ImGui::Text("It was written %s.", map.recoveryAge.c_str());
        if (ImGui::Button("Restore it")) {
            Command c{CommandKind::AnswerRecovery};
            c.flag = true;
            commands.push_back(c);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard it")) {
            Command c{CommandKind::AnswerRecovery};
            c.flag = false;
            commands.push_back(c);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    drawFileDialog("Save map as", state.showSaveAs, state.savePath,
                   "Maps end in .fascia.json; an existing file is kept as .bak.", "Save",
                   CommandKind::SaveMap, commands);
    drawFileDialog("Write patient handout", state.showHandout, state.handoutPath,
                   "The latest session, from behind and from the front, in plain words;\n"
                   "a PDF to print. An existing file is kept as .bak.",
                   "Write", CommandKind::WriteHandout, commands);
}

} // namespace ui
