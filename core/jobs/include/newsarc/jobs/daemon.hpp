// The scheduler behind `newsarc daemon`: runs each job as a child process on its schedule.
#pragma once
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "newsarc/jobs/schedule.hpp"

namespace newsarc::jobs {

/// One scheduled job: what to run and when. The command is run as a child process (argv, no shell), so a
/// job that crashes or fails never takes the daemon down.
struct ScheduledJob {
    std::string name;
    Schedule schedule;
    std::vector<std::string> argv;     ///< e.g. {"/usr/bin/newsarc", "--db", "x.db", "crawl", "jobs/a.toml"}
    std::filesystem::path lock_path;   ///< the job's JobLock file: a run is skipped while another holds it
};

/// What happened to one run, reported to the daemon's observer (which logs it).
struct RunOutcome {
    std::string job;
    enum class Kind : std::uint8_t { finished = 1, skipped_overlap = 2, failed_to_start = 3 } kind = Kind::finished;
    int exit_code = 0; ///< for finished runs: the exit status, or 128 + signal
    std::chrono::system_clock::time_point started{};
    std::chrono::system_clock::time_point ended{};
    std::string detail;
};

struct DaemonOptions {
    /// Stop scheduling after this many due slots in total, started or skipped (0: no limit), then wait for
    /// the running jobs (up to stop_grace). Tests use it to bound a daemon's life.
    int max_runs = 0;
    /// How long SIGTERM waits for running jobs (which got SIGTERM too) before they are killed.
    std::chrono::seconds stop_grace{60};
};

/// Runs `jobs` until SIGTERM or SIGINT (or options.max_runs starts). Each job starts at its next due time; a
/// job whose previous run is still going (its lock is held, by this daemon or another process) is skipped for
/// that slot and reported as skipped_overlap; a failing job does not affect the others. On SIGTERM/SIGINT the
/// daemon forwards SIGTERM to running jobs, waits for them (up to stop_grace) and returns 0.
/// The daemon blocks SIGTERM, SIGINT and SIGCHLD in the calling thread and waits for them with sigtimedwait,
/// so there is no busy loop: it sleeps until the next due time or the next signal.
int run_daemon(const std::vector<ScheduledJob>& jobs, const DaemonOptions& options,
               const std::function<void(const RunOutcome&)>& observer);

} // namespace newsarc::jobs
