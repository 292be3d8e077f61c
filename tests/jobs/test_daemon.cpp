// Focus: the daemon's scheduler — jobs run on their schedule, overlapping runs are skipped, a failing job does
// not stop the others, a stale lock is taken over, and SIGTERM ends it cleanly.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "newsarc/jobs/daemon.hpp"
#include "newsarc/jobs/job_lock.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::jobs;
using Clock = std::chrono::system_clock;

namespace {

struct OutcomeLine {
    std::string job;
    std::string kind;
    int exit_code = 0;
    long long started_ms = 0;
};

std::vector<OutcomeLine> read_outcomes(const std::filesystem::path& path) {
    std::vector<OutcomeLine> lines;
    std::ifstream in(path);
    OutcomeLine line;
    while (in >> line.job >> line.kind >> line.exit_code >> line.started_ms) {
        lines.push_back(line);
    }
    return lines;
}

long long millis(Clock::time_point when) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

const char* kind_name(RunOutcome::Kind kind) {
    switch (kind) {
    case RunOutcome::Kind::finished:
        return "finished";
    case RunOutcome::Kind::skipped_overlap:
        return "skipped";
    case RunOutcome::Kind::failed_to_start:
        return "not_started";
    }
    return "?";
}

ScheduledJob shell_job(const std::string& name, const std::string& script, const std::filesystem::path& dir) {
    return ScheduledJob{name, Schedule::parse("every 1s").value(), {"/bin/sh", "-c", script},
                        dir / (name + ".lock")};
}

/// Runs the daemon in a child process, recording every outcome as a line in `outcomes`.
pid_t start_daemon(const std::vector<ScheduledJob>& jobs, const std::filesystem::path& outcomes) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int code = run_daemon(jobs, DaemonOptions{}, [&](const RunOutcome& outcome) {
            std::ofstream out(outcomes, std::ios::app);
            out << outcome.job << ' ' << kind_name(outcome.kind) << ' ' << outcome.exit_code << ' '
                << millis(outcome.started) << '\n';
        });
        ::_exit(code);
    }
    return pid;
}

/// Waits (bounded) until `done` holds for the outcomes written so far.
template <typename Predicate>
bool wait_for(const std::filesystem::path& outcomes, Predicate done, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done(read_outcomes(outcomes))) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

int count(const std::vector<OutcomeLine>& lines, const std::string& job, const std::string& kind) {
    int n = 0;
    for (const auto& line : lines) {
        n += (line.job == job && line.kind == kind) ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("the daemon runs jobs on schedule, skips overlaps, survives failures and stops on SIGTERM",
          "[jobs][daemon]") {
    const newsarc::test::TempDir dir("daemon");
    const auto outcomes = dir / "outcomes.txt";
    const auto slow_marker = dir / "slow.txt";
    const std::vector<ScheduledJob> jobs = {
        shell_job("quick", "exit 0", dir.path()),
        shell_job("slow", "echo start >> " + slow_marker.string() + "; sleep 2.5", dir.path()),
        shell_job("failing", "exit 3", dir.path()),
    };
    const pid_t daemon = start_daemon(jobs, outcomes);
    REQUIRE(daemon > 0);
    const bool seen = wait_for(outcomes, [](const std::vector<OutcomeLine>& lines) {
        return count(lines, "quick", "finished") >= 3 && count(lines, "failing", "finished") >= 3 &&
               count(lines, "slow", "skipped") >= 1;
    }, std::chrono::seconds(20));
    ::kill(daemon, SIGTERM);
    int status = 0;
    REQUIRE(::waitpid(daemon, &status, 0) == daemon);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    REQUIRE(seen);

    const auto lines = read_outcomes(outcomes);
    std::vector<long long> quick_starts;
    // A job's last run may have been cut short by the SIGTERM that ended the daemon (forwarded to it).
    const auto is_last_run = [&](std::size_t index) {
        for (std::size_t later = index + 1; later < lines.size(); ++later) {
            if (lines[later].job == lines[index].job && lines[later].kind == "finished") {
                return false;
            }
        }
        return true;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        if (line.kind != "finished" || (is_last_run(i) && line.exit_code == 128 + SIGTERM)) {
            continue;
        }
        if (line.job == "failing") {
            CHECK(line.exit_code == 3);
        }
        if (line.job == "quick") {
            CHECK(line.exit_code == 0);
            quick_starts.push_back(line.started_ms);
        }
    }
    // Never early: consecutive runs of an every-1s job start at least a second apart.
    for (std::size_t i = 1; i < quick_starts.size(); ++i) {
        CHECK(quick_starts[i] - quick_starts[i - 1] >= 990);
    }
    // Overlapping slots of the slow job were skipped, not stacked: it never ran twice at once, so it started
    // at most once per 2.5 s of the daemon's life.
    std::ifstream marker(slow_marker);
    int slow_starts = 0;
    for (std::string line; std::getline(marker, line);) {
        ++slow_starts;
    }
    CHECK(slow_starts >= 1);
    CHECK(slow_starts < count(lines, "quick", "finished"));
}

TEST_CASE("a job whose lock another live process holds is skipped, a dead holder's lock is taken over",
          "[jobs][daemon]") {
    const newsarc::test::TempDir dir("daemon-lock");
    const auto outcomes = dir / "outcomes.txt";
    auto held_job = shell_job("held", "exit 0", dir.path());
    auto stale_job = shell_job("stale", "exit 0", dir.path());

    // "held": this test process holds the lock for the whole run.
    auto held = JobLock::try_acquire(held_job.lock_path);
    REQUIRE(held.has_value());
    // "stale": a process took the lock and was SIGKILLed.
    const pid_t victim = ::fork();
    if (victim == 0) {
        auto lock = JobLock::try_acquire(stale_job.lock_path);
        ::pause();
        ::_exit(0);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!JobLock::holder_pid(stale_job.lock_path) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(JobLock::holder_pid(stale_job.lock_path) == victim);
    ::kill(victim, SIGKILL);
    ::waitpid(victim, nullptr, 0);

    const pid_t daemon = start_daemon({held_job, stale_job}, outcomes);
    const bool seen = wait_for(outcomes, [](const std::vector<OutcomeLine>& lines) {
        return count(lines, "stale", "finished") >= 1 && count(lines, "held", "skipped") >= 1;
    }, std::chrono::seconds(15));
    ::kill(daemon, SIGTERM);
    ::waitpid(daemon, nullptr, 0);
    CHECK(seen);
    CHECK(count(read_outcomes(outcomes), "held", "finished") == 0);
}
