#include "ui/FileBrowser.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

namespace ui {
namespace fs = std::filesystem;

namespace {
// Models, and maps (.fascia.json).
bool looksLikeModel(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* known :
         {".glb", ".gltf", ".obj", ".fbx", ".dae", ".stl", ".ply", ".3ds", ".off", ".json"})
        if (ext == known)
            return true;
    return false;
}
} // namespace

void FileBrowser::open(const fs::path& startDirectory) {
    m_open = true;
    m_justOpened = true;
    std::error_code ec;
    m_directory = fs::is_directory(startDirectory, ec) ? startDirectory : fs::current_path(ec);
    m_error.clear();
    refresh();
}

void FileBrowser::refresh() {
    m_entries.clear();
    std::error_code ec;
    for (const auto& entry :
         fs::directory_iterator(m_directory, fs::directory_options::skip_permission_denied, ec)) {
        if (entry.path().filename().string().rfind('.', 0) == 0)
            continue; // hidden
        if (entry.is_directory(ec) || looksLikeModel(entry.path()))
            m_entries.push_back(entry);
    }
    if (ec)
        m_error = m_directory.string() + ": " + ec.message();
    std::sort(m_entries.begin(), m_entries.end(), [](const auto& a, const auto& b) {
        std::error_code e;
        const bool da = a.is_directory(e), db = b.is_directory(e);
        return da != db ? da : a.path().filename() < b.path().filename();
    });
    std::snprintf(m_pathInput, sizeof m_pathInput, "%s", m_directory.string().c_str());
}

std::optional<std::string> FileBrowser::draw(float uiScale) {
    if (!m_open)
        return std::nullopt;
    if (m_justOpened) {
        ImGui::OpenPopup("Open model");
        m_justOpened = false;
    }
    std::optional<std::string> chosen;
    ImGui::SetNextWindowSize(ImVec2(620 * uiScale, 460 * uiScale), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal("Open model", &m_open)) {
        ImGui::TextWrapped(
            "glTF 2.0 (.glb, .gltf), OBJ, FBX, COLLADA, STL, PLY and other formats.");
        ImGui::SetNextItemWidth(-80 * uiScale);
        if (ImGui::InputText("##path", m_pathInput, sizeof m_pathInput,
                             ImGuiInputTextFlags_EnterReturnsTrue)) {
            std::error_code ec;
            const fs::path typed(m_pathInput);
            if (fs::is_directory(typed, ec)) {
                m_directory = typed;
                refresh();
            } else {
                chosen = typed.string();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Up") && m_directory.has_parent_path()) {
            m_directory = m_directory.parent_path();
            refresh();
        }
        if (!m_error.empty())
            ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", m_error.c_str());
        ImGui::BeginChild("entries", ImVec2(0, -40 * uiScale), true);
        std::optional<fs::path> enter;
        for (const auto& entry : m_entries) {
            std::error_code ec;
            const bool isDirectory = entry.is_directory(ec);
            const std::string label =
                (isDirectory ? "[dir]  " : "       ") + entry.path().filename().string();
            if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
                (ImGui::IsMouseDoubleClicked(0) || isDirectory)) {
                if (isDirectory)
                    enter = entry.path();
                else
                    chosen = entry.path().string();
            }
        }
        ImGui::EndChild();
        if (enter) {
            m_directory = *enter;
            refresh();
        }
        if (ImGui::Button("Cancel"))
            m_open = false;
        if (chosen)
            m_open = false;
        if (!m_open)
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return chosen;
}

} // namespace ui
