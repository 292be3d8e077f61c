// Focus: URL normalisation and resolution (core/crawl/src/url.cpp): one spelling per page.
#include <catch2/catch.hpp>

#include "newsarc/crawl/url.hpp"

using newsarc::crawl::host_matches;
using newsarc::crawl::normalize_url;
using newsarc::crawl::resolve_url;
using newsarc::crawl::split_url;
using newsarc::crawl::UrlError;
using newsarc::crawl::UrlOptions;

namespace {

std::string norm(const std::string& url) {
    const auto result = normalize_url(url, UrlOptions{});
    REQUIRE(result);
    return result.value();
}

} // namespace

TEST_CASE("normalize lower-cases scheme and host, drops default port and fragment", "[crawl][url]") {
    CHECK(norm("HTTPS://WWW.Guancha.CN:443/Path/A.shtml#top") == "https://www.guancha.cn/Path/A.shtml");
    CHECK(norm("http://example.com:80") == "http://example.com/");
    CHECK(norm("http://example.com:8080/x") == "http://example.com:8080/x");
    CHECK(norm("http://example.com./a") == "http://example.com/a");
}

TEST_CASE("normalize fixes percent-encoding and encodes what must be", "[crawl][url]") {
    CHECK(norm("http://a.com/%7euser/%e4%b8%ad") == "http://a.com/~user/%E4%B8%AD");
    CHECK(norm("http://a.com/%41%2F") == "http://a.com/A%2F");
    CHECK(norm("http://a.com/a b") == "http://a.com/a%20b");
    CHECK(norm("http://a.com/\xE4\xB8\xAD\xE6\x96\x87") == "http://a.com/%E4%B8%AD%E6%96%87");
    CHECK(norm("http://a.com/100%") == "http://a.com/100%25");
    CHECK(norm("  http://a.com/x\n ") == "http://a.com/x");
}

TEST_CASE("normalize resolves dot segments and removes tracking parameters", "[crawl][url]") {
    CHECK(norm("http://a.com/a/./b/../c") == "http://a.com/a/c");
    CHECK(norm("http://a.com/p?utm_source=x&id=3&spm=a.b&utm_medium=y") == "http://a.com/p?id=3");
    CHECK(norm("http://a.com/p?utm_source=x") == "http://a.com/p");
    CHECK(norm("http://a.com/p?b=2&a=1") == "http://a.com/p?b=2&a=1");
    UrlOptions keep_all;
    keep_all.strip_params.clear();
    CHECK(normalize_url("http://a.com/p?spm=1", keep_all).value() == "http://a.com/p?spm=1");
}

TEST_CASE("normalize refuses other schemes and garbage", "[crawl][url]") {
    for (const char* bad : {"ftp://a.com/x", "javascript:void(0)", "mailto:a@b.c", "file:///etc/passwd"}) {
        const auto result = normalize_url(bad, UrlOptions{});
        REQUIRE_FALSE(result);
        CHECK(result.error().code == static_cast<int>(UrlError::unsupported_scheme));
        CHECK(result.error().message.find(bad) != std::string::npos);
    }
    CHECK_FALSE(normalize_url("not a url", UrlOptions{}));
    CHECK_FALSE(normalize_url("http://", UrlOptions{}));
    const auto too_long = normalize_url("http://a.com/" + std::string(9000, 'x'), UrlOptions{});
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code == static_cast<int>(UrlError::too_long));
}

TEST_CASE("resolve handles relative, root-relative, scheme-relative and query-only references", "[crawl][url]") {
    const std::string base = "https://www.huxiu.com/article/123.html?x=1";
    CHECK(resolve_url(base, "456.html", UrlOptions{}).value() == "https://www.huxiu.com/article/456.html");
    CHECK(resolve_url(base, "/channel/1", UrlOptions{}).value() == "https://www.huxiu.com/channel/1");
    CHECK(resolve_url(base, "//img.huxiu.com/a.png", UrlOptions{}).value() == "https://img.huxiu.com/a.png");
    CHECK(resolve_url(base, "?page=2", UrlOptions{}).value() == "https://www.huxiu.com/article/123.html?page=2");
    CHECK(resolve_url(base, "#comments", UrlOptions{}).value() == "https://www.huxiu.com/article/123.html?x=1");
    CHECK(resolve_url(base, "../a/../b", UrlOptions{}).value() == "https://www.huxiu.com/b");
    CHECK(resolve_url(base, "HTTP://Other.COM", UrlOptions{}).value() == "http://other.com/");
    CHECK_FALSE(resolve_url(base, "javascript:alert(1)", UrlOptions{}));
}

TEST_CASE("a resolver parses its base once and answers as resolve_url does", "[crawl][url]") {
    const std::string base = "https://News.Example.com:443/a/b/c.html?x=1#top";
    auto resolver = newsarc::web::UrlResolver::for_base(base);
    REQUIRE(resolver);
    const newsarc::crawl::UrlOptions options;
    for (const char* reference : {"", "#frag", "d.html", "../e.html", "/f?utm_source=x&g=1", "//cdn.example.com/h",
                                  "?q=%e4%b8%ad", "http://other.test/ i j", "javascript:void(0)", "mailto:a@b.c",
                                  "HTTPS://X.TEST:8443/./k/../l", "新闻/中文.html", "%zz", "http://[::1]:8080/m"}) {
        INFO(reference);
        const auto expected = newsarc::crawl::resolve_url(base, reference, options);
        const auto got = resolver->resolve(reference, options);
        REQUIRE(got.has_value() == expected.has_value());
        if (expected) {
            CHECK(got.value() == expected.value());
            // What admit relies on for a page's links: a resolved URL is normalised already.
            CHECK(newsarc::crawl::normalize_url(got.value(), options).value() == got.value());
        } else {
            CHECK(got.error().message == expected.error().message);
        }
    }
    CHECK_FALSE(newsarc::web::UrlResolver::for_base("not a url"));
}

TEST_CASE("split gives host, origin and the path robots.txt rules match", "[crawl][url]") {
    const auto parts = split_url("https://www.guancha.cn/a/b.shtml?c=1");
    REQUIRE(parts);
    CHECK(parts->host == "www.guancha.cn");
    CHECK(parts->origin == "https://www.guancha.cn");
    CHECK(parts->path_and_query == "/a/b.shtml?c=1");
    CHECK(split_url("http://127.0.0.1:8080/")->origin == "http://127.0.0.1:8080");
}

TEST_CASE("host patterns match exact names, domains with subdomains and anything", "[crawl][url]") {
    CHECK(host_matches("www.guancha.cn", "www.guancha.cn"));
    CHECK_FALSE(host_matches("www.guancha.cn", "user.guancha.cn"));
    CHECK(host_matches("*.guancha.cn", "guancha.cn"));
    CHECK(host_matches("*.guancha.cn", "user.guancha.cn"));
    CHECK_FALSE(host_matches("*.guancha.cn", "notguancha.cn"));
    CHECK(host_matches("*", "anything.example"));
}
