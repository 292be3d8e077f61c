// A scripted HTTP/1.1 server on 127.0.0.1 for tests: a handler decides each reply, including faults (slow
// bodies, resets, huge or held replies), and every request is logged with timestamps for later checks.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsarc::test {

/// One request as the server read it.
struct HttpRequest {
    std::string method;                                       ///< "GET", "POST", ...
    std::string target;                                       ///< the request target, e.g. "/a/b?c=1"
    std::string host;                                         ///< the Host header, as sent (may carry a port)
    std::vector<std::pair<std::string, std::string>> headers; ///< every header, in order
    std::string body;

    /// The first header named `name` (case-insensitive), or "" when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
    /// `host` without a ":port" suffix, lower case.
    [[nodiscard]] std::string host_name() const;
    /// `target` without the query string.
    [[nodiscard]] std::string path() const;
};

/// What to answer, and how. The defaults send a complete 200 reply with Content-Length at once.
struct HttpReply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers; ///< sent as given (add Content-Type here)
    std::string body;
    /// Extra body bytes after `body`, generated while sending (for replies too large to hold in memory).
    std::uint64_t filler_bytes = 0;
    /// Wait this long before sending anything.
    std::chrono::milliseconds delay{0};
    /// When non-zero, send the body in pieces of this many bytes with `trickle_interval` between them.
    std::size_t trickle_bytes = 0;
    std::chrono::milliseconds trickle_interval{0};
    /// When set, send the headers and this many body bytes, then reset the connection (TCP RST).
    std::optional<std::uint64_t> reset_after;
    /// When set, send the headers (Content-Length of the whole body) and this many body bytes, then close the
    /// connection cleanly (FIN): a truncated body.
    std::optional<std::uint64_t> close_after;
    /// When true, the reply waits until HttpServer::release_held() (or the server stops).
    bool hold = false;
    /// When true, send "Connection: close" and close after the reply.
    bool close = false;
    /// When true, omit Content-Length and send the body with chunked transfer encoding.
    bool chunked = false;

    /// A complete reply with a body and a Content-Type.
    static HttpReply text(int status, std::string body, std::string content_type = "text/html; charset=utf-8");
    /// A redirect to `location`.
    static HttpReply redirect(int status, std::string location);
};

/// The log entry of one request.
struct ServedRequest {
    HttpRequest request;
    std::uint16_t port = 0;                         ///< the listening port that accepted the connection
    std::uint64_t connection = 0;                   ///< a serial number per accepted connection
    int status = 0;                                 ///< the status the handler chose
    std::chrono::steady_clock::time_point received; ///< when the request was fully read
    std::chrono::steady_clock::time_point finished; ///< when the reply was fully sent or abandoned
    bool done = false;                              ///< the exchange is over (completed or abandoned)
    bool completed = false;                         ///< every byte of the reply was written
};

/// The server. Listens on `listeners` ports of 127.0.0.1 (each chosen by the system) and serves them from
/// one background thread. The handler runs on that thread, one request at a time; it must not block.
/// Construction throws std::runtime_error when a port cannot be opened. Destruction stops the thread and
/// closes every connection.
class HttpServer {
public:
    using Handler = std::function<HttpReply(const HttpRequest&)>;

    /// `address`: another loopback address (127.0.0.2, ...) for tests of address rules; nothing outside
    /// 127.0.0.0/8 is accepted.
    explicit HttpServer(Handler handler, std::size_t listeners = 1, std::string address = "127.0.0.1");
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The port of listener `index`.
    [[nodiscard]] std::uint16_t port(std::size_t index = 0) const;
    /// "http://<address>:<port>" of listener `index`.
    [[nodiscard]] std::string base_url(std::size_t index = 0) const;

    /// Replaces the handler (takes effect for the next request).
    void set_handler(Handler handler);
    /// Sends every held reply now, and every later one that asks to be held, until hold_again().
    void release_held();
    /// Makes `hold = true` replies wait again.
    void hold_again();

    /// A copy of the request log, in the order requests were received.
    [[nodiscard]] std::vector<ServedRequest> log() const;
    /// Waits until `condition(log())` holds or `timeout` passes; returns whether it held.
    bool wait_until(const std::function<bool(const std::vector<ServedRequest>&)>& condition,
                    std::chrono::milliseconds timeout) const;
    /// How many logged requests satisfy `match`.
    [[nodiscard]] std::size_t count(const std::function<bool(const ServedRequest&)>& match) const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// A handler built from a table: (host name, path) -> reply; host "" matches any host. Requests that match
/// nothing get 404. Thread-safe: the table may be changed while the server runs.
class RouteTable {
public:
    void add(std::string host, std::string target, HttpReply reply);
    /// A route whose reply is computed per request.
    void add(std::string host, std::string target, HttpServer::Handler handler);
    /// The handler to give HttpServer; it refers to this table, which must outlive the server.
    [[nodiscard]] HttpServer::Handler handler();

private:
    HttpReply reply_for(const HttpRequest& request);
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, HttpServer::Handler> routes_;
};

} // namespace newsarc::test
