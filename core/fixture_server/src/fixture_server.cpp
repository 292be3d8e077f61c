// The fixture web server: Boost.Beast over Asio (optionally TLS), one io_context thread, coroutine sessions.
#include "newsarc/fixture_server/fixture_server.hpp"

#include <fstream>
#include <sstream>
#include <thread>
#include <utility> // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::fixture_server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string content_type_for(const std::filesystem::path& path, std::string_view body) {
    // The body decides first: an API answer or a feed is often served from a URL ending in .htm or "/" (guancha's
    // /api/gundong.htm, huxiu's RSS at "/", kept as index.html), and a JSON or XML body is what a client sees.
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    const std::string_view start = first == std::string_view::npos ? std::string_view() : body.substr(first);
    if (!start.empty() && (start.front() == '{' || start.front() == '[')) {
        return "application/json; charset=utf-8";
    }
    if (start.starts_with("<?xml") || start.starts_with("<rss")) {
        return "application/xml; charset=utf-8";
    }
    const std::string name = path.filename().string();
    const std::string base = name.substr(0, name.find('?'));
    const auto ends_with = [&](std::string_view suffix) {
        return base.size() >= suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".json")) {
        return "application/json; charset=utf-8";
    }
    if (ends_with(".xml") || ends_with(".rss")) {
        return "application/xml; charset=utf-8";
    }
    if (ends_with(".txt")) {
        return "text/plain; charset=utf-8";
    }
    return "text/html; charset=utf-8";
}

/// True when `relative` stays inside the served folder (no "..", no absolute part).
bool is_safe(const std::filesystem::path& relative) {
    for (const auto& part : relative) {
        if (part == ".." || part.has_root_directory() || part.has_root_name()) {
            return false;
        }
    }
    return true;
}

} // namespace

struct Server::Impl {
    ServerOptions options;
    asio::io_context io{1};
    std::unique_ptr<ssl::context> tls;
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::uint16_t bound_port = 0;
    std::shared_ptr<spdlog::logger> logger = log::get("serve");

    /// Finds the file for a request; empty when there is none.
    std::filesystem::path lookup(const std::string& host, const std::string& method, const std::string& target,
                                 const std::string& body) const {
        std::string host_name = host.substr(0, host.find(':'));
        for (char& c : host_name) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        std::string path = target.substr(0, target.find('?'));
        const std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
        if (path.empty() || path.front() != '/') {
            return {};
        }
        if (path.back() == '/') {
            path += "index.html";
        }
        const std::filesystem::path relative = std::filesystem::path(host_name) / path.substr(1);
        if (host_name.empty() || !is_safe(relative)) {
            return {};
        }
        const std::filesystem::path plain = options.root / relative;
        const std::string key = method == "POST" ? body : query;
        if (!key.empty()) {
            std::filesystem::path with_key = plain;
            with_key += "?" + key;
            if (std::filesystem::is_regular_file(with_key)) {
                return with_key;
            }
        }
        if (std::filesystem::is_regular_file(plain)) {
            return plain;
        }
        return {};
    }

    http::response<http::string_body> answer(const http::request<http::string_body>& request) const {
        const std::string host(request[http::field::host]);
        const std::string method(request.method_string());
        const std::string target(request.target());
        http::response<http::string_body> response;
        response.version(request.version());
        response.keep_alive(request.keep_alive());
        response.set(http::field::server, "newsarc-fixtures");
        const auto file = lookup(host, method, target, request.body());
        if (file.empty()) {
            response.result(http::status::not_found);
            response.set(http::field::content_type, "text/html; charset=utf-8");
            response.body() = "<!doctype html><title>404</title><p>no fixture for " + host + target + "</p>";
        } else {
            std::string body = read_file(file);
            int status = 200;
            std::filesystem::path status_file = file;
            status_file += ".status";
            if (std::filesystem::is_regular_file(status_file)) {
                status = std::atoi(read_file(status_file).c_str());
                status = status >= 100 && status <= 599 ? status : 200;
            }
            response.result(static_cast<unsigned>(status));
            response.set(http::field::content_type, content_type_for(file, body));
            response.body() = std::move(body);
        }
        response.prepare_payload();
        if (options.on_request) {
            options.on_request(method, host, target, static_cast<int>(response.result_int()));
        }
        logger->debug("method={} host={} target={} status={}", method, host, target, response.result_int());
        return response;
    }

    template <typename Stream>
    asio::awaitable<void> serve(Stream& stream) {
        beast::flat_buffer buffer;
        beast::error_code ec;
        while (true) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(1024 * 1024);
            co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            auto response = answer(parser.get());
            const bool keep_alive = response.keep_alive();
            co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !keep_alive) {
                co_return;
            }
        }
    }

    asio::awaitable<void> session(tcp::socket socket) {
        beast::error_code ec;
        if (!tls) {
            co_await serve(socket);
            socket.shutdown(tcp::socket::shutdown_send, ec);
            co_return;
        }
        ssl::stream<tcp::socket> stream(std::move(socket), *tls);
        co_await stream.async_handshake(ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            logger->debug("tls handshake failed: {}", ec.message());
            co_return;
        }
        co_await serve(stream);
        co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    }

    asio::awaitable<void> accept_loop() {
        while (acceptor.is_open()) {
            beast::error_code ec;
            tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            if (!ec) {
                asio::co_spawn(io, session(std::move(socket)), asio::detached);
            }
        }
    }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    const auto& root = impl_->options.root;
    if (!std::filesystem::is_directory(root)) {
        throw usage_failure("serve-fixtures: '" + root.string() + "' is not a folder");
    }
    if (!impl_->options.cert_file.empty()) {
        impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
        beast::error_code ec;
        impl_->tls->use_certificate_chain_file(impl_->options.cert_file.string(), ec);
        if (ec) {
            throw usage_failure("serve-fixtures: certificate '" + impl_->options.cert_file.string() +
                                "' cannot be used: " + ec.message());
        }
        impl_->tls->use_private_key_file(impl_->options.key_file.string(), ssl::context::pem, ec);
        if (ec) {
            throw usage_failure("serve-fixtures: key '" + impl_->options.key_file.string() +
                                "' cannot be used: " + ec.message());
        }
    }
    beast::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), impl_->options.port);
    impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        impl_->acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw Failure("serve-fixtures: cannot listen on 127.0.0.1:" + std::to_string(impl_->options.port) + ": " +
                      ec.message());
    }
    impl_->bound_port = impl_->acceptor.local_endpoint().port();
    asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

Server::~Server() {
    stop();
}

std::uint16_t Server::port() const noexcept {
    return impl_->bound_port;
}

void Server::stop() {
    if (!impl_ || !impl_->thread.joinable()) {
        return;
    }
    asio::post(impl_->io, [impl = impl_.get()] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
        impl->io.stop();
    });
    impl_->thread.join();
}

} // namespace newsarc::fixture_server
