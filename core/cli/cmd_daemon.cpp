// `newsarc daemon [--jobs DIR] [--metrics-port N]`: runs every job file of DIR that has a `schedule`, each run a
// `newsarc crawl` child process, until SIGTERM or SIGINT; with --metrics-port, serves /metrics meanwhile.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <map>
#include <memory>
#include <vector>

#include "command.hpp"
#include "daemon_metrics.hpp"
#include "degraded_hook.hpp"
#include "newsarc/crawl/engine.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/jobs/daemon.hpp"
#include "newsarc/jobs/job_lock.hpp"
#include "newsarc/jobs/schedule.hpp"

namespace newsarc::cli {
namespace {

struct DaemonArgs {
    std::string jobs_dir = "configs/jobs";
    int max_runs = 0;
    std::optional<std::int64_t> metrics_port; ///< given: serve /metrics on it (0: a free port)
    std::string metrics_bind = "127.0.0.1";
    std::string metrics_port_file;
};

/// Every *.toml of `dir`, by name. A job file with a mistake stops the daemon before anything runs.
std::vector<crawl::JobConfig> load_jobs(const std::filesystem::path& dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        throw usage_failure(dir.string() + ": no such jobs folder");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<crawl::JobConfig> jobs;
    for (const auto& file : files) {
        jobs.push_back(crawl::load_job_config(file));
        jobs::check_schedule(jobs.back());
    }
    return jobs;
}

std::string self_executable() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        throw Failure("cannot find the newsarc executable (/proc/self/exe): " + error.message());
    }
    return self.string();
}

int run_daemon_command(const DaemonArgs& args, const GlobalOptions& global, bool db_given) {
    const std::string self = self_executable();
    std::vector<jobs::ScheduledJob> scheduled;
    // Per job: its [health] on_degraded command and archive, for runs that end with a degraded site.
    auto hooks = std::make_shared<std::map<std::string, std::pair<std::string, std::filesystem::path>>>();
    auto archive_of = std::make_shared<std::map<std::string, std::filesystem::path>>(); // job -> its archive
    for (const crawl::JobConfig& job : load_jobs(args.jobs_dir)) {
        if (job.schedule.empty()) {
            log::get("job")->info("event=unscheduled job={} file=\"{}\" reason=\"no 'schedule' key: run it with "
                                  "newsarc crawl\"",
                                  job.name, job.file.string());
            continue;
        }
        std::vector<std::string> argv = {self, "--log-level", global.log_level};
        if (db_given) {
            argv.insert(argv.end(), {"--db", global.db_path});
        }
        argv.insert(argv.end(), {"crawl", job.file.string()});
        const std::filesystem::path archive = db_given ? std::filesystem::path(global.db_path)
                                                       : std::filesystem::path(job.archive.path);
        (*archive_of)[job.name] = archive;
        if (!job.health.on_degraded.empty()) {
            (*hooks)[job.name] = {job.health.on_degraded, archive};
        }
        // The schedule was checked when the job file was read.
        scheduled.push_back(jobs::ScheduledJob{job.name, jobs::Schedule::parse(job.schedule).value(), std::move(argv),
                                               jobs::job_lock_path(archive, job.name)});
        log::get("job")->info("event=scheduled job={} schedule=\"{}\" file=\"{}\"", job.name, job.schedule,
                              job.file.string());
    }
    if (scheduled.empty()) {
        throw usage_failure(args.jobs_dir + ": no job file has a 'schedule' key, so the daemon has nothing to run");
    }
    std::vector<std::string> names;
    std::vector<std::filesystem::path> archives;
    for (const auto& job : scheduled) {
        names.push_back(job.name);
    }
    for (const auto& [name, archive] : *archive_of) {
        if (std::find(archives.begin(), archives.end(), archive) == archives.end()) {
            archives.push_back(archive);
        }
    }
    auto counts = std::make_shared<DaemonRunCounts>(names);
    std::unique_ptr<serve::HttpServer> metrics;
    if (args.metrics_port) {
        metrics = start_daemon_metrics(args.metrics_bind, static_cast<std::uint16_t>(*args.metrics_port), archives,
                                       counts);
        log::get("job")->info("event=metrics_listening url=http://{}:{}/metrics", args.metrics_bind, metrics->port());
        if (!args.metrics_port_file.empty()) {
            std::ofstream(args.metrics_port_file) << metrics->port() << "\n";
        }
    }
    jobs::DaemonOptions options;
    options.max_runs = args.max_runs;
    return jobs::run_daemon(scheduled, options, [hooks, counts](const jobs::RunOutcome& outcome) {
        counts->record(outcome);
        const auto seconds = std::chrono::duration<double>(outcome.ended - outcome.started).count();
        switch (outcome.kind) {
        case jobs::RunOutcome::Kind::finished:
            log::get("job")->log(outcome.exit_code == 0 ? spdlog::level::info : spdlog::level::warn,
                                 "event=run_finished job={} exit={} elapsed_s={:.1f}", outcome.job,
                                 outcome.exit_code, seconds);
            if (const auto hook = hooks->find(outcome.job);
                outcome.exit_code == crawl::kExitDegraded && hook != hooks->end()) {
                start_degraded_hook(hook->second.first, hook->second.second, outcome.job);
            }
            break;
        case jobs::RunOutcome::Kind::skipped_overlap:
            log::get("job")->warn("event=run_skipped job={} reason=\"{}\"", outcome.job, outcome.detail);
            break;
        case jobs::RunOutcome::Kind::failed_to_start:
            log::get("job")->error("event=run_not_started job={} reason=\"{}\"", outcome.job, outcome.detail);
            break;
        }
    });
}

Action register_daemon(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<DaemonArgs>();
    Command& sub = program.subcommand(
        "daemon", "Run every job of a folder on its schedule (cron or 'every 30m'), one run of a job at a time");
    sub.option("--jobs", args->jobs_dir, "Folder of job files (*.toml); jobs without 'schedule' are skipped")
        .show_default();
    sub.option("--max-runs", args->max_runs, "Stop after this many scheduled slots (0: run until SIGTERM)")
        .check(Check::non_negative());
    sub.option("--metrics-port", args->metrics_port,
               "Serve Prometheus metrics of the jobs' archives on http://BIND:N/metrics (0: a free port)")
        .check(Check::integer_range(0, 65535));
    sub.option("--metrics-bind", args->metrics_bind, "Address of the metrics server").show_default();
    sub.option("--metrics-port-file", args->metrics_port_file, "Write the metrics port to this file once listening");
    return [args, &global] { return run_daemon_command(*args, global, global.db_given); };
}

} // namespace

NEWSARC_COMMAND(25, register_daemon);

} // namespace newsarc::cli
