// `newsarc crawl JOB.toml`: runs a crawl job (fetch, archive, follow links) with a live progress line.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/crawl/engine.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/jobs/job_lock.hpp"
#include "newsarc/jobs/run_job.hpp"
#include "newsarc/jobs/schedule.hpp"

namespace newsarc::cli {
namespace {

struct CrawlArgs {
    std::string job_file;
    std::string db;
    std::int64_t max_pages = 0;
    std::string stats_json;
    int workers = 0;
};

std::string human_bytes(std::int64_t bytes) {
    char text[32];
    if (bytes >= (1LL << 30)) {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / (1LL << 30));
    } else if (bytes >= (1LL << 20)) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1LL << 20));
    } else {
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1024.0);
    }
    return text;
}

std::string status_line(const crawl::CrawlStats& stats) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "fetched %lld | ok %lld | errors %lld | robots %lld | queued %lld | in flight %lld | %.1f pages/s | %s",
                  static_cast<long long>(stats.fetched), static_cast<long long>(stats.ok + stats.not_modified),
                  static_cast<long long>(stats.errors), static_cast<long long>(stats.robots_denied),
                  static_cast<long long>(stats.queued), static_cast<long long>(stats.in_flight),
                  stats.pages_per_second(), human_bytes(stats.bytes).c_str());
    std::string line = text;
    if (!stats.by_article.empty()) {
        // Articles: what the plugins extracted and what became of it (stored, unchanged, off_topic, empty).
        line += " | articles";
        for (const auto& [state, count] : stats.by_article) {
            line += " " + state + " " + std::to_string(count);
        }
    }
    return line;
}

Action register_crawl(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<CrawlArgs>();
    Command& sub = program.subcommand("crawl", "Run a crawl job: fetch its seeds, follow links, archive every page and the articles its plugins extract");
    sub.option("job", args->job_file, "The job file (TOML)").required();
    const Option& db = sub.option("--db", args->db, "Archive file (overrides [archive] path in the job)");
    const Option& max_pages =
        sub.option("--max-pages", args->max_pages, "Stop after this many pages (overrides [scope] max_pages)")
            .check(Check::positive());
    sub.option("--stats-json", args->stats_json, "Write the run's counters to this file as JSON at the end");
    sub.option("--workers", args->workers, "Threads that process pages (default: one per core); one more thread "
                                           "writes the archive, in fetch order, so the archive is the same for any N")
        .check(Check::non_negative());
    return [args, &db, &max_pages, &global]() -> int {
        const crawl::JobConfig job = crawl::load_job_config(args->job_file);
        jobs::check_schedule(job); // a job file the daemon would refuse is refused here too
        crawl::CrawlOptions options;
        if (db.given()) {
            options.archive_path = args->db;
        } else if (global.db_given) {
            options.archive_path = global.db_path;
        }
        if (max_pages.given()) {
            options.max_pages = args->max_pages;
        }
        options.workers = args->workers;
        // One run of a job at a time: a second `newsarc crawl` (or a daemon run) of the same job and archive
        // is refused while this one holds the lock; the kernel drops it if this process dies.
        const std::filesystem::path archive = options.archive_path.value_or(std::filesystem::path(job.archive.path));
        const std::filesystem::path lock_path = jobs::job_lock_path(archive, job.name);
        const std::optional<jobs::JobLock> lock = jobs::JobLock::try_acquire(lock_path);
        if (!lock) {
            const auto pid = jobs::JobLock::holder_pid(lock_path);
            throw Failure("job '" + job.name + "' is already running" +
                          (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()) + ": " + lock_path.string() +
                          " is locked");
        }
        const bool terminal = ::isatty(STDERR_FILENO) != 0;
        if (terminal) {
            options.progress_interval = std::chrono::milliseconds(500);
            options.on_progress = [](const crawl::CrawlStats& stats) {
                std::cerr << "\r\033[K" << status_line(stats) << std::flush;
            };
        } else {
            options.progress_interval = std::chrono::seconds(5);
            options.on_progress = [](const crawl::CrawlStats& stats) {
                log::get("engine")->info("event=progress {}", status_line(stats));
            };
        }
        const crawl::CrawlStats stats = jobs::run_job(job, options);
        if (terminal) {
            std::cerr << "\r\033[K";
        }
        std::cout << "crawl " << job.name << ": " << status_line(stats) << " in " << stats.elapsed_s << " s"
                  << (stats.interrupted ? " (stopped; run again to resume)"
                                        : stats.finished ? " (finished)" : "")
                  << "\n";
        if (!stats.snapshot.empty()) {
            std::cout << "snapshot " << stats.snapshot
                      << (stats.exported_to.empty() ? std::string() : " exported to " + stats.exported_to) << "\n";
        }
        if (!args->stats_json.empty()) {
            std::ofstream out(args->stats_json, std::ios::binary | std::ios::trunc);
            out << crawl::to_json(stats) << "\n";
            if (!out.flush()) {
                std::cerr << "newsarc crawl: cannot write --stats-json file '" << args->stats_json << "'\n";
                return 1;
            }
        }
        for (const crawl::SiteHealth& site : stats.degraded) {
            std::cout << "degraded: " << site.site;
            for (const std::string& reason : site.reasons) {
                std::cout << "; " << reason;
            }
            std::cout << "\n";
        }
        return stats.degraded.empty() ? 0 : crawl::kExitDegraded;
    };
}

} // namespace

NEWSARC_COMMAND(20, register_crawl);

} // namespace newsarc::cli
