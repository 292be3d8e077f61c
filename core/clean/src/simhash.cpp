// SimHash: XXH3 of every 4-character shingle of the content characters, folded into 64 bit votes.
#include "newsarc/clean/simhash.hpp"

#include <array>
#include <bit>
#include <vector>

#include <xxhash.h>

#include "unicode_chars.hpp"

namespace newsarc::clean {
namespace {

constexpr std::size_t kShingle = 4;

/// The content character `cp` stands for in a shingle, or 0 when it is not content: ASCII and full-width
/// letters fold to lower-case ASCII, full-width digits to ASCII digits.
char32_t content_char(char32_t cp) noexcept {
    if (cp >= 'A' && cp <= 'Z') {
        return cp - 'A' + 'a';
    }
    if (cp >= 0xFF21 && cp <= 0xFF3A) {
        return cp - 0xFF21 + 'a';
    }
    if (cp >= 0xFF41 && cp <= 0xFF5A) {
        return cp - 0xFF41 + 'a';
    }
    if (cp >= 0xFF10 && cp <= 0xFF19) {
        return cp - 0xFF10 + '0';
    }
    return detail::is_word_char(cp) ? cp : 0;
}

} // namespace

std::uint64_t simhash64(std::string_view cleaned_body) {
    thread_local std::vector<char32_t> chars;
    chars.clear();
    std::size_t i = 0;
    while (i < cleaned_body.size()) {
        const char32_t cp = content_char(detail::next_code_point(cleaned_body, i));
        if (cp != 0) {
            chars.push_back(cp);
        }
    }
    if (chars.empty()) {
        return 0;
    }
    if (chars.size() < kShingle) {
        return XXH3_64bits(chars.data(), chars.size() * sizeof(char32_t));
    }
    // ones[b] counts the features whose hash has bit b set; a bit of the result is set when most features agree.
    // The counting is packed: packed[j] holds eight byte-wide counters for bits 8j..8j+7, fed by a table that
    // spreads a hash byte into those lanes, and is emptied into `ones` before a lane can overflow.
    static const std::array<std::uint64_t, 256> kSpread = [] {
        std::array<std::uint64_t, 256> table{};
        for (std::size_t value = 0; value < 256; ++value) {
            for (std::size_t bit = 0; bit < 8; ++bit) {
                table[value] |= static_cast<std::uint64_t>((value >> bit) & 1U) << (8 * bit);
            }
        }
        return table;
    }();
    std::array<std::uint64_t, 64> ones{};
    std::array<std::uint64_t, 8> packed{};
    const auto flush = [&] {
        for (std::size_t j = 0; j < 8; ++j) {
            for (std::size_t bit = 0; bit < 8; ++bit) {
                ones[8 * j + bit] += (packed[j] >> (8 * bit)) & 0xFFU;
            }
            packed[j] = 0;
        }
    };
    const std::size_t features = chars.size() - kShingle + 1;
    std::size_t pending = 0;
    for (std::size_t k = 0; k < features; ++k) {
        const std::uint64_t hash = XXH3_64bits(&chars[k], kShingle * sizeof(char32_t));
        for (std::size_t j = 0; j < 8; ++j) {
            packed[j] += kSpread[(hash >> (8 * j)) & 0xFFU];
        }
        if (++pending == 255) {
            flush();
            pending = 0;
        }
    }
    flush();
    std::uint64_t result = 0;
    for (std::size_t b = 0; b < 64; ++b) {
        if (2 * ones[b] > features) {
            result |= std::uint64_t{1} << b;
        }
    }
    return result;
}

int hamming(std::uint64_t a, std::uint64_t b) noexcept {
    return std::popcount(a ^ b);
}

bool near_duplicate(std::uint64_t a, std::uint64_t b) noexcept {
    return hamming(a, b) <= kNearDuplicateDistance;
}

} // namespace newsarc::clean
