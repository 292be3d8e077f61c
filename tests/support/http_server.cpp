// HttpServer: Boost.Beast request parsing over Asio coroutines on one thread; replies are written by hand so
// that a script can delay, trickle, hold, truncate or reset them.
#include "support/http_server.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <stdexcept>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace newsarc::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

constexpr std::size_t kWritePiece = 64 * 1024;

} // namespace

std::string HttpRequest::header(std::string_view name) const {
    const std::string wanted = lower(name);
    for (const auto& [key, value] : headers) {
        if (lower(key) == wanted) {
            return value;
        }
    }
    return {};
}

std::string HttpRequest::host_name() const {
    std::string name = host;
    if (const auto colon = name.rfind(':'); colon != std::string::npos && name.find(']') == std::string::npos) {
        name.resize(colon);
    }
    return lower(name);
}

std::string HttpRequest::path() const {
    return target.substr(0, target.find('?'));
}

HttpReply HttpReply::text(int status, std::string body, std::string content_type) {
    HttpReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.headers.emplace_back("Content-Type", std::move(content_type));
    return reply;
}

HttpReply HttpReply::redirect(int status, std::string location) {
    HttpReply reply;
    reply.status = status;
    reply.headers.emplace_back("Location", std::move(location));
    return reply;
}

class HttpServer::Impl {
public:
    explicit Impl(Handler handler) : handler_(std::move(handler)) {}

    asio::io_context io_;
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
    std::vector<std::uint16_t> ports_;
    std::string address_ = "127.0.0.1";
    std::thread thread_;
    asio::steady_timer gate_{io_, asio::steady_timer::time_point::max()};
    bool released_ = false; // io thread only
    bool stopping_ = false; // io thread only
    std::uint64_t next_connection_ = 0;

    mutable std::mutex mutex_; // guards handler_ and log_
    mutable std::condition_variable changed_;
    Handler handler_;
    std::vector<ServedRequest> log_;

    asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::uint16_t port) {
        for (;;) {
            error_code ec;
            tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (ec == asio::error::operation_aborted || stopping_) {
                    co_return;
                }
                continue;
            }
            asio::co_spawn(io_, serve(std::move(socket), port, ++next_connection_), asio::detached);
        }
    }

    asio::awaitable<void> serve(tcp::socket socket, std::uint16_t port, std::uint64_t connection) {
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        boost::beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(8 * 1024 * 1024);
            error_code ec;
            co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            const auto& message = parser.get();
            HttpRequest request;
            request.method = std::string(message.method_string());
            request.target = std::string(message.target());
            for (const auto& field : message) {
                request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
            }
            request.host = request.header("Host");
            request.body = message.body();
            const bool keep_alive = message.keep_alive();

            const std::size_t index = record(request, port, connection);
            const HttpReply reply = call_handler(request, index);
            const bool completed = co_await send(socket, reply, keep_alive);
            finish(index, completed);
            if (!completed || reply.close || !keep_alive || stopping_) {
                socket.close(ignored);
                co_return;
            }
        }
    }

    asio::awaitable<bool> send(tcp::socket& socket, const HttpReply& reply, bool keep_alive) {
        error_code ec;
        asio::steady_timer timer(io_);
        if (reply.delay.count() > 0) {
            timer.expires_after(reply.delay);
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        while (reply.hold && !released_) {
            // The gate never expires; release_held() cancels it, which wakes every waiter at once.
            co_await gate_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        if (stopping_) {
            co_return false;
        }
        const std::uint64_t total = reply.body.size() + reply.filler_bytes;
        std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
        for (const auto& [name, value] : reply.headers) {
            head += name + ": " + value + "\r\n";
        }
        head += reply.chunked ? std::string("Transfer-Encoding: chunked\r\n")
                              : "Content-Length: " + std::to_string(total) + "\r\n";
        head += (reply.close || !keep_alive) ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
        head += "\r\n";
        co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            co_return false;
        }
        const std::uint64_t limit = reply.reset_after   ? std::min(*reply.reset_after, total)
                                    : reply.close_after ? std::min(*reply.close_after, total)
                                                        : total;
        const std::size_t piece = reply.trickle_bytes > 0 ? reply.trickle_bytes : kWritePiece;
        std::string chunk;
        std::uint64_t sent = 0;
        while (sent < limit) {
            const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(piece, limit - sent));
            chunk.clear();
            if (reply.chunked) {
                char length[32];
                std::snprintf(length, sizeof length, "%zx\r\n", size);
                chunk += length;
            }
            const std::size_t from_body =
                sent < reply.body.size()
                    ? std::min<std::size_t>(size, reply.body.size() - static_cast<std::size_t>(sent))
                    : 0;
            chunk.append(reply.body, static_cast<std::size_t>(std::min<std::uint64_t>(sent, reply.body.size())),
                         from_body);
            chunk.append(size - from_body, 'x');
            if (reply.chunked) {
                chunk += "\r\n";
            }
            co_await asio::async_write(socket, asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return false;
            }
            sent += size;
            if (reply.trickle_interval.count() > 0 && sent < limit) {
                timer.expires_after(reply.trickle_interval);
                co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                if (stopping_) {
                    co_return false;
                }
            }
        }
        if (reply.reset_after) {
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            socket.set_option(asio::socket_base::linger(true, 0), ec);
            socket.close(ec);
            co_return false;
        }
        if (reply.close_after) {
            socket.shutdown(tcp::socket::shutdown_send, ec);
            socket.close(ec);
            co_return false;
        }
        if (reply.chunked) {
            co_await asio::async_write(socket, asio::buffer(std::string_view("0\r\n\r\n")),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return false;
            }
        }
        co_return true;
    }

    std::size_t record(const HttpRequest& request, std::uint16_t port, std::uint64_t connection) {
        std::lock_guard lock(mutex_);
        ServedRequest entry;
        entry.request = request;
        entry.port = port;
        entry.connection = connection;
        entry.received = std::chrono::steady_clock::now();
        log_.push_back(std::move(entry));
        changed_.notify_all();
        return log_.size() - 1;
    }

    HttpReply call_handler(const HttpRequest& request, std::size_t index) {
        Handler handler;
        {
            std::lock_guard lock(mutex_);
            handler = handler_;
        }
        HttpReply reply;
        try {
            reply = handler ? handler(request) : HttpReply::text(404, "no handler\n", "text/plain");
        } catch (const std::exception& error) {
            reply = HttpReply::text(500, std::string("handler threw: ") + error.what() + "\n", "text/plain");
        }
        std::lock_guard lock(mutex_);
        log_[index].status = reply.status;
        return reply;
    }

    void finish(std::size_t index, bool completed) {
        std::lock_guard lock(mutex_);
        log_[index].finished = std::chrono::steady_clock::now();
        log_[index].done = true;
        log_[index].completed = completed;
        changed_.notify_all();
    }
};

