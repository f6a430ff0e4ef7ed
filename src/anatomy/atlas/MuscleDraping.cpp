#include "anatomy/atlas/MuscleDraping.h"

#include "anatomy/MeshOps.h"
#include "anatomy/Proximity.h"
#include "core/Parallel.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <map>

namespace anatomy::atlas {

void DrapeGrid::resize(int u, int v) {
    nu = u;
    nv = v;
    const size_t n = static_cast<size_t>(u) * static_cast<size_t>(v);
    guide.assign(n, glm::vec3(0.0f));
    inward.assign(n, glm::vec3(0.0f, 0.0f, -1.0f));
    thickness.assign(n, 0.0f);
    drape.assign(n, 1.0f);
}

DrapeScene::DrapeScene(const Body& atlas)
    : m_atlas(atlas), m_atlasCount(atlas.structures().size()), m_atlasBvh(atlas) {
    for (const Structure& s : atlas.structures()) {
        m_closed.push_back(isClosedSurface(s.mesh) ? 1 : 0);
        m_boxes.push_back(s.mesh.bounds());
    }
}

size_t DrapeScene::addModelled(const Structure& structure) {
    m_modelled.addStructure(structure);
    m_closed.push_back(isClosedSurface(structure.mesh) ? 1 : 0);
    m_boxes.push_back(structure.mesh.bounds());
    rebuildModelled();
    return count() - 1;
}

void DrapeScene::replaceModelled(size_t index, const Structure& structure) {
    assert(index >= m_atlasCount && index < count());
    m_modelled.structures()[index - m_atlasCount] = structure;
    m_closed[index] = isClosedSurface(structure.mesh) ? 1 : 0;
    m_boxes[index] = structure.mesh.bounds();
    rebuildModelled();
}

void DrapeScene::rebuildModelled() {
    m_modelledBvh = std::make_unique<BodyBvh>(m_modelled);
}

const Structure& DrapeScene::structure(size_t i) const {
    return i < m_atlasCount ? m_atlas.structures()[i] : m_modelled.structures()[i - m_atlasCount];
}

std::optional<DrapeScene::Hit> DrapeScene::firstHit(const glm::vec3& origin,
                                                    const glm::vec3& direction, float minT,
                                                    float maxT,
                                                    const std::vector<char>& accept) const {
    const core::Ray ray{origin, direction};
    std::optional<Hit> best;
    const auto atlasHit = m_atlasBvh.intersect(
        ray, [&](int s) { return accept[static_cast<size_t>(s)] != 0; }, minT, maxT);
    if (atlasHit)
        best = Hit{atlasHit->distance, static_cast<size_t>(atlasHit->point.structure)};
    if (m_modelledBvh) {
        const auto modelledHit = m_modelledBvh->intersect(
            ray, [&](int s) { return accept[m_atlasCount + static_cast<size_t>(s)] != 0; }, minT,
            best ? best->t : maxT);
        if (modelledHit)
            best = Hit{modelledHit->distance,
                       m_atlasCount + static_cast<size_t>(modelledHit->point.structure)};
    }
    return best;
}

std::optional<float> DrapeScene::exitOf(const glm::vec3& origin, const glm::vec3& direction,
                                        float enterT, size_t structure, float maxT) const {
    const core::Ray ray{origin, direction};
    const BodyBvh* bvh = &m_atlasBvh;
    int index = static_cast<int>(structure);
    if (structure >= m_atlasCount) {
        bvh = m_modelledBvh.get();
        index = static_cast<int>(structure - m_atlasCount);
    }
    const auto hit = bvh->intersect(
        ray, [&](int s) { return s == index; }, enterT + 1e-5f, maxT);
    if (!hit)
        return std::nullopt;
    return hit->distance;
}

size_t DrapeScene::pushOut(SurfaceMesh& mesh, const std::vector<glm::vec3>& outward,
                           const std::vector<char>& obstacle, float clearanceM) const {
    // Where a point inside a closed obstacle must go to lie just outside it, or nullopt.
    auto escape = [&](const glm::vec3& p, const glm::vec3& outwardDir) -> std::optional<glm::vec3> {
        const glm::vec3 out = glm::normalize(outwardDir + glm::vec3(1e-7f, 2e-7f, 3e-7f));
        // Crossings of each structure along a ray from the point: odd means inside.
        std::map<size_t, int> crossings;
        float t = 0.0f;
        for (int i = 0; i < 64; ++i) {
            const auto hit = firstHit(p, out, t, 1.0f, obstacle);
            if (!hit)
                break;
            crossings[hit->structure]++;
            t = hit->t + 1e-6f;
        }
        std::optional<glm::vec3> best;
        float bestDepth = 0.0f;
        for (const auto& [s, n] : crossings) {
            if (n % 2 == 0 || !m_closed[s])
                continue;
            const Body& body = s < m_atlasCount ? m_atlas : m_modelled;
            const int index = static_cast<int>(s < m_atlasCount ? s : s - m_atlasCount);
            const auto nearestPoint = nearestOnStructure(body, index, p);
            if (!nearestPoint || nearestPoint->distance < bestDepth)
                continue;
            glm::vec3 direction = nearestPoint->position - p;
            const float length = glm::length(direction);
            direction = length > 1e-7f ? direction / length : nearestPoint->normal;
            bestDepth = nearestPoint->distance;
            best = nearestPoint->position + direction * clearanceM;
        }
        return best;
    };
    std::vector<char> moved(mesh.positions.size(), 0);
    const size_t triangles = mesh.indices.size() / 3;
    for (int round = 0; round < 5; ++round) {
        // Each vertex, and each triangle's centre (a thin bone can pass between the corners).
        std::vector<glm::vec3> shift(mesh.positions.size(), glm::vec3(0.0f));
        std::vector<glm::vec3> triangleShift(triangles, glm::vec3(0.0f));
        core::parallelFor(mesh.positions.size(), [&](size_t v) {
            if (const auto to = escape(mesh.positions[v], outward[v]))
                shift[v] = *to - mesh.positions[v];
        });
        core::parallelFor(triangles, [&](size_t t) {
            const std::uint32_t a = mesh.indices[3 * t], b = mesh.indices[3 * t + 1],
                                c = mesh.indices[3 * t + 2];
            const glm::vec3 centre =
                (mesh.positions[a] + mesh.positions[b] + mesh.positions[c]) / 3.0f;
            if (const auto to = escape(centre, outward[a] + outward[b] + outward[c]))
                triangleShift[t] = *to - centre;
        });
        for (size_t t = 0; t < triangles; ++t)
            for (int corner = 0; corner < 3; ++corner) {
                glm::vec3& s = shift[mesh.indices[3 * t + static_cast<size_t>(corner)]];
                if (glm::length(triangleShift[t]) > glm::length(s))
                    s = triangleShift[t];
            }
        size_t count = 0;
        for (size_t v = 0; v < mesh.positions.size(); ++v)
            if (shift[v] != glm::vec3(0.0f)) {
                mesh.positions[v] += shift[v];
                moved[v] = 1;
                ++count;
            }
        if (count == 0)
            break;
    }
    return static_cast<size_t>(std::count(moved.begin(), moved.end(), 1));
}

std::vector<DrapeScene::Span> DrapeScene::blockedAlong(const glm::vec3& origin,
                                                       const glm::vec3& direction, float from,
                                                       float to,
                                                       const std::vector<char>& obstacle) const {
    // A little off the exact direction, so that a line along a grid of guides does not run
    // through the meshes' edges and corners.
    const glm::vec3 d = glm::normalize(direction + glm::vec3(1.3e-6f, 2.1e-6f, 2.9e-6f));
    const glm::vec3 a = origin + d * from, b = origin + d * to;
    const glm::vec3 lo = glm::min(a, b), hi = glm::max(a, b);
    // The closed obstacles whose boxes the stretch meets, and those whose boxes hold its start.
    std::vector<char> near(count(), 0), holdsStart(count(), 0);
    bool any = false, anyHolds = false;
    for (size_t i = 0; i < count(); ++i) {
        if (!obstacle[i] || !m_closed[i])
            continue;
        const core::Aabb& box = m_boxes[i];
        if (glm::any(glm::lessThan(hi, box.min)) || glm::any(glm::greaterThan(lo, box.max)))
            continue;
        near[i] = 1;
        any = true;
        if (glm::all(glm::greaterThanEqual(a, box.min)) &&
            glm::all(glm::lessThanEqual(a, box.max))) {
            holdsStart[i] = 1;
            anyHolds = true;
        }
    }
    if (!any)
        return {};
    // Which of them the start lies inside: the parity of the crossings behind it.
    std::map<size_t, int> inside;
    if (anyHolds) {
        float t = 0.0f;
        for (int i = 0; i < 256; ++i) {
            const auto hit = firstHit(a, -d, t, 4.0f, holdsStart);
            if (!hit)
                break;
            inside[hit->structure] ^= 1;
            t = hit->t + 1e-6f;
        }
    }
    int depth = 0;
    for (const auto& [structure, in] : inside)
        depth += in;
    std::vector<Span> spans;
    float blockedFrom = from;
    float t = 0.0f;
    const float length = to - from;
    for (int i = 0; i < 256; ++i) {
        const auto hit = firstHit(a, d, t, length, near);
        if (!hit)
            break;
        int& in = inside[hit->structure];
        in ^= 1;
        const int before = depth;
        depth += in ? 1 : -1;
        if (before == 0 && depth > 0)
            blockedFrom = from + hit->t;
        else if (before > 0 && depth == 0 && from + hit->t > blockedFrom)
            spans.push_back({blockedFrom, from + hit->t});
        t = hit->t + 1e-6f;
    }
    if (depth > 0)
        spans.push_back({blockedFrom, to});
    return spans;
}

std::optional<SurfaceSample>
DrapeScene::nearest(const glm::vec3& p, const std::vector<char>& accept, float maxM) const {
    std::optional<SurfaceSample> best;
    for (size_t i = 0; i < count(); ++i) {
        if (!accept[i])
            continue;
        const core::Aabb& box = m_boxes[i];
        const glm::vec3 outside = glm::max(glm::max(box.min - p, p - box.max), glm::vec3(0.0f));
        if (glm::length(outside) > (best ? best->distance : maxM))
            continue;
        const Body& body = i < m_atlasCount ? m_atlas : m_modelled;
        const int index = static_cast<int>(i < m_atlasCount ? i : i - m_atlasCount);
        const auto hit = nearestOnStructure(body, index, p);
        if (hit && hit->distance <= maxM && (!best || hit->distance < best->distance))
            best = hit;
    }
    return best;
}

SurfaceMesh pillowMesh(int nu, int nv, const std::vector<glm::vec3>& top,
                       const std::vector<glm::vec3>& bottom, const std::vector<glm::vec3>& inward) {
    auto at = [&](int i, int j) {
        return static_cast<size_t>(j) * static_cast<size_t>(nu) + static_cast<size_t>(i);
    };
    SurfaceMesh mesh;
    std::vector<std::uint32_t> topIndex(top.size()), bottomIndex(top.size());
    for (int j = 0; j < nv; ++j)
        for (int i = 0; i < nu; ++i) {
            const size_t k = at(i, j);
            const bool rim = i == 0 || j == 0 || i == nu - 1 || j == nv - 1;
            const glm::vec3 along =
                top[at(i, std::min(j + 1, nv - 1))] - top[at(i, std::max(j - 1, 0))] +
                bottom[at(i, std::min(j + 1, nv - 1))] - bottom[at(i, std::max(j - 1, 0))];
            topIndex[k] = static_cast<std::uint32_t>(mesh.positions.size());
            mesh.positions.push_back(rim ? bottom[k] : top[k]);
            mesh.fibres.push_back(along);
            if (rim) {
                bottomIndex[k] = topIndex[k];
            } else {
                bottomIndex[k] = static_cast<std::uint32_t>(mesh.positions.size());
                mesh.positions.push_back(bottom[k]);
                mesh.fibres.push_back(along);
            }
        }
    // The top sheet faces away from the body, by a vote over the sheet.
    float facing = 0.0f;
    for (int j = 1; j + 1 < nv; ++j)
        for (int i = 1; i + 1 < nu; ++i) {
            const glm::vec3 du = top[at(i + 1, j)] - top[at(i - 1, j)];
            const glm::vec3 dv = top[at(i, j + 1)] - top[at(i, j - 1)];
            facing -= glm::dot(glm::cross(du, dv), inward[at(i, j)]);
        }
    const bool flip = facing < 0.0f;
    appendPillowTriangles(mesh, topIndex, bottomIndex, nu, nv, flip);
    return mesh;
}

double signedVolume(const SurfaceMesh& mesh) {
    double volume = 0.0;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const glm::dvec3 a(mesh.positions[mesh.indices[t]]);
        const glm::dvec3 b(mesh.positions[mesh.indices[t + 1]]);
        const glm::dvec3 c(mesh.positions[mesh.indices[t + 2]]);
        volume += glm::dot(a, glm::cross(b, c)) / 6.0;
    }
    return volume;
}

