// run_job: the crawl, then the after-run snapshot and export the job asks for.
#include "newsarc/jobs/run_job.hpp"

#include <ctime>
#include <string>

#include "newsarc/archive/exporter.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"

namespace newsarc::jobs {

void snapshot_after_run(const crawl::JobConfig& job, archive::Store& archive, crawl::CrawlStats& stats,
                        std::chrono::system_clock::time_point now) {
    // Named by job and time (UTC, to the second); a second run within the same second gets a suffix.
    const std::time_t when = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&when, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    std::string name = job.name + "-" + stamp;
    for (int n = 2; archive.find_snapshot(name); ++n) {
        name = job.name + "-" + stamp + "-" + std::to_string(n);
    }
    const archive::SnapshotInfo snapshot = archive.create_snapshot(name);
    stats.snapshot = name;
    log::get("job")->info("event=snapshot job={} name={} documents={}", job.name, name, snapshot.documents);
    if (!job.export_dir.empty()) {
        archive::ExportOptions options;
        options.selection.snapshot = name;
        const std::filesystem::path out = job.export_dir / name;
        const archive::ExportReport report = archive::export_corpus(archive, out, options);
        stats.exported_to = out.string();
        log::get("job")->info("event=exported job={} snapshot={} documents={} to=\"{}\"", job.name, name,
                              report.documents, out.string());
    }
}

crawl::CrawlStats run_job(const crawl::JobConfig& job, crawl::CrawlOptions options) {
    options.after_finished = nullptr;
    if (job.snapshot == "after-run") {
        // Inside the run (the engine calls it before recording the run), so that the run's record names the
        // snapshot and a failed export is a failed run, as `newsarc runs` shows it.
        options.after_finished = [&job](archive::Store& archive, crawl::CrawlStats& stats) {
            snapshot_after_run(job, archive, stats, std::chrono::system_clock::now());
        };
    }
    return crawl::run_crawl(job, options);
}

} // namespace newsarc::jobs
