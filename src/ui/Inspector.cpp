#include "ui/Inspector.h"

namespace ui {

std::vector<InspectorLine> inspectorLines(const anatomy::Structure& s) {
    std::vector<InspectorLine> lines;
    lines.push_back({"Layer", std::string(anatomy::layerDisplayName(s.layer))});
    lines.push_back({"Side", s.side == anatomy::Side::Left    ? "left"
                             : s.side == anatomy::Side::Right ? "right"
                                                              : "midline"});
    const anatomy::StructureInfo& info = s.info;
    for (const auto& [label, text] :
         {std::pair{"Latin", &info.latin}, std::pair{"Region", &info.region},
          std::pair{"FMA", &info.fma}, std::pair{"Source", &info.source}})
        if (!text->empty())
            lines.push_back({label, *text});
    for (const auto& [label, text] :
         {std::pair{"Origin", &info.origin}, std::pair{"Insertion", &info.insertion},
          std::pair{"Action", &info.action}, std::pair{"Innervation", &info.innervation}})
        if (!text->empty())
            lines.push_back({label, *text, true});
    return lines;
}

} // namespace ui
