// Focus: crash safety and clean stops of the real `newsarc crawl` process: SIGKILL midway then a restart
// fetches and archives every page exactly once in total; SIGTERM stops cleanly (exit 0) and resumes.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "crawl_support.hpp"
#include "support/run_process.hpp"

using namespace newsarc::test;
using namespace std::chrono_literals;

namespace {

constexpr int kPages = 40;

/// A site of kPages pages (/ links to /p0 ... /p38) whose replies after the first `allowed` are held until
/// release() — so a test can stop the crawler at a known point, with requests in flight.
class GatedSite {
public:
    explicit GatedSite(int allowed) : allowed_(allowed) {}

    HttpServer::Handler handler() {
        return [this](const HttpRequest& request) {
            std::vector<std::string> links;
            if (request.path() == "/") {
                for (int i = 0; i < kPages - 1; ++i) {
                    links.push_back("/p" + std::to_string(i));
                }
            }
            HttpReply reply = HttpReply::text(200, html_page(request.path(), links));
            std::lock_guard lock(mutex_);
            reply.hold = gated_ && ++answered_ > allowed_;
            return reply;
        };
    }

    void open_gate() {
        std::lock_guard lock(mutex_);
        gated_ = false;
    }

private:
    std::mutex mutex_;
    int allowed_;
    int answered_ = 0;
    bool gated_ = true;
};

std::int64_t done_in_frontier(const std::filesystem::path& frontier) {
    if (!std::filesystem::exists(frontier)) {
        return 0;
    }
    try {
        return query_int(frontier, "SELECT COUNT(*) FROM requests WHERE state = 3");
    } catch (const std::runtime_error&) {
        return 0; // the child has created the file but not its tables yet
    }
}

/// Waits (polling the frontier file, with a deadline) until `count` requests are done.
bool wait_done(const std::filesystem::path& frontier, std::int64_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done_in_frontier(frontier) >= count) {
            return true;
        }
        std::this_thread::sleep_for(20ms); // polling a file another process writes; bounded by the deadline
    }
    return false;
}

/// Waits (polling, with a deadline) until `file` contains `text`.
bool wait_for_text(const std::filesystem::path& file, const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(file);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (content.find(text) != std::string::npos) {
            return true;
        }
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

/// Completed replies per target, from the server's log.
std::map<std::string, int> completed_per_target(const HttpServer& server) {
    std::map<std::string, int> out;
    for (const auto& served : server.log()) {
        if (served.completed) {
            ++out[served.request.target];
        }
    }
    return out;
}

void check_every_page_once(const HttpServer& server, const std::filesystem::path& archive) {
    const auto completed = completed_per_target(server);
    CHECK(completed.size() == static_cast<std::size_t>(kPages));
    for (const auto& [target, count] : completed) {
        INFO(target);
        CHECK(count == 1);
        CHECK(capture_count(archive, "http://a.test" + target) == 1);
        const auto rows = fetch_log_for(archive, "http://a.test" + target);
        CHECK(std::count_if(rows.begin(), rows.end(), [](const FetchRow& row) { return row.outcome == "ok"; }) == 1);
    }
    CHECK(query_int(archive, "SELECT COUNT(*) FROM captures") == kPages);
}

} // namespace

TEST_CASE("SIGKILL midway, then a restart: every page fetched and archived exactly once", "[crawl][resume]") {
    TempDir dir("newsarc-resume");
    GatedSite site(12);
    HttpServer server(site.handler());
    const auto archive = dir / "a.db";
    const auto frontier = dir / "a.db.frontier";
    const auto job = dir / "job.toml";
    std::ofstream(job) << job_toml(server, {"a.test"}, {"http://a.test/"}, archive, {{"politeness.per_host", "4"}});

    const int child = spawn_cli({"crawl", job.string()}, dir / "first.log");
    REQUIRE(wait_done(frontier, 12));
    // Twelve pages are done; four more requests are waiting inside the server.
    REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 16; }, 10s));
    ::kill(child, SIGKILL);
    CHECK(wait_child(child) == 128 + SIGKILL);
    CHECK(done_in_frontier(frontier) == 12);
    site.open_gate();
    server.release_held(); // the held replies now go to a dead client: they never complete

    const auto second = run_cli({"crawl", job.string()});
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    check_every_page_once(server, archive);
    // Only the requests in flight at the kill were sent twice, and those first copies never completed.
    const auto log = server.log();
    CHECK(log.size() == static_cast<std::size_t>(kPages) + 4);
    CHECK(std::count_if(log.begin(), log.end(), [](const ServedRequest& s) { return !s.completed; }) == 4);
}

