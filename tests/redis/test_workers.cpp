// Focus: several `newsarc crawl` processes sharing one Redis frontier (issue #21): every page fetched once, the
// per-host limit held across workers, a SIGKILLed worker's leases taken over after lease_s, SIGTERM returning
// leases at once, a Redis restart (AOF) survived, and `newsarc merge` of the workers' archives.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "crawl_support.hpp"
#include "redis_server.hpp"
#include "support/run_process.hpp"

using namespace newsarc::test;
using namespace std::chrono_literals;

namespace {

constexpr int kPagesPerHost = 300;
const std::vector<std::string> kHosts = {"a.test", "b.test"};

std::string article(const std::string& host, int n) {
    std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>第" + std::to_string(n) +
                       "篇 - " + host + "</title><meta property=\"article:published_time\" "
                       "content=\"2024-06-02T08:30:00+08:00\"></head><body><article><h1>" + host + " 第" +
                       std::to_string(n) + "篇报道</h1><div class=\"body\">";
    for (int i = 0; i < 5; ++i) {
        html += "<p>" + host + " 第" + std::to_string(n) + "篇第" + std::to_string(i + 1) +
                "段：人工智能产业的竞争正在从模型能力转向应用落地，多家公司公布了新的产品路线图，分析人士认为，"
                "算力成本下降将推动更多企业采用大模型技术。</p>";
    }
    return html + "</div></article></body></html>";
}

/// Two hosts of kPagesPerHost articles each, linked from their home pages; every reply takes `delay`, so that
/// requests overlap and the per-host limit is put to the test.
struct TwoHostWeb {
    RouteTable routes;
    explicit TwoHostWeb(std::chrono::milliseconds delay = 5ms) {
        for (const auto& host : kHosts) {
            std::vector<std::string> links;
            for (int n = 1; n <= kPagesPerHost; ++n) {
                links.push_back("/p/" + std::to_string(n) + ".html");
                HttpReply reply = HttpReply::text(200, article(host, n));
                reply.delay = delay;
                routes.add(host, links.back(), reply);
            }
            routes.add(host, "/", HttpReply::text(200, html_page(host, links)));
        }
    }
};

/// The job of every test here; without `redis`, the same job on the default SQLite frontier (one process).
std::string worker_job(const HttpServer& server, const RedisServer* redis, const std::filesystem::path& archive,
                       int lease_s = 60) {
    Settings settings = {{"name", "\"shared\""},
                         {"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})},
                         {"plugins", toml_list({"generic"})},
                         {"politeness.per_host", "2"},
                         {"politeness.global", "16"}};
    if (redis != nullptr) {
        settings["frontier.backend"] = "\"redis\"";
        settings["frontier.url"] = "\"" + redis->url() + "\"";
        settings["frontier.lease_s"] = std::to_string(lease_s);
    }
    return job_toml(server, kHosts, {"http://a.test/", "http://b.test/"}, archive, settings);
}

/// The most requests of one host the server was answering at once.
std::map<std::string, int> max_concurrent(const std::vector<ServedRequest>& log) {
    std::map<std::string, std::vector<std::pair<std::chrono::steady_clock::time_point, int>>> events;
    for (const ServedRequest& served : log) {
        events[served.request.host_name()].emplace_back(served.received, +1);
        events[served.request.host_name()].emplace_back(served.finished, -1);
    }
    std::map<std::string, int> out;
    for (auto& [host, list] : events) {
        std::sort(list.begin(), list.end()); // an end before a start at the same instant
        int now = 0;
        for (const auto& [at, step] : list) {
            now += step;
            out[host] = std::max(out[host], now);
        }
    }
    return out;
}

/// Completed replies per "host/target".
std::map<std::string, int> completed(const std::vector<ServedRequest>& log) {
    std::map<std::string, int> out;
    for (const ServedRequest& served : log) {
        if (served.completed) {
            ++out[served.request.host_name() + served.request.target];
        }
    }
    return out;
}

/// Requests per "host/target", completed or not.
std::map<std::string, int> requested(const std::vector<ServedRequest>& log) {
    std::map<std::string, int> out;
    for (const ServedRequest& served : log) {
        ++out[served.request.host_name() + served.request.target];
    }
    return out;
}

std::int64_t archived_pages(const std::vector<std::filesystem::path>& archives) {
    std::set<std::string> urls;
    for (const auto& archive : archives) {
        for (const FetchRow& row : fetch_log(archive)) {
            if (row.outcome == "ok") {
                urls.insert(row.url);
            }
        }
    }
    return static_cast<std::int64_t>(urls.size());
}

struct Workers {
    std::vector<int> pids;
    std::vector<std::filesystem::path> archives;
    std::vector<std::filesystem::path> logs;
};

Workers start_workers(const TempDir& dir, const std::filesystem::path& job, int count) {
    Workers workers;
    for (int i = 0; i < count; ++i) {
        workers.archives.push_back(dir / ("worker" + std::to_string(i) + ".db"));
        workers.logs.push_back(dir / ("worker" + std::to_string(i) + ".log"));
        workers.pids.push_back(
            spawn_cli({"crawl", job.string(), "--db", workers.archives.back().string()}, workers.logs.back()));
    }
    return workers;
}

/// The ids of the leases in Redis whose owner is the process `pid` (owners are "<host>:<pid>:<random>").
std::vector<std::string> leases_of(const RedisServer& redis, int pid) {
    std::vector<std::string> out;
    const std::string listed = redis.command({"ZRANGE", "shared:leases", "0", "-1"});
    for (std::size_t start = 0; start < listed.size();) {
        const auto end = std::min(listed.find('\n', start), listed.size());
        const std::string id = listed.substr(start, end - start);
        if (redis.command({"HGET", "shared:req:" + id, "owner"}).find(":" + std::to_string(pid) + ":") !=
            std::string::npos) {
            out.push_back(id);
        }
        start = end + 1;
    }
    return out;
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

constexpr std::size_t kAllPages = 2 * (kPagesPerHost + 1);

} // namespace

TEST_CASE("three workers on one Redis frontier fetch every page once, at most 2 in flight per host",
          "[redis][workers]") {
    RedisServer redis;
    TwoHostWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("newsarc-workers");
    const auto job = dir / "job.toml";
    std::ofstream(job) << worker_job(server, &redis, dir / "unused.db");
    Workers workers = start_workers(dir, job, 3);
    for (std::size_t i = 0; i < workers.pids.size(); ++i) {
        INFO(read_file(workers.logs[i]));
        CHECK(wait_child(workers.pids[i]) == 0);
    }
    const auto log = server.log();
    const auto pages = completed(log);
    CHECK(pages.size() == kAllPages);
    CHECK(std::all_of(pages.begin(), pages.end(), [](const auto& entry) { return entry.second == 1; }));
    CHECK(log.size() == kAllPages);
    for (const auto& [host, most] : max_concurrent(log)) {
        INFO(host);
        CHECK(most <= 2);
        CHECK(most == 2); // the limit was reached: the test did put it to the test
    }
    CHECK(archived_pages(workers.archives) == static_cast<std::int64_t>(kAllPages));
    for (const auto& archive : workers.archives) {
        INFO(archive.string());
        CHECK(query_int(archive, "SELECT COUNT(*) FROM captures") > 0); // every worker had a share
    }
    CHECK(redis.command({"GET", "shared:state"}) == "finished");
}

TEST_CASE("a SIGKILLed worker's leases are fetched by the others after lease_s, nothing lost", "[redis][workers]") {
    RedisServer redis;
    TwoHostWeb web(10ms);
    HttpServer server(web.routes.handler());
    TempDir dir("newsarc-workers");
    const auto job = dir / "job.toml";
    std::ofstream(job) << worker_job(server, &redis, dir / "unused.db", 2);
    Workers workers = start_workers(dir, job, 3);
    REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 150; }, 60s));
    // Killed while it holds leases (with 4 slots among 3 workers, it may hold none at a given instant).
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (leases_of(redis, workers.pids[0]).empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    ::kill(workers.pids[0], SIGKILL);
    CHECK(wait_child(workers.pids[0]) == 128 + SIGKILL);
    const auto at_kill = std::chrono::steady_clock::now();
    const std::size_t held = leases_of(redis, workers.pids[0]).size();
    REQUIRE(held > 0);
    for (std::size_t i = 1; i < workers.pids.size(); ++i) {
        INFO(read_file(workers.logs[i]));
        CHECK(wait_child(workers.pids[i]) == 0);
    }
    // The others could not end before the dead worker's leases expired and were fetched again.
    CHECK(std::chrono::steady_clock::now() - at_kill >= 2s);
    const auto log = server.log();
    CHECK(completed(log).size() == kAllPages);
    int twice = 0;
    for (const auto& [target, count] : requested(log)) {
        CHECK(count <= 2);
        twice += count - 1;
    }
    // Only the dead worker's leases were fetched twice (at most per_host, 2, per host were out at once).
    CHECK(twice <= static_cast<int>(held));
    CHECK(held <= 4);
    CHECK(archived_pages(workers.archives) == static_cast<std::int64_t>(kAllPages));
    const bool expired = read_file(workers.logs[1]).find("event=leases_expired") != std::string::npos ||
                         read_file(workers.logs[2]).find("event=leases_expired") != std::string::npos;
    CHECK(expired); // its leases came back by expiry
}

