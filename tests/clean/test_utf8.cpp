// Focus: the UTF-8 validator and repairing copy every fetched page and imported file goes through, including
// the eight-bytes-at-a-time ASCII path (an invalid byte at every offset around a word boundary) and the vector
// path, checked against a reference decoder on random text and around its 16- and 32-byte blocks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// RFC 3629 decoded the long way round, independently of the library: the length of the character that starts at
/// `at`, or 0 when none does.
std::size_t reference_length(std::string_view text, std::size_t at) {
    // Raw bytes rather than string_view calls: the tests are built without optimisation.
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + at;
    const std::size_t available = text.size() - at;
    std::size_t length = 0;
    char32_t code_point = 0;
    char32_t smallest = 0;
    if (bytes[0] < 0x80) {
        return 1;
    } else if ((bytes[0] & 0xE0) == 0xC0) {
        length = 2;
        code_point = bytes[0] & 0x1F;
        smallest = 0x80;
    } else if ((bytes[0] & 0xF0) == 0xE0) {
        length = 3;
        code_point = bytes[0] & 0x0F;
        smallest = 0x800;
    } else if ((bytes[0] & 0xF8) == 0xF0) {
        length = 4;
        code_point = bytes[0] & 0x07;
        smallest = 0x10000;
    } else {
        return 0;
    }
    if (available < length) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((bytes[k] & 0xC0) != 0x80) {
            return 0;
        }
        code_point = (code_point << 6) | (bytes[k] & 0x3F);
    }
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (code_point < smallest || surrogate || code_point > 0x10FFFF) {
        return 0;
    }
    return length;
}

/// What the library should make of a text, found in one walk (the tests are built without optimisation).
struct Reference {
    std::size_t first_invalid = npos;
    std::string repaired;
};

Reference reference_result(std::string_view text) {
    Reference reference;
    std::size_t valid_from = 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = reference_length(text, at);
        if (length == 0) {
            reference.first_invalid = std::min(reference.first_invalid, at);
            reference.repaired.append(text.data() + valid_from, at - valid_from);
            reference.repaired += "\xEF\xBF\xBD";
            valid_from = ++at;
        } else {
            at += length;
        }
    }
    reference.repaired.append(text.data() + valid_from, text.size() - valid_from);
    return reference;
}

std::string hex(std::string_view text) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0x0F];
        out += ' ';
    }
    return out;
}

/// Empty when the library agrees with the reference on `text`, otherwise what differs.
std::string disagreement(std::string_view text) {
    const Reference expected = reference_result(text);
    const std::size_t found = utf8::first_invalid(text);
    if (found != expected.first_invalid) {
        return "first_invalid " + std::to_string(found) + ", the reference " + std::to_string(expected.first_invalid) +
               " on " + hex(text);
    }
    if (utf8::is_valid(text) != (expected.first_invalid == npos)) {
        return "is_valid differs on " + hex(text);
    }
    if (utf8::repair(text) != expected.repaired) {
        return "repair differs on " + hex(text);
    }
    return {};
}

/// As disagreement, with `text` placed `alignment` bytes into a heap block that ends where it does, so that the
/// sanitizer build catches a read past its end.
std::string disagreement_at(std::string_view text, std::size_t alignment) {
    const auto block = std::make_unique<char[]>(alignment + text.size());
    std::copy(text.begin(), text.end(), block.get() + alignment);
    return disagreement(std::string_view(block.get() + alignment, text.size()));
}

/// splitmix64: the same sequence on every platform and standard library, unlike the std distributions.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(next() % bound); }

    template <typename T, std::size_t n>
    T pick(const T (&choices)[n]) {
        return choices[below(n)];
    }

private:
    std::uint64_t state_;
};

// Bytes at the edges of the ranges RFC 3629 allows after each lead, and the leads with special ranges.
const unsigned char kEdgeBytes[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                    0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFF};

const char* const kForbiddenForms[] = {
    "\xC0\x80",         "\xC1\xBF",         "\xE0\x80\x80",     "\xE0\x9F\xBF",     "\xED\xA0\x80",
    "\xED\xBF\xBF",     "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
    "\xE4\xBA",         "\xF0\x9F\x98",     "\xC3",             "\x80\x80",         "\xF8\x88\x80\x80\x80",
};

