// app: the command line's commands, one file each; Cli.cpp only dispatches to them. Each
// takes the arguments after its name and returns the exit code of the contract (Cli.h).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace app {

using CommandArgs = std::vector<std::string>;

int runInfo(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runRender(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runHandout(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runExport(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runSimulate(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runBodygen(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runLibrary(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runLessons(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runQuiz(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runPalpate(const CommandArgs& args, std::ostream& out, std::ostream& err);
int runAtlasCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
// The viewer: `fascialab [MODEL] [--map FILE] ...`, all the arguments.
int runViewerCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

} // namespace app