TEST_CASE("SIGTERM stops cleanly with exit 0, the next run resumes", "[crawl][resume]") {
    TempDir dir("newsarc-resume");
    const auto archive = dir / "a.db";
    const auto frontier = dir / "a.db.frontier";
    const auto job = dir / "job.toml";

    SECTION("in-flight requests finish") {
        GatedSite site(10);
        HttpServer server(site.handler());
        std::ofstream(job) << job_toml(server, {"a.test"}, {"http://a.test/"}, archive, {{"politeness.per_host", "3"}});
        const int child = spawn_cli({"crawl", job.string()}, dir / "first.log");
        REQUIRE(wait_done(frontier, 10));
        REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 13; }, 10s));
        ::kill(child, SIGTERM);
        // The gate opens only once the crawler handled the signal: otherwise the released replies can finish
        // and more pages be leased before it stops.
        REQUIRE(wait_for_text(dir / "first.log", "event=stopping"));
        site.open_gate();
        server.release_held(); // the three held requests complete during the grace period
        CHECK(wait_child(child) == 0);
        CHECK(done_in_frontier(frontier) == 13);
        CHECK(query_int(frontier, "SELECT COUNT(*) FROM requests WHERE state = 2") == 0);
        const auto second = run_cli({"crawl", job.string()});
        REQUIRE(second.exit_code == 0);
        check_every_page_once(server, archive);
        CHECK(server.log().size() == static_cast<std::size_t>(kPages));
    }
    SECTION("a second signal puts in-flight requests back") {
        GatedSite site(10);
        HttpServer server(site.handler());
        std::ofstream(job) << job_toml(server, {"a.test"}, {"http://a.test/"}, archive, {{"politeness.per_host", "3"}});
        const int child = spawn_cli({"crawl", job.string()}, dir / "first.log");
        REQUIRE(wait_done(frontier, 10));
        REQUIRE(server.wait_until([](const auto& log) { return log.size() >= 13; }, 10s));
        ::kill(child, SIGTERM);
        // Signals of one kind do not queue: send the second once the first was handled.
        REQUIRE(wait_for_text(dir / "first.log", "event=stopping"));
        ::kill(child, SIGTERM);
        CHECK(wait_child(child) == 0);
        CHECK(done_in_frontier(frontier) == 10);
        CHECK(query_int(frontier, "SELECT COUNT(*) FROM requests WHERE state = 2") == 0);
        site.open_gate();
        server.release_held();
        const auto second = run_cli({"crawl", job.string()});
        REQUIRE(second.exit_code == 0);
        check_every_page_once(server, archive);
    }
}

TEST_CASE("a URL answering 429 is asked at most retries + 1 times, across a SIGKILL", "[crawl][resume]") {
    TempDir dir("newsarc-resume");
    std::mutex mutex;
    int limited_asked = 0;
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/limited"})));
    routes.add("a.test", "/limited", [&](const HttpRequest&) {
        HttpReply reply = HttpReply::text(429, "slow down");
        reply.headers.emplace_back("Retry-After", "0");
        std::lock_guard lock(mutex);
        reply.hold = ++limited_asked == 2; // the second attempt is in flight when the crawler is killed
        return reply;
    });
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto job = dir / "job.toml";
    std::ofstream(job) << job_toml(server, {"a.test"}, {"http://a.test/"}, archive, {{"network.retries", "2"}});

    const int child = spawn_cli({"crawl", job.string()}, dir / "first.log");
    REQUIRE(server.wait_until(
        [](const auto& log) {
            return std::count_if(log.begin(), log.end(),
                                 [](const ServedRequest& s) { return s.request.target == "/limited"; }) >= 2;
        },
        20s));
    ::kill(child, SIGKILL);
    CHECK(wait_child(child) == 128 + SIGKILL);
    server.release_held();

    const auto second = run_cli({"crawl", job.string()});
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(hits(server, "a.test", "/limited") == 3); // retries + 1, the killed attempt among them
    const auto rows = fetch_log_for(archive, "http://a.test/limited");
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.back().http_status == 429);
    CHECK(rows.back().attempt == 3);
}
