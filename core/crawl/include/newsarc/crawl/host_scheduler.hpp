// Per-host scheduling of a crawl: which host may start a request now, and when the next one is due. It keeps each
// host's politeness (in-flight limit, delay between request starts raised to its Crawl-delay, pauses for
// Retry-After, block pages and robots.txt failures), its robots.txt state and expiry, and the retry policy
// (exponential backoff with jitter). It never reads a clock: every call takes `now`, so a test can run a day of
// crawl time by advancing a number. The engine owns one and passes its loop's clock reading.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsarc/crawl/job_config.hpp"
#include "newsarc/crawl/outcome.hpp"
#include "newsarc/crawl/robots.hpp"

namespace newsarc::crawl {

/// The scheduler's clock: steady time in milliseconds. Steady, because politeness and pauses are intervals that
/// a wall-clock step (NTP, a suspended laptop) must not shorten or stretch; milliseconds, because every setting
/// and header is in (fractions of) seconds. Wall-clock times (the frontier's due times, robots.txt fetch times
/// cached across runs, a Retry-After date) are converted by the caller at the edge, and the distinct type keeps
/// them from being mixed in by mistake.
using CrawlTime = std::chrono::time_point<std::chrono::steady_clock, std::chrono::milliseconds>;
using std::chrono::milliseconds;

/// How long a robots.txt is trusted before it is fetched again (cached across runs, refreshed during a long run).
inline constexpr milliseconds kRobotsLifetime = std::chrono::hours(24);
/// The longest wait between two attempts (or a host's pause after a block page), whatever the backoff says.
inline constexpr milliseconds kMaxBackoff = std::chrono::minutes(10);
/// A Crawl-delay longer than this is taken as this (a site asking for an hour would never be crawled).
inline constexpr milliseconds kMaxCrawlDelay = std::chrono::seconds(120);

struct SchedulerSettings {
    int per_host = 2;                        ///< politeness.per_host: requests in flight per host
    milliseconds delay{1000};                ///< politeness.delay_ms: between two request starts to one host
    bool robots = true;                      ///< politeness.robots: fetch robots.txt before a host's first page
    int retries = 3;                         ///< network.retries: attempts after the first (pages and robots.txt)
    milliseconds retry_base{1000};           ///< network.retry_base_ms: the first retry's wait, doubled each time
    milliseconds max_retry_after{600'000};   ///< network.max_retry_after_s: a longer Retry-After gives up

    static SchedulerSettings from(const JobConfig& job);
};

/// What a host may do now.
struct HostTurn {
    enum class Step : std::uint8_t {
        fetch = 1,  ///< lease its next request and start it (then call fetch_started)
        robots = 2, ///< its robots.txt first: from the cache when robots_cache_usable, else robots_fetch_started
        wait = 3,   ///< nothing before `at`
        busy = 4,   ///< nothing until a request of its own ends (in-flight limit, robots.txt being fetched)
        idle = 5,   ///< it has no work
    };
    Step step = Step::idle;
    CrawlTime at{};                   ///< for wait: when to ask again
    bool robots_cache_usable = false; ///< for robots: the first attempt may take a cached robots.txt
};

/// What to do with a request whose attempt ended without an answer worth keeping.
struct RetryVerdict {
    bool retry = false;  ///< queue it again after `wait`; else it is final (processed as a failure)
    milliseconds wait{}; ///< from now until the retry is due
};

/// A function giving the jitter factor of one backoff wait, in [0.5, 1.5).
using Jitter = std::function<double()>;
/// Uniformly random jitter (a seeded PRNG; the seed comes from std::random_device).
Jitter random_jitter();

/// Retry-After as a delay from `wall_now`: delta-seconds ("120") or an HTTP date; nullopt when empty or neither.
/// A date in the past is no delay; a number too large to hold is a very long one.
std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point wall_now);

/// Failures worth another attempt: the server or the network may do better later (5xx and 429 among them).
bool transient(Outcome outcome, int http_status) noexcept;

class HostScheduler {
public:
    explicit HostScheduler(SchedulerSettings settings, Jitter jitter = random_jitter());

    // --- Work. Hosts are named by origin ("http://a.test"); a host is known from its first add_work on.

    /// The host has (or may have) a request due: new work found, a retry queued. Returns true the first time the
    /// host is seen. A host with work takes part in rounds until it runs dry.
    bool add_work(std::string_view origin);
    /// The frontier has nothing queued for the host.
    void no_work(std::string_view origin);
    /// The host's next queued request is not due before `at` (a retry waiting for its time).
    void work_due(std::string_view origin, CrawlTime at);

    // --- Turns.

