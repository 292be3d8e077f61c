// One run of a job at a time, across processes: an advisory lock on a file beside the archive.
#pragma once
#include <filesystem>
#include <string_view>
#include <optional>
#include <string>

namespace newsarc::jobs {

/// The lock file of the job called `job_name` that writes to `archive`: "<archive>.<job_name>.lock", beside the
/// archive, so `newsarc crawl` and `newsarc daemon` agree on it and two archives never share a lock.
std::filesystem::path job_lock_path(const std::filesystem::path& archive, std::string_view job_name);

/// Held while a job runs. Built on flock(2), so the kernel releases it when the holder dies for any reason
/// (SIGKILL included): a killed run never leaves a stale lock behind. The file keeps the holder's pid and start
/// time for people reading it; the lock itself is the flock, not the file's existence.
class JobLock {
public:
    /// Tries to take the lock at `path` without waiting. Returns nothing when another process holds it.
    /// Throws newsarc::Failure when the lock file cannot be created (naming the path and the reason).
    static std::optional<JobLock> try_acquire(const std::filesystem::path& path);

    /// The pid written by the current holder of `path`, if the file names one.
    static std::optional<long> holder_pid(const std::filesystem::path& path);

    JobLock(JobLock&& other) noexcept;
    JobLock& operator=(JobLock&& other) noexcept;
    JobLock(const JobLock&) = delete;
    JobLock& operator=(const JobLock&) = delete;
    ~JobLock();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    JobLock(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
    void release() noexcept;

    std::filesystem::path path_;
    int fd_ = -1;
};

} // namespace newsarc::jobs
