// The lessons that ship with FasciaLab, and a teacher's folder of lessons.
#include "core/FileUtil.h"
#include "learn/EmbeddedLessons.h"
#include "learn/Lesson.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace learn {

const Lesson* LessonSet::find(std::string_view id) const {
    for (const Lesson& lesson : lessons)
        if (lesson.id == id)
            return &lesson;
    return nullptr;
}

const LessonSet& builtInLessons() {
    static const LessonSet set = [] {
        LessonSet out;
        // The files are embedded in the order CMake lists them, which is the teaching order.
        for (const core::EmbeddedFile& file : embeddedFiles()) {
            auto lesson = readLesson(file.text, "assets/lessons/" + std::string(file.name));
            if (lesson)
                out.lessons.push_back(std::move(lesson).value());
            else
                out.errors.push_back(lesson.error().message);
        }
        return out;
    }();
    return set;
}

LessonSet readLessonFolder(const std::string& folder) {
    LessonSet out;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.is_regular_file(ec) && core::lowerExtension(entry.path()) == "json")
            files.push_back(entry.path());
    if (ec) {
        out.errors.push_back(folder + ": cannot read the folder (" + ec.message() + ")");
        return out;
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        const auto bytes = core::readFileBytes(path);
        if (!bytes) {
            out.errors.push_back(bytes.error().message);
            continue;
        }
        auto lesson = readLesson(
            std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
            path.string());
        if (lesson)
            out.lessons.push_back(std::move(lesson).value());
        else
            out.errors.push_back(lesson.error().message);
    }
    return out;
}

} // namespace learn
