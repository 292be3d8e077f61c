// start_degraded_hook: the health JSON in an unlinked temporary file as the command's stdin (no pipe to block
// the daemon on a command that does not read it).
#include "degraded_hook.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/crawl/health.hpp"

namespace newsarc::cli {

void start_degraded_hook(const std::string& command, const std::filesystem::path& archive, const std::string& job) {
    try {
        auto store = archive::Store::open(archive, archive::OpenMode::read_only);
        const std::string json = crawl::health_json(crawl::archive_health(store, crawl::HealthConfig{}, {}, 10, job));
        char path[] = "/tmp/newsarc-health-XXXXXX";
        const int fd = ::mkstemp(path);
        if (fd < 0) {
            throw std::runtime_error("cannot create a temporary file for the health JSON");
        }
        ::unlink(path);
        const bool written = ::write(fd, json.data(), json.size()) == static_cast<ssize_t>(json.size());
        if (!written || ::lseek(fd, 0, SEEK_SET) != 0) {
            ::close(fd);
            throw std::runtime_error("cannot write the health JSON");
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::dup2(fd, STDIN_FILENO);
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fd);
        if (pid < 0) {
            throw std::runtime_error("fork failed");
        }
        log::get("health")->warn("event=on_degraded_started job={} pid={} command=\"{}\"", job, pid, command);
    } catch (const std::exception& error) {
        log::get("health")->error("event=on_degraded_failed job={} command=\"{}\" error=\"{}\"", job, command,
                                  error.what());
    }
}

} // namespace newsarc::cli
