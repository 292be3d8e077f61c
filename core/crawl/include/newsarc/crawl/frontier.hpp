// The frontier: every request a crawl knows of and its state, persisted so a killed crawl resumes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/crawl/outcome.hpp"
#include "newsarc/crawl/page_kind.hpp"

namespace newsarc::crawl {

/// One request to make: a link to follow (GET) or a plugin's API/form request.
struct FrontierRequest {
    std::string url;          ///< normalised absolute URL
    std::string origin;       ///< its politeness key (UrlParts::origin)
    std::string method = "GET";
    std::string body;         ///< POST body, empty for GET
    std::string headers;      ///< extra request headers, "Name: value" lines separated by '\n'
    std::string document_url; ///< the article this request fetches, when it is not `url` itself
    PageKind kind = PageKind::unclassified; ///< what the plugin of its host classified it as
    int priority = 0;         ///< larger is leased sooner
    int depth = 0;            ///< links followed from a seed
    /// The URLs whose redirects led here, first hop first, separated by '\n'; empty for a request that is no
    /// redirect target. Its length is the chain's hop count; a URL already in it is a loop.
    std::string redirect_chain;
};

/// A request handed out for fetching; it stays "in flight" until marked done, failed, retried or put back.
struct Lease {
    std::int64_t id = 0;
    FrontierRequest request;
    int attempts = 0; ///< attempts started before this one (0 on the first); a crawl killed mid-fetch counts it
};

struct FrontierCounts {
    std::int64_t queued = 0; ///< waiting, including those waiting for a retry time
    std::int64_t in_flight = 0;
    std::int64_t done = 0;
    std::int64_t failed = 0;
};

/// What robots.txt said for an origin, as cached.
struct CachedRobots {
    std::int64_t fetched_ms = 0;
    int status = 0; ///< HTTP status of the robots.txt fetch
    std::string body;
};

/// The crawl's work list. All calls come from one thread (the crawl's network thread). Two implementations:
/// SqliteFrontier (one crawl process) and RedisFrontier (newsarc/crawl/frontier_redis.hpp: any number of worker
/// processes sharing it, with the per-host politeness state shared too).
class Frontier {
public:
    virtual ~Frontier() = default;

    /// Adds a request as queued unless this crawl already holds the same one (method, URL and body);
    /// returns whether it was added.
    virtual bool push(const FrontierRequest& request) = 0;
    /// push() of each request, in order, as one call (a page's links): whether each was added.
    virtual std::vector<bool> push_all(const std::vector<FrontierRequest>& requests) {
        std::vector<bool> added;
        added.reserve(requests.size());
        for (const FrontierRequest& request : requests) {
            added.push_back(push(request));
        }
        return added;
    }
    /// Records a request as done without fetching it (a redirect's final URL was fetched on the way); a queued
    /// copy will not be fetched.
    virtual void mark_seen(const FrontierRequest& request) = 0;
    /// The due request of `origin` with the highest priority (oldest first among equals), now in flight, its
    /// attempt counted (durably with the lease, before any byte is sent: a crawl killed during the fetch does
    /// not get that attempt back); or nullopt when none is due at `now_ms` (Unix milliseconds).
    virtual std::optional<Lease> lease(std::string_view origin, std::int64_t now_ms) = 0;
    /// When `origin`'s next queued request becomes due, or nullopt when it has none queued.
    virtual std::optional<std::int64_t> next_due(std::string_view origin) = 0;
    virtual void mark_done(std::int64_t id) = 0;
    /// Final failure; `outcome` is kept for inspection (stored by its name: "robots_denied", "timeout", ...).
    virtual void mark_failed(std::int64_t id, Outcome outcome) = 0;
    /// Queued again, due at `due_ms` (the attempt was counted by lease()).
    virtual void retry_at(std::int64_t id, std::int64_t due_ms, Outcome outcome) = 0;
    /// Queued again as it was, its attempt not counted (the crawl stopped the fetch before an answer came).
    virtual void put_back(std::int64_t id) = 0;
    /// Origins that have queued requests.
    virtual std::vector<std::string> origins_with_work() = 0;
    virtual FrontierCounts counts() = 0;
    /// Runs `work` as one atomic, durable unit (e.g. a page's links and its done mark).
    virtual void transaction(const std::function<void()>& work) = 0;

