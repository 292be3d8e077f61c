// Focus: `newsarc daemon --metrics-port`: while the daemon runs its jobs, /metrics answers in Prometheus text
// with the jobs' archive (labelled by path) and the daemon's own run counts, served by the same HTTP server as
// `newsarc serve`; and serve's own /metrics with the frontier of a crawl.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "serve_support.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::test;

namespace {

/// Checks the exposition format line by line: HELP then TYPE once per family before its samples, every sample
/// line `name{label="value",...} number` of the family announced last, no name announced twice.
void check_prometheus_text(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    std::string family;
    std::set<std::string> announced;
    const std::regex sample(R"re(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+]+|NaN|[+-]Inf))re");
    while (std::getline(lines, line)) {
        INFO(line);
        if (line.starts_with("# HELP ")) {
            family = line.substr(7, line.find(' ', 7) - 7);
            CHECK(announced.insert(family).second);
            continue;
        }
        if (line.starts_with("# TYPE ")) {
            CHECK(line.substr(7, family.size() + 1) == family + " ");
            CHECK((line.ends_with(" gauge") || line.ends_with(" counter")));
            continue;
        }
        std::smatch match;
        REQUIRE(std::regex_match(line, match, sample));
        CHECK(match[1].str() == family);
    }
    CHECK(!announced.empty());
}

std::string job_text(std::uint16_t port, const std::filesystem::path& archive) {
    return "name = \"metered\"\nseeds = [\"http://a.test/\"]\nschedule = \"every 1s\"\n"
           "[politeness]\ndelay_ms = 0\nrobots = false\n[discovery]\nsitemaps = false\n"
           "[network]\nallow_private = true\nconnect_to = [\"a.test:80:127.0.0.1:" + std::to_string(port) + "\"]\n"
           "[archive]\npath = \"" + archive.string() + "\"\n";
}

} // namespace

TEST_CASE("newsarc daemon --metrics-port serves the jobs' archive and its run counts while it runs",
          "[serve][metrics][daemon]") {
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, "<html><body><a href=\"/p1\">p1</a></body></html>"));
    routes.add("a.test", "/p1", HttpReply::text(200, "<html><body>page one</body></html>"));
    HttpServer site(routes.handler());
    TempDir dir("daemon-metrics");
    const auto jobs = dir / "jobs";
    std::filesystem::create_directories(jobs);
    const auto archive = dir / "metered.db";
    std::ofstream(jobs / "metered.toml") << job_text(site.port(), archive);

    BackgroundProcess daemon(cli_path(),
                             {"daemon", "--jobs", jobs.string(), "--metrics-port", "0", "--metrics-port-file",
                              (dir / "metrics.port").string()},
                             dir.path());
    const std::string port_text = daemon.wait_for_file(dir / "metrics.port", std::chrono::seconds(20));
    INFO(daemon.err());
    REQUIRE(!port_text.empty());
    const auto port = static_cast<std::uint16_t>(std::stoi(port_text));

    // Scrape until a run has finished and its archive is readable (bounded: 60 s).
    const std::string ok_line = "newsarc_daemon_runs_total{job=\"metered\",outcome=\"ok\"} ";
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const HttpAnswer answer = http_request(port, "/metrics");
        REQUIRE(answer.status == 200);
        CHECK(answer.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
        text = answer.body;
        if (text.find(ok_line + "0\n") == std::string::npos && text.find(ok_line) != std::string::npos &&
            text.find("newsarc_archive_up{archive=\"" + archive.string() + "\"} 1") != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    INFO(text);
    check_prometheus_text(text);
    CHECK_THAT(text, Catch::Contains("newsarc_archive_up{archive=\"" + archive.string() + "\"} 1"));
    CHECK_THAT(text, Catch::Contains("newsarc_fetches_total{archive=\"" + archive.string() +
                                     "\",host=\"a.test\",outcome=\"ok\"} "));
    CHECK_THAT(text, Catch::Contains("newsarc_last_run_duration_seconds{archive=\"" + archive.string() +
                                     "\",job=\"metered\"} "));
    CHECK_THAT(text, Catch::Contains("# TYPE newsarc_daemon_runs_total counter"));
    CHECK_THAT(text, Catch::Contains("newsarc_daemon_runs_total{job=\"metered\",outcome=\"failed\"} 0"));
    CHECK_THAT(text, Catch::Contains("# TYPE newsarc_frontier_requests gauge"));
    CHECK_THAT(text, Catch::Contains("newsarc_frontier_requests{archive=\"" + archive.string() +
                                     "\",state=\"done\"} "));
    CHECK(http_request(port, "/", "evil.example").status == 421);
    CHECK(http_request(port, "/other").status == 404);
    CHECK(daemon.stop() == 0);
}

TEST_CASE("serve's /metrics is valid Prometheus text with the archive's numbers", "[serve][metrics]") {
    TempDir dir("serve-metrics");
    make_small_archive(dir / "a.db");
    ServeProcess serve(dir / "a.db", dir.path());
    REQUIRE(serve.port != 0);
    const HttpAnswer answer = http_request(serve.port, "/metrics");
    REQUIRE(answer.status == 200);
    INFO(answer.body);
    check_prometheus_text(answer.body);
    CHECK_THAT(answer.body, Catch::Contains("newsarc_documents{state=\"live\"} 2\n"));
    CHECK_THAT(answer.body, Catch::Contains("newsarc_documents{state=\"gone\"} 1\n"));
    CHECK_THAT(answer.body, Catch::Contains("newsarc_articles 3\n"));
    CHECK_THAT(answer.body, Catch::Contains("newsarc_versions 4\n"));
    CHECK_THAT(answer.body, Catch::Contains("newsarc_site_articles{site=\"alpha\"} 2\n"));
    CHECK_THAT(answer.body, Catch::Contains("newsarc_snapshots 2\n"));
    CHECK_THAT(answer.body, Catch::Contains("# TYPE newsarc_frontier_requests gauge\n")); // no frontier: no samples
    CHECK_THAT(answer.body, !Catch::Contains("newsarc_frontier_requests{"));
}