namespace {

// Fibres tangent to the surface and of unit length: the v direction with its normal part
// taken out (any tangent where v runs along the normal, as at the ends).
void finishFibres(SurfaceMesh& mesh) {
    for (size_t v = 0; v < mesh.positions.size(); ++v) {
        const glm::vec3 n = mesh.normals[v];
        glm::vec3 f = mesh.fibres[v] - n * glm::dot(mesh.fibres[v], n);
        if (glm::length(f) < 1e-4f * (glm::length(mesh.fibres[v]) + 1e-9f) ||
            glm::length(f) < 1e-12f) {
            const glm::vec3 helper =
                std::abs(n.y) < 0.9f ? glm::vec3(0.0f, 1.0f, 0.0f) : glm::vec3(1.0f, 0.0f, 0.0f);
            f = glm::cross(n, glm::cross(helper, n));
        }
        mesh.fibres[v] = glm::normalize(f);
    }
}

} // namespace

void refreshNormalsAndFibres(SurfaceMesh& mesh) {
    computeSmoothNormals(mesh);
    finishFibres(mesh);
}

DrapeResult drapeMuscle(const DrapeScene& scene, const DrapeGrid& grid, const DrapeRules& rules) {
    const int nu = grid.nu, nv = grid.nv;
    const size_t n = grid.guide.size();
    const float reach = rules.reachM, gap = rules.gapM;
    const float far = reach + rules.diveM;
    std::vector<glm::vec3> start(n);
    std::vector<float> tBottom(n), tTop(n), deepest(n, 1e9f), highest(n, -1e9f);
    core::parallelFor(n, [&](size_t k) {
        const glm::vec3 d = grid.inward[k];
        const glm::vec3 s = grid.guide[k] - d * reach;
        start[k] = s;
        const float h = grid.thickness[k];
        const float guideBottom = reach + 0.5f * h;
        float bottom = guideBottom;
        DrapeMode mode = rules.mode;
        if (mode == DrapeMode::Hang) {
            const auto over = scene.firstHit(s, d, 0.0f, far, rules.ceiling);
            const auto exit =
                over ? scene.exitOf(s, d, over->t, over->structure, far + 0.05f) : std::nullopt;
            if (exit) {
                // Under every layer of the stack over it (the internal oblique under the
                // external, the transversus under both), not only the outermost.
                float below = *exit;
                for (int layer = 0; layer < 4; ++layer) {
                    const auto next =
                        scene.firstHit(s, d, below + 1e-5f, below + h + 2.0f * gap, rules.ceiling);
                    if (!next)
                        break;
                    const auto nextExit = scene.exitOf(s, d, next->t, next->structure, far + 0.05f);
                    if (!nextExit)
                        break;
                    below = *nextExit;
                }
                const float top = below + gap;
                highest[k] = top;
                const auto under = scene.firstHit(s, d, below, far + 0.05f, rules.floor);
                if (under)
                    deepest[k] = under->t - gap;
                bottom = std::min(top + h, deepest[k]);
            } else {
                mode = DrapeMode::Rest;
            }
        }
        if (mode == DrapeMode::Rest) {
            float from = 0.0f;
            for (int pass = 0; pass < 4; ++pass) {
                const auto under = scene.firstHit(s, d, from, far, rules.floor);
                if (!under)
                    break;
                if (rules.passThrough && rules.passThrough(under->structure, s + d * under->t)) {
                    const auto exit = scene.exitOf(s, d, under->t, under->structure, far);
                    if (!exit)
                        break;
                    highest[k] = std::max(highest[k], *exit + gap);
                    from = *exit + 1e-5f;
                    continue;
                }
                deepest[k] = under->t - gap;
                bottom = deepest[k];
                break;
            }
        }
        tBottom[k] = glm::mix(guideBottom, bottom, grid.drape[k]);
        if (grid.drape[k] < 1.0f)
            deepest[k] = std::max(deepest[k], tBottom[k]);
    });
    // Smooth the bottom sheet (the rim stays), never deeper than what lies beneath, so the
    // muscle bridges grooves instead of dipping into every one.
    if (rules.mode != DrapeMode::Free)
        for (int pass = 0; pass < rules.smoothPasses; ++pass) {
            std::vector<float> smoothed = tBottom;
            for (int j = 1; j + 1 < nv; ++j)
                for (int i = 1; i + 1 < nu; ++i) {
                    const size_t k = grid.at(i, j);
                    const float mean =
                        0.5f * tBottom[k] +
                        0.125f * (tBottom[grid.at(i - 1, j)] + tBottom[grid.at(i + 1, j)] +
                                  tBottom[grid.at(i, j - 1)] + tBottom[grid.at(i, j + 1)]);
                    smoothed[k] = std::min(deepest[k], mean);
                }
            tBottom = std::move(smoothed);
        }
    // The top sheet: the thickness, capped by what lies over the muscle.
    core::parallelFor(n, [&](size_t k) {
        const glm::vec3 d = grid.inward[k];
        const float h = grid.thickness[k];
        float top = tBottom[k] - h;
        if (h > 0.0f && rules.mode != DrapeMode::Free) {
            const glm::vec3 bottomPoint = start[k] + d * tBottom[k];
            const auto over = scene.firstHit(bottomPoint, -d, 0.0f, h + gap, rules.ceiling);
            if (over)
                top = std::max(top, tBottom[k] - (over->t - gap));
            top = std::max(top, highest[k]);
            top = std::min(top, tBottom[k] - std::min(h, rules.minThicknessM));
        }
        tTop[k] = top;
    });
    std::vector<glm::vec3> topPoints(n), bottomPoints(n);
    for (size_t k = 0; k < n; ++k) {
        topPoints[k] = start[k] + grid.inward[k] * tTop[k];
        bottomPoints[k] = start[k] + grid.inward[k] * tBottom[k];
    }
    DrapeResult result;
    result.mesh = pillowMesh(nu, nv, topPoints, bottomPoints, grid.inward);
    result.layout = pillowLayout(nu, nv, grid.inward);
    // Each end's rim onto its bones.
    for (int j : {0, nv - 1}) {
        const std::vector<char>& bones = j == 0 ? rules.originBones : rules.insertionBones;
        if (bones.empty())
            continue;
        for (int i = 0; i < nu; ++i) {
            glm::vec3& p = result.mesh.positions[result.layout.top[grid.at(i, j)]];
            if (const auto on = scene.nearest(p, bones, rules.snapM))
                p = on->position + on->normal * gap;
        }
    }
    result.settled = settlePillow(scene, result.mesh, result.layout, rules.obstacles, gap,
                                  settleAnchor(rules.mode));
    result.originEnd = result.layout.end(result.mesh, false);
    result.insertionEnd = result.layout.end(result.mesh, true);
    return result;
}