unsigned char random_bad_byte(Random& random) {
    return random.below(2) == 0 ? random.pick(kEdgeBytes) : static_cast<unsigned char>(random.below(256));
}

char32_t random_three_byte_code_point(Random& random) {
    static const char32_t kEdges[] = {0x800, 0xFFF, 0x1000, 0xCFFF, 0xD000, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF};
    switch (random.below(8)) {
    case 0:
        return random.pick(kEdges);
    case 1: {
        const char32_t any = 0x800 + random.below(0x10000 - 0x800);
        return any >= 0xD800 && any <= 0xDFFF ? any + 0x800 : any;
    }
    default:
        return 0x4E00 + random.below(0x9FFF - 0x4E00); // CJK unified ideographs
    }
}

char32_t random_four_byte_code_point(Random& random) {
    static const char32_t kEdges[] = {0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF};
    return random.below(4) == 0 ? random.pick(kEdges) : 0x10000 + random.below(0x100000);
}

/// Shares, out of 100, of ASCII runs, two-, three- and four-byte characters; the rest are bad bytes or forbidden
/// forms.
struct TextMix {
    std::uint32_t ascii;
    std::uint32_t two_byte;
    std::uint32_t three_byte;
    std::uint32_t four_byte;
};

/// Writes the UTF-8 form of `code_point` (80 or above) at `out`, returning its length.
std::size_t encode(char32_t code_point, char* out) {
    const std::size_t length = code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
    constexpr unsigned char kLeadMarks[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (std::size_t k = length - 1; k > 0; --k) {
        out[k] = static_cast<char>(0x80 | (code_point & 0x3F));
        code_point >>= 6;
    }
    out[0] = static_cast<char>(kLeadMarks[length] | code_point);
    return length;
}

constexpr std::size_t kLongestPiece = 8;

/// Writes one random piece at `out`, returning its length. (Into a plain array: std::string appends dominate the
/// run time of a test built without optimisation.)
std::size_t write_random_piece(char* out, Random& random, const TextMix& mix) {
    std::uint32_t roll = random.below(100);
    if (roll < mix.ascii) {
        // A run of up to eight, as in markup, from one random number.
        const std::uint64_t bits = random.next();
        for (std::size_t k = 0; k < kLongestPiece; ++k) {
            out[k] = static_cast<char>((bits >> (8 * k)) & 0x7F);
        }
        return 1 + (bits >> 61);
    } else if ((roll -= mix.ascii) < mix.two_byte) {
        return encode(0x80 + random.below(0x800 - 0x80), out);
    } else if ((roll -= mix.two_byte) < mix.three_byte) {
        return encode(random_three_byte_code_point(random), out);
    } else if ((roll -= mix.three_byte) < mix.four_byte) {
        return encode(random_four_byte_code_point(random), out);
    } else if (random.below(2) == 0) {
        out[0] = static_cast<char>(random_bad_byte(random));
        return 1;
    }
    const std::string_view form = random.pick(kForbiddenForms);
    std::copy(form.begin(), form.end(), out);
    return form.size();
}

constexpr std::size_t kLongestRandomText = 200;

std::string random_text(Random& random, std::size_t length, const TextMix& mix) {
    char bytes[kLongestRandomText + kLongestPiece];
    std::size_t size = 0;
    while (size < length) {
        size += write_random_piece(bytes + size, random, mix);
    }
    return std::string(bytes, length); // may cut the last character short
}

/// Valid characters, then as many ASCII bytes as make up `length`.
std::string valid_filler(std::size_t length, bool chinese) {
    std::string text;
    while (chinese && text.size() + 3 <= length) {
        text += "中";
    }
    text.append(length - text.size(), 'a');
    return text;
}

} // namespace

TEST_CASE("first_invalid agrees with a reference decoder on random text at every alignment", "[clean][utf8]") {
    const TextMix kMixes[] = {
        {70, 10, 12, 8},  // Latin markup, valid
        {20, 5, 70, 5},   // Chinese, valid
        {20, 5, 70, 5},   // Chinese, with one byte corrupted below
        {25, 10, 50, 12}, // 3% bad bytes and forbidden forms
    };
    Random random(20240611);
    for (std::size_t round = 0; round < 200'000; ++round) {
        const TextMix& mix = kMixes[round % 4];
        std::string text = random_text(random, random.below(kLongestRandomText + 1), mix);
        if (round % 4 == 2 && !text.empty()) {
            text[random.below(static_cast<std::uint32_t>(text.size()))] = static_cast<char>(random_bad_byte(random));
        }
        const std::size_t alignment = (round / 4) % 32;
        const std::string problem = disagreement_at(text, alignment);
        if (!problem.empty()) {
            FAIL("round " << round << ", alignment " << alignment << ": " << problem);
        }
    }
}

