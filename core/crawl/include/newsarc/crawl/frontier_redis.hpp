// The frontier in Redis, shared by any number of `newsarc crawl` workers on any number of machines.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "newsarc/crawl/frontier.hpp"

namespace newsarc::crawl {

struct RedisFrontierSettings {
    std::string url;        ///< redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]
    std::string key_prefix; ///< every key of the crawl starts with "<key_prefix>:"
    std::string job;        ///< the job's name: a worker of another job with the same prefix is refused
    std::chrono::seconds lease{60};
};

/// Every piece of crawl state lives in Redis (key layout: core/crawl/src/redis/frontier_scripts.hpp): per-host
/// queues by priority, the seen set, leases with an expiry, the per-host in-flight count and next start time
/// (lease() refuses a host at its limit or before its time, whichever worker asks), retry counts and due times,
/// robots.txt per host. Each change is one Lua script, atomic across workers. A worker that dies leaves its
/// leases to expire after `lease` seconds; keep_alive() (from any live worker) then queues them again, and
/// renews the worker's own leases. A lost connection is opened again and the command retried (a Redis restart
/// with AOF loses nothing that was acknowledged).
///
/// Throws newsarc::Failure: usage for a bad URL or another job's crawl under the prefix, runtime when Redis
/// cannot be reached.
class RedisFrontier final : public Frontier {
public:
    static std::unique_ptr<RedisFrontier> open(const RedisFrontierSettings& settings);
    ~RedisFrontier() override;

    bool push(const FrontierRequest& request) override;
    /// One script for all of them: a page's links cost one round trip, not one each.
    std::vector<bool> push_all(const std::vector<FrontierRequest>& requests) override;
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
    std::optional<CachedRobots> robots(std::string_view origin) override;
    void store_robots(std::string_view origin, const CachedRobots& robots) override;

    [[nodiscard]] bool shared() const noexcept override { return true; }
    void politeness(std::string_view origin, int per_host, std::int64_t delay_ms) override;
    void hold_host(std::string_view origin, std::int64_t wait_ms) override;
    void keep_alive() override;
    void release_held() override;

    /// This worker's name in the lease records ("<hostname>:<pid>:<random>").
    [[nodiscard]] const std::string& owner() const noexcept;

    class Impl;

private:
    explicit RedisFrontier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::crawl
