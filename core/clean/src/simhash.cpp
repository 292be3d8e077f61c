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
    std::array<std::uint32_t, 64> ones{};
    const std::size_t features = chars.size() - kShingle + 1;
    for (std::size_t k = 0; k < features; ++k) {
        const std::uint64_t hash = XXH3_64bits(&chars[k], kShingle * sizeof(char32_t));
        for (std::size_t b = 0; b < 64; ++b) {
            ones[b] += static_cast<std::uint32_t>((hash >> b) & 1U);
        }
    }
    std::uint64_t result = 0;
    for (std::size_t b = 0; b < 64; ++b) {
        if (2 * static_cast<std::size_t>(ones[b]) > features) {
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
