// HttpServer: Boost.Beast over Asio, one io_context per worker thread (a connection stays on the thread that
// accepted it, so each thread's handler owns its own archive connection), coroutine sessions, deadlines on every
// read and write, bounded request heads, and the Host check against DNS rebinding.
#include "newsarc/serve/http_server.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <utility> // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxDrainBytes = 1024 * 1024;
constexpr const char* kDefaultPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

/// The host name of a Host header value, without its port, brackets kept off IPv6 literals, lower case.
std::string host_name(std::string_view host) {
    if (host.starts_with('[')) {
        const std::size_t close = host.find(']');
        return lower(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    return lower(host.substr(0, host.find(':')));
}

bool is_loopback_name(const std::string& name) {
    if (name == "localhost") {
        return true;
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(name, ec);
    return !ec && address.is_loopback();
}

/// Blocks every signal in the calling thread while alive, so threads started meanwhile inherit the full mask.
class BlockAllSignals {
public:
    BlockAllSignals() {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &previous_);
    }
    ~BlockAllSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    BlockAllSignals(const BlockAllSignals&) = delete;
    BlockAllSignals& operator=(const BlockAllSignals&) = delete;

private:
    sigset_t previous_{};
};

struct Worker {
    asio::io_context io{1};
    /// Keeps run() going while the worker has no connection yet (only worker 0 has the accept loop).
    asio::executor_work_guard<asio::io_context::executor_type> busy = asio::make_work_guard(io);
    std::thread thread;
    RequestHandler handler;
};

} // namespace

struct HttpServer::Impl {
    HttpServerOptions options;
    std::vector<std::unique_ptr<Worker>> workers;
    std::optional<tcp::acceptor> acceptor;
    std::uint16_t bound_port = 0;
    bool any_host = false;
    std::vector<std::string> allowed_hosts; ///< lower case: the bind address and options.allowed_hosts
    std::atomic<std::size_t> connections{0};
    std::shared_ptr<spdlog::logger> logger = log::get("serve");

    [[nodiscard]] bool host_allowed(std::string_view host) const {
        if (host.empty() || any_host) {
            return true; // HTTP/1.0 without Host: no browser sends that, so no rebinding either
        }
        const std::string name = host_name(host);
        return is_loopback_name(name) ||
               std::find(allowed_hosts.begin(), allowed_hosts.end(), name) != allowed_hosts.end();
    }

    static HttpResponse plain(int status, std::string message) {
        return HttpResponse::text(status, std::move(message) + "\n", "text/plain; charset=utf-8");
    }

    HttpResponse answer(Worker& worker, const http::request<http::string_body>& request) const {
        const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
        if (!host_allowed(host)) {
            return plain(421, "this server does not answer for host '" + std::string(host) +
                                  "' (serve --allow-host NAME adds a name)");
        }
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            HttpResponse response = plain(405, "only GET and HEAD are served here");
            response.headers.emplace_back("Allow", "GET, HEAD");
            return response;
        }
        const std::string_view target(request.target().data(), request.target().size());
        const std::string_view method(request.method_string().data(), request.method_string().size());
        const auto parsed = parse_target(method, target);
        if (!parsed) {
            return plain(400, "bad request target (not a path, a broken %-escape, or not UTF-8)");
        }
        try {
            return worker.handler(*parsed);
        } catch (const std::exception& error) {
            logger->error("event=request_failed target=\"{}\" error=\"{}\"", std::string(target), error.what());
            return plain(500, std::string("internal error: ") + error.what());
        }
    }

    static http::response<http::string_body> to_beast(HttpResponse&& answer, unsigned version, bool keep_alive) {
        http::response<http::string_body> response{static_cast<http::status>(answer.status), version};
        response.set(http::field::server, "newsarc");
        response.set(http::field::content_type, answer.content_type);
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Referrer-Policy", "no-referrer");
        response.set("X-Frame-Options", "DENY");
        response.set(http::field::cache_control, "no-cache");
        bool has_policy = false;
        for (auto& [name, value] : answer.headers) {
            has_policy = has_policy || lower(name) == "content-security-policy";
            response.set(name, value);
        }
        if (!has_policy) {
            response.set("Content-Security-Policy", kDefaultPolicy);
        }
        response.body() = std::move(answer.body);
        response.keep_alive(keep_alive);
        response.prepare_payload();
        return response;
    }

    asio::awaitable<void> session(beast::tcp_stream stream, Worker& worker) {
        struct Count {
            std::atomic<std::size_t>& connections;
            ~Count() { --connections; }
        } count{connections};
        beast::flat_buffer buffer;
        beast::error_code ec;
        while (true) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            parser.body_limit(0);
            stream.expires_after(options.idle_timeout);
            co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            HttpResponse reply;
            bool keep_alive = false;
            bool head = false;
            unsigned version = 11;
            if (ec == http::error::header_limit) {
                reply = plain(431, "request head larger than " + std::to_string(options.max_header_bytes) + " bytes");
            } else if (ec == http::error::body_limit) {
                reply = plain(413, "requests here carry no body");
            } else if (ec) {
                co_return; // closed, timed out or not HTTP: nothing to answer
            } else {
                const auto& request = parser.get();
                version = request.version();
                keep_alive = request.keep_alive();
                head = request.method() == http::verb::head;
                reply = answer(worker, request);
                logger->debug("method={} target=\"{}\" status={}", std::string(request.method_string()),
                              std::string(request.target()), reply.status);
            }
            auto response = to_beast(std::move(reply), version, keep_alive);
            stream.expires_after(options.idle_timeout);
            if (head) {
                http::response_serializer<http::string_body> serializer{response};
                co_await http::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
            } else {
                co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
            }
            if (ec || !keep_alive) {
                break;
            }
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        // Read what the client still sends (the rest of an oversized head) before closing: closing a socket
        // with unread bytes sends a reset, which can destroy the answer before the client reads it.
        char sink[4096];
        std::size_t drained = 0;
        stream.expires_after(std::chrono::seconds(2));
        while (!ec && drained < kMaxDrainBytes) {
            drained += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    asio::awaitable<void> accept_loop() {
        std::size_t next = 0;
        while (acceptor && acceptor->is_open()) {
            Worker& worker = *workers[next];
            next = (next + 1) % workers.size();
            beast::error_code ec;
            tcp::socket socket =
                co_await acceptor->async_accept(worker.io, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            if (ec) {
                logger->warn("event=accept_failed error=\"{}\"", ec.message());
                continue;
            }
            if (connections.load() >= options.max_connections) {
                logger->warn("event=connection_refused reason=\"{} connections open\"", options.max_connections);
                socket.close(ec);
                continue;
            }
            ++connections;
            asio::co_spawn(worker.io, session(beast::tcp_stream(std::move(socket)), worker), asio::detached);
        }
    }
};

HttpServer::HttpServer(HttpServerOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& impl = *impl_;
    impl.options = std::move(options);
    if (!impl.options.make_handler) {
        throw Failure("serve: no request handler given");
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl.options.bind_address, ec);
    if (ec) {
        throw usage_failure("--bind '" + impl.options.bind_address + "' is not an IP address (e.g. 127.0.0.1 or ::1)");
    }
    impl.any_host = address.is_unspecified() && impl.options.allowed_hosts.empty();
    impl.allowed_hosts.push_back(lower(impl.options.bind_address));
    for (const auto& host : impl.options.allowed_hosts) {
        impl.allowed_hosts.push_back(host_name(host));
    }
    const std::size_t threads = std::max<std::size_t>(1, impl.options.threads);
    for (std::size_t i = 0; i < threads; ++i) {
        impl.workers.push_back(std::make_unique<Worker>());
    }
    const tcp::endpoint endpoint(address, impl.options.port);
    impl.acceptor.emplace(impl.workers[0]->io);
    impl.acceptor->open(endpoint.protocol(), ec);
    if (!ec) {
        impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        impl.acceptor->bind(endpoint, ec);
    }
    if (!ec) {
        impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw Failure("serve: cannot listen on " + impl.options.bind_address + " port " +
                      std::to_string(impl.options.port) + ": " + ec.message());
    }
    impl.bound_port = impl.acceptor->local_endpoint().port();
    asio::co_spawn(impl.workers[0]->io, impl.accept_loop(), asio::detached);
    // One handler after the other, before any thread serves: concurrent first opens of one SQLite file in WAL
    // mode can find it locked, and a handler that cannot be made stops the server here, not on each request.
    for (auto& worker : impl.workers) {
        worker->handler = impl.options.make_handler();
    }
    const BlockAllSignals blocked;
    for (auto& worker : impl.workers) {
        worker->thread = std::thread([raw = worker.get()] { raw->io.run(); });
    }
}

HttpServer::~HttpServer() {
    stop();
}

std::uint16_t HttpServer::port() const noexcept {
    return impl_->bound_port;
}

void HttpServer::stop() {
    if (!impl_ || impl_->workers.empty() || !impl_->workers[0]->thread.joinable()) {
        return;
    }
    Impl& impl = *impl_;
    for (auto& worker : impl.workers) {
        worker->io.stop();
    }
    for (auto& worker : impl.workers) {
        worker->thread.join();
    }
    impl.acceptor.reset(); // no thread runs now: closing it here races with nothing
    // The sessions still suspended are destroyed with their io_context, each on the context it ran on.
    impl.workers.clear();
}

} // namespace newsarc::serve
