// Focus: fetch faults, one per case: each ends as stated, is in the fetch log, and the crawl goes on (every
// case's seed also links to a healthy page that must be archived).
#include <catch2/catch.hpp>


#include <atomic>
#include <iconv.h>

#include "crawl_support.hpp"
#include "support/gzip.hpp"

using namespace newsarc::test;
using namespace std::chrono_literals;

namespace {

/// A server whose "/" links to `fault` and to "/fine"; `reply` answers `fault`.
struct FaultSite {
    explicit FaultSite(const std::string& fault, HttpServer::Handler reply) {
        routes.add("a.test", "/", HttpReply::text(200, html_page("home", {fault, "/fine"})));
        routes.add("a.test", "/fine", HttpReply::text(200, html_page("fine", {})));
        routes.add("a.test", fault, std::move(reply));
    }
    RouteTable routes;
    TempDir dir{"newsarc-fault"};
    std::filesystem::path archive = dir / "a.db";
};

void check_crawl_went_on(const std::filesystem::path& archive) {
    const auto rows = fetch_log_for(archive, "http://a.test/fine");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "ok");
    CHECK(capture_count(archive, "http://a.test/fine") == 1);
}

std::string to_gbk(const std::string& utf8) {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    REQUIRE(iconv(cd, &in, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

const std::string kChinesePage =
    "<html><head><title>人工智能新闻</title></head><body><h1>中国人工智能产业发展报告</h1>"
    "<p>大模型时代的新机遇与挑战。阿里巴巴、腾讯和百度都发布了新的人工智能产品，行业竞争日趋激烈。</p>"
    "<p><a href=\"/新闻/1.html\">下一篇：芯片与算力</a></p></body></html>";
// "/新闻/1.html" as a crawler must request it: UTF-8, percent-encoded.
const std::string kChineseTarget = "/%E6%96%B0%E9%97%BB/1.html";

} // namespace

TEST_CASE("fault: a slow body is cut off by the low-speed limit", "[crawl][fault]") {
    HttpReply slow = HttpReply::text(200, std::string(100000, 'a'));
    slow.trickle_bytes = 10;
    slow.trickle_interval = 400ms;
    FaultSite site("/slow", [slow](const HttpRequest&) { return slow; });
    HttpServer server(site.routes.handler());
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive,
                                        {{"network.low_speed_bytes", "1000"}, {"network.low_speed_s", "1"},
                                         {"network.retries", "0"}}));
    const auto rows = fetch_log_for(site.archive, "http://a.test/slow");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "low_speed");
    CHECK(stats.by_outcome.at("low_speed") == 1);
    CHECK(capture_count(site.archive, "http://a.test/slow") == 0);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a connection reset mid-body is retried, then given up", "[crawl][fault]") {
    HttpReply reset = HttpReply::text(200, std::string(200000, 'b'));
    reset.reset_after = 5000;
    FaultSite site("/reset", [reset](const HttpRequest&) { return reset; });
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive, {{"network.retries", "1"}}));
    const auto rows = fetch_log_for(site.archive, "http://a.test/reset");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].outcome == "connection_reset");
    CHECK(rows[0].attempt == 1);
    CHECK(rows[1].outcome == "connection_reset");
    CHECK(rows[1].attempt == 2);
    CHECK(hits(server, "a.test", "/reset") == 2);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: 500 then 200 succeeds on the retry", "[crawl][fault]") {
    std::atomic<int> calls{0};
    FaultSite site("/flaky", [&](const HttpRequest&) {
        return ++calls == 1 ? HttpReply::text(500, "oops", "text/plain") : HttpReply::text(200, html_page("ok", {}));
    });
    HttpServer server(site.routes.handler());
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/flaky");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].outcome == "http_error");
    CHECK(rows[0].http_status == 500);
    CHECK(rows[1].outcome == "ok");
    CHECK(rows[1].attempt == 2);
    CHECK(capture_count(site.archive, "http://a.test/flaky") == 1);
    CHECK(stats.retries == 1);
    CHECK(stats.errors == 0);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: 429 with Retry-After waits that long before retrying", "[crawl][fault]") {
    std::atomic<int> calls{0};
    FaultSite site("/limited", [&](const HttpRequest&) {
        if (++calls == 1) {
            HttpReply reply = HttpReply::text(429, "slow down", "text/plain");
            reply.headers.emplace_back("Retry-After", "1");
            return reply;
        }
        return HttpReply::text(200, html_page("ok", {}));
    });
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    std::vector<std::chrono::steady_clock::time_point> times;
    for (const auto& served : server.log()) {
        if (served.request.target == "/limited") {
            times.push_back(served.received);
        }
    }
    REQUIRE(times.size() == 2);
    CHECK(times[1] - times[0] >= 1000ms);
    const auto rows = fetch_log_for(site.archive, "http://a.test/limited");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].http_status == 429);
    CHECK(rows[1].outcome == "ok");
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a redirect loop ends where a URL comes round again", "[crawl][fault]") {
    FaultSite site("/loop1", [](const HttpRequest&) { return HttpReply::redirect(302, "/loop2"); });
    site.routes.add("a.test", "/loop2", HttpReply::redirect(302, "/loop1"));
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/loop2");
    REQUIRE(rows.size() == 1); // not retried
    CHECK(rows[0].outcome == "redirect_loop");
    CHECK_THAT(rows[0].detail, Catch::Contains("http://a.test/loop1"));
    // Each URL asked once: the loop is seen before /loop1 would be asked again.
    CHECK(hits(server, "a.test", "/loop1") == 1);
    CHECK(hits(server, "a.test", "/loop2") == 1);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a header line over curl's limit is header_too_large", "[crawl][fault]") {
    HttpReply huge = HttpReply::text(200, "<html><p>ok</p></html>");
    huge.headers.emplace_back("X-Padding", std::string(200000, 'h'));
    FaultSite site("/huge-header", [huge](const HttpRequest&) { return huge; });
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/huge-header");
    REQUIRE_FALSE(rows.empty());
    INFO(rows.back().detail);
    CHECK(rows.back().outcome == "header_too_large");
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a body shorter than its Content-Length is truncated_body, retried", "[crawl][fault]") {
    HttpReply cut = HttpReply::text(200, std::string(20000, 'c'));
    cut.close_after = 5000;
    FaultSite site("/cut", [cut](const HttpRequest&) { return cut; });
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive, {{"network.retries", "1"}}));
    const auto rows = fetch_log_for(site.archive, "http://a.test/cut");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].outcome == "truncated_body");
    CHECK(rows[1].outcome == "truncated_body");
    CHECK(capture_count(site.archive, "http://a.test/cut") == 0);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a 50 MB body is refused at the size limit", "[crawl][fault]") {
    HttpReply big = HttpReply::text(200, "<html>");
    big.filler_bytes = 50ull << 20;
    HttpReply big_chunked = big;
    big_chunked.chunked = true; // no Content-Length: the limit is enforced while reading
    FaultSite site("/big", [big](const HttpRequest&) { return big; });
    site.routes.add("a.test", "/fine", HttpReply::text(200, html_page("fine", {"/big-chunked"})));
    site.routes.add("a.test", "/big-chunked", big_chunked);
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive, {{"network.max_body_mb", "10"}}));
    for (const std::string url : {"http://a.test/big", "http://a.test/big-chunked"}) {
        const auto rows = fetch_log_for(site.archive, url);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].outcome == "too_large");
        CHECK(capture_count(site.archive, url) == 0);
    }
    CHECK(server.count([](const ServedRequest& s) { return s.request.path().rfind("/big", 0) == 0 && s.completed; }) ==
          0);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a gzip bomb is cut off after decompression", "[crawl][fault]") {
    const std::string bomb = gzip_member("<html><body>" + std::string(100u << 20, ' ') + "</body></html>", 9);
    REQUIRE(bomb.size() < (1u << 20)); // small on the wire
    HttpReply reply = HttpReply::text(200, bomb);
    reply.headers.emplace_back("Content-Encoding", "gzip");
    FaultSite site("/bomb", [reply](const HttpRequest&) { return reply; });
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive, {{"network.max_body_mb", "10"}}));
    const auto rows = fetch_log_for(site.archive, "http://a.test/bomb");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "too_large");
    CHECK(rows[0].bytes > (10 << 20));
    CHECK(rows[0].bytes < (12 << 20)); // stopped right at the limit, not after inflating 100 MB
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: robots.txt Disallow is obeyed and recorded, Crawl-delay spaces requests", "[crawl][fault][robots]") {
    FaultSite site("/private/secret", [](const HttpRequest&) { return HttpReply::text(200, "secret"); });
    site.routes.add("a.test", "/robots.txt",
                    HttpReply::text(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n", "text/plain"));
    site.routes.add("a.test", "/fine", HttpReply::text(200, html_page("fine", {"/f2", "/f3"})));
    site.routes.add("a.test", "/f2", HttpReply::text(200, html_page("f2", {})));
    site.routes.add("a.test", "/f3", HttpReply::text(200, html_page("f3", {})));
    HttpServer server(site.routes.handler());
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive,
                                        {{"politeness.robots", "true"}, {"politeness.per_host", "2"}}));
    CHECK(hits(server, "a.test", "/private/secret") == 0);
    CHECK(hits(server, "a.test", "/robots.txt") == 1);
    CHECK(stats.robots_denied == 1);
    const auto rows = fetch_log_for(site.archive, "http://a.test/private/secret");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "robots_denied");
    CHECK(fetch_log_for(site.archive, "http://a.test/robots.txt").size() == 1);
    const auto log = server.log();
    REQUIRE(log.size() == 5); // robots.txt, /, /fine, /f2, /f3
    for (std::size_t i = 2; i < log.size(); ++i) {
        CHECK(log[i].received - log[i - 1].received >= 250ms); // Crawl-delay 0.3 s raised the delay from 0
    }
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: robots.txt 404 allows all, 5xx is retried, then the host is refused", "[crawl][fault][robots]") {
    SECTION("404") {
        FaultSite site("/page", [](const HttpRequest&) { return HttpReply::text(200, html_page("p", {})); });
        HttpServer server(site.routes.handler());
        const auto stats = run_job(
            job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive, {{"politeness.robots", "true"}}));
        CHECK(stats.robots_denied == 0);
        CHECK(hits(server, "a.test", "/page") == 1);
        check_crawl_went_on(site.archive);
    }
    SECTION("503") {
        FaultSite site("/page", [](const HttpRequest&) { return HttpReply::text(200, html_page("p", {})); });
        site.routes.add("a.test", "/robots.txt", HttpReply::text(503, "down", "text/plain"));
        HttpServer server(site.routes.handler());
        const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive,
                                            {{"politeness.robots", "true"}, {"network.retries", "2"}}));
        CHECK(hits(server, "a.test", "/robots.txt") == 3);
        CHECK(server.log().size() == 3); // nothing else was fetched
        CHECK(stats.robots_denied == 1);
        CHECK(fetch_log_for(site.archive, "http://a.test/").back().outcome == "robots_unavailable");
    }
}

