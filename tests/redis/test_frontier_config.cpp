// Focus: the job file's [frontier] table (core/crawl/src/job_config.cpp): defaults, the Redis URL checked when
// the job is read, errors naming the file, line and key.
#include <catch2/catch.hpp>

#include "crawl_support.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/crawl/job_config.hpp"

using newsarc::crawl::parse_job_config;
using newsarc::test::job_error;

namespace {

const std::string kSeeds = "seeds = [\"http://a.com/\"]\n";

} // namespace

TEST_CASE("[frontier] defaults to sqlite, a redis one takes url, key_prefix and lease_s", "[redis][job]") {
    const auto plain = parse_job_config(kSeeds, "job.toml");
    CHECK(plain.frontier.backend == "sqlite");
    CHECK(plain.frontier.lease_s == 60);
    CHECK(plain.frontier.key_prefix.empty()); // the engine takes the job's name
    const auto shared = parse_job_config(kSeeds + "[frontier]\nbackend = \"redis\"\nurl = \"redis://u:p%40ss@r.lan:6380/2\"\n"
                                                  "key_prefix = \"ai\"\nlease_s = 30\n",
                                         "job.toml");
    CHECK(shared.frontier.backend == "redis");
    CHECK(shared.frontier.url == "redis://u:p%40ss@r.lan:6380/2");
    CHECK(shared.frontier.key_prefix == "ai");
    CHECK(shared.frontier.lease_s == 30);
}

TEST_CASE("[frontier] mistakes are refused naming the file, line and key", "[redis][job]") {
    const std::string backend = job_error(kSeeds + "[frontier]\nbackend = \"mysql\"\n");
    CHECK_THAT(backend, Catch::Contains("job.toml:3") && Catch::Contains("'frontier.backend' must be \"sqlite\" or \"redis\""));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nbackend = \"redis\"\n"),
               Catch::Contains("job.toml:3") && Catch::Contains("needs 'frontier.url'"));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nbackend = \"redis\"\nurl = \"http://r.lan/\"\n"),
               Catch::Contains("job.toml:4") && Catch::Contains("must start with redis://"));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nbackend = \"redis\"\nurl = \"rediss://r.lan/\"\n"),
               Catch::Contains("job.toml:4") && Catch::Contains("hiredis_ssl"));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nbackend = \"redis\"\nurl = \"redis://r.lan/x\"\n"),
               Catch::Contains("the database"));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nurl = \"redis://r.lan/0\"\n"),
               Catch::Contains("job.toml:3") && Catch::Contains("need frontier.backend = \"redis\""));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nbackend = \"redis\"\nurl = \"redis://r/0\"\nlease_s = 0\n"),
               Catch::Contains("job.toml:5") && Catch::Contains("out of range"));
    CHECK_THAT(job_error(kSeeds + "[frontier]\nleases = 3\n"), Catch::Contains("unknown key 'frontier.leases'"));
}
