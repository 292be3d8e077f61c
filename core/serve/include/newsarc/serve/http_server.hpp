// The one HTTP server of newsarc's own pages: `newsarc serve` and the daemon's `/metrics` (Boost.Beast on Asio).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "newsarc/serve/http.hpp"

namespace newsarc::serve {

struct HttpServerOptions {
    std::string bind_address = "127.0.0.1"; ///< an IPv4 or IPv6 address literal; loopback unless told otherwise
    std::uint16_t port = 0;                  ///< 0: the system picks a free port (see HttpServer::port())
    std::size_t threads = 2;                 ///< worker threads, each with its own connections and handler
    /// Host header names accepted besides the loopback names (localhost, 127.0.0.0/8, [::1]) and the bind
    /// address itself; a request naming any other host gets 421, so a page of another site whose name was
    /// re-pointed at 127.0.0.1 (DNS rebinding) cannot read the archive. Bound to 0.0.0.0 or :: with this list
    /// empty, every Host is accepted (the user chose to serve the network).
    std::vector<std::string> allowed_hosts;
    std::size_t max_header_bytes = 16 * 1024; ///< a larger request head gets 431 and the connection is closed
    std::size_t max_connections = 256;        ///< connections beyond this are closed at once
    std::chrono::seconds idle_timeout{30};    ///< a request (or the rest of one) must arrive within this
    /// Makes the handler of one worker thread: called once per worker, one after the other, by the constructor
    /// (its exceptions pass through); each handler is then used by its worker thread alone, so it may own what is
    /// not thread-safe (a read-only archive::Store).
    std::function<RequestHandler()> make_handler;
};

/// A running server. Construction binds and listens, then starts the worker threads; it throws
/// newsarc::Failure naming the address and why when it cannot listen (usage error for a bad address).
/// The worker threads block every signal, so SIGTERM and SIGINT reach the thread that waits for them.
/// Only GET and HEAD are served (others 405); a request with a body gets 413.
class HttpServer {
public:
    explicit HttpServer(HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept;
    /// Stops accepting, closes the connections and joins the threads. Called by the destructor.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::serve