SettleAnchor settleAnchor(DrapeMode mode) {
    return mode == DrapeMode::Rest   ? SettleAnchor::Bottom
           : mode == DrapeMode::Hang ? SettleAnchor::Top
                                     : SettleAnchor::None;
}

PillowLayout pillowLayout(int nu, int nv, const std::vector<glm::vec3>& inward) {
    // The order pillowMesh adds vertices in: by sample, its top then (off the rim) its bottom.
    PillowLayout layout;
    layout.nu = nu;
    layout.nv = nv;
    layout.inward = inward;
    std::uint32_t next = 0;
    for (int j = 0; j < nv; ++j)
        for (int i = 0; i < nu; ++i) {
            const bool rim = i == 0 || j == 0 || i == nu - 1 || j == nv - 1;
            layout.top.push_back(next++);
            layout.bottom.push_back(rim ? layout.top.back() : next++);
        }
    return layout;
}

std::vector<glm::vec3> PillowLayout::end(const SurfaceMesh& mesh, bool insertion) const {
    std::vector<glm::vec3> out;
    const size_t row = insertion ? static_cast<size_t>(nv - 1) : 0;
    for (size_t i = 0; i < static_cast<size_t>(nu); ++i)
        out.push_back(mesh.positions[top[row * static_cast<size_t>(nu) + i]]);
    return out;
}

