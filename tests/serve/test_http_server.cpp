// Focus: the HTTP server on its own (127.0.0.1:0, a handler per worker thread): target decoding, the Host check,
// methods and bounded requests, the headers every answer carries, and many clients at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "newsarc/serve/http_server.hpp"
#include "serve_support.hpp"

using namespace newsarc::serve;
using newsarc::test::http_request;

namespace {

/// A server whose handler echoes the decoded path and query and counts the threads it ran on.
struct EchoServer {
    explicit EchoServer(std::size_t threads = 2) {
        HttpServerOptions options;
        options.threads = threads;
        options.make_handler = [this]() -> RequestHandler {
            {
                const std::lock_guard lock(mutex);
                ++handlers;
            }
            return [this](const HttpRequest& request) {
                {
                    const std::lock_guard lock(mutex);
                    threads_seen.insert(std::this_thread::get_id());
                }
                std::string body = request.method + " " + request.path;
                for (const auto& [name, value] : request.query) {
                    body += "|" + name + "=" + value;
                }
                if (request.path == "/boom") {
                    throw std::runtime_error("handler failed on purpose");
                }
                return HttpResponse::text(200, body, "text/plain; charset=utf-8");
            };
        };
        server = std::make_unique<HttpServer>(std::move(options));
    }
    std::mutex mutex;
    int handlers = 0;
    std::set<std::thread::id> threads_seen;
    std::unique_ptr<HttpServer> server;
};

} // namespace

TEST_CASE("parse_target decodes the path and the query, and refuses what is not a clean target", "[serve][http]") {
    const auto parsed = parse_target("GET", "/search?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B+x&site=&empty&a=1&a=2");
    REQUIRE(parsed);
    CHECK(parsed->path == "/search");
    CHECK(parsed->param("q") == "大模型 x");
    CHECK(parsed->param("site") == "");
    CHECK(parsed->param("empty") == "");
    CHECK(parsed->param("a") == "1");
    CHECK_FALSE(parsed->param("missing"));
    CHECK(parse_target("GET", "/a/../b/./c")->path == "/b/c");
    CHECK(parse_target("GET", "/%E6%96%87%E6%A1%A3")->path == "/文档");
    CHECK_FALSE(parse_target("GET", "http://other.example/"));
    CHECK_FALSE(parse_target("GET", "*"));
    CHECK_FALSE(parse_target("GET", "//host/path"));
    CHECK_FALSE(parse_target("GET", "/%zz"));
    CHECK_FALSE(parse_target("GET", "/%4"));
    CHECK_FALSE(parse_target("GET", "/a%00b"));
    CHECK_FALSE(parse_target("GET", "/?q=%FF%FE"));
}

TEST_CASE("the server answers through a handler per thread, with the security headers", "[serve][http]") {
    EchoServer echo(3);
    const auto port = echo.server->port();
    REQUIRE(port != 0);
    const auto answer = http_request(port, "/x%20y?k=%E4%B8%AD");
    CHECK(answer.status == 200);
    CHECK(answer.body == "GET /x y|k=中");
    CHECK(answer.header("x-content-type-options") == "nosniff");
    CHECK(answer.header("referrer-policy") == "no-referrer");
    CHECK(answer.header("x-frame-options") == "DENY");
    CHECK_THAT(answer.header("content-security-policy"), Catch::Contains("default-src 'none'"));
    const auto failed = http_request(port, "/boom");
    CHECK(failed.status == 500);
    CHECK_THAT(failed.body, Catch::Contains("handler failed on purpose"));
    const auto bad = http_request(port, "/%zz");
    CHECK(bad.status == 400);
}

TEST_CASE("the server refuses other hosts (DNS rebinding), methods, bodies and oversized heads", "[serve][http]") {
    EchoServer echo;
    const auto port = echo.server->port();
    CHECK(http_request(port, "/", "attacker.example").status == 421);
    CHECK(http_request(port, "/", "127.0.0.1.attacker.example").status == 421);
    CHECK(http_request(port, "/", "LOCALHOST:1").status == 200);
    CHECK(http_request(port, "/", "127.0.0.2").status == 200);
    const auto put = http_request(port, "/", {}, "PUT");
    CHECK(put.status == 405);
    CHECK(put.header("allow") == "GET, HEAD");
    CHECK(http_request(port, "/", {}, "POST", "x=1").status == 413);
    CHECK(http_request(port, "/", {}, "GET", {}, {"X-Big: " + std::string(20000, 'b')}).status == 431);
    const auto head = http_request(port, "/page", {}, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("content-length") == std::to_string(std::string("HEAD /page").size()));
}

TEST_CASE("the server serves many clients at once, each worker with its own handler", "[serve][http]") {
    EchoServer echo(4);
    const auto port = echo.server->port();
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int client = 0; client < 8; ++client) {
        clients.emplace_back([&, client] {
            for (int i = 0; i < 25; ++i) {
                const std::string target = "/c" + std::to_string(client) + "?i=" + std::to_string(i);
                const auto answer = http_request(port, target);
                if (answer.status == 200 && answer.body == "GET /c" + std::to_string(client) + "|i=" + std::to_string(i)) {
                    ++ok;
                }
            }
        });
    }
    for (auto& thread : clients) {
        thread.join();
    }
    CHECK(ok.load() == 200);
    const std::lock_guard lock(echo.mutex);
    CHECK(echo.handlers == 4);
    CHECK(echo.threads_seen.size() > 1);
    CHECK(echo.threads_seen.size() <= 4);
}

TEST_CASE("the server refuses an address that is not one, and a port in use", "[serve][http]") {
    HttpServerOptions options;
    options.make_handler = [] { return RequestHandler([](const HttpRequest&) { return HttpResponse{}; }); };
    options.bind_address = "localhost";
    CHECK_THROWS_WITH(HttpServer(options), Catch::Contains("--bind 'localhost' is not an IP address"));
    EchoServer first;
    options.bind_address = "127.0.0.1";
    options.port = first.server->port();
    CHECK_THROWS_WITH(HttpServer(options), Catch::Contains("cannot listen on 127.0.0.1 port"));
}
