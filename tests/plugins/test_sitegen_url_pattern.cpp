// Focus: URL patterns generalised from sample URLs (core/sitegen url_pattern): what varies becomes the narrowest
// class, what stays is literal, each pattern takes every sample and not URLs of another shape.
#include <catch2/catch.hpp>

#include "newsarc/sitegen/url_pattern.hpp"

using newsarc::sitegen::host_pattern;
using newsarc::sitegen::matches_any;
using newsarc::sitegen::site_domain;
using newsarc::sitegen::url_patterns;

TEST_CASE("url patterns keep words and generalise dates and ids", "[plugins][sitegen][issue-22]") {
    const std::vector<std::string> urls = {"https://news.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml",
                                           "https://news.sina.com.cn/o/2024-05-16/doc-inavmmfi1968342.shtml"};
    const auto patterns = url_patterns(urls, host_pattern({"news.sina.com.cn"}));
    REQUIRE(patterns.size() == 1);
    CHECK(patterns[0] ==
          R"(^https?://news\.sina\.com\.cn(:\d+)?/[a-z][a-z0-9_-]*/\d{4}-\d{2}-\d{2}/doc-[a-z]+\d+\.shtml(\?.*)?$)");
    for (const std::string& url : urls) {
        CHECK(matches_any(patterns, url));
    }
    CHECK(matches_any(patterns, "https://news.sina.com.cn/w/2025-01-02/doc-abcdef12345.shtml?from=list"));
    CHECK_FALSE(matches_any(patterns, "https://news.sina.com.cn/"));
    CHECK_FALSE(matches_any(patterns, "https://news.sina.com.cn/c/2024-05-10/index.shtml"));
    CHECK_FALSE(matches_any(patterns, "https://sports.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml"));
    // The section varies between the samples: another section's name is a word too.
    CHECK(matches_any(patterns, "https://news.sina.com.cn/gov-xlxw/2024-05-10/doc-inausehc2630922.shtml"));
}

TEST_CASE("url patterns vary the numbers the samples share, keep the words they share", "[plugins][sitegen][issue-22]") {
    // Both samples are under /n1/2024/: a later year and a local channel's /n2/ are the same site's articles.
    const std::vector<std::string> urls = {"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html",
                                           "http://health.people.com.cn/n1/2024/0517/c14739-40237861.html"};
    const auto patterns = url_patterns(urls, host_pattern({"finance.people.com.cn", "health.people.com.cn"}));
    REQUIRE(patterns.size() == 1);
    CHECK(patterns[0] == R"(^https?://([a-z0-9-]+\.)*people\.com\.cn(:\d+)?/n\d{1}/\d{4}/\d{4}/c\d+-\d+\.html(\?.*)?$)");
    CHECK(matches_any(patterns, "http://js.people.com.cn/n2/2022/0213/c360307-35131671.html"));
    CHECK_FALSE(matches_any(patterns, "http://js.people.com.cn/GB/360307/"));
    CHECK_FALSE(matches_any(patterns, "http://js.people.com.cn/m2/2022/0213/c360307-35131671.html"));
}

TEST_CASE("url patterns: one per path shape, subdomains of one site, a single sample", "[plugins][sitegen][issue-22]") {
    const std::vector<std::string> urls = {"https://news.ifeng.com/c/8Wda7wwUnuC", "https://pl.ifeng.com/c/8GVppf8aesd",
                                           "https://news.ifeng.com/a/20190220/60001234_0.shtml"};
    const auto patterns = url_patterns(urls, host_pattern({"news.ifeng.com", "pl.ifeng.com"}));
    REQUIRE(patterns.size() == 2);
    for (const std::string& url : urls) {
        CHECK(matches_any(patterns, url));
    }
    // The one-sample shape keeps its word and varies its numbers.
    CHECK(matches_any(patterns, "https://v.ifeng.com/a/20200101/70001234_0.shtml"));
    CHECK_FALSE(matches_any(patterns, "https://news.ifeng.com/b/20200101/70001234_0.shtml"));
    CHECK_FALSE(matches_any(patterns, "https://news.ifeng.com/c/8Wda7ww/UnuC"));
}

TEST_CASE("site domains and host patterns", "[plugins][sitegen][issue-22]") {
    CHECK(site_domain("news.sina.com.cn") == "sina.com.cn");
    CHECK(site_domain("www.sohu.com") == "sohu.com");
    CHECK(site_domain("news.ltn.com.tw") == "ltn.com.tw");
    CHECK(site_domain("qq.com") == "qq.com");
    CHECK(host_pattern({"www.sohu.com"}) == R"(www\.sohu\.com(:\d+)?)");
    CHECK(host_pattern({"new.qq.com", "news.qq.com"}) == R"(([a-z0-9-]+\.)*qq\.com(:\d+)?)");
}

TEST_CASE("a list page's link joins the samples only when it keeps their structure", "[plugins][sitegen][issue-22]") {
    using newsarc::sitegen::generality;
    const std::vector<std::string> samples = {"https://www.163.com/dy/article/J22CN60P0514R9KQ.html"};
    const auto before = generality(samples);
    CHECK(before.shapes == 1);
    CHECK(before.words == 2); // "dy", "article"
    auto same = samples;
    same.push_back("https://www.163.com/dy/article/J1ABCDEFG0514R9KQ.html");
    CHECK(generality(same).keeps(before));
    auto other_section = samples;
    other_section.push_back("https://www.163.com/photo/2020/AB12CD34.html");
    CHECK_FALSE(generality(other_section).keeps(before));
    auto other_shape = samples;
    other_shape.push_back("https://www.163.com/dy/J22CN60P0514R9KQ.html");
    CHECK_FALSE(generality(other_shape).keeps(before));
}
