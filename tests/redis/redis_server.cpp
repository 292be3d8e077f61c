// RedisServer: fork/exec of redis-server, readiness by PING with a deadline.
#include "redis_server.hpp"

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace newsarc::test {
namespace {

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("no free loopback port for redis-server");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string reply_text(const redisReply* reply) {
    switch (reply->type) {
    case REDIS_REPLY_INTEGER: return std::to_string(reply->integer);
    case REDIS_REPLY_NIL: return "";
    case REDIS_REPLY_ARRAY: {
        std::string out;
        for (std::size_t i = 0; i < reply->elements; ++i) {
            out += (i == 0 ? "" : "\n") + reply_text(reply->element[i]);
        }
        return out;
    }
    default: return std::string(reply->str, reply->len);
    }
}

} // namespace

RedisServer::RedisServer(std::vector<std::string> extra) : dir_("newsarc-redis"), extra_(std::move(extra)) {
    port_ = free_port();
    start();
}

RedisServer::~RedisServer() {
    stop();
}

std::string RedisServer::url(int db) const {
    return "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
}

void RedisServer::start() {
    std::vector<std::string> storage = {"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                        "--dir", dir_.path().string(), "--save", "", "--daemonize", "no",
                                        "--logfile", (dir_.path() / "redis.log").string()};
    storage.insert(storage.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        ::execvp("redis-server", argv.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        redisContext* context = redisConnect("127.0.0.1", port_);
        if (context != nullptr && context->err == 0) {
            auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
            // A password-protected server answers NOAUTH: it is up all the same.
            const bool up = reply != nullptr && (reply->type == REDIS_REPLY_STATUS || reply->type == REDIS_REPLY_ERROR) &&
                            std::string(reply->str, reply->len).rfind("LOADING", 0) != 0;
            if (reply != nullptr) {
                freeReplyObject(reply);
            }
            redisFree(context);
            if (up) {
                return;
            }
        } else if (context != nullptr) {
            redisFree(context);
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("redis-server exited at start (is it installed? scripts/setup installs it)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server on port " + std::to_string(port_) + " did not answer within 10 s");
}

void RedisServer::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string RedisServer::command(const std::vector<std::string>& args, const std::string& password) const {
    redisContext* context = redisConnect("127.0.0.1", port_);
    if (context == nullptr || context->err != 0) {
        if (context != nullptr) {
            redisFree(context);
        }
        throw std::runtime_error("cannot connect to the test redis-server");
    }
    if (!password.empty()) {
        freeReplyObject(redisCommand(context, "AUTH %s", password.c_str()));
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(context, static_cast<int>(args.size()), argv.data(), lengths.data()));
    std::string out = reply != nullptr ? reply_text(reply) : "";
    if (reply != nullptr) {
        freeReplyObject(reply);
    }
    redisFree(context);
    return out;
}

} // namespace newsarc::test
