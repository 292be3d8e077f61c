// `newsarc merge OUT.db IN.db...`: the archives of several crawl workers (a shared Redis frontier, one archive
// each) into one: documents by id, versions by content hash in time order, captures, fetch logs and runs.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "newsarc/archive/merge.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::cli {
namespace {

struct MergeArgs {
    std::string out;
    std::vector<std::string> inputs;
};

int run_merge(const MergeArgs& args) {
    std::vector<std::filesystem::path> inputs;
    for (const std::string& input : args.inputs) {
        if (!std::filesystem::exists(input)) {
            throw usage_failure("merge: no archive '" + input + "'");
        }
        if (std::filesystem::exists(args.out) && std::filesystem::equivalent(input, args.out)) {
            throw usage_failure("merge: '" + input + "' is the output archive too");
        }
        inputs.emplace_back(input);
    }
    archive::Store out = archive::Store::open(args.out);
    const archive::MergeReport report = archive::merge_archives(out, inputs);
    std::cout << "merged " << inputs.size() << " archive" << (inputs.size() == 1 ? "" : "s") << " into " << args.out
              << ": documents +" << report.documents << ", versions +" << report.versions << ", captures +"
              << report.captures << ", fetches +" << report.fetches << ", runs +" << report.runs << "\n";
    return 0;
}

Action register_merge(Command& program, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<MergeArgs>();
    Command& sub = program.subcommand("merge", "Merge archives (one per crawl worker) into one; idempotent");
    sub.option("OUT", args->out, "The archive to merge into (created when missing)").required();
    sub.option("IN", args->inputs, "Archives to merge in").required();
    return [args] { return run_merge(*args); };
}

} // namespace

NEWSARC_COMMAND(47, register_merge);

} // namespace newsarc::cli
