#include "anatomy/gen/Skeleton.h"

#include "anatomy/gen/EmbeddedData.h"

#include <nlohmann/json.hpp>

#include <glm/geometric.hpp>

#include <cmath>

namespace anatomy::gen {
namespace {

using nlohmann::json;

constexpr const char* kFile = "skeleton.json";

core::Error dataError(const std::string& where, const std::string& what) {
    return core::internalError(std::string("assets/anatomy/") + kFile + ": " + where + ": " + what);
}

// Centripetal-free Catmull-Rom through the control points, sampled densely by arc length.
std::vector<glm::vec3> sampleCurve(const std::vector<glm::vec3>& points, int samplesPerSpan) {
    std::vector<glm::vec3> out;
    for (size_t i = 0; i + 1 < points.size(); ++i) {
        const glm::vec3 p0 = points[i == 0 ? 0 : i - 1], p1 = points[i], p2 = points[i + 1],
                        p3 = points[std::min(i + 2, points.size() - 1)];
        for (int s = 0; s < samplesPerSpan; ++s) {
            const float t = float(s) / float(samplesPerSpan);
            const float t2 = t * t, t3 = t2 * t;
            out.push_back(0.5f * (2.0f * p1 + (-p0 + p2) * t +
                                  (2.0f * p0 - 5.0f * p1 + 4.0f * p2 - p3) * t2 +
                                  (-p0 + 3.0f * p1 - 3.0f * p2 + p3) * t3));
        }
    }
    out.push_back(points.back());
    return out;
}

// Evenly spaced positions (and tangents, pointing down the spine) along a polyline.
void spacedAlong(const std::vector<glm::vec3>& line, int count, std::vector<glm::vec3>& positions,
                 std::vector<glm::vec3>& tangents) {
    std::vector<float> length(line.size(), 0.0f);
    for (size_t i = 1; i < line.size(); ++i)
        length[i] = length[i - 1] + glm::length(line[i] - line[i - 1]);
    size_t segment = 1;
    for (int k = 0; k < count; ++k) {
        const float target = length.back() * (float(k) + 0.5f) / float(count);
        while (segment + 1 < line.size() && length[segment] < target)
            ++segment;
        const float span = length[segment] - length[segment - 1];
        const float t = span > 0.0f ? (target - length[segment - 1]) / span : 0.0f;
        positions.push_back(glm::mix(line[segment - 1], line[segment], t));
        tangents.push_back(glm::normalize(line[segment] - line[segment - 1]));
    }
}

class Reader {
public:
    Reader(const json& root, const Placement& placement) : m_root(root), m_placement(placement) {}

    core::Status readLandmarks(Skeleton& skeleton) {
        if (!m_root.contains("landmarks") || !m_root["landmarks"].is_object())
            return dataError("landmarks", "missing");
        for (const auto& [name, value] : m_root["landmarks"].items()) {
            auto v = vec3(value, "landmarks." + name);
            if (!v)
                return v.error();
            m_fractions[name] = *v;
            skeleton.landmarks[name] = m_placement.place(*v);
        }
        return core::Ok{};
    }

    core::Result<glm::vec3> vec3(const json& value, const std::string& where) const {
        if (value.is_string()) {
            const auto it = m_fractions.find(value.get<std::string>());
            if (it == m_fractions.end())
                return dataError(where, "unknown landmark '" + value.get<std::string>() + "'");
            return it->second;
        }
        if (!value.is_array() || value.size() != 3 || !value[0].is_number() ||
            !value[1].is_number() || !value[2].is_number())
            return dataError(where, "expected [x, y, z] or a landmark name");
        return glm::vec3(value[0].get<float>(), value[1].get<float>(), value[2].get<float>());
    }

    // A point given in fractions of stature, mirrored for the right side.
    core::Result<glm::vec3> point(const json& value, const std::string& where, float mirror) const {
        auto v = vec3(value, where);
        if (!v)
            return v.error();
        return m_placement.place(*v * glm::vec3(mirror, 1.0f, 1.0f));
    }

