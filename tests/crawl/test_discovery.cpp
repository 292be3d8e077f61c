// Focus: discovery for sites without a plugin: robots.txt Sitemap lines, /sitemap.xml and /sitemap_index.xml
// (gzipped too), news sitemaps' publication dates, RSS and Atom feeds a page links to; newest first; bounded (a
// sitemap index past 50,000 entries, a gzip bomb) and in scope (a sitemap listing other hosts).
#include <catch2/catch.hpp>

#include <algorithm>

#include "crawl_support.hpp"
#include "support/gzip.hpp"

using namespace newsarc::test;

namespace {

HttpReply xml(std::string body) {
    return HttpReply::text(200, std::move(body), "application/xml");
}

std::string urlset(const std::vector<std::pair<std::string, std::string>>& urls) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/"
                      "sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
    for (const auto& [loc, date] : urls) {
        out += "<url><loc>" + loc + "</loc><news:news><news:publication_date>" + date +
               "</news:publication_date></news:news></url>\n";
    }
    return out + "</urlset>\n";
}

/// The order in which the server was asked for `targets`.
std::vector<std::string> order_of(const HttpServer& server, const std::vector<std::string>& targets) {
    std::vector<std::string> order;
    for (const auto& served : server.log()) {
        if (std::find(targets.begin(), targets.end(), served.request.target) != targets.end()) {
            order.push_back(served.request.target);
        }
    }
    return order;
}

} // namespace

TEST_CASE("robots.txt names a gzipped sitemap index, its news sitemap is followed newest first, in scope",
          "[crawl][discovery]") {
    TempDir dir("newsarc-discovery");
    RouteTable routes;
    routes.add("a.test", "/robots.txt",
               HttpReply::text(200, "User-agent: *\nAllow: /\nSitemap: http://a.test/index.xml.gz\n", "text/plain"));
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {})));
    HttpReply index = HttpReply::text(
        200, gzip_member("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                         "<sitemap><loc>http://a.test/news.xml</loc><lastmod>2024-05-03</lastmod></sitemap>"
                         "</sitemapindex>"),
        "application/gzip");
    routes.add("a.test", "/index.xml.gz", index);
    routes.add("a.test", "/news.xml",
               xml(urlset({{"http://a.test/old", "2024-05-01T08:00:00+08:00"},
                           {"http://a.test/newest", "2024-05-03T09:30:00+08:00"},
                           {"http://elsewhere.test/x", "2024-05-03T10:00:00+08:00"},
                           {"/middle", "2024-05-02T12:00:00+08:00"}})));
    for (const char* page : {"/old", "/newest", "/middle"}) {
        routes.add("a.test", page, HttpReply::text(200, html_page(page, {})));
    }
    routes.add("elsewhere.test", "/x", HttpReply::text(200, html_page("x", {})));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test", "elsewhere.test"}, {"http://a.test/"}, archive,
                                        {{"discovery.sitemaps", "true"},
                                         {"politeness.robots", "true"},
                                         {"politeness.per_host", "1"},
                                         {"scope.hosts", toml_list({"a.test"})}}));
    CHECK(stats.finished);
    CHECK(order_of(server, {"/newest", "/middle", "/old"}) == std::vector<std::string>{"/newest", "/middle", "/old"});
    CHECK(server.count([](const ServedRequest& s) { return s.request.host_name() == "elsewhere.test"; }) == 0);
    CHECK_THAT(fetch_log_for(archive, "http://a.test/news.xml").back().detail,
               Catch::Contains("sitemap: 4 entries, 3 in scope"));
    CHECK_THAT(fetch_log_for(archive, "http://a.test/index.xml.gz").back().detail, Catch::Contains("sitemap index"));
    // The well-known places are asked too (404 here).
    CHECK(hits(server, "a.test", "/sitemap.xml") == 1);
    CHECK(hits(server, "a.test", "/sitemap_index.xml") == 1);
}

