// Focus: host patterns and choosing the plugin for a URL (exact > *.domain > *, then priority).
#include <catch2/catch.hpp>

#include "newsarc/plugin_host/registry.hpp"
#include "support/paths.hpp"

namespace host = newsarc::plugin_host;

TEST_CASE("host patterns", "[plugins][registry]") {
    CHECK(host::host_match("www.huxiu.com", "www.huxiu.com") == 1000);
    CHECK(host::host_match("www.huxiu.com", "m.huxiu.com") == 0);
    CHECK(host::host_match("*.guancha.cn", "guancha.cn") > 1);
    CHECK(host::host_match("*.guancha.cn", "user.guancha.cn") > 1);
    CHECK(host::host_match("*.guancha.cn", "notguancha.cn") == 0);
    CHECK(host::host_match("*.guancha.cn", "guancha.cn.evil.com") == 0);
    CHECK(host::host_match("*.a.guancha.cn", "x.a.guancha.cn") > host::host_match("*.guancha.cn", "x.a.guancha.cn"));
    CHECK(host::host_match("*", "anything.example") == 1);
    CHECK(host::host_match("*", "") == 0);
}

TEST_CASE("url_host lower-cases and strips user info and port", "[plugins][registry]") {
    CHECK(host::url_host("https://User:pw@WWW.Huxiu.COM:8443/a?b#c") == "www.huxiu.com");
    CHECK(host::url_host("http://[::1]:80/") == "[::1]");
    CHECK(host::url_host("no scheme").empty());
}

TEST_CASE("find prefers exact hosts, then the longest *.domain, then the generic fallback", "[plugins][registry]") {
    host::PluginRegistry registry;
    REQUIRE(registry.load_file(std::filesystem::path(NEWSARC_TEST_PLUGIN_DIR) / "newsarc_good.so"));
    REQUIRE(registry.load_file(std::filesystem::path(NEWSARC_TEST_PLUGIN_DIR) / "newsarc_sdk_probe.so"));
    REQUIRE(registry.load_file(newsarc::test::plugin_dir() / "newsarc_generic.so"));

    const auto* good = registry.find("https://good.example.com/x");
    REQUIRE(good != nullptr);
    CHECK(good->id() == "good");
    CHECK(registry.find("https://a.good.example.org/")->id() == "good");
    CHECK(registry.find("https://good.example.org/")->id() == "good");
    CHECK(registry.find("https://probe.example.net/")->id() == "sdk_probe");
    CHECK(registry.find("https://www.unknown.cn/")->id() == "generic");
    const auto candidates = registry.candidates("https://good.example.com/x");
    REQUIRE(candidates.size() == 2);
    CHECK(candidates[1]->id() == "generic");
    CHECK(registry.by_id("missing") == nullptr);
}
