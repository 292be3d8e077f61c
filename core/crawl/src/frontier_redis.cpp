// RedisFrontier: the Frontier interface over Lua scripts (redis/frontier_scripts.hpp) on one hiredis connection.
#include "newsarc/crawl/frontier_redis.hpp"

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <random>
#include <set>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "redis/frontier_scripts.hpp"
#include "redis/redis_connection.hpp"

namespace newsarc::crawl {
namespace {

using redis::Reply;
using redis::Script;

// A host at its shared in-flight limit is asked again this soon: its slot frees when a lease of any worker ends.
constexpr std::int64_t kBusyPollMs = 20;

Script script(const char* body) {
    return Script{std::string(redis::kCommonLua) + body, {}};
}

std::string text(const redisReply& reply) {
    return reply.type == REDIS_REPLY_STRING || reply.type == REDIS_REPLY_STATUS ? std::string(reply.str, reply.len)
                                                                                : std::string();
}

std::int64_t number(std::string_view value) {
    std::int64_t out = 0;
    std::from_chars(value.data(), value.data() + value.size(), out);
    return out;
}

std::int64_t integer(const redisReply& reply) {
    return reply.type == REDIS_REPLY_INTEGER ? static_cast<std::int64_t>(reply.integer) : number(text(reply));
}

/// The seen set's key: what makes two requests the same one (as the SQLite frontier's UNIQUE(url, method, body)).
std::string dedup_key(const FrontierRequest& request) {
    return request.method + ' ' + request.url + '\n' + request.body;
}

/// The prefix as a KEYS pattern: glob characters in a job name match only themselves.
std::string glob_of(const std::string& prefix) {
    std::string out;
    for (const char c : prefix) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + ":*";
}

std::string worker_name() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::random_device random;
    return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(random() % 1000000);
}

} // namespace

class RedisFrontier::Impl {
public:
    explicit Impl(const RedisFrontierSettings& settings)
        : settings_(settings), connection_(redis::RedisAddress::parse(settings.url)), prefix_(settings.key_prefix),
          owner_(worker_name()) {}

    Reply run(Script& which, std::vector<std::string> args) {
        args.insert(args.begin(), prefix_);
        return connection_.eval(which, args);
    }

    struct Refusal {
        std::string kind; ///< "busy", "wait", "due", "empty"
        std::int64_t value = 0;
    };
    struct HostLimits {
        int per_host = 1;
        std::int64_t delay_ms = 0;
    };

    RedisFrontierSettings settings_;
    redis::RedisConnection connection_;
    std::string prefix_;
    std::string owner_;
    bool resumed_ = false;
    std::map<std::string, HostLimits, std::less<>> limits_;
    std::map<std::string, Refusal, std::less<>> refusals_;
    std::set<std::int64_t> held_; // this worker's leases not yet ended
    std::chrono::steady_clock::time_point renewed_ = std::chrono::steady_clock::now();

    Script push = script(redis::kPushLua);
    Script mark_seen = script(redis::kMarkSeenLua);
    Script lease = script(redis::kLeaseLua);
    Script finish = script(redis::kFinishLua);
    Script retry = script(redis::kRetryLua);
    Script put_back = script(redis::kPutBackLua);
    Script reclaim = script(redis::kReclaimLua);
    Script renew = script(redis::kRenewLua);
    Script hold = script(redis::kHoldLua);
    Script open = script(redis::kOpenLua);
    Script finish_crawl = script(redis::kFinishCrawlLua);
};

std::unique_ptr<RedisFrontier> RedisFrontier::open(const RedisFrontierSettings& settings) {
    if (settings.key_prefix.empty()) {
        throw usage_failure("frontier: the Redis key prefix must not be empty (frontier.key_prefix or the job name)");
    }
    auto impl = std::make_unique<Impl>(settings);
    const Reply opened = impl->run(impl->open, {settings.job, glob_of(settings.key_prefix)});
    const std::string state = opened->elements > 0 ? text(*opened->element[0]) : "";
    if (state == "other") {
        const std::string other = opened->elements > 1 ? text(*opened->element[1]) : "";
        throw usage_failure("frontier " + impl->connection_.address().shown() + " key prefix '" +
                            settings.key_prefix + "' holds an unfinished crawl of job '" + other + "', not '" +
                            settings.job + "'; set [frontier] key_prefix to another name");
    }
    impl->resumed_ = state == "joined";
    log::get("frontier")->info("event=redis_open address={} prefix={} worker={} {}",
                               impl->connection_.address().shown(), settings.key_prefix, impl->owner_,
                               impl->resumed_ ? "joined=true" : "fresh=true");
    return std::unique_ptr<RedisFrontier>(new RedisFrontier(std::move(impl)));
}

