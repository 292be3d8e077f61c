// RedisConnection: hiredis's synchronous API, with reconnects and script loading.
#include "redis/redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <charconv>
#include <thread>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/web/url.hpp"

namespace newsarc::crawl::redis {
namespace {

// hiredis sets an I/O timeout per connection: a server that hangs fails the command instead of the crawl.
constexpr timeval kIoTimeout{10, 0};

int parse_number(const std::string& text, const std::string& url, const char* what) {
    int value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
        throw usage_failure("frontier url '" + url + "': " + what + " must be a number, found '" + text + "'");
    }
    return value;
}

std::string describe(const std::vector<std::string>& args) {
    // The command and its first argument (a script's SHA1 or a key); never a password.
    if (args.empty()) {
        return "";
    }
    if (args[0] == "AUTH") {
        return "AUTH";
    }
    return args.size() > 1 ? args[0] + " " + args[1].substr(0, 60) : args[0];
}

} // namespace

RedisAddress RedisAddress::parse(const std::string& url) {
    if (url.rfind("rediss://", 0) == 0) {
        throw usage_failure("frontier url '" + url + "': TLS (rediss://) needs hiredis_ssl, which Debian 12's "
                            "hiredis 0.14 lacks; reach the server through a TLS tunnel (stunnel, spiped) and use "
                            "redis:// to its local end");
    }
    if (url.rfind("redis://", 0) != 0) {
        throw usage_failure("frontier url '" + url + "' must start with redis:// (redis://HOST:PORT/DB)");
    }
    const auto parts = web::split_components(url);
    if (!parts) {
        throw usage_failure("frontier url '" + url + "': " + parts.error().message);
    }
    RedisAddress address;
    if (!parts->host.empty()) {
        address.host = parts->host;
    }
    if (!parts->port.empty()) {
        address.port = parse_number(parts->port, url, "the port");
    }
    if (parts->path.size() > 1) {
        address.db = parse_number(parts->path.substr(1), url, "the database (the path, /0 .. /15)");
    }
    address.user = parts->user;
    address.password = parts->password;
    if (!address.user.empty() && address.password.empty()) {
        throw usage_failure("frontier url '" + url + "': a user needs a password (redis://USER:PASSWORD@HOST)");
    }
    return address;
}

std::string RedisAddress::shown() const {
    std::string out = "redis://";
    if (!password.empty()) {
        out += user + ":***@";
    }
    return out + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

void Reply::Free::operator()(redisReply* reply) const noexcept {
    freeReplyObject(reply);
}

RedisConnection::RedisConnection(RedisAddress address, std::chrono::milliseconds reconnect_for)
    : address_(std::move(address)), reconnect_for_(reconnect_for) {
    connect();
}

RedisConnection::~RedisConnection() {
    if (context_ != nullptr) {
        redisFree(context_);
    }
}

void RedisConnection::connect() {
    if (context_ != nullptr) {
        redisFree(context_);
        context_ = nullptr;
    }
    const timeval connect_timeout{5, 0};
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port, connect_timeout);
    if (context_ == nullptr || context_->err != 0) {
        const std::string reason = context_ != nullptr ? context_->errstr : "out of memory";
        if (context_ != nullptr) {
            redisFree(context_);
            context_ = nullptr;
        }
        throw Failure("frontier: cannot connect to " + address_.shown() + ": " + reason);
    }
    redisSetTimeout(context_, kIoTimeout);
    const auto check = [&](std::vector<std::string> args) {
        redisReply* reply = send(args);
        if (reply == nullptr) {
            throw Failure("frontier: " + address_.shown() + ": " + describe(args) + ": " + context_->errstr);
        }
        Reply owned(reply);
        if (owned->type == REDIS_REPLY_ERROR) {
            throw Failure("frontier: " + address_.shown() + ": " + describe(args) + " refused: " +
                          std::string(owned->str, owned->len));
        }
    };
    if (!address_.password.empty()) {
        check(address_.user.empty() ? std::vector<std::string>{"AUTH", address_.password}
                                    : std::vector<std::string>{"AUTH", address_.user, address_.password});
    }
    if (address_.db != 0) {
        check({"SELECT", std::to_string(address_.db)});
    }
}

redisReply* RedisConnection::send(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const std::string& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    return static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(args.size()), argv.data(), lengths.data()));
}

Reply RedisConnection::command(const std::vector<std::string>& args) {
    const auto give_up_at = std::chrono::steady_clock::now() + reconnect_for_;
    std::chrono::milliseconds pause{50};
    for (int attempt = 1;; ++attempt) {
        redisReply* reply = context_ != nullptr ? send(args) : nullptr;
        if (reply != nullptr) {
            Reply owned(reply);
            if (owned->type == REDIS_REPLY_ERROR) {
                const std::string message(owned->str, owned->len);
                // A restarting server answers LOADING while it reads its AOF: wait like for a lost connection.
                if (message.rfind("LOADING", 0) != 0 || std::chrono::steady_clock::now() >= give_up_at) {
                    throw Failure("frontier: " + address_.shown() + ": " + describe(args) + ": " + message);
                }
            } else {
                return owned;
            }
        }
        const std::string reason = context_ != nullptr && context_->err != 0 ? context_->errstr : "server loading";
        if (std::chrono::steady_clock::now() >= give_up_at) {
            throw Failure("frontier: lost " + address_.shown() + " (" + reason + ") and could not reconnect for " +
                          std::to_string(reconnect_for_.count() / 1000) + " s; the crawl stops, run it again to "
                          "rejoin");
        }
        log::get("frontier")->warn("event=redis_retry address={} command=\"{}\" attempt={} reason=\"{}\"",
                                   address_.shown(), describe(args), attempt, reason);
        std::this_thread::sleep_for(pause); // bounded by give_up_at; the network thread has nothing else to do
        pause = std::min(pause * 2, std::chrono::milliseconds(1000));
        try {
            connect();
        } catch (const Failure&) {
            if (context_ != nullptr) {
                redisFree(context_);
            }
            context_ = nullptr; // tried again on the next turn
        }
    }
}

Reply RedisConnection::eval(Script& script, const std::vector<std::string>& args) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (script.sha1.empty()) {
            Reply loaded = command({"SCRIPT", "LOAD", script.text});
            script.sha1.assign(loaded->str, loaded->len);
        }
        std::vector<std::string> full = {"EVALSHA", script.sha1, "0"};
        full.insert(full.end(), args.begin(), args.end());
        try {
            return command(full);
        } catch (const Failure& failure) {
            // A restarted server has an empty script cache: load it again, once.
            if (std::string_view(failure.what()).find("NOSCRIPT") == std::string_view::npos || attempt == 1) {
                throw;
            }
            script.sha1.clear();
        }
    }
    throw Failure("frontier: unreachable");
}

} // namespace newsarc::crawl::redis
