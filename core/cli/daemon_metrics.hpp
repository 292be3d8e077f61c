// `newsarc daemon --metrics-port N`: /metrics of every archive the daemon's jobs write, plus the daemon's own run
// counts, served by serve's HttpServer (the one HTTP server of newsarc's pages).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "newsarc/jobs/daemon.hpp"
#include "newsarc/serve/http_server.hpp"

namespace newsarc::cli {

/// What the daemon's runs came to, counted by job and outcome; shared by the daemon's thread (record) and the
/// server's threads (the scrape), hence the mutex.
class DaemonRunCounts {
public:
    explicit DaemonRunCounts(std::vector<std::string> jobs);
    void record(const jobs::RunOutcome& outcome);
    /// (job, outcome) -> runs; every scheduled job has its outcomes from the start, at 0.
    [[nodiscard]] std::map<std::pair<std::string, std::string>, std::int64_t> snapshot() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts_;
};

/// The /metrics server of a daemon: each of `archives` opened read-only per scrape (with its frontier beside it,
/// labelled archive="<path>"), then newsarc_daemon_* families from `counts`. Listens on `bind`:`port` (0: a free
/// port) until destroyed. Throws newsarc::Failure when it cannot listen.
std::unique_ptr<serve::HttpServer> start_daemon_metrics(std::string bind, std::uint16_t port,
                                                        std::vector<std::filesystem::path> archives,
                                                        std::shared_ptr<const DaemonRunCounts> counts);

} // namespace newsarc::cli
