// Focus: `newsarc daemon` and `newsarc runs` as a user runs them: a folder of job files on a fast schedule, one
// job crawling a local server and one failing, each run a `newsarc crawl` child; and job-file mistakes refused
// by `newsarc crawl` with exit code 2 and the file, line and key.
#include <catch2/catch.hpp>

#include <fstream>

#include "support/http_server.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::test;

namespace {

/// A job crawling http://a.test/ (mapped to `port`) into `archive`, every second.
std::string job_file_text(const std::string& name, std::uint16_t port, const std::filesystem::path& archive) {
    return "name = \"" + name + "\"\nseeds = [\"http://a.test/\"]\nschedule = \"every 1s\"\n"
           "[politeness]\ndelay_ms = 0\nrobots = false\n"
           "[discovery]\nsitemaps = false\n" // the runs' counters are checked exactly below
           "[network]\nallow_private = true\nconnect_to = [\"a.test:80:127.0.0.1:" + std::to_string(port) + "\"]\n"
           "[archive]\npath = \"" + archive.string() + "\"\n";
}

} // namespace

TEST_CASE("newsarc daemon runs each scheduled job, a failing job does not stop the other, runs are recorded",
          "[e2e][daemon]") {
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, "<html><body><a href=\"/p1\">p1</a></body></html>"));
    routes.add("a.test", "/p1", HttpReply::text(200, "<html><body>page one</body></html>"));
    HttpServer server(routes.handler());
    TempDir dir("daemon-cli");
    const auto jobs = dir.path() / "jobs";
    std::filesystem::create_directories(jobs);
    std::filesystem::create_directories(dir.path() / "not-a-file");
    std::ofstream(jobs / "good.toml") << job_file_text("good", server.port(), dir.path() / "good.db");
    // Its archive path is a folder: every run fails (exit 1) when it opens the archive.
    std::ofstream(jobs / "broken.toml") << job_file_text("broken", server.port(), dir.path() / "not-a-file");
    std::ofstream(jobs / "manual.toml") << "name = \"manual\"\nseeds = [\"http://a.test/\"]\n"; // no schedule

    const ProcessResult daemon = run_cli({"daemon", "--jobs", jobs.string(), "--max-runs", "4"});
    INFO(daemon.err);
    REQUIRE(daemon.exit_code == 0);
    CHECK_THAT(daemon.err, Catch::Contains("event=unscheduled job=manual"));
    CHECK_THAT(daemon.err, Catch::Contains("event=run_finished job=good exit=0"));
    CHECK_THAT(daemon.err, Catch::Contains("event=run_finished job=broken exit=1"));

    const ProcessResult runs = run_cli({"--db", (dir.path() / "good.db").string(), "runs", "--job", "good"});
    REQUIRE(runs.exit_code == 0);
    INFO(runs.out);
    // Header plus one line per run, each with exit status 0 and both pages fetched.
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = runs.out.find('\n', at)) != std::string::npos; ++at) {
        ++lines;
    }
    CHECK(lines >= 2);
    CHECK_THAT(runs.out, Catch::Contains("\tgood\t"));
    CHECK_THAT(runs.out, Catch::Matches("(.|\n)*\tgood\t[^\t]*\t[0-9.]+\t0\t2\t2\t0\t(.|\n)*"));
}

TEST_CASE("newsarc crawl refuses job-file mistakes with exit code 2, naming the file, line and key",
          "[e2e][config]") {
    TempDir dir("config-errors");
    const auto job = dir.path() / "job.toml";
    const auto crawl_error = [&](const std::string& text) {
        std::ofstream(job, std::ios::trunc) << text;
        const ProcessResult result = run_cli({"crawl", job.string()});
        CHECK(result.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "x.db")); // nothing was created
        return result.err;
    };
    const std::string head = "name = \"x\"\nseeds = [\"http://a.test/\"]\n";
    const std::string archive = "[archive]\npath = \"" + (dir.path() / "x.db").string() + "\"\n";

    CHECK_THAT(crawl_error(head + "colour = \"blue\"\n" + archive),
               Catch::Contains(job.string() + ":3:10: unknown key 'colour'"));
    CHECK_THAT(crawl_error(head + archive + "[scope]\nmax_depth = \"deep\"\n"),
               Catch::Contains(job.string() + ":6:13: 'scope.max_depth' must be an integer"));
    CHECK_THAT(crawl_error(head + "schedule = \"*/15 25 * * *\"\n" + archive),
               Catch::Contains(job.string() + ":3:12: 'schedule' = \"*/15 25 * * *\""));
    CHECK_THAT(crawl_error(head + "plugins = [\"generic\", \"nosuch\"]\n" + archive),
               Catch::Contains(job.string() + ":3:23: 'plugins' names 'nosuch', which is not loaded"));
}
