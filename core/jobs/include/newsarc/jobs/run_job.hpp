// One run of a crawl job, start to end: the crawl itself (newsarc::crawl::run_crawl), then what the job asks for
// after a finished run (a snapshot of the archive, its export). `newsarc crawl` runs a job through here, and so
// does the daemon, whose runs are `newsarc crawl` child processes.
#pragma once
#include "newsarc/crawl/engine.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/crawl/stats.hpp"

namespace newsarc::archive {
class Store;
}

namespace newsarc::jobs {

/// Runs `job` (see crawl::run_crawl). When the run finished (not stopped, not failed) and the job has
/// snapshot = "after-run", the archive gets a snapshot named "<job>-<YYYYmmdd-HHMMSS>" (UTC; "-2", "-3" ... for a
/// second run in the same second), exported into export_dir/<snapshot> when export_dir is set; stats.snapshot and
/// stats.exported_to name them, in the returned counters and in the run's record. A failing snapshot or export
/// fails the run (recorded as failed, then thrown). Any after_finished of `options` is replaced.
crawl::CrawlStats run_job(const crawl::JobConfig& job, crawl::CrawlOptions options = {});

/// The after-run step alone, on an open archive: the snapshot and export run_job makes, `now` naming it.
void snapshot_after_run(const crawl::JobConfig& job, archive::Store& archive, crawl::CrawlStats& stats,
                        std::chrono::system_clock::time_point now);

} // namespace newsarc::jobs
