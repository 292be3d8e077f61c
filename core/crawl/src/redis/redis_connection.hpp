// One synchronous connection to a Redis server (hiredis), from a redis:// URL: AUTH and the database index come
// from the URL; a lost connection is opened again (bounded) and the command sent again, so a Redis restart
// (AOF on) does not stop a crawl; Lua scripts go by EVALSHA, loaded again after a restart emptied the cache.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace newsarc::crawl::redis {

/// Where and how to connect, as read from "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]".
struct RedisAddress {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string user;     ///< empty: AUTH with the password alone (Redis < 6 style)
    std::string password; ///< empty: no AUTH
    /// Parses `url`; throws newsarc::Failure (usage) naming the URL and what is wrong. "rediss://" (TLS) is
    /// refused: Debian 12's hiredis 0.14 has no TLS (hiredis_ssl came with 1.0).
    static RedisAddress parse(const std::string& url);
    /// The URL without its password, for messages.
    [[nodiscard]] std::string shown() const;
};

/// A reply, owned (freeReplyObject on destruction).
class Reply {
public:
    explicit Reply(redisReply* reply) noexcept : reply_(reply) {}
    [[nodiscard]] const redisReply& operator*() const noexcept { return *reply_; }
    [[nodiscard]] const redisReply* operator->() const noexcept { return reply_.get(); }

private:
    struct Free {
        void operator()(redisReply* reply) const noexcept;
    };
    std::unique_ptr<redisReply, Free> reply_;
};

/// A script: its text and SHA1, as EVALSHA needs.
struct Script {
    std::string text;
    std::string sha1; ///< filled on first use (SCRIPT LOAD)
};

/// Not thread-safe: one connection per thread (the frontier is used from the crawl's network thread only).
class RedisConnection {
public:
    /// Connects (AUTH, SELECT); throws newsarc::Failure (runtime) naming the address when it cannot.
    explicit RedisConnection(RedisAddress address, std::chrono::milliseconds reconnect_for = std::chrono::seconds(60));
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    /// Runs one command. A connection error is retried on a new connection until `reconnect_for` has passed;
    /// an error reply or a lasting connection loss throws newsarc::Failure (runtime) naming the command.
    Reply command(const std::vector<std::string>& args);
    /// EVALSHA of `script` with `args` (no KEYS: the frontier's keys are built in the script from the prefix),
    /// loading it when the server does not know it (first use, or after a restart).
    Reply eval(Script& script, const std::vector<std::string>& args);

    [[nodiscard]] const RedisAddress& address() const noexcept { return address_; }

private:
    void connect();
    redisReply* send(const std::vector<std::string>& args);

    RedisAddress address_;
    std::chrono::milliseconds reconnect_for_;
    redisContext* context_ = nullptr;
};

} // namespace newsarc::crawl::redis
