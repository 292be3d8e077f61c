// Focus: robots.txt parsing and matching (RFC 9309): groups, longest match, Allow on ties, '*' and '$'.
#include <catch2/catch.hpp>

#include "newsarc/crawl/robots.hpp"

using newsarc::crawl::robots_token;
using newsarc::crawl::RobotsRules;

TEST_CASE("the group naming the crawler wins over '*'", "[crawl][robots]") {
    const std::string text = "User-agent: *\nDisallow: /\n\nUser-agent: NewsArc\nDisallow: /private/\n";
    const auto rules = RobotsRules::parse(text, "newsarc");
    CHECK(rules.allowed("/news/1.html"));
    CHECK_FALSE(rules.allowed("/private/x"));
    const auto other = RobotsRules::parse(text, "otherbot");
    CHECK_FALSE(other.allowed("/news/1.html"));
}

TEST_CASE("consecutive user-agent lines share a group, groups for the same agent merge", "[crawl][robots]") {
    const std::string text = "User-agent: a\nUser-agent: newsarc\nDisallow: /x\n\nUser-agent: newsarc\nDisallow: /y\n";
    const auto rules = RobotsRules::parse(text, "newsarc");
    CHECK_FALSE(rules.allowed("/x"));
    CHECK_FALSE(rules.allowed("/y/z"));
    CHECK(rules.allowed("/z"));
}

TEST_CASE("longest match wins and Allow wins a tie", "[crawl][robots]") {
    const std::string text = "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\nAllow: /t\nDisallow: /t\n";
    const auto rules = RobotsRules::parse(text, "newsarc");
    CHECK_FALSE(rules.allowed("/a"));
    CHECK(rules.allowed("/a/b"));
    CHECK(rules.allowed("/a/bx"));
    CHECK_FALSE(rules.allowed("/a/b/c/d"));
    CHECK(rules.allowed("/t"));
}

TEST_CASE("wildcards and end anchors", "[crawl][robots]") {
    const std::string text = "User-agent: *\nDisallow: /*.php$\nDisallow: /search*q=\nAllow: /$\nDisallow: /\n";
    const auto rules = RobotsRules::parse(text, "newsarc");
    CHECK(rules.allowed("/"));
    CHECK_FALSE(rules.allowed("/index.html"));
    const auto narrow = RobotsRules::parse("User-agent: *\nDisallow: /*.php$\nDisallow: /search*q=\n", "newsarc");
    CHECK_FALSE(narrow.allowed("/a/b.php"));
    CHECK(narrow.allowed("/a/b.php?x=1"));
    CHECK(narrow.allowed("/a/b.phpx"));
    CHECK_FALSE(narrow.allowed("/search?lang=zh&q=ai"));
    CHECK(narrow.allowed("/search?lang=zh"));
}

TEST_CASE("comments, blank Disallow, BOM, CRLF and percent-encoding", "[crawl][robots]") {
    const std::string text = "\xEF\xBB\xBFUser-Agent: * # everyone\r\nDisallow:\r\nDisallow: /%e4%b8%ad # zh\r\n";
    const auto rules = RobotsRules::parse(text, "newsarc");
    CHECK(rules.allowed("/a"));
    CHECK_FALSE(rules.allowed("/%E4%B8%AD/x"));
    CHECK(rules.rule_count() == 1);
}

TEST_CASE("Crawl-delay, robots.txt itself, allow-all and disallow-all", "[crawl][robots]") {
    const auto rules = RobotsRules::parse("User-agent: *\nCrawl-delay: 2.5\nDisallow: /\n", "newsarc");
    REQUIRE(rules.crawl_delay());
    CHECK(*rules.crawl_delay() == Approx(2.5));
    CHECK(rules.allowed("/robots.txt"));
    CHECK(RobotsRules::allow_all().allowed("/anything"));
    CHECK_FALSE(RobotsRules::disallow_all().allowed("/anything"));
    CHECK(RobotsRules::parse("garbage\n\n::::\n", "newsarc").allowed("/x"));
}

TEST_CASE("the product token of a user agent", "[crawl][robots]") {
    CHECK(robots_token("newsarc/0.1 (+https://example.com)") == "newsarc");
    CHECK(robots_token("NewsArc") == "newsarc");
}
