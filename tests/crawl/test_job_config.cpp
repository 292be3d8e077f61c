// Focus: the job file parser (core/crawl/src/job_config.cpp): defaults, types, unknown keys, error positions.
#include <catch2/catch.hpp>

#include <fstream>

#include "crawl_support.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using newsarc::crawl::parse_job_config;
using newsarc::test::job_error;

TEST_CASE("the example job parses with every key", "[crawl][job]") {
    const std::string text = R"(name  = "example"
seeds = ["https://www.guancha.cn/", "https://www.huxiu.com/"]
[scope]
hosts     = ["www.guancha.cn", "www.huxiu.com"]
max_depth = 3
max_pages = 10000
[politeness]
per_host = 2
delay_ms = 1000
global   = 64
robots   = true
[network]
connect_to    = ["www.guancha.cn:443:127.0.0.1:8443"]
allow_private = false
user_agent    = "newsarc/0.1"
timeout_s     = 30
max_body_mb   = 10
ca_file       = ""
[archive]
path = "newsarc.db"
)";
    const auto job = parse_job_config(text, "job.toml");
    CHECK(job.name == "example");
    CHECK(job.seeds.size() == 2);
    CHECK(job.scope.hosts == std::vector<std::string>{"www.guancha.cn", "www.huxiu.com"});
    CHECK(job.scope.max_depth == 3);
    CHECK(job.politeness.delay_ms == 1000);
    CHECK(job.network.connect_to.front() == "www.guancha.cn:443:127.0.0.1:8443");
    CHECK(job.network.max_body_mb == Approx(10));
    CHECK(job.archive.path == "newsarc.db");
}

TEST_CASE("absent keys keep their defaults", "[crawl][job]") {
    const auto job = parse_job_config("seeds = [\"http://a.com/\"]\n", "job.toml");
    CHECK(job.politeness.per_host == 2);
    CHECK(job.politeness.delay_ms == 1000);
    CHECK(job.politeness.global == 64);
    CHECK(job.politeness.robots);
    CHECK(job.network.retries == 3);
    CHECK(job.network.max_redirects == 5);
    CHECK_FALSE(job.network.allow_private);
}

TEST_CASE("an unknown key is refused naming the file, line and key", "[crawl][job]") {
    const std::string message = job_error("seeds = [\"http://a.com/\"]\n[politeness]\nper_host = 2\ndealy_ms = 5\n");
    CHECK(message.find("job.toml:4") != std::string::npos);
    CHECK(message.find("politeness.dealy_ms") != std::string::npos);
    CHECK(message.find("delay_ms") != std::string::npos); // the known keys are listed
    CHECK(job_error("seeds = [\"http://a.com/\"]\n[sope]\nmax_depth = 1\n").find("unknown key 'sope'") !=
          std::string::npos);
}

TEST_CASE("a wrong type or range is refused naming the key", "[crawl][job]") {
    const std::string type = job_error("seeds = [\"http://a.com/\"]\n[scope]\nmax_depth = \"3\"\n");
    CHECK(type.find("job.toml:3") != std::string::npos);
    CHECK(type.find("'scope.max_depth' must be an integer, found a string") != std::string::npos);
    CHECK(job_error("seeds = [\"http://a.com/\"]\n[politeness]\nper_host = 0\n").find("out of range") !=
          std::string::npos);
    CHECK(job_error("seeds = \"http://a.com/\"\n").find("'seeds' must be an array of strings") != std::string::npos);
    CHECK(job_error("seeds = [\"http://a.com/\", 3]\n").find("must hold only strings") != std::string::npos);
    CHECK(job_error("seeds = [\"http://a.com/\"]\nscope = 3\n").find("'scope' must be a table") != std::string::npos);
}

TEST_CASE("seeds must be http(s) URLs and connect_to entries well formed", "[crawl][job]") {
    CHECK(job_error("seeds = []\n").find("at least one") != std::string::npos);
    CHECK(job_error("seeds = []\nplugins = [\"guancha\"]\nplugin_seeds = false\n").find("when plugin_seeds = false") !=
          std::string::npos);
    CHECK(job_error("seeds = [\"ftp://a.com/\"]\n").find("job.toml:1") != std::string::npos);
    CHECK(job_error("seeds = [\"http://a.com/\"]\n[network]\nconnect_to = [\"a.com:443\"]\n")
              .find("HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT") != std::string::npos);
    CHECK(job_error("seeds = [\"http://a.com/\"\n").find("job.toml:") != std::string::npos); // TOML syntax
}

TEST_CASE("newsarc crawl exits 2 for a bad job file and names it", "[crawl][job][cli]") {
    newsarc::test::TempDir dir("newsarc-job");
    const auto file = dir / "bad.toml";
    std::ofstream(file) << "seeds = [\"http://a.com/\"]\n[network]\ntimeout = 5\n";
    const auto result = newsarc::test::run_cli({"crawl", file.string()});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(file.string() + ":3") != std::string::npos);
    CHECK(result.err.find("network.timeout") != std::string::npos);
    const auto missing = newsarc::test::run_cli({"crawl", (dir / "missing.toml").string()});
    CHECK(missing.exit_code == 2);
}
