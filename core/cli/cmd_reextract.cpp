// `newsarc reextract [--job JOB.toml] [--site S] [--since T] [--until T] [--plugin P] [--workers N] [--dry-run]
// [--json]`: today's
// plugins, cleaning and topic over the raw captures the archive holds, without a network request; a version is
// added only where the cleaned output changed.
#include <iostream>
#include <memory>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/crawl/reextract.hpp"

namespace newsarc::cli {
namespace {

struct ReextractArgs {
    std::string job_file;
    std::string site;
    std::string since;
    std::string until;
    std::string plugin;
    int workers = 0;
    bool dry_run = false;
    bool json = false;
};

int run_reextract(const ReextractArgs& args, const GlobalOptions& global, bool db_given) {
    crawl::JobConfig job;
    if (!args.job_file.empty()) {
        job = crawl::load_job_config(args.job_file);
    }
    crawl::ReextractOptions options;
    options.archive_path = db_given || args.job_file.empty() ? std::filesystem::path(global.db_path)
                                                              : std::filesystem::path(job.archive.path);
    options.site = args.site;
    options.plugin = args.plugin;
    options.dry_run = args.dry_run;
    options.workers = args.workers;
    if (!args.since.empty()) {
        options.since = parse_time_argument("--since", args.since);
    }
    if (!args.until.empty()) {
        options.until = parse_time_argument("--until", args.until);
    }
    if (!std::filesystem::exists(options.archive_path)) {
        throw usage_failure(options.archive_path.string() + ": no such archive");
    }
    const crawl::ReextractReport report = crawl::reextract(job, options);
    if (args.json) {
        std::cout << report.json() << "\n";
    } else {
        std::cout << "reextract" << (args.dry_run ? " (dry run, nothing written)" : "") << ": " << report.captures
                  << " article captures, " << report.versions_added << " versions added, " << report.unchanged
                  << " unchanged, " << report.not_kept << " not kept (off topic or empty), " << report.failed
                  << " without an article; " << report.fallbacks << " by the generic fallback\n";
    }
    return 0;
}

Action register_reextract(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<ReextractArgs>();
    Command& sub = program.subcommand(
        "reextract", "Extract the archived raw pages again with today's plugins, cleaning and topic (no network); "
                     "a version only where the cleaned output changed");
    sub.option("--job", args->job_file, "Take plugin folders, [clean] and [topic] (and the archive) from this job");
    sub.option("--site", args->site, "Only the pages of this site (a plugin id, or a host)");
    sub.option("--since", args->since, "Only captures fetched at or after TIME (YYYY-MM-DD[ HH:MM[:SS]])");
    sub.option("--until", args->until, "Only captures fetched at or before TIME");
    sub.option("--plugin", args->plugin, "Extract with this plugin only");
    sub.option("--workers", args->workers, "Threads that extract (default: one per core); one thread writes, "
                                           "so the archive is the same for any N")
        .check(Check::integer_range(0, 256));
    sub.flag("--dry-run", args->dry_run, "Count what would change; write nothing");
    sub.flag("--json", args->json, R"({"captures": N, "versions_added": N, "unchanged": N, "failed": N, ...})");
    return [args, &global] { return run_reextract(*args, global, global.db_given); };
}

} // namespace

NEWSARC_COMMAND(45, register_reextract);

} // namespace newsarc::cli
