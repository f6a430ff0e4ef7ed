// anatomy/io: fascia layers for imported bodies that have a skin but no fascia (most real-world
// models), derived as inner surfaces of the skin at regional depths from
// assets/anatomy/subcutaneous.json, so maps and the simulation have fascia to work on.
#pragma once

#include "anatomy/Body.h"

namespace anatomy::io {

// Adds "superficial-fascia" and "deep-fascia" structures under each skin structure when the
// body has no fascia of its own. Returns how many structures were added.
size_t deriveFasciaLayers(Body& body);

} // namespace anatomy::io
