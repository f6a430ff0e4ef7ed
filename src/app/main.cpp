// FasciaLab: an interactive 3D anatomy and fascia visualizer for teaching and explaining
// myofascial work. Education and communication, not diagnosis.
#include "app/Cli.h"

#include <iostream>

int main(int argc, char** argv) {
    return app::runCli(argc, argv, std::cout, std::cerr);
}
