// bench: after the runs, each target's figure beside its peer from the same run, as a ratio,
// since the machines these run on are shared and their absolute speed drifts.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace bench {

class SummaryReporter : public benchmark::ConsoleReporter {
public:
    // Plain text: the output is read in logs as often as in a terminal.
    SummaryReporter() : benchmark::ConsoleReporter(OO_None) {}
    void ReportRuns(const std::vector<Run>& runs) override;
    void Finalize() override;

private:
    struct Figures {
        double realSeconds = 0.0; // per iteration: the median where repeated
        std::map<std::string, double> counters;
    };
    // By function name and arguments ("BM_Sim_LinkSolves_FasciaLab/n:64/threads:1").
    std::map<std::string, Figures> m_figures;
    const Figures* find(const std::string& name) const;
};

} // namespace bench