TEST_CASE("SIGTERM on a worker returns its leases at once", "[redis][workers]") {
    RedisServer redis;
    TwoHostWeb web(10ms);
    HttpServer server(web.routes.handler());
    TempDir dir("newsarc-workers");
    const auto job = dir / "job.toml";
    // A lease that had to expire would hold the others for ten minutes.
    std::ofstream(job) << worker_job(server, &redis, dir / "unused.db", 600);
    Workers workers = start_workers(dir, job, 3);
    REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 150; }, 60s));
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (leases_of(redis, workers.pids[0]).empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    const auto signalled_at = std::chrono::steady_clock::now();
    ::kill(workers.pids[0], SIGTERM);
    CHECK(wait_child(workers.pids[0]) == 0);
    // Its transfers were cut at once (no 10 s grace), and it holds no lease on its way out.
    CHECK(std::chrono::steady_clock::now() - signalled_at < 5s);
    CHECK(leases_of(redis, workers.pids[0]).empty());
    CHECK(read_file(workers.logs[0]).find("event=stopping") != std::string::npos);
    const auto stopped_at = std::chrono::steady_clock::now();
    for (std::size_t i = 1; i < workers.pids.size(); ++i) {
        INFO(read_file(workers.logs[i]));
        CHECK(wait_child(workers.pids[i]) == 0);
    }
    CHECK(std::chrono::steady_clock::now() - stopped_at < 60s);
    CHECK(completed(server.log()).size() == kAllPages);
    CHECK(archived_pages(workers.archives) == static_cast<std::int64_t>(kAllPages));
}