HttpServer::HttpServer(Handler handler, std::size_t listeners, std::string address)
    : impl_(std::make_unique<Impl>(std::move(handler))) {
    if (!asio::ip::make_address(address).is_loopback()) {
        throw std::runtime_error("HttpServer: " + address + " is not a loopback address");
    }
    impl_->address_ = address;
    for (std::size_t i = 0; i < std::max<std::size_t>(listeners, 1); ++i) {
        auto acceptor = std::make_unique<tcp::acceptor>(impl_->io_);
        const tcp::endpoint endpoint(asio::ip::make_address(address), 0);
        error_code ec;
        acceptor->open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor->set_option(asio::socket_base::reuse_address(true), ec);
            acceptor->bind(endpoint, ec);
        }
        if (!ec) {
            acceptor->listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            throw std::runtime_error("HttpServer: cannot listen on " + address + ": " + ec.message());
        }
        impl_->ports_.push_back(acceptor->local_endpoint().port());
        impl_->acceptors_.push_back(std::move(acceptor));
    }
    for (std::size_t i = 0; i < impl_->acceptors_.size(); ++i) {
        asio::co_spawn(impl_->io_, impl_->accept_loop(*impl_->acceptors_[i], impl_->ports_[i]), asio::detached);
    }
    impl_->thread_ = std::thread([impl = impl_.get()] { impl->io_.run(); });
}

HttpServer::~HttpServer() {
    asio::post(impl_->io_, [impl = impl_.get()] {
        impl->stopping_ = true;
        impl->released_ = true;
        impl->gate_.cancel();
        for (auto& acceptor : impl->acceptors_) {
            error_code ignored;
            acceptor->close(ignored);
        }
    });
    // Let the posted shutdown run, then stop: coroutines still waiting (slow replies) are destroyed with the
    // io_context, which closes their sockets.
    asio::post(impl_->io_, [impl = impl_.get()] { impl->io_.stop(); });
    impl_->thread_.join();
}

std::uint16_t HttpServer::port(std::size_t index) const {
    return impl_->ports_.at(index);
}

std::string HttpServer::base_url(std::size_t index) const {
    return "http://" + impl_->address_ + ":" + std::to_string(port(index));
}

void HttpServer::set_handler(Handler handler) {
    std::lock_guard lock(impl_->mutex_);
    impl_->handler_ = std::move(handler);
}

void HttpServer::release_held() {
    asio::post(impl_->io_, [impl = impl_.get()] {
        impl->released_ = true;
        impl->gate_.cancel();
    });
}

void HttpServer::hold_again() {
    asio::post(impl_->io_, [impl = impl_.get()] { impl->released_ = false; });
}

std::vector<ServedRequest> HttpServer::log() const {
    std::lock_guard lock(impl_->mutex_);
    return impl_->log_;
}

bool HttpServer::wait_until(const std::function<bool(const std::vector<ServedRequest>&)>& condition,
                            std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex_);
    return impl_->changed_.wait_for(lock, timeout, [&] { return condition(impl_->log_); });
}

std::size_t HttpServer::count(const std::function<bool(const ServedRequest&)>& match) const {
    std::lock_guard lock(impl_->mutex_);
    return static_cast<std::size_t>(std::count_if(impl_->log_.begin(), impl_->log_.end(), match));
}

void RouteTable::add(std::string host, std::string target, HttpReply reply) {
    add(std::move(host), std::move(target), [reply = std::move(reply)](const HttpRequest&) { return reply; });
}

void RouteTable::add(std::string host, std::string target, HttpServer::Handler handler) {
    std::lock_guard lock(mutex_);
    routes_[{lower(host), std::move(target)}] = std::move(handler);
}

HttpServer::Handler RouteTable::handler() {
    return [this](const HttpRequest& request) { return reply_for(request); };
}

HttpReply RouteTable::reply_for(const HttpRequest& request) {
    HttpServer::Handler found;
    {
        std::lock_guard lock(mutex_);
        const std::pair<std::string, std::string> keys[] = {{request.host_name(), request.target},
                                                            {std::string(), request.target}};
        for (const auto& key : keys) {
            if (const auto it = routes_.find(key); it != routes_.end()) {
                found = it->second;
                break;
            }
        }
    }
    if (!found) {
        return HttpReply::text(404, "not found: " + request.target + "\n", "text/plain");
    }
    return found(request);
}

} // namespace newsarc::test