    /// True when opening it resumed (or, shared, joined) an unfinished crawl.
    [[nodiscard]] virtual bool resumed() const noexcept = 0;
    /// Requests of this crawl that were fetched or are being retried (robots refusals excluded): what
    /// max_pages counts. Meant for start-up.
    virtual std::int64_t pages_started() = 0;
    /// Marks the crawl finished: the next open starts afresh.
    virtual void finish() = 0;
    /// The cached robots.txt of `origin`, if any.
    virtual std::optional<CachedRobots> robots(std::string_view origin) = 0;
    virtual void store_robots(std::string_view origin, const CachedRobots& robots) = 0;

    // --- A frontier shared by several crawl processes (the defaults are those of a private one).

    /// Whether other processes work on it too: the crawl ends only when drained(), and the engine polls it for
    /// hosts other workers found and for their expired leases.
    [[nodiscard]] virtual bool shared() const noexcept { return false; }
    /// Nothing queued and nothing leased by anyone.
    virtual bool drained() {
        const FrontierCounts now = counts();
        return now.queued == 0 && now.in_flight == 0;
    }
    /// The host's politeness as this process knows it (its per-host limit, its delay with Crawl-delay applied),
    /// for a frontier that enforces it across processes in lease().
    virtual void politeness(std::string_view /*origin*/, int /*per_host*/, std::int64_t /*delay_ms*/) {}
    /// No process starts a request to `origin` for `wait_ms` (Retry-After, backoff, a block page).
    virtual void hold_host(std::string_view /*origin*/, std::int64_t /*wait_ms*/) {}
    /// Called now and then by the engine: keeps this process's leases alive, hands out again the expired leases
    /// of others.
    virtual void keep_alive() {}
    /// Returns every lease this process still holds to the queue at once (a stop: the others take them over).
    virtual void release_held() {}
};

/// The frontier in an SQLite file (the job-state file beside the archive, "<archive>.frontier"), plus the
/// crawl's robots.txt cache. Memory stays small whatever the frontier's size: URLs live in the file.
///
/// Opening starts a fresh crawl when the file is new or its last crawl finished; it resumes an unfinished
/// crawl of the same job, returning in-flight requests to the queue. Throws newsarc::Failure (usage) when
/// the file holds an unfinished crawl of another job, and (runtime) when it cannot be opened or written.
class SqliteFrontier final : public Frontier {
public:
    static std::unique_ptr<SqliteFrontier> open(const std::filesystem::path& path, const std::string& job);
    ~SqliteFrontier() override;

    bool push(const FrontierRequest& request) override;
    void mark_seen(const FrontierRequest& request) override;
    std::optional<Lease> lease(std::string_view origin, std::int64_t now_ms) override;
    std::optional<std::int64_t> next_due(std::string_view origin) override;
    void mark_done(std::int64_t id) override;
    void mark_failed(std::int64_t id, Outcome outcome) override;
    void retry_at(std::int64_t id, std::int64_t due_ms, Outcome outcome) override;
    void put_back(std::int64_t id) override;
    std::vector<std::string> origins_with_work() override;
    FrontierCounts counts() override;
    void transaction(const std::function<void()>& work) override;

    [[nodiscard]] bool resumed() const noexcept override;
    std::int64_t pages_started() override;
    void finish() override;

    /// The request counts of the frontier file at `path`, read through a read-only connection (never writes it,
    /// so a monitor may ask while a crawl runs); nullopt when there is no such file. Throws newsarc::Failure
    /// (runtime) naming the file when it cannot be read.
    static std::optional<FrontierCounts> read_counts(const std::filesystem::path& path);

    std::optional<CachedRobots> robots(std::string_view origin) override;
    void store_robots(std::string_view origin, const CachedRobots& robots) override;

    [[nodiscard]] const std::filesystem::path& path() const noexcept;

    class Impl;

private:
    explicit SqliteFrontier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::crawl
