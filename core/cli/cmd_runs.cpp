// `newsarc runs [--job NAME] [--limit N]`: the job runs recorded in the archive, newest first.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "archive_cli.hpp"
#include "command.hpp"

namespace newsarc::cli {
namespace {

struct RunsArgs {
    std::string job;
    std::size_t limit = 20;
};

/// A counter of the run's JSON ("ok", or "by_article.stored"), or 0.
std::int64_t counter(const nlohmann::json& counters, const std::string& table, const std::string& name) {
    const nlohmann::json* node = &counters;
    if (!table.empty()) {
        if (!counters.contains(table) || !counters[table].is_object()) {
            return 0;
        }
        node = &counters[table];
    }
    return node->contains(name) && (*node)[name].is_number_integer() ? (*node)[name].get<std::int64_t>() : 0;
}

/// The sites a run left degraded ("huxiu,qbitai"), or "-".
std::string degraded_sites(const nlohmann::json& counters) {
    std::string out;
    if (counters.is_object() && counters.contains("degraded") && counters["degraded"].is_array()) {
        for (const nlohmann::json& site : counters["degraded"]) {
            if (site.is_object() && site.contains("site") && site["site"].is_string()) {
                out += (out.empty() ? "" : ",") + site["site"].get<std::string>();
            }
        }
    }
    return out.empty() ? std::string("-") : out;
}

int run_runs(const RunsArgs& args, const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    const auto runs = store.list_runs(args.limit, args.job);
    if (runs.empty()) {
        std::cout << "no runs recorded" << (args.job.empty() ? std::string() : " for job '" + args.job + "'") << "\n";
        return 0;
    }
    std::cout << "id\tjob\tstarted\tseconds\texit\tfetched\tok\terrors\tstored\tunchanged\toff_topic\tsnapshot\tdegraded\n";
    for (const auto& run : runs) {
        const nlohmann::json counters = nlohmann::json::parse(run.counters_json, nullptr, false);
        const auto seconds = std::chrono::duration<double>(run.ended - run.started).count();
        char elapsed[32];
        std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
        std::cout << run.id << "\t" << run.job << "\t" << show_time(run.started) << "\t" << elapsed << "\t"
                  << run.exit_status << "\t" << counter(counters, "", "fetched") << "\t" << counter(counters, "", "ok")
                  << "\t" << counter(counters, "", "errors") << "\t" << counter(counters, "by_article", "stored")
                  << "\t" << counter(counters, "by_article", "unchanged") << "\t"
                  << counter(counters, "by_article", "off_topic") << "\t"
                  << (counters.is_object() && counters.contains("snapshot") && counters["snapshot"].is_string()
                          ? counters["snapshot"].get<std::string>()
                          : std::string())
                  << "\t" << degraded_sites(counters) << "\n";
    }
    return 0;
}

Action register_runs(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<RunsArgs>();
    Command& sub = program.subcommand("runs", "The job runs recorded in the archive, newest first");
    sub.option("--job", args->job, "Only the runs of this job");
    sub.option("--limit", args->limit, "At most this many runs (0: all)").show_default();
    return [args, &global] { return run_runs(*args, global); };
}

} // namespace

NEWSARC_COMMAND(65, register_runs);

} // namespace newsarc::cli