namespace {

constexpr float kFarM = 0.002f;

// Where a span [0, length] of a line must go to leave the blocked stretches: its new ends
// (top, bottom) along the line, or nullopt when it is clear (or nothing is free near it).
std::optional<std::pair<float, float>> clearSpan(const std::vector<DrapeScene::Span>& blocked,
                                                 float length, float reach, float clearance,
                                                 SettleAnchor anchor) {
    bool entered = false;
    for (const DrapeScene::Span& b : blocked)
        if (length > 0.0f ? (b.from < length && b.to > 0.0f) : (b.from < 0.0f && b.to > 0.0f))
            entered = true;
    if (!entered)
        return std::nullopt;
    // The free stretches between the blocked ones; an end of the searched stretch bounds none.
    struct Free {
        float from, to;
        bool boundedBelow, boundedAbove;
    };
    std::vector<Free> free;
    float at = -reach;
    bool bounded = false;
    for (const DrapeScene::Span& b : blocked) {
        if (b.from > at)
            free.push_back({at, b.from, bounded, true});
        at = std::max(at, b.to);
        bounded = true;
    }
    if (length + reach > at)
        free.push_back({at, length + reach, bounded, false});
    if (free.empty())
        return std::nullopt;
    // The one holding the end it is anchored by (the side it rests on or hangs from), where
    // that end is free; else the one the span overlaps most (or, where it overlaps none, lies
    // nearest).
    const Free* best = nullptr;
    const float anchorAt = anchor == SettleAnchor::Bottom ? length : 0.0f;
    if (anchor != SettleAnchor::None)
        for (const Free& f : free)
            if (anchorAt >= f.from && anchorAt <= f.to)
                best = &f;
    if (!best) {
        float bestOverlap = -1e30f;
        for (const Free& f : free) {
            const float overlap = std::min(f.to, length) - std::max(f.from, 0.0f);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = &f;
            }
        }
    }
    // A span inside with no free stretch near (squeezed where two others meet) is left to
    // the nearest-surface step: along the line, the way out can be far.
    const float gapToFree = std::max(best->from - length, -best->to);
    if (gapToFree > kFarM)
        return std::nullopt;
    float lo = best->boundedBelow ? best->from + clearance : -1e30f;
    float hi = best->boundedAbove ? best->to - clearance : 1e30f;
    if (lo > hi)
        lo = hi = 0.5f * (best->from + best->to);
    auto place = [&](float s) {
        return s >= best->from && s <= best->to ? s : std::clamp(s, lo, hi);
    };
    float top = place(0.0f), bottom = place(length);
    if (top > bottom)
        top = bottom = std::clamp(0.5f * (top + bottom), best->from, best->to);
    return std::make_pair(top, bottom);
}

} // namespace

