// Focus: per-host scheduling on a clock the test advances — politeness over a day of crawl time, Crawl-delay,
// Retry-After, backoff, robots.txt expiry and the in-flight limit. No server and no real time: each case runs in
// milliseconds, and each number checked is what a site operator would see in their access log.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "newsarc/crawl/host_scheduler.hpp"

using namespace newsarc::crawl;
using namespace std::chrono_literals;
using Step = HostTurn::Step;

namespace {

const std::vector<std::string> kHosts = {"http://a.test", "http://b.test", "http://c.test"};

/// The scheduler's time `offset` after the start of the test's crawl.
CrawlTime at(milliseconds offset) {
    return CrawlTime{} + offset;
}

/// No jitter: backoff waits are exact.
double no_jitter() {
    return 1.0;
}

SchedulerSettings polite(milliseconds delay, int per_host = 1) {
    SchedulerSettings settings;
    settings.delay = delay;
    settings.per_host = per_host;
    settings.robots = false;
    settings.retries = 3;
    settings.retry_base = 1000ms;
    settings.max_retry_after = 600s;
    return settings;
}

/// A crawl loop like the engine's, on simulated time: each round every host starts what its turn allows; each
/// request takes `latency` and succeeds. run() goes on until `end`, noting the request start times per host.
struct Simulation {
    explicit Simulation(HostScheduler& scheduler_) : scheduler(scheduler_) {}
    HostScheduler& scheduler;
    milliseconds latency{0};
    std::map<std::string, std::vector<CrawlTime>> starts;
    std::size_t most_in_flight = 0; ///< per host, the most seen at once
    std::size_t rounds = 0;

    void run(CrawlTime end) {
        struct InFlight {
            std::string origin;
            CrawlTime ends;
        };
        std::vector<InFlight> in_flight;
        CrawlTime now{};
        while (now <= end) {
            // Transfers that ended by now report first, as the event loop delivers them before the next round.
            for (auto it = in_flight.begin(); it != in_flight.end();) {
                if (it->ends <= now) {
                    scheduler.fetch_finished(it->origin, Outcome::ok, 200, 0, std::nullopt, it->ends);
                    it = in_flight.erase(it);
                } else {
                    ++it;
                }
            }
            CrawlTime wake = CrawlTime::max();
            for (const std::string_view origin : scheduler.round()) {
                while (true) {
                    const HostTurn turn = scheduler.turn(origin, now);
                    if (turn.step == Step::wait) {
                        wake = std::min(wake, turn.at);
                    }
                    if (turn.step != Step::fetch) {
                        break;
                    }
                    scheduler.fetch_started(origin, now);
                    starts[std::string(origin)].push_back(now);
                    in_flight.push_back({std::string(origin), now + latency});
                    const auto mine = std::count_if(in_flight.begin(), in_flight.end(),
                                                    [&](const InFlight& each) { return each.origin == origin; });
                    most_in_flight = std::max(most_in_flight, static_cast<std::size_t>(mine));
                }
            }
            scheduler.end_round();
            ++rounds;
            for (const InFlight& each : in_flight) {
                wake = std::min(wake, each.ends);
            }
            if (wake == CrawlTime::max()) {
                return;
            }
            REQUIRE(wake > now); // the loop always moves on: no busy spinning at one instant
            now = wake;
        }
    }
};

/// The shortest gap between two consecutive starts.
milliseconds shortest_gap(const std::vector<CrawlTime>& starts) {
    milliseconds shortest = milliseconds::max();
    for (std::size_t i = 1; i < starts.size(); ++i) {
        shortest = std::min(shortest, starts[i] - starts[i - 1]);
    }
    return shortest;
}

} // namespace

