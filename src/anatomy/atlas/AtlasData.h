// anatomy/atlas: what the atlas body is made from, read strictly: BodyParts3D's parts list
// (file, FJ id, FMA id, English name, system) and our muscle catalogue
// (assets/anatomy/atlas-muscles.json), which names, groups and describes the muscles by FMA id.
#pragma once

#include "anatomy/Body.h"
#include "core/Result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace anatomy::atlas {

struct AtlasPart {
    std::string file;   // relative to the atlas directory: "parts/FJ1521.glb"
    std::string fj;     // BodyParts3D's element id: "FJ1521"
    std::string fma;    // "FMA33586"
    std::string name;   // FMA's English name: "descending part of right trapezius"
    std::string system; // "muscle", "bone", "skin", "cartilage", "ligament", "tendon", "fascia"
};

// Reads parts.tsv; every error names the file and line.
core::Result<std::vector<AtlasPart>> readPartsList(const std::filesystem::path& path);

struct MusclePart {
    std::string id;               // the structure's name: "trapezius-upper"
    std::string name;             // display name; the muscle's when the muscle is one piece
    std::string latin;            // the muscle's when the muscle is one piece
    std::vector<std::string> fma; // the atlas concepts it is made of, both sides
    // The direction this part's fibres run, where it differs from the muscle's: the parts of a
    // fan converge on one insertion from different sides (right side; the left mirrors it).
    std::optional<glm::vec3> fibreAxis;
};

struct MuscleRecord {
    std::string id; // "trapezius"
    std::string name;
    std::string latin;
    std::string region;
    std::string shape;     // fan, fusiform, sheet, pennate, strap
    std::string kind;      // "muscle", or "membrane" for the interosseous membranes
    std::string group;     // the group it is taught in ("suboccipitals"), or empty
    bool modelled = false; // absent from the atlas; modelled to fit it
    std::string origin, insertion, action, innervation;
    // The direction its fibres run, origin to insertion, on the body's right side (the left
    // mirrors it); where absent, the muscle's longest axis.
    std::optional<glm::vec3> fibreAxis;
    std::vector<MusclePart> parts;
};

struct MuscleCatalogue {
    std::vector<MuscleRecord> muscles;
    struct Where {
        size_t muscle;
        size_t part;
    };
    std::unordered_map<std::string, Where> byFma;
    const MuscleRecord* findMuscle(std::string_view id) const;
};

// Parses the catalogue; `fileName` names it in errors.
core::Result<MuscleCatalogue> readMuscleCatalogue(std::string_view json,
                                                  const std::string& fileName);
// The catalogue compiled into the program.
const MuscleCatalogue& builtInMuscleCatalogue();

// "left", "right" or neither, from an English name's words.
std::optional<Side> sideFromEnglishName(std::string_view name);
// The English name without its side: "descending part of right trapezius" -> "descending part
// of trapezius"; and as an identifier: "descending-part-of-trapezius".
std::string withoutSide(std::string_view name);
std::string identifierFromName(std::string_view name);

} // namespace anatomy::atlas