    /// What the host may do at `now`. Also where a robots.txt older than kRobotsLifetime is dropped, to be
    /// fetched again before the host's next request.
    HostTurn turn(std::string_view origin, CrawlTime now);
    /// The hosts that take part in this round, rotated by one each round so that no host always goes first. The
    /// views stay valid for the scheduler's life.
    [[nodiscard]] std::vector<std::string_view> round() const;
    /// Ends a round: rotates the order and drops hosts with no work, nothing in flight and no robots.txt pending.
    void end_round();
    /// Whether any host still has work or a robots.txt being fetched (the crawl is not done).
    [[nodiscard]] bool work_left() const;

    // --- Requests. A page's fetch (fetch_started) ends with fetch_finished or fetch_cancelled; a robots.txt
    // fetch (robots_fetch_started) with transfer_ended, then robots_answered or robots_failed, or with
    // fetch_cancelled.

    /// A page request starts at `now` (turn() said fetch): it counts in flight; the next start waits for the delay.
    void fetch_started(std::string_view origin, CrawlTime now);
    /// The host's robots.txt fetch starts at `now` (turn() said robots): as fetch_started, and no page starts
    /// before it is answered.
    void robots_fetch_started(std::string_view origin, CrawlTime now);
    /// A transfer was cancelled by a stop; a robots.txt being fetched is needed again.
    void fetch_cancelled(std::string_view origin);
    /// A robots.txt transfer ended (answered or not): it no longer counts in flight.
    void transfer_ended(std::string_view origin);
    /// A page's attempt ended at `now` with `outcome` (`attempts`: made before this one). A block page pauses the
    /// whole host by the backoff; a Retry-After up to the cap pauses it that long. Returns whether to retry.
    RetryVerdict fetch_finished(std::string_view origin, Outcome outcome, int http_status, int attempts,
                                std::optional<milliseconds> retry_after, CrawlTime now);

    // --- robots.txt.

    /// The host's robots.txt answered (or came from the cache), fetched at `fetched_at`: its rules apply, and its
    /// Crawl-delay raises the host's delay (up to kMaxCrawlDelay).
    void robots_answered(std::string_view origin, RobotsRules rules, CrawlTime fetched_at);
    /// Its fetch failed (5xx, 429, unreachable) at `now`. With attempts left and `may_retry`, it is fetched again
    /// after the backoff and true is returned; otherwise the host is refused entirely (RFC 9309 2.3.1.4) until
    /// its robots.txt expires, and false is returned.
    bool robots_failed(std::string_view origin, CrawlTime now, bool may_retry);
    /// Whether a robots.txt fetched at `fetched_at` may still be used at `now`.
    [[nodiscard]] static bool robots_fresh(CrawlTime fetched_at, CrawlTime now) noexcept {
        return now - fetched_at < kRobotsLifetime;
    }
    [[nodiscard]] const RobotsRules& rules(std::string_view origin) const;
    /// Whether the host's rules are the complete disallow of an unreachable robots.txt.
    [[nodiscard]] bool robots_unavailable(std::string_view origin) const;
    /// Failed robots.txt fetches since it was last needed (the attempt number of the next one).
    [[nodiscard]] int robots_attempts(std::string_view origin) const;
    /// When the host's next request may start (its delay, pauses for Retry-After and block pages applied).
    [[nodiscard]] CrawlTime next_start(std::string_view origin) const;
    /// The host's delay between request starts now (its Crawl-delay applied).
    [[nodiscard]] milliseconds delay(std::string_view origin) const;

    /// The wait before retry number `attempts` + 1: retry_base * 2^attempts, times the jitter, at most kMaxBackoff.
    milliseconds backoff(int attempts);

private:
    enum class Robots : std::uint8_t { unknown = 1, fetching = 2, ready = 3 };
    struct Host {
        std::string origin;
        int in_flight = 0;
        CrawlTime next_start{};   ///< politeness gate for the next request start
        milliseconds delay{};     ///< between request starts
        CrawlTime due{};          ///< its next queued request is due (when none was due at the last look)
        bool has_work = true;
        bool active = false;
        Robots robots = Robots::unknown;
        RobotsRules rules;
        bool robots_unavailable = false;
        int robots_attempts = 0;
        CrawlTime robots_fetched{};
    };
    Host& host(std::string_view origin);
    [[nodiscard]] const Host& host(std::string_view origin) const;
    void pause(Host& host, CrawlTime until) noexcept;

    SchedulerSettings settings_;
    Jitter jitter_;
    struct OriginHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view origin) const noexcept { return std::hash<std::string_view>{}(origin); }
    };
    // Hosts are never dropped from here (only from active_): round() hands out views of their origins.
    std::unordered_map<std::string, std::unique_ptr<Host>, OriginHash, std::equal_to<>> hosts_;
    std::vector<Host*> active_;
    std::size_t round_robin_ = 0;
};

} // namespace newsarc::crawl
