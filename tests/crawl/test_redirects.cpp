// Focus: every redirect hop is a request of its own. The engine, not curl, follows a Location: each target is
// admitted like a discovered link (scope, the address rule, the hop limit, loops) and then fetched under its
// own host's robots.txt and politeness; a refused hop ends the chain with an outcome naming the target.
#include <catch2/catch.hpp>

#include <algorithm>

#include "crawl_support.hpp"

using namespace newsarc::test;
using namespace std::chrono_literals;

namespace {

std::size_t requests_to_host(const HttpServer& server, const std::string& host) {
    return server.count([&](const ServedRequest& served) { return served.request.host_name() == host; });
}

/// The last fetch-log row of `url` (REQUIREs that there is one).
FetchRow last_row(const std::filesystem::path& archive, const std::string& url) {
    const auto rows = fetch_log_for(archive, url);
    INFO(url);
    REQUIRE_FALSE(rows.empty());
    return rows.back();
}

} // namespace

TEST_CASE("a redirect is a capture of its own and its target one more request", "[crawl][redirect]") {
    TempDir dir("newsarc-redirect");
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/old", "/also-old", "/new"})));
    routes.add("a.test", "/old", HttpReply::redirect(301, "/new"));
    routes.add("a.test", "/also-old", HttpReply::redirect(302, "http://a.test/new"));
    routes.add("a.test", "/new", HttpReply::text(200, html_page("new", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, archive));
    CHECK(stats.errors == 0);
    CHECK(stats.redirects == 2);
    // Two URLs lead to /new, which is linked as well: it is fetched once.
    CHECK(hits(server, "a.test", "/new") == 1);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM captures WHERE url = 'http://a.test/old' AND http_status = 301 "
                             "AND headers LIKE '%Location: /new%'") == 1);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM captures WHERE url = 'http://a.test/new' AND http_status = 200") ==
          1);
    // The redirecting URL's capture holds its own answer, not the target's page.
    CHECK(query_int(archive, "SELECT COUNT(*) FROM captures WHERE url IN ('http://a.test/old', "
                             "'http://a.test/also-old') AND body_blob IS (SELECT body_blob FROM captures WHERE "
                             "url = 'http://a.test/new')") == 0);
    const FetchRow old = last_row(archive, "http://a.test/old");
    CHECK(old.outcome == "redirect");
    CHECK(old.http_status == 301);
    CHECK_THAT(old.detail, Catch::Contains("http://a.test/new"));
}