RedisFrontier::RedisFrontier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RedisFrontier::~RedisFrontier() = default;

bool RedisFrontier::push(const FrontierRequest& request) {
    return push_all({request}).front();
}

std::vector<bool> RedisFrontier::push_all(const std::vector<FrontierRequest>& requests) {
    std::vector<bool> added;
    // A page of 150,000 links goes in pieces: one script call must not hold Redis (and every worker) for long.
    constexpr std::size_t kPerCall = 1000;
    for (std::size_t start = 0; start < requests.size(); start += kPerCall) {
        std::vector<std::string> args;
        const std::size_t end = std::min(requests.size(), start + kPerCall);
        args.reserve((end - start) * 11);
        for (std::size_t i = start; i < end; ++i) {
            const FrontierRequest& request = requests[i];
            for (std::string field :
                 {dedup_key(request), request.url, request.origin, request.method, request.body, request.headers,
                  request.document_url, std::to_string(static_cast<int>(request.kind)),
                  std::to_string(request.priority), std::to_string(request.depth), request.redirect_chain}) {
                args.push_back(std::move(field));
            }
        }
        const Reply reply = impl_->run(impl_->push, std::move(args));
        for (std::size_t i = 0; i < reply->elements; ++i) {
            added.push_back(integer(*reply->element[i]) == 1);
        }
    }
    if (added.size() != requests.size()) {
        throw Failure("frontier: the push script answered " + std::to_string(added.size()) + " results for " +
                      std::to_string(requests.size()) + " requests");
    }
    return added;
}

void RedisFrontier::mark_seen(const FrontierRequest& request) {
    impl_->run(impl_->mark_seen, {dedup_key(request)});
}

void RedisFrontier::politeness(std::string_view origin, int per_host, std::int64_t delay_ms) {
    auto found = impl_->limits_.find(origin);
    if (found == impl_->limits_.end()) {
        found = impl_->limits_.emplace(std::string(origin), Impl::HostLimits{}).first;
    }
    found->second = Impl::HostLimits{per_host, delay_ms};
}

std::optional<Lease> RedisFrontier::lease(std::string_view origin, std::int64_t now_ms) {
    const auto limits = impl_->limits_.find(origin);
    const Impl::HostLimits host = limits != impl_->limits_.end() ? limits->second : Impl::HostLimits{};
    const Reply reply = impl_->run(impl_->lease, {std::string(origin), std::to_string(now_ms),
                                                  std::to_string(host.per_host), std::to_string(host.delay_ms),
                                                  std::to_string(impl_->settings_.lease.count() * 1000),
                                                  impl_->owner_});
    const std::string kind = reply->elements > 0 ? text(*reply->element[0]) : "";
    if (kind != "lease") {
        Impl::Refusal refusal{kind, reply->elements > 1 ? number(text(*reply->element[1])) : 0};
        if (kind == "busy") {
            refusal.value = now_ms + kBusyPollMs;
        } else if (kind == "wait") {
            refusal.value = now_ms + refusal.value;
        }
        impl_->refusals_[std::string(origin)] = refusal;
        return std::nullopt;
    }
    if (reply->elements < 13) {
        throw Failure("frontier: the lease script answered " + std::to_string(reply->elements) +
                      " fields, expected 13 (a script of another newsarc version?)");
    }
    const auto field = [&](std::size_t index) { return text(*reply->element[index]); };
    Lease lease;
    lease.id = number(field(1));
    lease.attempts = static_cast<int>(number(field(2)));
    lease.request.url = field(3);
    lease.request.origin = field(4);
    lease.request.method = field(5);
    lease.request.body = field(6);
    lease.request.headers = field(7);
    lease.request.document_url = field(8);
    const std::int64_t kind_number = number(field(9));
    lease.request.kind = kind_number >= 0 && kind_number <= static_cast<std::int64_t>(PageKind::ignore)
                             ? static_cast<PageKind>(kind_number)
                             : PageKind::unclassified;
    lease.request.priority = static_cast<int>(number(field(10)));
    lease.request.depth = static_cast<int>(number(field(11)));
    lease.request.redirect_chain = field(12);
    impl_->held_.insert(lease.id);
    impl_->refusals_.erase(std::string(origin));
    return lease;
}

std::optional<std::int64_t> RedisFrontier::next_due(std::string_view origin) {
    // Answered from the last refusal of lease(): the engine asks right after one.
    const auto found = impl_->refusals_.find(origin);
    if (found == impl_->refusals_.end() || found->second.kind == "empty") {
        return std::nullopt;
    }
    return found->second.value;
}

