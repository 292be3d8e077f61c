// Focus: running pages through plugins: published_at normalisation, kind/status names, HTML detection.
#include <catch2/catch.hpp>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace host = newsarc::plugin_host;

TEST_CASE("normalize_china_time", "[plugins][run]") {
    CHECK(host::normalize_china_time("2019-09-07 10:26") == std::optional<std::string>("2019-09-07T10:26:00+08:00"));
    CHECK(host::normalize_china_time("2019-09-07 10:26:33") == std::optional<std::string>("2019-09-07T10:26:33+08:00"));
    CHECK(host::normalize_china_time("2019-09-07") == std::optional<std::string>("2019-09-07T00:00:00+08:00"));
    CHECK(host::normalize_china_time("2019-09-07T13:43:45+08:00") ==
          std::optional<std::string>("2019-09-07T13:43:45+08:00"));
    CHECK(host::normalize_china_time("2019-09-07T20:00:00Z") == std::optional<std::string>("2019-09-08T04:00:00+08:00"));
    CHECK(host::normalize_china_time("2019-12-31T23:30:00.123-05:00") ==
          std::optional<std::string>("2020-01-01T12:30:00+08:00"));
    CHECK(host::normalize_china_time("2020-02-29T00:00:00+0800") ==
          std::optional<std::string>("2020-02-29T00:00:00+08:00"));
    CHECK_FALSE(host::normalize_china_time("2019-02-29 10:00"));
    CHECK_FALSE(host::normalize_china_time("2019-09-07 25:00"));
    CHECK_FALSE(host::normalize_china_time("yesterday"));
    CHECK_FALSE(host::normalize_china_time("2019-09-07 10:26 extra"));
}

TEST_CASE("kind and status names round-trip", "[plugins][run]") {
    for (const char* name : {"article", "list", "feed", "ignore", "invalid"}) {
        const auto kind = host::parse_kind(name);
        REQUIRE(kind);
        CHECK(host::kind_name(*kind) == name);
    }
    for (const char* name : {"ok", "not_mine", "no_content", "failed", "paywalled"}) {
        const auto status = host::parse_status(name);
        REQUIRE(status);
        CHECK(host::status_name(*status) == name);
    }
    CHECK_FALSE(host::parse_kind("story"));
}

TEST_CASE("HTML detection by media type or first byte", "[plugins][run]") {
    CHECK(host::is_html("text/html", ""));
    CHECK(host::is_html("application/xhtml+xml", ""));
    CHECK_FALSE(host::is_html("application/json", "<html>"));
    CHECK(host::is_html("", "  \n<!doctype html>"));
    CHECK_FALSE(host::is_html("", "{}"));
}

TEST_CASE("character F1 ignores white space and counts repeats", "[plugins][run]") {
    CHECK(host::char_f1("", "") == Approx(1.0));
    CHECK(host::char_f1("abc", "") == Approx(0.0));
    CHECK(host::char_f1("中文 段落", "中文段落") == Approx(1.0));
    CHECK(host::char_f1("aabb", "ab") == Approx(2.0 * 1.0 * 0.5 / 1.5));
}
