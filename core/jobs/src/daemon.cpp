// run_daemon: a single-threaded scheduler over fork/exec, woken by signals or the next due time.
#include "newsarc/jobs/daemon.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

#include "newsarc/base/log.hpp"
#include "newsarc/jobs/job_lock.hpp"

namespace newsarc::jobs {
namespace {

using Clock = std::chrono::system_clock;

struct RunningJob {
    std::size_t job_index = 0;
    Clock::time_point started{};
};

/// Starts `job` as a child; returns its pid or -1 (errno set). The child takes the job's lock itself through
/// the command it runs (`newsarc crawl` locks the job), so the daemon's check below is only a fast path.
pid_t spawn(const ScheduledJob& job, const sigset_t& original_mask) {
    std::vector<char*> argv;
    std::vector<std::string> storage = job.argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

} // namespace

int run_daemon(const std::vector<ScheduledJob>& jobs, const DaemonOptions& options,
               const std::function<void(const RunOutcome&)>& observer) {
    auto logger = log::get("job");
    sigset_t wait_set;
    sigemptyset(&wait_set);
    sigaddset(&wait_set, SIGTERM);
    sigaddset(&wait_set, SIGINT);
    sigaddset(&wait_set, SIGCHLD);
    sigset_t original_mask;
    ::sigprocmask(SIG_BLOCK, &wait_set, &original_mask);

    std::vector<Clock::time_point> due(jobs.size());
    const auto start = Clock::now();
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        due[i] = jobs[i].schedule.next_after(start);
        logger->info("job={} schedule=\"{}\" next_run={}", jobs[i].name, jobs[i].schedule.text(),
                     Clock::to_time_t(due[i]));
    }
    std::map<pid_t, RunningJob> running;
    int slots = 0;
    bool stopping = false;
    bool signalled = false;

    const auto reap = [&] {
        while (true) {
            int status = 0;
            const pid_t pid = ::waitpid(-1, &status, WNOHANG);
            if (pid <= 0) {
                return;
            }
            const auto found = running.find(pid);
            if (found == running.end()) {
                continue;
            }
            RunOutcome outcome;
            outcome.job = jobs[found->second.job_index].name;
            outcome.started = found->second.started;
            outcome.ended = Clock::now();
            outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            running.erase(found);
            logger->info("job={} run=finished exit={}", outcome.job, outcome.exit_code);
            observer(outcome);
        }
    };

    while (!stopping) {
        const auto now = Clock::now();
        for (std::size_t i = 0; i < jobs.size() && !stopping; ++i) {
            if (due[i] > now) {
                continue;
            }
            const auto& job = jobs[i];
            // Next slot first, from the slot just reached: a late start does not shift the schedule.
            due[i] = job.schedule.next_after(job.schedule.is_interval() ? now : due[i]);
            const bool running_here = std::any_of(running.begin(), running.end(),
                                                  [&](const auto& entry) { return entry.second.job_index == i; });
            const bool held_elsewhere = !running_here && !JobLock::try_acquire(job.lock_path).has_value();
            if (running_here || held_elsewhere) {
                RunOutcome outcome{job.name, RunOutcome::Kind::skipped_overlap, 0, now, now,
                                   running_here ? "the previous run is still going"
                                                : "another process holds " + job.lock_path.string()};
                logger->warn("job={} run=skipped reason=\"{}\"", job.name, outcome.detail);
                observer(outcome);
            } else {
                const pid_t pid = spawn(job, original_mask);
                if (pid < 0) {
                    RunOutcome outcome{job.name, RunOutcome::Kind::failed_to_start, 0, now, now,
                                       std::string("fork failed: ") + std::strerror(errno)};
                    logger->error("job={} run=not_started reason=\"{}\"", job.name, outcome.detail);
                    observer(outcome);
                } else {
                    running[pid] = RunningJob{i, now};
                    logger->info("job={} run=started pid={}", job.name, pid);
                }
            }
            ++slots;
            if (options.max_runs > 0 && slots >= options.max_runs) {
                stopping = true;
            }
        }
        if (stopping) {
            break;
        }
        Clock::time_point next = Clock::time_point::max();
        for (const auto& when : due) {
            next = std::min(next, when);
        }
        const auto wait = std::max<Clock::duration>(next - Clock::now(), std::chrono::milliseconds(1));
        const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::min<Clock::duration>(wait, std::chrono::hours(1)));
        timespec timeout{static_cast<time_t>(wait_ms.count() / 1000),
                         static_cast<long>((wait_ms.count() % 1000) * 1000000)};
        const int signal = ::sigtimedwait(&wait_set, nullptr, &timeout);
        if (signal == SIGTERM || signal == SIGINT) {
            logger->info("daemon stopping signal={} running={}", signal, running.size());
            stopping = true;
            signalled = true;
        }
        reap();
    }

    // Stop: on a signal, ask running jobs to end cleanly; at max_runs, let them finish. Then make sure none is
    // left behind.
    if (signalled) {
        for (const auto& [pid, run] : running) {
            ::kill(pid, SIGTERM);
        }
    }
    const auto deadline = Clock::now() + options.stop_grace;
    while (!running.empty() && Clock::now() < deadline) {
        timespec tick{0, 100 * 1000000};
        ::sigtimedwait(&wait_set, nullptr, &tick);
        reap();
    }
    for (const auto& [pid, run] : running) {
        logger->warn("job={} did not stop within the grace period; killing pid={}", jobs[run.job_index].name, pid);
        ::kill(pid, SIGKILL);
    }
    while (!running.empty()) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            break;
        }
        running.erase(pid);
    }
    ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
    return 0;
}

} // namespace newsarc::jobs
