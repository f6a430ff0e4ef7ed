// app: headless renders of a map on its body — for `fascialab render --map`, the patient
// handout and the tests.
#pragma once

#include "anatomy/io/GltfWriter.h"
#include "annotate/MapDocument.h"
#include "app/MapOverlays.h"
#include "render/Camera.h"
#include "render/Image.h"
#include "render/Renderer.h"
#include "render/ViewOptions.h"

namespace app {

// How a map is shown to a patient: the body with its skin on, over a transparent background;
// the map display lifts painted tension to the skin (MapDisplay::tensionShownOn).
render::ViewOptions patientViewOptions();

// Renders one view of the body with the map's overlays into an offscreen target of `size`.
// Needs a current GL context and a renderer.
core::Result<render::Image> renderMapView(render::Renderer& renderer, const anatomy::Body& body,
                                          const annotate::MapDocument& document,
                                          const MapDisplay& display, render::ViewOptions view,
                                          render::ViewPreset preset, glm::ivec2 size);

// One session's trigger points and referred-pain zone centres as named glTF nodes with their
// data in extras, for `fascialab export` and File → Export annotated glTF.
std::vector<anatomy::io::MarkNode> markNodes(const anatomy::Body& body,
                                             const annotate::MapDocument& document, int session);

} // namespace app
