// anatomy/io: bringing a freshly read model to metres, +Y up, facing +Z.
#pragma once

#include "anatomy/io/Readers.h"

namespace anatomy::io {

// Applies the file's declared unit and axes. Formats that declare no unit (OBJ, STL, PLY) are
// assumed to be in metres, decimetres, centimetres or millimetres, whichever makes the model
// between 0.25 m and 2.5 m across; the choice is written to body.importNotes.
void normalizeUnitsAndAxes(RawModel& raw);

} // namespace anatomy::io
