// ui: a small ImGui file browser for opening models and maps (no native dialog dependency).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ui {

class FileBrowser {
public:
    void open(const std::filesystem::path& startDirectory);
    bool isOpen() const { return m_open; }
    // Draws the dialog if open; returns a chosen model file once.
    std::optional<std::string> draw(float uiScale);

private:
    void refresh();

    bool m_open = false;
    bool m_justOpened = false;
    std::filesystem::path m_directory;
    std::vector<std::filesystem::directory_entry> m_entries;
    char m_pathInput[1024] = "";
    std::string m_error;
};

} // namespace ui
