// annotate: the map's file format, `.fascia.json` — versioned JSON, documented in
// docs/map-format.md. Reading is strict: anything malformed is an error that names the file and
// the field (or line and column), and nothing half-read is ever returned.
#pragma once

#include "annotate/MapDocument.h"
#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace annotate {

// Format 2 adds a session's "simulated" record; a map without one is written as format 1, so
// that an older FasciaLab still opens it.
inline constexpr int kMapFormatVersion = 2;
inline constexpr std::string_view kMapFormatName = "fascialab-map";
inline constexpr std::string_view kMapExtension = ".fascia.json";

std::string writeMapJson(const MapDocument& document);
// `fileName` is only for messages.
core::Result<MapDocument> readMapJson(std::string_view text, const std::string& fileName);

// Saves atomically: temporary file, flush, rename; the previous copy stays as `path.bak`.
core::Status saveMap(const std::filesystem::path& path, const MapDocument& document);
// Refuses a file larger than maxMapBytes() before reading any of it.
core::Result<MapDocument> loadMap(const std::filesystem::path& path);

// Limits on what a map may hold, so that a damaged or hostile file is refused with a message
// instead of exhausting memory. A real map is kilobytes to a few megabytes, with tens of points.
// The file size: 64 MB unless raised (core/Limits.h: map-mb).
std::uintmax_t maxMapBytes();
// Sessions in a map, and trigger points (and, apart, zones) in a session: 10 000 each unless
// raised (map-sessions, map-marks).
std::size_t maxSessions();
std::size_t maxMarksPerSession();

// Where the autosave of a map saved at `path` goes: beside it, "name.fascia.json.recovery".
std::filesystem::path recoveryPathFor(const std::filesystem::path& path);
// How long ago a recovery file was written, in words ("12 minutes ago"), as of `now`; empty
// when the file cannot be read.
std::string
recoveryAge(const std::filesystem::path& file,
            std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

} // namespace annotate