TEST_CASE("one corrupted byte in Chinese text is found wherever it falls across vector blocks", "[clean][utf8]") {
    const std::string chinese = "新华社北京电，人工智能产业发展迅速，今年上半年全国新增相关企业同比增长三成。专家"
                                "表示，随着大模型技术的普及，越来越多的传统行业开始数字化转型。";
    const std::string markup = "<p class=\"lead\">人工智能产业</p><a href=\"/2024/06/11.html\">专家表示：大模型"
                               "普及</a>\n<p>越来越多的传统行业开始数字化转型。</p>";
    const unsigned char bad_bytes[] = {'x', 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xF0, 0xF4, 0xF5, 0xFF};
    for (const std::string& body : {chinese, markup}) {
        for (std::size_t shift = 0; shift < 3; ++shift) {
            // The shift moves the characters' phase against the 32-byte blocks.
            const std::string text = std::string(shift, ' ') + body;
            REQUIRE(text.size() > 3 * 32);
            CHECK(utf8::first_invalid(text) == npos);
            for (std::size_t at = 0; at < text.size(); ++at) {
                for (const unsigned char bad : bad_bytes) {
                    std::string corrupted = text;
                    corrupted[at] = static_cast<char>(bad);
                    const std::string problem = disagreement_at(corrupted, at % 32);
                    if (!problem.empty()) {
                        FAIL("shift " << shift << ", byte " << at << " set to " << int{bad} << ": " << problem);
                    }
                }
                // Cut short at every length: an unfinished last character is found in the tail.
                const std::string problem = disagreement_at(std::string_view(text).substr(0, at), 0);
                if (!problem.empty()) {
                    FAIL("cut to " << at << " bytes: " << problem);
                }
            }
        }
    }
}

TEST_CASE("sequences straddling a vector block boundary are checked whole", "[clean][utf8]") {
    const char* const valid[] = {"\xC2\x80",         "\xDF\xBF",         "\xE0\xA0\x80", "\xE4\xB8\xAD",
                                 "\xED\x9F\xBF",     "\xEE\x80\x80",     "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
                                 "\xF1\x80\x80\x80", "\xF4\x8F\xBF\xBF"};
    const char* const forbidden[] = {"\xC0\x80",         "\xC1\xBF",         "\xE0\x80\x80", "\xE0\x9F\xBF",
                                     "\xED\xA0\x80",     "\xED\xBF\xBF",     "\xF0\x80\x80\x80",
                                     "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80"};
    for (const std::size_t boundary : {16u, 32u, 48u, 64u}) {
        for (const bool chinese_before : {false, true}) {
            // After the sequence: an ASCII block, a block of Chinese, or the end of the text.
            for (const std::string& after : {valid_filler(40, false), valid_filler(40, true), std::string()}) {
                for (const std::string sequence : valid) {
                    for (std::size_t start = boundary - sequence.size(); start <= boundary; ++start) {
                        const std::string before = valid_filler(start, chinese_before);
                        const std::string text = before + sequence + after;
                        INFO("boundary " << boundary << ", starting at " << start << ": " << hex(text));
                        CHECK(utf8::first_invalid(text) == npos);
                        // Cut short by one byte, it is invalid where it starts.
                        const std::string cut = before + sequence.substr(0, sequence.size() - 1) + after;
                        CHECK(utf8::first_invalid(cut) == start);
                        CHECK(disagreement_at(cut, 0).empty());
                    }
                }
                for (const std::string sequence : forbidden) {
                    for (std::size_t start = boundary - sequence.size(); start <= boundary; ++start) {
                        const std::string text = valid_filler(start, chinese_before) + sequence + after;
                        INFO("boundary " << boundary << ", starting at " << start << ": " << hex(text));
                        CHECK(utf8::first_invalid(text) == start);
                        CHECK(disagreement_at(text, 0).empty());
                    }
                }
            }
        }
    }
}
