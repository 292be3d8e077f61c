// The daemon's /metrics: its archives' families (serve's add_archive_metrics) and its own run counters.
#include "daemon_metrics.hpp"

#include <chrono>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/crawl/engine.hpp"
#include "newsarc/serve/archive_metrics.hpp"

namespace newsarc::cli {
namespace {

constexpr const char* kOutcomes[] = {"ok", "failed", "degraded", "skipped_overlap", "failed_to_start"};

const char* outcome_name(const jobs::RunOutcome& outcome) {
    switch (outcome.kind) {
    case jobs::RunOutcome::Kind::skipped_overlap: return "skipped_overlap";
    case jobs::RunOutcome::Kind::failed_to_start: return "failed_to_start";
    case jobs::RunOutcome::Kind::finished: break;
    }
    return outcome.exit_code == 0 ? "ok" : outcome.exit_code == crawl::kExitDegraded ? "degraded" : "failed";
}

} // namespace

DaemonRunCounts::DaemonRunCounts(std::vector<std::string> jobs) {
    for (const auto& job : jobs) {
        for (const char* outcome : kOutcomes) {
            counts_[{job, outcome}] = 0;
        }
    }
}

void DaemonRunCounts::record(const jobs::RunOutcome& outcome) {
    const std::lock_guard lock(mutex_);
    ++counts_[{outcome.job, outcome_name(outcome)}];
}

std::map<std::pair<std::string, std::string>, std::int64_t> DaemonRunCounts::snapshot() const {
    const std::lock_guard lock(mutex_);
    return counts_;
}

std::unique_ptr<serve::HttpServer> start_daemon_metrics(std::string bind, std::uint16_t port,
                                                        std::vector<std::filesystem::path> archives,
                                                        std::shared_ptr<const DaemonRunCounts> counts) {
    const double started = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    serve::HttpServerOptions options;
    options.bind_address = std::move(bind);
    options.port = port;
    options.threads = 1; // a scrape every few seconds at most; each opens its own read-only connections
    options.make_handler = [archives = std::move(archives), counts, started]() -> serve::RequestHandler {
        return [archives, counts, started](const serve::HttpRequest& request) {
            if (request.path == "/") {
                return serve::HttpResponse::text(200, "newsarc daemon: metrics at /metrics\n",
                                                 "text/plain; charset=utf-8");
            }
            if (request.path != "/metrics") {
                return serve::HttpResponse::text(404, "the daemon serves /metrics only\n", "text/plain; charset=utf-8");
            }
            serve::MetricsText text;
            for (const auto& archive : archives) {
                const serve::MetricLabels labels = {{"archive", archive.string()}};
                try {
                    archive::Store store = archive::Store::open(archive, archive::OpenMode::read_only);
                    std::filesystem::path frontier = archive;
                    frontier += ".frontier";
                    serve::add_archive_metrics(text, store, frontier, labels);
                } catch (const std::exception& error) {
                    // Before a job's first run its archive does not exist yet; that is not worth more than debug.
                    log::get("serve")->debug("event=archive_unreadable archive=\"{}\" error=\"{}\"", archive.string(),
                                             error.what());
                    serve::add_unreadable_archive(text, labels);
                }
            }
            using Type = serve::MetricFamily::Type;
            constexpr const char* kRuns = "newsarc_daemon_runs_total";
            constexpr const char* kRunsHelp = "Scheduled runs of the daemon by job and outcome (ok, failed, degraded, "
                                              "skipped_overlap, failed_to_start)";
            text.family(kRuns, kRunsHelp, Type::counter);
            for (const auto& [key, count] : counts->snapshot()) {
                text.add(kRuns, kRunsHelp, Type::counter, {{"job", key.first}, {"outcome", key.second}},
                         static_cast<double>(count));
            }
            text.add("newsarc_daemon_start_timestamp_seconds", "When the daemon started (Unix time)", Type::gauge, {},
                     started);
            return serve::metrics_response(text);
        };
    };
    return std::make_unique<serve::HttpServer>(std::move(options));
}

} // namespace newsarc::cli