TEST_CASE("a Redis restart mid-crawl with AOF on: the workers go on, every page fetched", "[redis][workers]") {
    RedisServer redis({"--appendonly", "yes", "--appendfsync", "always"});
    TwoHostWeb web(10ms);
    HttpServer server(web.routes.handler());
    TempDir dir("newsarc-workers");
    const auto job = dir / "job.toml";
    std::ofstream(job) << worker_job(server, &redis, dir / "unused.db", 5);
    Workers workers = start_workers(dir, job, 3);
    REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 150; }, 60s));
    redis.stop();
    redis.start();
    for (std::size_t i = 0; i < workers.pids.size(); ++i) {
        INFO(read_file(workers.logs[i]));
        CHECK(wait_child(workers.pids[i]) == 0);
    }
    const auto log = server.log();
    CHECK(completed(log).size() == kAllPages);
    CHECK(archived_pages(workers.archives) == static_cast<std::int64_t>(kAllPages));
    for (const auto& [host, most] : max_concurrent(log)) {
        INFO(host);
        CHECK(most <= 2);
    }
    const bool retried = std::any_of(workers.logs.begin(), workers.logs.end(), [](const auto& file) {
        return read_file(file).find("event=redis_retry") != std::string::npos;
    });
    CHECK(retried); // the restart was seen, and survived
}