TEST_CASE("a page's RSS and Atom feeds are read, and /sitemap.xml without robots.txt", "[crawl][discovery]") {
    TempDir dir("newsarc-discovery");
    RouteTable routes;
    routes.add("a.test", "/",
               HttpReply::text(200, html_page("home", {}, "<link rel=\"alternate\" type=\"application/rss+xml\" "
                                                           "href=\"/rss\"><link rel=\"alternate\" "
                                                           "type=\"application/atom+xml\" href=\"/atom\">")));
    routes.add("a.test", "/rss",
               HttpReply::text(200, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
                                    "<item><title>a</title><link>http://a.test/rss-old</link>"
                                    "<pubDate>Wed, 01 May 2024 10:00:00 +0800</pubDate></item>"
                                    "<item><title>b</title><link>http://a.test/rss-new</link>"
                                    "<pubDate>Fri, 03 May 2024 10:00:00 +0800</pubDate></item></channel></rss>",
                               "application/rss+xml"));
    routes.add("a.test", "/atom",
               HttpReply::text(200, "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
                                    "<title>c</title><link href=\"http://a.test/atom-entry\"/>"
                                    "<updated>2024-05-02T10:00:00Z</updated></entry></feed>",
                               "application/atom+xml"));
    routes.add("a.test", "/sitemap.xml", xml(urlset({{"http://a.test/from-sitemap", "2024-05-01"}})));
    for (const char* page : {"/rss-old", "/rss-new", "/atom-entry", "/from-sitemap"}) {
        routes.add("a.test", page, HttpReply::text(200, html_page(page, {})));
    }
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, archive,
                     {{"discovery.sitemaps", "true"}, {"politeness.per_host", "1"}}));
    for (const char* page : {"/rss-old", "/rss-new", "/atom-entry", "/from-sitemap"}) {
        INFO(page);
        CHECK(hits(server, "a.test", page) == 1);
    }
    const auto order = order_of(server, {"/rss-old", "/rss-new"});
    CHECK(order == std::vector<std::string>{"/rss-new", "/rss-old"});
    const auto rss = fetch_log_for(archive, "http://a.test/rss");
    const auto atom = fetch_log_for(archive, "http://a.test/atom");
    REQUIRE(rss.size() == 1);
    REQUIRE(atom.size() == 1);
    CHECK_THAT(rss[0].detail, Catch::Contains("RSS feed: 2 entries"));
    CHECK_THAT(atom[0].detail, Catch::Contains("Atom feed: 1 entries"));
}

TEST_CASE("a sitemap index past 50,000 entries and a gzip bomb are bounded", "[crawl][discovery]") {
    TempDir dir("newsarc-discovery");
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {})));
    std::string huge = "<?xml version=\"1.0\"?><sitemapindex>";
    for (int i = 0; i < 50010; ++i) {
        huge += "<sitemap><loc>http://a.test/s" + std::to_string(i) + ".xml</loc></sitemap>";
    }
    routes.add("a.test", "/sitemap_index.xml", xml(huge + "</sitemapindex>"));
    // 30 MB of one character inflate past the 10 MB body limit: read no further.
    routes.add("a.test", "/sitemap.xml",
               HttpReply::text(200, gzip_member("<urlset>" + std::string(30u << 20, ' ') + "</urlset>", 9),
                               "application/gzip"));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, archive,
                                        {{"discovery.sitemaps", "true"}, {"scope.max_pages", "4"}}));
    CHECK_THAT(fetch_log_for(archive, "http://a.test/sitemap_index.xml").back().detail,
               Catch::Contains("50000 entries, 50000 in scope, 10 past the limit of 50000 not read"));
    CHECK_THAT(fetch_log_for(archive, "http://a.test/sitemap.xml").back().detail,
               Catch::Contains("gzip body damaged or over 10485760 bytes inflated: not read"));
    CHECK(stats.queued >= 50000 - 4);
}
