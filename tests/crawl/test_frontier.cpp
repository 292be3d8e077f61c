// Focus: the SQLite frontier (core/crawl/src/frontier_sqlite.cpp): dedup, priority, leases, retries, resume
// after a crash, a fresh crawl after a finished one.
#include <catch2/catch.hpp>

#include "newsarc/base/result.hpp"
#include "newsarc/crawl/frontier.hpp"
#include "support/temp_dir.hpp"

using newsarc::crawl::FrontierRequest;
using newsarc::crawl::Outcome;
using newsarc::crawl::SqliteFrontier;

namespace {

FrontierRequest request(const std::string& path, int priority = 0, const std::string& origin = "http://a.test") {
    FrontierRequest out;
    out.url = origin + path;
    out.origin = origin;
    out.priority = priority;
    return out;
}

} // namespace

TEST_CASE("each request is queued once per crawl", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    CHECK(frontier->push(request("/1")));
    CHECK_FALSE(frontier->push(request("/1")));
    auto post = request("/1");
    post.method = "POST";
    post.body = "page=2";
    CHECK(frontier->push(post));
    CHECK_FALSE(frontier->push(post));
    CHECK(frontier->counts().queued == 2);
}

TEST_CASE("leases come by priority, then age, per origin", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    frontier->push(request("/low"));
    frontier->push(request("/high", 5));
    frontier->push(request("/low2"));
    frontier->push(request("/other", 9, "http://b.test"));
    CHECK(frontier->lease("http://a.test", 0)->request.url == "http://a.test/high");
    CHECK(frontier->lease("http://a.test", 0)->request.url == "http://a.test/low");
    const auto third = frontier->lease("http://a.test", 0);
    REQUIRE(third);
    CHECK(third->request.url == "http://a.test/low2");
    CHECK_FALSE(frontier->lease("http://a.test", 0));
    CHECK(frontier->origins_with_work() == std::vector<std::string>{"http://b.test"});
    const auto counts = frontier->counts();
    CHECK(counts.in_flight == 3);
    CHECK(counts.queued == 1);
}

TEST_CASE("a retry waits for its due time and counts the attempt", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    frontier->push(request("/x"));
    const auto lease = frontier->lease("http://a.test", 1000);
    REQUIRE(lease);
    CHECK(lease->attempts == 0);
    frontier->retry_at(lease->id, 5000, Outcome::timeout);
    CHECK_FALSE(frontier->lease("http://a.test", 4999));
    CHECK(frontier->next_due("http://a.test") == 5000);
    const auto again = frontier->lease("http://a.test", 5000);
    REQUIRE(again);
    CHECK(again->attempts == 1);
    frontier->mark_failed(again->id, Outcome::timeout);
    CHECK_FALSE(frontier->next_due("http://a.test"));
    CHECK(frontier->counts().failed == 1);
}

TEST_CASE("reopening an unfinished crawl resumes it, in-flight requests return to the queue", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    const auto path = dir / "a.db.frontier";
    {
        auto frontier = SqliteFrontier::open(path, "job");
        CHECK_FALSE(frontier->resumed());
        frontier->push(request("/done"));
        frontier->push(request("/flying"));
        frontier->push(request("/waiting"));
        frontier->mark_done(frontier->lease("http://a.test", 0)->id);
        frontier->lease("http://a.test", 0); // never finished: the process "dies" here
    }
    {
        auto frontier = SqliteFrontier::open(path, "job");
        CHECK(frontier->resumed());
        const auto counts = frontier->counts();
        CHECK(counts.done == 1);
        CHECK(counts.queued == 2);
        CHECK(counts.in_flight == 0);
        CHECK_FALSE(frontier->push(request("/done"))); // still known: not fetched twice
        CHECK(frontier->pages_started() == 2); // /flying was sent before the "death": its attempt counts
        CHECK_THROWS_AS(SqliteFrontier::open(path, "other-job"), newsarc::Failure);
        frontier->finish();
    }
    auto fresh = SqliteFrontier::open(path, "job");
    CHECK_FALSE(fresh->resumed());
    CHECK(fresh->counts().queued == 0);
    CHECK(fresh->push(request("/done"))); // a new crawl fetches everything again
}

TEST_CASE("a transaction is atomic", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    CHECK_THROWS(frontier->transaction([&] {
        frontier->push(request("/1"));
        throw std::runtime_error("boom");
    }));
    CHECK(frontier->counts().queued == 0);
    frontier->transaction([&] { frontier->push(request("/1")); });
    CHECK(frontier->counts().queued == 1);
}

TEST_CASE("mark_seen keeps a redirect target from being fetched again", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    frontier->push(request("/target"));
    frontier->mark_seen(request("/target"));
    frontier->mark_seen(request("/other"));
    CHECK_FALSE(frontier->lease("http://a.test", 0));
    CHECK_FALSE(frontier->push(request("/other")));
    CHECK(frontier->counts().done == 2);
}

TEST_CASE("robots.txt answers are cached with their time", "[crawl][frontier]") {
    newsarc::test::TempDir dir("newsarc-frontier");
    auto frontier = SqliteFrontier::open(dir / "a.db.frontier", "job");
    CHECK_FALSE(frontier->robots("http://a.test"));
    frontier->store_robots("http://a.test", {1234, 200, "User-agent: *\nDisallow: /x\n"});
    const auto cached = frontier->robots("http://a.test");
    REQUIRE(cached);
    CHECK(cached->fetched_ms == 1234);
    CHECK(cached->status == 200);
    CHECK(cached->body == "User-agent: *\nDisallow: /x\n");
}
