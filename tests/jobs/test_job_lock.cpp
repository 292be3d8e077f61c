// Focus: the per-job lock — one run at a time, and a killed holder never leaves it stuck.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>


#include "newsarc/jobs/job_lock.hpp"
#include "support/temp_dir.hpp"

using newsarc::jobs::JobLock;

TEST_CASE("a held lock refuses a second holder until released", "[jobs][lock]") {
    const newsarc::test::TempDir dir("lock");
    const auto path = dir / "job.lock";
    {
        auto first = JobLock::try_acquire(path);
        REQUIRE(first.has_value());
        CHECK(JobLock::holder_pid(path) == ::getpid());
        // A second open file description (as another process would have) cannot take it.
        CHECK_FALSE(JobLock::try_acquire(path).has_value());
    }
    CHECK(JobLock::try_acquire(path).has_value());
}

TEST_CASE("the lock of a SIGKILLed holder is taken over", "[jobs][lock]") {
    const newsarc::test::TempDir dir("lock");
    const auto path = dir / "job.lock";
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto held = JobLock::try_acquire(path);
        const char byte = held ? 'y' : 'n';
        [[maybe_unused]] const ssize_t written = ::write(ready[1], &byte, 1);
        ::pause();
        ::_exit(0);
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    REQUIRE(byte == 'y');
    CHECK_FALSE(JobLock::try_acquire(path).has_value());
    CHECK(JobLock::holder_pid(path) == child);

    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    // The stale file still names the dead pid, yet the lock is free.
    CHECK(JobLock::holder_pid(path) == child);
    auto taken = JobLock::try_acquire(path);
    CHECK(taken.has_value());
    CHECK(JobLock::holder_pid(path) == ::getpid());
    ::close(ready[0]);
    ::close(ready[1]);
}