size_t settlePillow(const DrapeScene& scene, SurfaceMesh& mesh, const PillowLayout& layout,
                    const std::vector<char>& obstacle, float clearanceM, SettleAnchor anchor,
                    int rounds) {
    // The probes: each sample alone, and the samples of each triangle of the top sheet (the
    // bottom sheet's triangle under it has the same samples).
    std::vector<std::uint32_t> sampleOf(mesh.positions.size(), 0);
    for (size_t k = 0; k < layout.top.size(); ++k) {
        sampleOf[layout.top[k]] = static_cast<std::uint32_t>(k);
        sampleOf[layout.bottom[k]] = static_cast<std::uint32_t>(k);
    }
    std::vector<std::array<std::uint32_t, 3>> probes;
    for (size_t k = 0; k < layout.top.size(); ++k) {
        const auto s = static_cast<std::uint32_t>(k);
        probes.push_back({s, s, s});
    }
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        bool bottomSheet = false;
        std::array<std::uint32_t, 3> samples{};
        for (size_t c = 0; c < 3; ++c) {
            const std::uint32_t v = mesh.indices[t + c];
            samples[c] = sampleOf[v];
            if (!layout.rim(samples[c]) && layout.bottom[samples[c]] == v)
                bottomSheet = true;
        }
        if (!bottomSheet)
            probes.push_back(samples);
    }
    constexpr float kReach = 0.03f;
    struct Move {
        glm::vec3 top{0.0f}, bottom{0.0f};
    };
    std::vector<char> moved(mesh.positions.size(), 0);
    for (int round = 0; round < rounds; ++round) {
        std::vector<Move> moves(probes.size());
        core::parallelFor(probes.size(), [&](size_t p) {
            const auto& samples = probes[p];
            glm::vec3 top(0.0f), bottom(0.0f), inward(0.0f);
            for (const std::uint32_t s : samples) {
                top += mesh.positions[layout.top[s]] / 3.0f;
                bottom += mesh.positions[layout.bottom[s]] / 3.0f;
                inward += layout.inward[s];
            }
            float length = glm::distance(top, bottom);
            glm::vec3 axis;
            if (length > 1e-5f) {
                axis = (bottom - top) / length;
            } else {
                axis = glm::normalize(inward);
                length = 0.0f;
            }
            const auto spans = scene.blockedAlong(top, axis, -kReach, length + kReach, obstacle);
            if (spans.empty())
                return;
            if (const auto to = clearSpan(spans, length, kReach, clearanceM, anchor)) {
                moves[p].top = axis * to->first;
                moves[p].bottom = axis * (to->second - length);
            }
        });
        // Each vertex by the largest move any probe it belongs to asks of it.
        std::vector<glm::vec3> shift(mesh.positions.size(), glm::vec3(0.0f));
        auto ask = [&](std::uint32_t v, const glm::vec3& d) {
            if (glm::dot(d, d) > glm::dot(shift[v], shift[v]))
                shift[v] = d;
        };
        for (size_t p = 0; p < probes.size(); ++p) {
            const auto& samples = probes[p];
            for (size_t c = 0; c < 3; ++c) {
                if (c > 0 && samples[c] == samples[0])
                    continue;
                ask(layout.top[samples[c]], moves[p].top);
                ask(layout.bottom[samples[c]], moves[p].bottom);
            }
        }
        size_t count = 0;
        for (size_t v = 0; v < mesh.positions.size(); ++v)
            if (glm::dot(shift[v], shift[v]) > 1e-14f) {
                mesh.positions[v] += shift[v];
                moved[v] = 1;
                ++count;
            }
        if (count == 0)
            break;
    }
    // What is still inside something: out by the nearest way.
    std::vector<glm::vec3> outward(mesh.positions.size());
    for (size_t k = 0; k < layout.top.size(); ++k) {
        outward[layout.top[k]] = -layout.inward[k];
        outward[layout.bottom[k]] = -layout.inward[k];
    }
    const size_t pushed = scene.pushOut(mesh, outward, obstacle, clearanceM);
    refreshNormalsAndFibres(mesh);
    return static_cast<size_t>(std::count(moved.begin(), moved.end(), 1)) + pushed;
}

} // namespace anatomy::atlas