    core::Result<Primitive> primitive(const json& part, const std::string& where,
                                      float mirror) const {
        const float H = m_placement.heightM;
        if (part.contains("sphere")) {
            const json& s = part["sphere"];
            auto c = point(s.value("centre", json()), where + ".sphere.centre", mirror);
            if (!c)
                return c.error();
            return Primitive::sphere(*c, s.value("radius", 0.0f) * H);
        }
        if (part.contains("ellipsoid")) {
            const json& e = part["ellipsoid"];
            auto c = point(e.value("centre", json()), where + ".ellipsoid.centre", mirror);
            auto r = vec3(e.value("radii", json()), where + ".ellipsoid.radii");
            if (!c)
                return c.error();
            if (!r)
                return r.error();
            return Primitive::ellipsoid(*c, *r * H);
        }
        if (part.contains("capsule")) {
            const json& cap = part["capsule"];
            auto from = point(cap.value("from", json()), where + ".capsule.from", mirror);
            auto to = point(cap.value("to", json()), where + ".capsule.to", mirror);
            if (!from)
                return from.error();
            if (!to)
                return to.error();
            const json radius = cap.value("radius", json());
            if (!radius.is_array() || radius.size() != 2)
                return dataError(where, "capsule radius must be [from, to]");
            return Primitive::capsule(*from, *to, radius[0].get<float>() * H,
                                      radius[1].get<float>() * H);
        }
        if (part.contains("plate")) {
            const json& plate = part["plate"];
            const json corners = plate.value("corners", json());
            if (!corners.is_array() || corners.size() != 3)
                return dataError(where, "plate needs three corners");
            glm::vec3 c[3];
            for (int i = 0; i < 3; ++i) {
                auto p = point(corners[static_cast<size_t>(i)], where + ".plate.corners", mirror);
                if (!p)
                    return p.error();
                c[i] = *p;
            }
            return Primitive::plate(c[0], c[1], c[2], 0.5f * plate.value("thickness", 0.002f) * H);
        }
        return dataError(where, "unknown part (expected sphere, ellipsoid, capsule or plate)");
    }

    core::Status readBones(Skeleton& skeleton) const {
        if (!m_root.contains("bones") || !m_root["bones"].is_array())
            return dataError("bones", "missing");
        for (const json& bone : m_root["bones"]) {
            const std::string name = bone.value("name", "");
            const std::string label = bone.value("label", name);
            if (name.empty())
                return dataError("bones", "a bone without a name");
            const bool mirror = bone.value("mirror", false);
            for (float side : mirror ? std::vector<float>{1.0f, -1.0f} : std::vector<float>{1.0f}) {
                GeneratedPart part;
                part.name = name;
                part.label = mirror ? (side > 0 ? "Left " : "Right ") + lowerFirst(label) : label;
                part.side = mirror ? (side > 0 ? Side::Left : Side::Right) : Side::Midline;
                part.shape.blendM = bone.value("blend", 0.0f) * m_placement.heightM;
                part.info.latin = bone.value("latin", "");
                part.info.region = bone.value("region", "");
                for (const json& p : bone.value("parts", json::array())) {
                    auto primitive = this->primitive(p, "bones." + name, side);
                    if (!primitive)
                        return primitive.error();
                    part.shape.parts.push_back(*primitive);
                }
                skeleton.bones.push_back(std::move(part));
            }
        }
        return core::Ok{};
    }

    core::Status readSolids(Skeleton& skeleton) const {
        const json& solids = m_root.value("solids", json::object());
        for (const json& p : solids.value("parts", json::array())) {
            auto primitive = this->primitive(p, "solids", 1.0f);
            if (!primitive)
                return primitive.error();
            skeleton.solids.parts.push_back(*primitive);
        }
        return core::Ok{};
    }

