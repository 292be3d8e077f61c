// Focus: RedisFrontier (core/crawl/src/frontier_redis.cpp and its Lua scripts) against a real redis-server: the
// queue and its order, the seen set, leases shared by two workers (per-host limit and delay across them), lease
// expiry, retries, robots.txt, the URL (AUTH, database, TLS refused), a restart with AOF.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "newsarc/base/result.hpp"
#include "newsarc/crawl/frontier_redis.hpp"
#include "redis_server.hpp"

using namespace newsarc;
using namespace newsarc::crawl;
using newsarc::test::RedisServer;
using namespace std::chrono_literals;

namespace {

RedisFrontierSettings settings_for(const RedisServer& server, std::chrono::seconds lease = 60s) {
    RedisFrontierSettings settings;
    settings.url = server.url();
    settings.key_prefix = "t";
    settings.job = "test";
    settings.lease = lease;
    return settings;
}

FrontierRequest request(const std::string& path, int priority = 0, const std::string& origin = "http://a.test") {
    FrontierRequest out;
    out.url = origin + path;
    out.origin = origin;
    out.priority = priority;
    return out;
}

std::int64_t wall_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Asks `frontier` for a lease of `origin` until one comes or `timeout` passes (keep_alive between, as the engine
/// polls).
std::optional<Lease> lease_within(Frontier& frontier, std::string_view origin, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        frontier.keep_alive();
        if (auto lease = frontier.lease(origin, wall_now())) {
            return lease;
        }
        std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("redis frontier: push deduplicates, leases by priority then age, counts follow", "[redis][frontier]") {
    RedisServer server;
    auto frontier = RedisFrontier::open(settings_for(server));
    CHECK_FALSE(frontier->resumed());
    frontier->politeness("http://a.test", 10, 0);
    CHECK(frontier->push(request("/1")));
    CHECK(frontier->push(request("/2", 5)));
    CHECK(frontier->push(request("/3")));
    CHECK_FALSE(frontier->push(request("/1")));
    FrontierRequest post = request("/1");
    post.method = "POST";
    post.body = "a=1";
    CHECK(frontier->push(post)); // another method and body: another request
    CHECK(frontier->counts().queued == 4);
    CHECK(frontier->origins_with_work() == std::vector<std::string>{"http://a.test"});

    auto first = frontier->lease("http://a.test", wall_now());
    REQUIRE(first);
    CHECK(first->request.url == "http://a.test/2");
    CHECK(first->request.priority == 5);
    CHECK(first->attempts == 0);
    auto second = frontier->lease("http://a.test", wall_now());
    REQUIRE(second);
    CHECK(second->request.url == "http://a.test/1");
    CHECK(second->request.method == "GET");
    CHECK(frontier->counts().in_flight == 2);
    frontier->mark_done(first->id);
    frontier->mark_failed(second->id, Outcome::http_error);
    const auto counts = frontier->counts();
    CHECK(counts.queued == 2);
    CHECK(counts.in_flight == 0);
    CHECK(counts.done == 1);
    CHECK(counts.failed == 1);

    frontier->mark_seen(request("/3")); // fetched on the way by a redirect: never leased
    auto third = frontier->lease("http://a.test", wall_now());
    REQUIRE(third);
    CHECK(third->request.method == "POST");
    CHECK(third->request.body == "a=1");
    frontier->mark_done(third->id);
    CHECK_FALSE(frontier->lease("http://a.test", wall_now()));
    CHECK_FALSE(frontier->next_due("http://a.test"));
    CHECK(frontier->drained());
    CHECK(frontier->origins_with_work().empty());
}

TEST_CASE("redis frontier: two workers share the per-host limit and the delay", "[redis][frontier]") {
    RedisServer server;
    auto one = RedisFrontier::open(settings_for(server));
    auto two = RedisFrontier::open(settings_for(server));
    CHECK(two->resumed()); // it joined the running crawl
    CHECK(one->owner() != two->owner());
    for (int i = 0; i < 10; ++i) {
        one->push(request("/" + std::to_string(i)));
    }
    one->politeness("http://a.test", 2, 0);
    two->politeness("http://a.test", 2, 0);
    auto a = one->lease("http://a.test", wall_now());
    auto b = two->lease("http://a.test", wall_now());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->id != b->id);
    // Two are out, whoever holds them: neither worker gets a third.
    CHECK_FALSE(one->lease("http://a.test", wall_now()));
    CHECK_FALSE(two->lease("http://a.test", wall_now()));
    CHECK(two->next_due("http://a.test")); // busy, not empty: it asks again soon
    two->mark_done(b->id);
    auto c = one->lease("http://a.test", wall_now());
    REQUIRE(c);
    one->mark_done(a->id);
    one->mark_done(c->id);

    SECTION("a delay set by one worker holds for the other") {
        one->politeness("http://a.test", 2, 60'000);
        auto d = one->lease("http://a.test", wall_now());
        REQUIRE(d);
        one->mark_done(d->id);
        two->politeness("http://a.test", 2, 60'000);
        CHECK_FALSE(two->lease("http://a.test", wall_now()));
        const auto due = two->next_due("http://a.test");
        REQUIRE(due);
        CHECK(*due > wall_now() + 50'000);
    }
    SECTION("a Retry-After pause of one worker holds for the other") {
        one->hold_host("http://a.test", 60'000);
        CHECK_FALSE(two->lease("http://a.test", wall_now()));
        REQUIRE(two->next_due("http://a.test"));
        CHECK(*two->next_due("http://a.test") > wall_now() + 50'000);
    }
}

TEST_CASE("redis frontier: a dead worker's lease is handed out again after lease_s, its attempt counted",
          "[redis][frontier]") {
    RedisServer server;
    auto dead = RedisFrontier::open(settings_for(server, 1s));
    auto alive = RedisFrontier::open(settings_for(server, 1s));
    dead->push(request("/page"));
    dead->politeness("http://a.test", 1, 0);
    alive->politeness("http://a.test", 1, 0);
    auto lost = dead->lease("http://a.test", wall_now());
    REQUIRE(lost);
    dead.reset(); // gone without a word, as a SIGKILLed worker
    CHECK_FALSE(alive->lease("http://a.test", wall_now()));
    CHECK_FALSE(alive->drained()); // its lease is still out
    auto again = lease_within(*alive, "http://a.test", 5s);
    REQUIRE(again);
    CHECK(again->id == lost->id);
    CHECK(again->attempts == 1);
    alive->mark_done(again->id);
    CHECK(alive->drained());
    CHECK(alive->counts().done == 1);
}

TEST_CASE("redis frontier: a live worker's leases are renewed, released ones go back at once", "[redis][frontier]") {
    RedisServer server;
    auto worker = RedisFrontier::open(settings_for(server, 1s));
    auto other = RedisFrontier::open(settings_for(server, 1s));
    worker->push(request("/1"));
    worker->push(request("/2"));
    worker->politeness("http://a.test", 5, 0);
    other->politeness("http://a.test", 5, 0);
    auto held = worker->lease("http://a.test", wall_now());
    auto second = worker->lease("http://a.test", wall_now());
    REQUIRE(held);
    REQUIRE(second);
    // Two seconds of keep_alive on the holder: its leases never expire, the other worker gets nothing.
    const auto until = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < until) {
        worker->keep_alive();
        other->keep_alive();
        REQUIRE_FALSE(other->lease("http://a.test", wall_now()));
        std::this_thread::sleep_for(50ms);
    }
    worker->mark_done(second->id);
    worker->release_held(); // a stop: the first goes back now, its attempt not counted
    auto taken = other->lease("http://a.test", wall_now());
    REQUIRE(taken);
    CHECK(taken->id == held->id);
    CHECK(taken->attempts == 0);
}

TEST_CASE("redis frontier: a retry waits for its due time, a late ack of an expired lease still finishes it",
          "[redis][frontier]") {
    RedisServer server;
    auto frontier = RedisFrontier::open(settings_for(server));
    frontier->politeness("http://a.test", 5, 0);
    frontier->push(request("/r"));
    auto lease = frontier->lease("http://a.test", wall_now());
    REQUIRE(lease);
    const std::int64_t due = wall_now() + 100'000;
    frontier->retry_at(lease->id, due, Outcome::http_error);
    CHECK(frontier->counts().queued == 1);
    CHECK_FALSE(frontier->lease("http://a.test", wall_now()));
    REQUIRE(frontier->next_due("http://a.test"));
    CHECK(*frontier->next_due("http://a.test") == due);
    auto retried = frontier->lease("http://a.test", due + 1);
    REQUIRE(retried);
    CHECK(retried->attempts == 1);
    frontier->put_back(retried->id);
    auto back = frontier->lease("http://a.test", due + 1);
    REQUIRE(back);
    CHECK(back->attempts == 1); // put_back gave the attempt back
    frontier->mark_done(back->id);
    frontier->mark_done(back->id); // twice: counted once
    CHECK(frontier->counts().done == 1);
}

TEST_CASE("redis frontier: robots.txt is cached per host for every worker", "[redis][frontier]") {
    RedisServer server;
    auto one = RedisFrontier::open(settings_for(server));
    auto two = RedisFrontier::open(settings_for(server));
    CHECK_FALSE(two->robots("http://a.test"));
    one->store_robots("http://a.test", CachedRobots{1234, 200, "User-agent: *\nDisallow: /private\n"});
    const auto cached = two->robots("http://a.test");
    REQUIRE(cached);
    CHECK(cached->fetched_ms == 1234);
    CHECK(cached->status == 200);
    CHECK(cached->body == "User-agent: *\nDisallow: /private\n");
}

TEST_CASE("redis frontier: another job under the same prefix is refused, a finished crawl starts afresh",
          "[redis][frontier]") {
    RedisServer server;
    auto first = RedisFrontier::open(settings_for(server));
    first->push(request("/1"));
    RedisFrontierSettings other = settings_for(server);
    other.job = "another";
    try {
        RedisFrontier::open(other);
        FAIL("opened");
    } catch (const Failure& failure) {
        CHECK(failure.exit_code() == 2);
        CHECK_THAT(failure.what(), Catch::Contains("unfinished crawl of job 'test'"));
    }
    first->finish(); // not drained: stays running
    CHECK(server.command({"GET", "t:state"}) == "running");
    first->politeness("http://a.test", 1, 0);
    auto lease = first->lease("http://a.test", wall_now());
    REQUIRE(lease);
    first->mark_done(lease->id);
    first->finish();
    CHECK(server.command({"GET", "t:state"}) == "finished");
    auto next = RedisFrontier::open(settings_for(server));
    CHECK_FALSE(next->resumed());
    CHECK(next->counts().done == 0);
    CHECK(next->push(request("/1"))); // the seen set was emptied with the rest
}

TEST_CASE("redis frontier: the URL gives AUTH and the database, TLS is refused by name", "[redis][frontier]") {
    RedisServer server({"--requirepass", "s3cret"});
    RedisFrontierSettings settings = settings_for(server);
    settings.url = "redis://:s3cret@127.0.0.1:" + std::to_string(server.port()) + "/3";
    auto frontier = RedisFrontier::open(settings);
    frontier->push(request("/1"));
    CHECK(server.command({"SELECT", "3"}, "s3cret") == "OK");
    // Keys went to database 3, not 0.
    CHECK(server.command({"DBSIZE"}, "s3cret") == "0");

    settings.url = "redis://127.0.0.1:" + std::to_string(server.port()) + "/0";
    try {
        RedisFrontier::open(settings);
        FAIL("opened without a password");
    } catch (const Failure& failure) {
        CHECK_THAT(failure.what(), Catch::Contains("NOAUTH"));
    }
    settings.url = "rediss://127.0.0.1:6380/0";
    try {
        RedisFrontier::open(settings);
        FAIL("opened TLS");
    } catch (const Failure& failure) {
        CHECK(failure.exit_code() == 2);
        CHECK_THAT(failure.what(), Catch::Contains("hiredis_ssl"));
    }
    settings.url = "redis://127.0.0.1:notaport/0";
    CHECK_THROWS_AS(RedisFrontier::open(settings), Failure);
}

TEST_CASE("redis frontier: a Redis restart with AOF loses nothing, the connection comes back", "[redis][frontier]") {
    RedisServer server({"--appendonly", "yes", "--appendfsync", "always"});
    auto frontier = RedisFrontier::open(settings_for(server));
    frontier->politeness("http://a.test", 5, 0);
    for (int i = 0; i < 5; ++i) {
        frontier->push(request("/" + std::to_string(i)));
    }
    auto lease = frontier->lease("http://a.test", wall_now());
    REQUIRE(lease);
    server.stop();
    server.start();
    frontier->mark_done(lease->id); // on a new connection
    const auto counts = frontier->counts();
    CHECK(counts.queued == 4);
    CHECK(counts.done == 1);
    CHECK(counts.in_flight == 0);
    CHECK_FALSE(frontier->push(request("/3")));
}