void RedisFrontier::mark_done(std::int64_t id) {
    impl_->held_.erase(id);
    impl_->run(impl_->finish, {std::to_string(id), impl_->owner_, "done", ""});
}

void RedisFrontier::mark_failed(std::int64_t id, Outcome outcome) {
    impl_->held_.erase(id);
    impl_->run(impl_->finish, {std::to_string(id), impl_->owner_, "failed", std::string(to_string(outcome))});
}

void RedisFrontier::retry_at(std::int64_t id, std::int64_t due_ms, Outcome outcome) {
    impl_->held_.erase(id);
    impl_->run(impl_->retry, {std::to_string(id), impl_->owner_, std::to_string(due_ms), std::string(to_string(outcome))});
}

void RedisFrontier::put_back(std::int64_t id) {
    impl_->held_.erase(id);
    impl_->run(impl_->put_back, {std::to_string(id), impl_->owner_});
}

std::vector<std::string> RedisFrontier::origins_with_work() {
    const Reply reply = impl_->connection_.command({"SMEMBERS", impl_->prefix_ + ":origins"});
    std::vector<std::string> out;
    for (std::size_t i = 0; i < reply->elements; ++i) {
        out.push_back(text(*reply->element[i]));
    }
    return out;
}

FrontierCounts RedisFrontier::counts() {
    const Reply reply =
        impl_->connection_.command({"HMGET", impl_->prefix_ + ":counts", "queued", "in_flight", "done", "failed"});
    const auto at = [&](std::size_t index) { return index < reply->elements ? integer(*reply->element[index]) : 0; };
    return FrontierCounts{at(0), at(1), at(2), at(3)};
}

void RedisFrontier::transaction(const std::function<void()>& work) {
    // Each call is atomic on its own (one script); there is no wider unit to make durable together.
    work();
}

bool RedisFrontier::resumed() const noexcept {
    return impl_->resumed_;
}

std::int64_t RedisFrontier::pages_started() {
    return 0; // max_pages counts this worker's pages (each worker has its own budget)
}

void RedisFrontier::finish() {
    impl_->run(impl_->finish_crawl, {});
}

std::optional<CachedRobots> RedisFrontier::robots(std::string_view origin) {
    const Reply reply = impl_->connection_.command(
        {"HMGET", impl_->prefix_ + ":robots:" + std::string(origin), "fetched_ms", "status", "body"});
    if (reply->elements < 3 || reply->element[0]->type == REDIS_REPLY_NIL) {
        return std::nullopt;
    }
    return CachedRobots{integer(*reply->element[0]), static_cast<int>(integer(*reply->element[1])),
                        text(*reply->element[2])};
}

void RedisFrontier::store_robots(std::string_view origin, const CachedRobots& robots) {
    impl_->connection_.command({"HSET", impl_->prefix_ + ":robots:" + std::string(origin), "fetched_ms",
                                std::to_string(robots.fetched_ms), "status", std::to_string(robots.status), "body",
                                robots.body});
}

void RedisFrontier::hold_host(std::string_view origin, std::int64_t wait_ms) {
    if (wait_ms > 0) {
        impl_->run(impl_->hold, {std::string(origin), std::to_string(wait_ms)});
    }
}

void RedisFrontier::keep_alive() {
    const Reply reclaimed = impl_->run(impl_->reclaim, {});
    if (integer(*reclaimed) > 0) {
        log::get("frontier")->warn("event=leases_expired count={} lease_s={}", integer(*reclaimed),
                                   impl_->settings_.lease.count());
    }
    // Renewed at a third of the lease: two missed renewals still leave the lease alive.
    const auto now = std::chrono::steady_clock::now();
    if (!impl_->held_.empty() && now - impl_->renewed_ >= impl_->settings_.lease / 3) {
        std::vector<std::string> args = {impl_->owner_, std::to_string(impl_->settings_.lease.count() * 1000)};
        for (const std::int64_t id : impl_->held_) {
            args.push_back(std::to_string(id));
        }
        impl_->run(impl_->renew, std::move(args));
        impl_->renewed_ = now;
    }
}

void RedisFrontier::release_held() {
    const std::set<std::int64_t> held = impl_->held_;
    for (const std::int64_t id : held) {
        put_back(id);
    }
    if (!held.empty()) {
        log::get("frontier")->info("event=leases_returned count={} worker={}", held.size(), impl_->owner_);
    }
}

const std::string& RedisFrontier::owner() const noexcept {
    return impl_->owner_;
}

} // namespace newsarc::crawl
