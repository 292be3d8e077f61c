// Focus: the UTF-8 validator and repairing copy every fetched page and imported file goes through, including
// the eight-bytes-at-a-time ASCII path (an invalid byte at every offset around a word boundary).
#include <catch2/catch.hpp>

#include <string>

#include "newsarc/base/utf8.hpp"

namespace utf8 = newsarc::utf8;

TEST_CASE("an invalid byte is found at every offset of an ASCII run", "[clean][utf8]") {
    for (std::size_t length : {1u, 7u, 8u, 9u, 16u, 31u}) {
        for (std::size_t at = 0; at < length; ++at) {
            std::string text(length, 'a');
            text[at] = '\xFF';
            INFO("length " << length << ", bad byte at " << at);
            CHECK(utf8::first_invalid(text) == at);
            CHECK_FALSE(utf8::is_valid(text));
            std::string expected(length, 'a');
            expected.replace(at, 1, "\xEF\xBF\xBD");
            CHECK(utf8::repair(text) == expected);
        }
    }
}

TEST_CASE("well-formed text of every sequence length is valid and repaired unchanged", "[clean][utf8]") {
    const std::string text = "plain ASCII before, é, 人工智能产业, 𠀀 and \xF4\x8F\xBF\xBF, then ASCII after it again";
    CHECK(utf8::is_valid(text));
    CHECK(utf8::first_invalid(text) == std::string::npos);
    CHECK(utf8::repair(text) == text);
    CHECK(utf8::is_valid(""));
    CHECK(utf8::repair("").empty());
}

TEST_CASE("forms RFC 3629 forbids are invalid where they start", "[clean][utf8]") {
    const std::string prefix = "新闻 news "; // 13 bytes: the bad form starts past the first ASCII word
    const struct {
        const char* name;
        std::string bytes;
    } cases[] = {
        {"overlong two-byte", "\xC0\xAF"},     {"overlong three-byte", "\xE0\x80\xAF"},
        {"UTF-16 surrogate", "\xED\xA0\x80"},  {"above U+10FFFF", "\xF4\x90\x80\x80"},
        {"lone continuation", "\x80"},          {"cut short at the end", "\xE4\xBA"},
        {"lead byte F5", "\xF5\x80\x80\x80"},
    };
    for (const auto& bad : cases) {
        INFO(bad.name);
        CHECK(utf8::first_invalid(prefix + bad.bytes) == prefix.size());
        CHECK(utf8::first_invalid(prefix + bad.bytes + " tail") == prefix.size());
    }
}

TEST_CASE("repair replaces each byte that starts no valid sequence and keeps the rest", "[clean][utf8]") {
    // A three-byte character cut after two bytes, then valid text: two replacements, the text kept.
    CHECK(utf8::repair("AI\xE4\xBA产业") == "AI\xEF\xBF\xBD\xEF\xBF\xBD产业");
    CHECK(utf8::repair("\xFF\xFE") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    const std::string repaired = utf8::repair(std::string("long ascii run here, then \xC0\xAF 人工智能"));
    CHECK(utf8::is_valid(repaired));
    CHECK(repaired == "long ascii run here, then \xEF\xBF\xBD\xEF\xBF\xBD 人工智能");
}
