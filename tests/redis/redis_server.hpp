// A real redis-server for one test: started on a free 127.0.0.1 port with its files in a temp dir, stopped by
// its PID (never by name); restartable on the same port and dir, so an AOF survives.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace newsarc::test {

class RedisServer {
public:
    /// Starts it; `extra` are more redis-server options ("--appendonly", "yes", "--requirepass", "pw").
    /// Throws std::runtime_error when it does not answer within 10 s.
    explicit RedisServer(std::vector<std::string> extra = {});
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    [[nodiscard]] int port() const noexcept { return port_; }
    /// "redis://127.0.0.1:<port>/<db>"
    [[nodiscard]] std::string url(int db = 0) const;
    /// SIGTERM to its PID and wait (redis writes its AOF out on the way down).
    void stop();
    /// Starts it again, same port, dir and options.
    void start();
    /// Runs one command on a fresh connection and returns the reply as text (integers as digits, arrays joined
    /// by '\n'); `password` for AUTH first.
    [[nodiscard]] std::string command(const std::vector<std::string>& args, const std::string& password = "") const;

private:
    TempDir dir_;
    std::vector<std::string> extra_;
    int port_ = 0;
    int pid_ = -1;
};

} // namespace newsarc::test