TEST_CASE("a redirect out of scope is refused before the other host is asked", "[crawl][redirect]") {
    TempDir dir("newsarc-redirect");
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/away", "/fine"})));
    routes.add("a.test", "/away", HttpReply::redirect(301, "http://evil.test/page"));
    routes.add("a.test", "/fine", HttpReply::text(200, html_page("fine", {})));
    routes.add("evil.test", "/page", HttpReply::text(200, html_page("not ours", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    // evil.test is reachable (mapped to the server) but not in scope.
    const auto stats = run_job(job_toml(server, {"a.test", "evil.test"}, {"http://a.test/"}, archive,
                                        {{"scope.hosts", toml_list({"a.test"})}}));
    CHECK(requests_to_host(server, "evil.test") == 0);
    const FetchRow away = last_row(archive, "http://a.test/away");
    CHECK(away.outcome == "redirect_out_of_scope");
    CHECK_THAT(away.detail, Catch::Contains("http://evil.test/page"));
    CHECK(stats.by_outcome.at("redirect_out_of_scope") == 1);
    REQUIRE(stats.refused_redirects.size() == 1);
    CHECK(stats.refused_redirects[0].from == "http://a.test/away");
    CHECK(stats.refused_redirects[0].to == "http://evil.test/page");
    CHECK_THAT(newsarc::crawl::to_json(stats), Catch::Contains("\"to\": \"http://evil.test/page\""));
    CHECK(capture_count(archive, "http://evil.test/page") == 0);
    CHECK(last_row(archive, "http://a.test/fine").outcome == "ok");
}

TEST_CASE("a redirect target obeys its own host's robots.txt and politeness", "[crawl][redirect]") {
    TempDir dir("newsarc-redirect");
    RouteTable routes;
    routes.add("a.test", "/robots.txt", HttpReply::text(200, "User-agent: *\nAllow: /\n", "text/plain"));
    routes.add("a.test", "/",
               HttpReply::text(200, html_page("home", {"/to-private", "/to-down", "/to-one", "/to-two"})));
    routes.add("a.test", "/to-private", HttpReply::redirect(302, "http://b.test/private/x"));
    routes.add("a.test", "/to-down", HttpReply::redirect(302, "http://c.test/page"));
    routes.add("a.test", "/to-one", HttpReply::redirect(302, "http://b.test/one"));
    routes.add("a.test", "/to-two", HttpReply::redirect(307, "http://b.test/two"));
    routes.add("b.test", "/robots.txt",
               HttpReply::text(200, "User-agent: *\nDisallow: /private\nCrawl-delay: 1\n", "text/plain"));
    routes.add("b.test", "/one", HttpReply::text(200, html_page("one", {})));
    routes.add("b.test", "/two", HttpReply::text(200, html_page("two", {})));
    routes.add("b.test", "/private/x", HttpReply::text(200, html_page("secret", {})));
    routes.add("c.test", "/robots.txt", HttpReply::text(503, "down"));
    routes.add("c.test", "/page", HttpReply::text(200, html_page("c", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test", "b.test", "c.test"}, {"http://a.test/"}, archive,
                                        {{"politeness.robots", "true"}, {"network.retries", "1"}}));
    CHECK(stats.finished);
    // b.test: robots.txt asked first, the disallowed target never asked, the allowed ones a Crawl-delay apart.
    const auto log = server.log();
    const auto first_b = std::find_if(log.begin(), log.end(), [](const ServedRequest& s) {
        return s.request.host_name() == "b.test";
    });
    REQUIRE(first_b != log.end());
    CHECK(first_b->request.target == "/robots.txt");
    CHECK(hits(server, "b.test", "/private/x") == 0);
    const FetchRow denied = last_row(archive, "http://b.test/private/x");
    CHECK(denied.outcome == "redirect_robots_denied");
    CHECK_THAT(denied.detail, Catch::Contains("http://a.test/to-private"));
    std::vector<std::chrono::steady_clock::time_point> b_pages;
    for (const auto& served : log) {
        if (served.request.host_name() == "b.test" && served.request.target != "/robots.txt") {
            b_pages.push_back(served.received);
        }
    }
    REQUIRE(b_pages.size() == 2);
    // Crawl-delay spaces the request starts; the server stamps each request when it has read it, which can come
    // a little earlier or later than the start (the engine tests allow the same 50 ms).
    CHECK(b_pages[1] - b_pages[0] >= 1000ms - 50ms);
    // c.test: robots.txt answers 503 (RFC 9309 2.3.1.3: complete disallow), so the target is not asked.
    CHECK(hits(server, "c.test", "/page") == 0);
    CHECK(last_row(archive, "http://c.test/page").outcome == "redirect_robots_denied");
    CHECK(stats.by_outcome.at("redirect_robots_denied") == 2);
    CHECK(stats.refused_redirects.size() == 2);
    CHECK(last_row(archive, "http://b.test/one").outcome == "ok");
    CHECK(last_row(archive, "http://b.test/two").outcome == "ok");
}

TEST_CASE("a redirect to a private address is refused when the job does not allow it", "[crawl][redirect]") {
    TempDir dir("newsarc-redirect");
    HttpServer inner([](const HttpRequest&) { return HttpReply::text(200, html_page("intranet", {})); }, 1,
                     "127.0.0.2");
    const std::string inner_port = std::to_string(inner.port());
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/literal", "/named", "/fine"})));
    routes.add("a.test", "/literal", HttpReply::redirect(302, "http://127.0.0.2:" + inner_port + "/secret"));
    routes.add("a.test", "/named", HttpReply::redirect(302, "http://inner.test/secret"));
    routes.add("a.test", "/fine", HttpReply::text(200, html_page("fine", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    // a.test is reached on 127.0.0.1, the one private address this job allows; inner.test's name leads to
    // 127.0.0.2, which it does not.
    const auto stats = run_job(job_toml(
        server, {"a.test"}, {"http://a.test/"}, archive,
        {{"network.allow_private", "false"},
         {"network.allow_private_ranges", toml_list({"127.0.0.1/32"})},
         {"scope.hosts", toml_list({"a.test", "inner.test", "127.0.0.2"})},
         {"network.connect_to", toml_list({"a.test:80:127.0.0.1:" + std::to_string(server.port()),
                                           "inner.test:80:127.0.0.2:" + inner_port})}}));
    CHECK(inner.log().empty());
    const FetchRow literal = last_row(archive, "http://a.test/literal");
    CHECK(literal.outcome == "redirect_private");
    CHECK_THAT(literal.detail, Catch::Contains("127.0.0.2"));
    // A name is only known to be private once resolved: the target is refused at connect, before a byte is sent.
    const FetchRow named = last_row(archive, "http://inner.test/secret");
    CHECK(named.outcome == "redirect_private");
    CHECK_THAT(named.detail, Catch::Contains("http://a.test/named"));
    CHECK(stats.by_outcome.at("redirect_private") == 2);
    REQUIRE(stats.refused_redirects.size() == 2);
    const auto named_hop = std::find_if(stats.refused_redirects.begin(), stats.refused_redirects.end(),
                                        [](const auto& hop) { return hop.to == "http://inner.test/secret"; });
    REQUIRE(named_hop != stats.refused_redirects.end());
    CHECK(named_hop->from == "http://a.test/named");
    CHECK(last_row(archive, "http://a.test/fine").outcome == "ok");
}

TEST_CASE("a chain of 6 redirects ends at the hop limit, a chain of 5 arrives", "[crawl][redirect]") {
    TempDir dir("newsarc-redirect");
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/long0", "/short0"})));
    for (int i = 0; i < 6; ++i) {
        routes.add("a.test", "/long" + std::to_string(i), HttpReply::redirect(302, "/long" + std::to_string(i + 1)));
    }
    routes.add("a.test", "/long6", HttpReply::text(200, html_page("never", {})));
    for (int i = 0; i < 5; ++i) {
        routes.add("a.test", "/short" + std::to_string(i), HttpReply::redirect(301, "/short" + std::to_string(i + 1)));
    }
    routes.add("a.test", "/short5", HttpReply::text(200, html_page("arrived", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, archive));
    for (int i = 0; i < 6; ++i) {
        CHECK(hits(server, "a.test", "/long" + std::to_string(i)) == 1);
    }
    CHECK(hits(server, "a.test", "/long6") == 0);
    const FetchRow last = last_row(archive, "http://a.test/long5");
    CHECK(last.outcome == "too_many_redirects");
    CHECK_THAT(last.detail, Catch::Contains("http://a.test/long6"));
    CHECK(stats.by_outcome.at("too_many_redirects") == 1);
    CHECK(last_row(archive, "http://a.test/short5").outcome == "ok");
    CHECK(capture_count(archive, "http://a.test/short5") == 1);
}