TEST_CASE("fault: a GBK page labelled as GBK is decoded and its links followed", "[crawl][fault][charset]") {
    FaultSite site("/gbk", [](const HttpRequest&) {
        return HttpReply::text(200, to_gbk(kChinesePage), "text/html; charset=GBK");
    });
    site.routes.add("a.test", kChineseTarget, HttpReply::text(200, html_page("next", {})));
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/gbk");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "ok");
    CHECK(rows[0].detail.find("charset=GB18030 (header)") != std::string::npos);
    CHECK(hits(server, "a.test", kChineseTarget) == 1);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a GBK page without any label is detected", "[crawl][fault][charset]") {
    FaultSite site("/gbk", [](const HttpRequest&) {
        HttpReply reply;
        reply.body = to_gbk(kChinesePage);
        reply.headers.emplace_back("Content-Type", "text/html");
        return reply;
    });
    site.routes.add("a.test", kChineseTarget, HttpReply::text(200, html_page("next", {})));
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/gbk");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].detail.find("charset=GB18030 (detected)") != std::string::npos);
    CHECK(hits(server, "a.test", kChineseTarget) == 1);
    check_crawl_went_on(site.archive);
}

TEST_CASE("fault: a page with bytes invalid in every charset is archived with replacements", "[crawl][fault][charset]") {
    std::string garbage = "<html><body><a href=\"/after\">after</a>";
    for (int i = 0; i < 200; ++i) {
        garbage += "\xFF\x80\xFE\xC0";
    }
    garbage += "</body></html>";
    FaultSite site("/garbage", [garbage](const HttpRequest&) { return HttpReply::text(200, garbage, "text/html"); });
    site.routes.add("a.test", "/after", HttpReply::text(200, html_page("after", {})));
    HttpServer server(site.routes.handler());
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, site.archive));
    const auto rows = fetch_log_for(site.archive, "http://a.test/garbage");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "ok");
    CHECK(rows[0].detail.find("replaced=") != std::string::npos);
    CHECK(capture_count(site.archive, "http://a.test/garbage") == 1);
    CHECK(hits(server, "a.test", "/after") == 1);
    check_crawl_went_on(site.archive);
}
