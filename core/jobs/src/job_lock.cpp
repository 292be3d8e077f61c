// JobLock over flock(2): released by the kernel when the holding process exits or is killed.
#include "newsarc/jobs/job_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

#include "newsarc/base/result.hpp"

namespace newsarc::jobs {

std::filesystem::path job_lock_path(const std::filesystem::path& archive, std::string_view job_name) {
    std::filesystem::path path = archive;
    path += "." + std::string(job_name) + ".lock";
    return path;
}

std::optional<JobLock> JobLock::try_acquire(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Failure("cannot open lock file '" + path.string() + "': " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) {
            return std::nullopt;
        }
        throw Failure("cannot lock '" + path.string() + "': " + std::strerror(error));
    }
    // Record who holds it; a previous holder's line (a killed run) is simply replaced.
    const std::string line = std::to_string(::getpid()) + " " + std::to_string(std::time(nullptr)) + "\n";
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(fd, line.data(), line.size(), 0);
    }
    return JobLock(path, fd);
}

std::optional<long> JobLock::holder_pid(const std::filesystem::path& path) {
    std::ifstream in(path);
    long pid = 0;
    if (in >> pid && pid > 0) {
        return pid;
    }
    return std::nullopt;
}

JobLock::JobLock(JobLock&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
    other.fd_ = -1;
}

JobLock& JobLock::operator=(JobLock&& other) noexcept {
    if (this != &other) {
        release();
        path_ = std::move(other.path_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

JobLock::~JobLock() {
    release();
}

void JobLock::release() noexcept {
    if (fd_ >= 0) {
        // Empty the file first so nobody reads a pid that no longer holds the lock.
        [[maybe_unused]] const int truncated = ::ftruncate(fd_, 0);
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
        fd_ = -1;
    }
}

} // namespace newsarc::jobs