namespace {

/// Every file of an export folder: name -> bytes; manifest.jsonl with each line's fetched_at taken out (when a
/// page was fetched is a fact of each crawl, the one thing two crawls of the same web cannot share).
std::map<std::string, std::string> export_files(const std::filesystem::path& folder) {
    std::map<std::string, std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        std::string content = read_file(entry.path());
        if (entry.path().filename() == "manifest.jsonl") {
            auto json_lines = nlohmann::json::array();
            std::string stripped;
            std::size_t start = 0;
            while (start < content.size()) {
                const auto end = std::min(content.find('\n', start), content.size());
                auto line = nlohmann::json::parse(content.substr(start, end - start));
                line.erase("fetched_at");
                stripped += line.dump() + "\n";
                start = end + 1;
            }
            content = stripped;
        }
        out[entry.path().filename().string()] = content;
    }
    return out;
}

} // namespace

TEST_CASE("newsarc merge of a 3-worker crawl exports as a 1-worker crawl of the same web, idempotently",
          "[redis][workers][merge]") {
    RedisServer redis;
    TwoHostWeb web(2ms);
    TempDir dir("newsarc-merge");
    // The single worker: the SQLite frontier, the same job otherwise.
    HttpServer single_server(web.routes.handler());
    const auto single_job = dir / "single.toml";
    std::ofstream(single_job) << worker_job(single_server, nullptr, dir / "single.db");
    const auto single = run_cli({"crawl", single_job.string()});
    INFO(single.err);
    REQUIRE(single.exit_code == 0);

    HttpServer server(web.routes.handler());
    const auto job = dir / "job.toml";
    std::ofstream(job) << worker_job(server, &redis, dir / "unused.db");
    Workers workers = start_workers(dir, job, 3);
    for (std::size_t i = 0; i < workers.pids.size(); ++i) {
        INFO(read_file(workers.logs[i]));
        REQUIRE(wait_child(workers.pids[i]) == 0);
    }
    const auto merged = dir / "merged.db";
    std::vector<std::string> merge_args = {"merge", merged.string()};
    for (const auto& archive : workers.archives) {
        merge_args.push_back(archive.string());
    }
    const auto first = run_cli(merge_args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("documents +600, versions +600, captures +602"));
    const auto again = run_cli(merge_args);
    CHECK_THAT(again.out, Catch::Contains("documents +0, versions +0, captures +0, fetches +0, runs +0"));
    const auto single_merged = dir / "single-merged.db";
    REQUIRE(run_cli({"merge", single_merged.string(), (dir / "single.db").string()}).exit_code == 0);

    CHECK(query_int(merged, "SELECT COUNT(*) FROM runs") == 3);
    std::int64_t fetches = 0;
    for (const auto& archive : workers.archives) {
        fetches += query_int(archive, "SELECT COUNT(*) FROM fetch_log");
    }
    CHECK(query_int(merged, "SELECT COUNT(*) FROM fetch_log") == fetches);
    CHECK(query_int(merged, "SELECT COUNT(*) FROM documents") == query_int(dir / "single.db", "SELECT COUNT(*) FROM documents"));

    const auto exported = dir / "export-merged";
    const auto exported_single = dir / "export-single";
    REQUIRE(run_cli({"export", "--db", merged.string(), "--out", exported.string()}).exit_code == 0);
    REQUIRE(run_cli({"export", "--db", single_merged.string(), "--out", exported_single.string()}).exit_code == 0);
    const auto merged_files = export_files(exported);
    const auto single_files = export_files(exported_single);
    CHECK(merged_files.size() == 601); // 600 articles and the manifest
    CHECK(merged_files == single_files);
}
