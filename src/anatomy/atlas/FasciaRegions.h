// anatomy/atlas: the named regions of the atlas body's deep fascia, labels on its one continuous
// surface (not cuts): each vertex takes the region of the muscle beneath it (the fascia lata over
// the thigh's muscles, the crural fascia over the leg's...), with the thoracolumbar fascia, the
// soles and palms placed by the atlas's own bones and the surface's facing; each region's
// collagen runs its own way (along a limb, around the belly, the thoracolumbar fascia's
// inferomedial fibres crossed by its deep lamina's superomedial ones).
#pragma once

#include "anatomy/Body.h"

namespace anatomy::atlas {

// Sets `deep.regionNames` and `deep.vertexRegions`, the fibres where a region has its own
// direction, and the deep lamina's fibres where a region has two laminae. `deep` must have normals
// and fibres (those of the muscles beneath it).
void labelDeepFasciaRegions(const Body& body, Structure& deep);

} // namespace anatomy::atlas
