// Private helpers of the clean module: walking valid UTF-8 by code point, and the character classes cleaning
// decides by (Han, letters, spaces, sentence punctuation).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "newsarc/base/utf8.hpp"

namespace newsarc::clean::detail {

/// Decodes the code point at `i` of valid UTF-8 and advances `i` past it.
inline char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    if (lead < 0xE0) {
        const char32_t cp = (static_cast<char32_t>(lead & 0x1F) << 6) | (byte(i + 1) & 0x3F);
        i += 2;
        return cp;
    }
    if (lead < 0xF0) {
        const char32_t cp = (static_cast<char32_t>(lead & 0x0F) << 12) |
                            (static_cast<char32_t>(byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
        i += 3;
        return cp;
    }
    const char32_t cp = (static_cast<char32_t>(lead & 0x07) << 18) | (static_cast<char32_t>(byte(i + 1) & 0x3F) << 12) |
                        (static_cast<char32_t>(byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F);
    i += 4;
    return cp;
}

/// The code point that ends at byte `end` (exclusive) of valid UTF-8, with its start in `start`.
inline char32_t previous_code_point(std::string_view text, std::size_t end, std::size_t& start) noexcept {
    start = end;
    do {
        --start;
    } while (start > 0 && (static_cast<std::uint8_t>(text[start]) & 0xC0) == 0x80);
    std::size_t i = start;
    return next_code_point(text, i);
}

inline void append_utf8(std::string& out, char32_t cp) {
    utf8::append(out, cp);
}

/// CJK ideographs (URO, extension A, compatibility, extensions B and later).
inline bool is_han(char32_t cp) noexcept {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3134F);
}

inline bool is_ascii_alnum(char32_t cp) noexcept {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/// Letters and digits of any script as far as cleaning cares: ASCII, Latin with diacritics, Greek, Cyrillic,
/// Han, kana, Hangul, full-width letters and digits.
inline bool is_word_char(char32_t cp) noexcept {
    return is_ascii_alnum(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x370 && cp <= 0x4FF) || is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/// Punctuation that ends or separates sentences: 。！？；… and their ASCII forms.
inline bool is_sentence_end(char32_t cp) noexcept {
    switch (cp) {
    case U'。': case U'！': case U'？': case U'；': case U'…': case U'!': case U'?': case U';': case U'．':
        return true;
    default:
        return false;
    }
}

/// Punctuation inside sentences: commas, enumeration commas, colons.
inline bool is_clause_punct(char32_t cp) noexcept {
    switch (cp) {
    case U'，': case U',': case U'、': case U'：': case U':':
        return true;
    default:
        return false;
    }
}

} // namespace newsarc::clean::detail