    core::Status readSpineAndRibs(Skeleton& skeleton) const {
        const float H = m_placement.heightM;
        const json& spine = m_root.value("spine", json());
        std::vector<glm::vec3> curve;
        for (const json& p : spine.value("curve", json::array())) {
            auto v = vec3(p, "spine.curve");
            if (!v)
                return v.error();
            curve.push_back(*v);
        }
        if (curve.size() < 2)
            return dataError("spine.curve", "needs at least two points");
        int total = 0;
        for (const json& region : spine.value("regions", json::array()))
            total += region.value("count", 0);
        if (total <= 0)
            return dataError("spine.regions", "no vertebrae");
        std::vector<glm::vec3> centres, tangents;
        spacedAlong(sampleCurve(curve, 16), total, centres, tangents);

        std::vector<glm::vec3> thoracic; // rib heads start here
        int index = 0;
        int regionIndex = 0;
        for (const json& region : spine["regions"]) {
            GeneratedPart part;
            part.name = region.value("name", "spine");
            part.label = region.value("label", part.name);
            part.info.latin = region.value("latin", "");
            part.info.region = "spine";
            part.shape.blendM = 0.002f * H;
            const float bodyRadius = region.value("body_radius", 0.01f);
            const float bodyHeight = region.value("body_height", 0.008f);
            const float spinous = region.value("spinous_length", 0.02f);
            const float transverse = region.value("transverse_half_width", 0.02f);
            for (int k = 0; k < region.value("count", 0); ++k, ++index) {
                const glm::vec3 c = centres[static_cast<size_t>(index)];
                const glm::vec3 down = tangents[static_cast<size_t>(index)];
                // Backwards, perpendicular to the spine at this vertebra.
                const glm::vec3 backward(0.0f, 0.0f, -1.0f);
                const glm::vec3 back = glm::normalize(backward - glm::dot(backward, down) * down);
                // Body: a short rounded cylinder along the spine.
                part.shape.parts.push_back(
                    Primitive::capsule(m_placement.place(c - down * bodyHeight * 0.5f),
                                       m_placement.place(c + down * bodyHeight * 0.5f),
                                       bodyRadius * H, bodyRadius * H));
                // Arch and spinous process, pointing back and down.
                const glm::vec3 archStart = c + back * bodyRadius * 1.2f;
                const glm::vec3 tip = archStart + glm::normalize(back + down * 0.6f) * spinous;
                part.shape.parts.push_back(Primitive::capsule(m_placement.place(archStart),
                                                              m_placement.place(tip), 0.0032f * H,
                                                              0.0022f * H));
                // Transverse processes.
                for (float side : {-1.0f, 1.0f})
                    part.shape.parts.push_back(Primitive::capsule(
                        m_placement.place(archStart),
                        m_placement.place(archStart + glm::vec3(side * transverse, 0, 0)),
                        0.0028f * H, 0.0022f * H));
                if (part.name == "thoracic-spine")
                    thoracic.push_back(c);
                // Landmarks muscles attach to: "t7" (body centre) and "t7_spinous" (tip).
                static constexpr const char* kPrefixes[] = {"c", "t", "l"};
                const std::string level =
                    kPrefixes[std::min(regionIndex, 2)] + std::to_string(k + 1);
                skeleton.landmarks[level] = m_placement.place(c);
                skeleton.landmarks[level + "_spinous"] = m_placement.place(tip);
            }
            skeleton.bones.push_back(std::move(part));
            ++regionIndex;
        }

        const json& ribs = m_root.value("ribs", json());
        const auto halfWidth = ribs.value("half_width", std::vector<float>{});
        const auto reach = ribs.value("front_reach", std::vector<float>{});
        const auto drop = ribs.value("drop", std::vector<float>{});
        if (halfWidth.size() != thoracic.size() || reach.size() != thoracic.size() ||
            drop.size() != thoracic.size())
            return dataError("ribs",
                             "needs one half_width, front_reach and drop per thoracic vertebra");
        const float radius = ribs.value("radius", 0.004f);
        const float depthCentre = ribs.value("depth_centre", 0.0f);
        const float halfDepthMax = ribs.value("half_depth", 0.06f);
        const float widest = *std::max_element(halfWidth.begin(), halfWidth.end());
        for (float side : {1.0f, -1.0f}) {
            GeneratedPart part;
            part.name = "ribs";
            part.label =
                side > 0 ? "Left ribs and costal cartilages" : "Right ribs and costal cartilages";
            part.side = side > 0 ? Side::Left : Side::Right;
            part.info.latin = "Costae et cartilagines costales";
            part.info.region = "chest";
            for (size_t r = 0; r < thoracic.size(); ++r) {
                // Upper ribs are shallower front to back as well as narrower.
                const float halfDepth = halfDepthMax * (0.55f + 0.45f * halfWidth[r] / widest);
                constexpr int kSegments = 14;
                glm::vec3 previous{};
                for (int s = 0; s <= kSegments; ++s) {
                    const float theta = 3.14159265f * reach[r] * float(s) / float(kSegments);
                    const glm::vec3 p(side * (halfWidth[r] * std::sin(theta) +
                                              0.012f * 0.5f * (1.0f + std::cos(theta))),
                                      thoracic[r].y - drop[r] * 0.5f * (1.0f - std::cos(theta)),
                                      depthCentre - halfDepth * std::cos(theta));
                    if (s > 0)
                        part.shape.parts.push_back(Primitive::capsule(m_placement.place(previous),
                                                                      m_placement.place(p),
                                                                      radius * H, radius * H));
                    previous = p;
                }
            }
            skeleton.bones.push_back(std::move(part));
        }
        return core::Ok{};
    }

private:
    static std::string lowerFirst(std::string text) {
        if (!text.empty())
            text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
        return text;
    }

    const json& m_root;
    const Placement& m_placement;
    std::map<std::string, glm::vec3> m_fractions;
};

} // namespace

glm::vec3 Placement::place(glm::vec3 fraction) const {
    // Widths change smoothly from the hips (below the waist) to the shoulders (above the chest).
    const float t = std::clamp((fraction.y - 0.58f) / (0.72f - 0.58f), 0.0f, 1.0f);
    const float width = hipWidth + (shoulderWidth - hipWidth) * t;
    return glm::vec3(fraction.x * width, fraction.y, fraction.z) * heightM;
}

std::string_view embeddedSkeletonJson() {
    return core::findEmbedded(embeddedFiles(), kFile);
}

core::Result<Skeleton> buildSkeleton(std::string_view text, const Placement& placement) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        return dataError("parse", e.what());
    }
    Skeleton skeleton;
    Reader reader(root, placement);
    try {
        if (auto s = reader.readLandmarks(skeleton); !s)
            return s.error();
        if (auto s = reader.readSpineAndRibs(skeleton); !s)
            return s.error();
        if (auto s = reader.readBones(skeleton); !s)
            return s.error();
        if (auto s = reader.readSolids(skeleton); !s)
            return s.error();
    } catch (const json::exception& e) {
        return dataError("value", e.what());
    }
    return skeleton;
}

} // namespace anatomy::gen
