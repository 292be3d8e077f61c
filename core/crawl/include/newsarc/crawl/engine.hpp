// The crawl engine: runs one job from its frontier to the end (or to a stop signal), fetching on one
// network thread and processing pages on a worker thread.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "newsarc/crawl/job_config.hpp"
#include "newsarc/crawl/stats.hpp"

namespace newsarc::archive {
class Store;
}

namespace newsarc::crawl {

/// The exit status of a run that finished with a degraded site (README: 0 ok, 1 runtime failure, 2 usage or
/// configuration error, 3 finished with a degraded site).
inline constexpr int kExitDegraded = 3;

struct CrawlOptions {
    /// Overrides [scope] max_pages (the CLI's --max-pages).
    std::optional<std::int64_t> max_pages;
    /// Overrides [archive] path (the CLI's --db). The frontier is "<archive>.frontier".
    std::optional<std::filesystem::path> archive_path;
    /// Page threads: each fetched page is decoded, parsed, extracted, cleaned and scored on one of them (0: one
    /// per core); one more thread writes the archive, in the order the pages were fetched, so the archive is the
    /// same for any number.
    int workers = 0;
    /// Stop cleanly on SIGINT/SIGTERM: in-flight transfers may finish for `stop_grace`, then the rest are
    /// put back in the queue. A second signal cuts the grace short.
    bool handle_signals = true;
    std::chrono::milliseconds stop_grace{10000};
    /// Called on the network thread every `progress_interval` with the current counters.
    std::function<void(const CrawlStats&)> on_progress;
    std::chrono::milliseconds progress_interval{1000};
    /// Called once a run has finished (its frontier empty or max_pages reached; not a stopped or failed run),
    /// with the archive and the counters, before the run is recorded: the job runner's snapshot and export
    /// (newsarc/jobs/run_job.hpp), whose names then go into the run's record. What it throws fails the run.
    std::function<void(archive::Store& archive, CrawlStats& stats)> after_finished;
};

/// Runs the crawl `job` describes: opens (creating) the archive and the frontier beside it, resumes an
/// unfinished crawl of the same job or starts afresh, and returns the run's counters when the frontier is
/// empty, max_pages is reached or a signal stopped it. Every fetch outcome goes to the archive's fetch
/// log; the run is recorded with its counters, and a finished run's health per site (stats.degraded names the
/// sites that look broken next to their earlier runs).
/// Throws newsarc::Failure for what stops the job as a whole (archive or frontier unusable).
CrawlStats run_crawl(const JobConfig& job, const CrawlOptions& options = {});

} // namespace newsarc::crawl