TEST_CASE("scheduler: a day of crawl time at a 5 s delay fetches each of 3 hosts exactly every 5 s",
          "[crawl][scheduler][politeness]") {
    HostScheduler scheduler(polite(5s), no_jitter);
    for (const std::string& host : kHosts) {
        CHECK(scheduler.add_work(host));
    }
    Simulation simulation{scheduler};
    simulation.latency = 1200ms; // answered well within the delay
    simulation.run(at(24h));
    for (const std::string& host : kHosts) {
        const auto& starts = simulation.starts[host];
        CHECK(starts.size() == 86'400 / 5 + 1); // at 0 s, 5 s, ... 86,400 s
        CHECK(shortest_gap(starts) == 5s);
        CHECK(starts.back() == at(24h));
    }
    CHECK(simulation.most_in_flight == 1);
}

TEST_CASE("scheduler: slow answers overlap up to the per-host limit, never beyond it",
          "[crawl][scheduler][politeness]") {
    SECTION("a 7 s answer with a 5 s delay and two slots: still one start every 5 s") {
        HostScheduler scheduler(polite(5s, 2), no_jitter);
        scheduler.add_work(kHosts[0]);
        Simulation simulation{scheduler};
        simulation.latency = 7s;
        simulation.run(at(24h));
        CHECK(simulation.starts[kHosts[0]].size() == 86'400 / 5 + 1);
        CHECK(simulation.most_in_flight == 2);
    }
    SECTION("no delay, 10 s answers, two slots: two starts every 10 s, the host busy in between") {
        HostScheduler scheduler(polite(0ms, 2), no_jitter);
        scheduler.add_work(kHosts[0]);
        Simulation simulation{scheduler};
        simulation.latency = 10s;
        simulation.run(at(24h));
        CHECK(simulation.starts[kHosts[0]].size() == 2 * (86'400 / 10 + 1));
        CHECK(simulation.most_in_flight == 2);
    }
    SECTION("the third request waits for one of two to end") {
        HostScheduler scheduler(polite(0ms, 2), no_jitter);
        scheduler.add_work(kHosts[0]);
        scheduler.fetch_started(kHosts[0], at(0s));
        scheduler.fetch_started(kHosts[0], at(0s));
        CHECK(scheduler.turn(kHosts[0], at(1s)).step == Step::busy);
        scheduler.fetch_finished(kHosts[0], Outcome::ok, 200, 0, std::nullopt, at(2s));
        CHECK(scheduler.turn(kHosts[0], at(2s)).step == Step::fetch);
    }
}

TEST_CASE("scheduler: hosts take turns in rotation and drop out when they run dry", "[crawl][scheduler]") {
    HostScheduler scheduler(polite(0ms), no_jitter);
    for (const std::string& host : kHosts) {
        scheduler.add_work(host);
    }
    CHECK(scheduler.round() == std::vector<std::string_view>{kHosts[0], kHosts[1], kHosts[2]});
    scheduler.end_round();
    CHECK(scheduler.round() == std::vector<std::string_view>{kHosts[1], kHosts[2], kHosts[0]});
    scheduler.no_work(kHosts[1]);
    CHECK(scheduler.turn(kHosts[1], at(0s)).step == Step::idle);
    scheduler.end_round();
    CHECK(scheduler.round().size() == 2);
    CHECK(scheduler.work_left());
    scheduler.no_work(kHosts[0]);
    scheduler.no_work(kHosts[2]);
    CHECK_FALSE(scheduler.work_left());
    CHECK_FALSE(scheduler.add_work(kHosts[1])); // known already: its state (delay, robots) is kept
    CHECK(scheduler.work_left());
}

TEST_CASE("scheduler: a queued retry not yet due makes the host wait for it", "[crawl][scheduler]") {
    HostScheduler scheduler(polite(1s), no_jitter);
    scheduler.add_work(kHosts[0]);
    scheduler.work_due(kHosts[0], at(40s));
    const HostTurn turn = scheduler.turn(kHosts[0], at(10s));
    CHECK(turn.step == Step::wait);
    CHECK(turn.at == at(40s));
    CHECK(scheduler.turn(kHosts[0], at(40s)).step == Step::fetch);
}

TEST_CASE("scheduler: the longer of the job's delay and Crawl-delay wins, Crawl-delay is capped at 120 s",
          "[crawl][scheduler][robots]") {
    const auto delay_with = [](milliseconds configured, const std::string& robots_txt) {
        SchedulerSettings settings = polite(configured);
        settings.robots = true;
        HostScheduler scheduler(settings, no_jitter);
        scheduler.add_work(kHosts[0]);
        scheduler.robots_answered(kHosts[0], RobotsRules::parse(robots_txt, "newsarc"), at(0s));
        return scheduler.delay(kHosts[0]);
    };
    CHECK(delay_with(1s, "User-agent: *\nCrawl-delay: 7\n") == 7s);
    CHECK(delay_with(10s, "User-agent: *\nCrawl-delay: 3\n") == 10s);
    CHECK(delay_with(0ms, "User-agent: *\nCrawl-delay: 0.3\n") == 300ms);
    CHECK(delay_with(1s, "User-agent: *\nCrawl-delay: 500\n") == 120s);
    CHECK(delay_with(2s, "User-agent: *\nDisallow: /x\n") == 2s);

    SECTION("the Crawl-delay spaces the requests over a day") {
        SchedulerSettings settings = polite(1s);
        settings.robots = true;
        HostScheduler scheduler(settings, no_jitter);
        scheduler.add_work(kHosts[0]);
        scheduler.robots_answered(kHosts[0], RobotsRules::parse("User-agent: *\nCrawl-delay: 8\n", "newsarc"),
                                  at(0s));
        Simulation simulation{scheduler};
        simulation.latency = 500ms;
        simulation.run(at(20h)); // within the robots.txt lifetime
        CHECK(simulation.starts[kHosts[0]].size() == 20 * 3600 / 8 + 1);
        CHECK(shortest_gap(simulation.starts[kHosts[0]]) == 8s);
    }
}

TEST_CASE("scheduler: Retry-After pauses exactly that host, for exactly that long",
          "[crawl][scheduler][retry][issue-18]") {
    HostScheduler scheduler(polite(1s), no_jitter);
    for (const std::string& host : kHosts) {
        scheduler.add_work(host);
        scheduler.fetch_started(host, at(0s));
    }
    const RetryVerdict verdict = scheduler.fetch_finished(kHosts[0], Outcome::http_error, 429, 0, 30s, at(1s));
    CHECK(verdict.retry);
    CHECK(verdict.wait == 30s); // longer than the backoff's 1 s: the server's price
    scheduler.fetch_finished(kHosts[1], Outcome::ok, 200, 0, std::nullopt, at(1s));
    scheduler.fetch_finished(kHosts[2], Outcome::ok, 200, 0, std::nullopt, at(1s));

    const HostTurn paused = scheduler.turn(kHosts[0], at(2s));
    CHECK(paused.step == Step::wait);
    CHECK(paused.at == at(31s));
    CHECK(scheduler.turn(kHosts[0], at(31s) - 1ms).step == Step::wait);
    CHECK(scheduler.turn(kHosts[0], at(31s)).step == Step::fetch);
    CHECK(scheduler.turn(kHosts[1], at(2s)).step == Step::fetch);
    CHECK(scheduler.turn(kHosts[2], at(2s)).step == Step::fetch);

    SECTION("a shorter Retry-After than the backoff: the request waits for the backoff, the host only as asked") {
        scheduler.fetch_started(kHosts[1], at(2s));
        const RetryVerdict shorter = scheduler.fetch_finished(kHosts[1], Outcome::http_error, 503, 2, 1s, at(3s));
        CHECK(shorter.wait == 4s);
        CHECK(scheduler.turn(kHosts[1], at(4s)).step == Step::fetch);
    }
    SECTION("longer than network.max_retry_after_s: given up, the host not paused") {
        scheduler.fetch_started(kHosts[1], at(2s));
        const RetryVerdict too_long = scheduler.fetch_finished(kHosts[1], Outcome::http_error, 503, 0, 601s, at(3s));
        CHECK_FALSE(too_long.retry);
        CHECK(scheduler.turn(kHosts[1], at(3s)).step == Step::fetch);
    }
    SECTION("at the cap exactly: still honoured") {
        scheduler.fetch_started(kHosts[1], at(2s));
        const RetryVerdict capped = scheduler.fetch_finished(kHosts[1], Outcome::http_error, 503, 0, 600s, at(3s));
        CHECK(capped.retry);
        CHECK(capped.wait == 600s);
        CHECK(scheduler.turn(kHosts[1], at(602s)).at == at(603s));
    }
    SECTION("on the last attempt: not retried, but the host still pauses as asked") {
        scheduler.fetch_started(kHosts[1], at(2s));
        const RetryVerdict last = scheduler.fetch_finished(kHosts[1], Outcome::http_error, 429, 3, 20s, at(3s));
        CHECK_FALSE(last.retry);
        CHECK(scheduler.turn(kHosts[1], at(4s)).at == at(23s));
    }
    SECTION("on a success it is ignored") {
        scheduler.fetch_started(kHosts[1], at(2s));
        CHECK_FALSE(scheduler.fetch_finished(kHosts[1], Outcome::ok, 200, 0, 20s, at(3s)).retry);
        CHECK(scheduler.turn(kHosts[1], at(3s)).step == Step::fetch);
    }
}

TEST_CASE("scheduler: Retry-After is read as delta-seconds or as an HTTP date", "[crawl][scheduler][retry]") {
    // Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example) is 784,111,777 s after the epoch.
    const auto date = std::chrono::system_clock::time_point(std::chrono::seconds(784'111'777));
    CHECK(parse_retry_after("120", date) == 120s);
    CHECK(parse_retry_after("0", date) == 0s);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", date - 90s) == 90s);
    CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", date - 90s) == 90s); // RFC 850 form
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", date + 1h) == 0s); // past: no wait
    CHECK(*parse_retry_after("99999999999", date) > 600s); // too large to hold: over any cap
    CHECK_FALSE(parse_retry_after("", date));
    CHECK_FALSE(parse_retry_after("soon", date));
}

TEST_CASE("scheduler: backoff doubles from network.retry_base_ms up to 10 minutes", "[crawl][scheduler][retry]") {
    HostScheduler scheduler(polite(0ms), no_jitter);
    std::vector<milliseconds> waits;
    for (int attempts = 0; attempts <= 11; ++attempts) {
        waits.push_back(scheduler.backoff(attempts));
    }
    CHECK(waits == std::vector<milliseconds>{1s, 2s, 4s, 8s, 16s, 32s, 64s, 128s, 256s, 512s, 600s, 600s});
    CHECK(scheduler.backoff(1000) == kMaxBackoff);

    SECTION("jitter scales each wait by a factor in [0.5, 1.5)") {
        std::vector<double> factors = {0.5, 1.4999};
        std::size_t next = 0;
        HostScheduler jittered(polite(0ms), [&] { return factors[next++]; });
        CHECK(jittered.backoff(2) == 2000ms);
        CHECK(jittered.backoff(2) == 6000ms); // 5,999.6 rounded
        HostScheduler random(polite(0ms));
        for (int i = 0; i < 200; ++i) {
            const milliseconds wait = random.backoff(3);
            CHECK(wait >= 4000ms);
            CHECK(wait <= 12000ms);
        }
    }
}

TEST_CASE("scheduler: which failures are retried, and how many times", "[crawl][scheduler][retry]") {
    HostScheduler scheduler(polite(0ms), no_jitter);
    scheduler.add_work(kHosts[0]);
    const auto retried = [&](Outcome outcome, int status, int attempts) {
        scheduler.fetch_started(kHosts[0], at(0s));
        return scheduler.fetch_finished(kHosts[0], outcome, status, attempts, std::nullopt, at(0s));
    };
    CHECK(retried(Outcome::timeout, 0, 0).retry);
    CHECK(retried(Outcome::connection_reset, 0, 2).wait == 4s);
    CHECK(retried(Outcome::http_error, 503, 0).retry);
    CHECK(retried(Outcome::http_error, 429, 0).retry);
    CHECK_FALSE(retried(Outcome::http_error, 404, 0).retry);
    CHECK_FALSE(retried(Outcome::too_large, 0, 0).retry);
    CHECK_FALSE(retried(Outcome::ok, 200, 0).retry);
    CHECK_FALSE(retried(Outcome::timeout, 0, 3).retry); // network.retries = 3 used up
    CHECK(retried(Outcome::blocked, 200, 0).retry);     // a block page is retried like a 429
}

TEST_CASE("scheduler: a block page pauses the whole host by the backoff of the request's attempt",
          "[crawl][scheduler][retry]") {
    HostScheduler scheduler(polite(1s), no_jitter);
    scheduler.add_work(kHosts[0]);
    scheduler.add_work(kHosts[1]);
    scheduler.fetch_started(kHosts[0], at(0s));
    const RetryVerdict verdict = scheduler.fetch_finished(kHosts[0], Outcome::blocked, 200, 2, std::nullopt, at(1s));
    CHECK(verdict.retry);
    CHECK(verdict.wait == 4s);
    CHECK(scheduler.turn(kHosts[0], at(2s)).at == at(5s));
    CHECK(scheduler.turn(kHosts[1], at(2s)).step == Step::fetch);

    SECTION("after a success, the next request's block starts at the base again") {
        scheduler.fetch_started(kHosts[0], at(5s));
        scheduler.fetch_finished(kHosts[0], Outcome::ok, 200, 0, std::nullopt, at(6s));
        scheduler.fetch_started(kHosts[0], at(6s));
        scheduler.fetch_finished(kHosts[0], Outcome::blocked, 200, 0, std::nullopt, at(7s));
        CHECK(scheduler.turn(kHosts[0], at(7s)).at == at(8s));
    }
    SECTION("on the last attempt too, though it is not retried") {
        scheduler.fetch_started(kHosts[0], at(5s));
        CHECK_FALSE(scheduler.fetch_finished(kHosts[0], Outcome::blocked, 200, 3, std::nullopt, at(6s)).retry);
        CHECK(scheduler.turn(kHosts[0], at(6s)).at == at(14s));
    }
}

TEST_CASE("scheduler: robots.txt comes first, expires after 24 h and is fetched again between requests",
          "[crawl][scheduler][robots]") {
    SchedulerSettings settings = polite(60s);
    settings.robots = true;
    HostScheduler scheduler(settings, no_jitter);
    scheduler.add_work(kHosts[0]);

    // A simulated crawl of 50 hours: robots.txt at the start and again each time the last one is over 24 h old.
    std::vector<CrawlTime> robots_fetches;
    std::size_t pages = 0;
    CrawlTime now{};
    while (now <= at(50h)) {
        const HostTurn turn = scheduler.turn(kHosts[0], now);
        if (turn.step == Step::robots) {
            CHECK(turn.robots_cache_usable);
            scheduler.robots_fetch_started(kHosts[0], now);
            CHECK(scheduler.turn(kHosts[0], now).step == Step::busy); // no page before its answer
            scheduler.transfer_ended(kHosts[0]);
            scheduler.robots_answered(kHosts[0], RobotsRules::allow_all(), now + 1s);
            robots_fetches.push_back(now);
            now += 1s;
        } else if (turn.step == Step::fetch) {
            scheduler.fetch_started(kHosts[0], now);
            scheduler.fetch_finished(kHosts[0], Outcome::ok, 200, 0, std::nullopt, now);
            ++pages;
        } else {
            REQUIRE(turn.step == Step::wait);
            now = turn.at;
        }
    }
    // Fetched at 0 s and answered at 1 s; the first request after 1 s + 24 h (every 60 s from 0 s) is at 24:01:00.
    REQUIRE(robots_fetches.size() == 3);
    CHECK(robots_fetches[0] == at(0s));
    CHECK(robots_fetches[1] == at(24h + 60s));
    CHECK(robots_fetches[2] == at(48h + 120s));
    CHECK(pages == 50 * 60 + 1 - 3); // one a minute from 0 s to 50 h, three of those slots taken by robots.txt

    SECTION("a cached robots.txt is used while younger than 24 h") {
        CHECK(HostScheduler::robots_fresh(at(0s), at(24h) - 1ms));
        CHECK_FALSE(HostScheduler::robots_fresh(at(0s), at(24h)));
    }
}

TEST_CASE("scheduler: an unreachable robots.txt is retried with backoff, then the host is refused until it expires",
          "[crawl][scheduler][robots]") {
    SchedulerSettings settings = polite(0ms);
    settings.robots = true;
    settings.retries = 2;
    HostScheduler scheduler(settings, no_jitter);
    scheduler.add_work(kHosts[0]);
    const auto fail_at = [&](CrawlTime now) {
        REQUIRE(scheduler.turn(kHosts[0], now).step == Step::robots);
        scheduler.robots_fetch_started(kHosts[0], now);
        scheduler.transfer_ended(kHosts[0]);
        return scheduler.robots_failed(kHosts[0], now, true);
    };
    CHECK(fail_at(at(0s)));
    CHECK(scheduler.turn(kHosts[0], at(0s)).at == at(1s)); // 1 s backoff
    CHECK_FALSE(scheduler.turn(kHosts[0], at(1s)).robots_cache_usable); // a retry asks the server, not the cache
    CHECK(fail_at(at(1s)));
    CHECK(scheduler.turn(kHosts[0], at(1s)).at == at(3s)); // 2 s
    CHECK_FALSE(fail_at(at(3s)));                          // retries used up
    CHECK(scheduler.robots_unavailable(kHosts[0]));
    CHECK_FALSE(scheduler.rules(kHosts[0]).allowed("/any"));
    CHECK(scheduler.turn(kHosts[0], at(4s)).step == Step::fetch); // leased, then refused by the engine

    SECTION("a day later it is asked again, the backoff starting over") {
        const CrawlTime later = at(3s) + 24h + 1ms;
        REQUIRE(scheduler.turn(kHosts[0], later).step == Step::robots);
        CHECK(fail_at(later));
        CHECK(scheduler.turn(kHosts[0], later).at == later + 1s);
        scheduler.robots_fetch_started(kHosts[0], later + 1s);
        scheduler.transfer_ended(kHosts[0]);
        scheduler.robots_answered(kHosts[0], RobotsRules::allow_all(), later + 1s);
        CHECK_FALSE(scheduler.robots_unavailable(kHosts[0]));
        CHECK(scheduler.rules(kHosts[0]).allowed("/any"));
    }
    SECTION("a stopping crawl does not retry") {
        SchedulerSettings again = settings;
        HostScheduler stopping(again, no_jitter);
        stopping.add_work(kHosts[1]);
        stopping.robots_fetch_started(kHosts[1], at(0s));
        stopping.transfer_ended(kHosts[1]);
        CHECK_FALSE(stopping.robots_failed(kHosts[1], at(0s), false));
    }
}

TEST_CASE("scheduler: a cancelled robots.txt fetch is needed again", "[crawl][scheduler][robots]") {
    SchedulerSettings settings = polite(0ms);
    settings.robots = true;
    HostScheduler scheduler(settings, no_jitter);
    scheduler.add_work(kHosts[0]);
    scheduler.robots_fetch_started(kHosts[0], at(0s));
    CHECK(scheduler.work_left());
    scheduler.fetch_cancelled(kHosts[0]);
    CHECK(scheduler.turn(kHosts[0], at(0s)).step == Step::robots);
}

TEST_CASE("scheduler: outcomes keep their fetch-log names", "[crawl][scheduler]") {
    CHECK(to_string(Outcome::ok) == "ok");
    CHECK(to_string(Outcome::not_modified) == "not_modified");
    CHECK(to_string(Outcome::redirect) == "redirect");
    CHECK(to_string(Outcome::redirect_robots_denied) == "redirect_robots_denied");
    CHECK(to_string(Outcome::truncated_body) == "truncated_body");
    for (int value = 0; value <= static_cast<int>(Outcome::truncated_body); ++value) {
        const auto outcome = static_cast<Outcome>(value);
        CHECK(parse_outcome(to_string(outcome)) == outcome);
    }
    CHECK_FALSE(parse_outcome("fine"));
    CHECK(is_refused_redirect(Outcome::too_many_redirects));
    CHECK_FALSE(is_refused_redirect(Outcome::redirect));
}
