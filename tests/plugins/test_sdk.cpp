// Focus: the header-only SDK helpers that need no host: trimming and embedded JSON. (URLs, times and HTML
// are host services: test_host_services.cpp tests the host's code, test_host_api.cpp the SDK's calls of it.)
#include <catch2/catch.hpp>

#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;

TEST_CASE("trim and collapse_space know full-width and no-break spaces", "[plugins][sdk]") {
    CHECK(sdk::trim("\xe3\x80\x80 a b\xc2\xa0\n") == "a b");
    CHECK(sdk::trim("   ").empty());
    CHECK(sdk::collapse_space("  a \n\t b  ") == "a b");
    CHECK(sdk::split_trimmed("a\n\n\n\nb\n\n ", "\n\n") == std::vector<std::string_view>{"a", "b"});
}

TEST_CASE("json_after finds the state object after a marker", "[plugins][sdk][json]") {
    const std::string script = R"(var x = 1; window.__INITIAL_STATE__ = {"a": {"b": "}]\"x"}, "n": [1, 2]}; f();)";
    const auto state = sdk::json_after(script, "window.__INITIAL_STATE__");
    REQUIRE(state);
    CHECK((*state)["a"]["b"] == "}]\"x");
    CHECK((*state)["n"].size() == 2);
    CHECK_FALSE(sdk::json_after(script, "window.__MISSING__"));
    CHECK_FALSE(sdk::json_after("window.S = {unterminated", "window.S"));
    CHECK_FALSE(sdk::json_after("window.S = call({a: 1})", "window.S"));
}
