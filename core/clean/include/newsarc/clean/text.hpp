// Line-level text utilities of cleaning: Unicode and HTML-remnant normalisation, pinyin annotations, counting.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace newsarc::clean {

/// Normalises one line (it must not contain '\n'; invalid UTF-8 is replaced by U+FFFD first):
/// - NFC for the compositions that occur (a Latin letter plus combining marks, Hangul jamo);
/// - no-break, full-width, en/em and other odd spaces, and tabs, become ' '; runs of spaces become one;
/// - zero-width characters, soft hyphens, BOMs, U+FFFD and control characters are removed;
/// - HTML entities left as text (&nbsp; &amp; &#8220; ...) are decoded, tag remnants (</span>, <br/>, and
///   a "?/span>" whose '<' was lost) are removed, for the names of HTML elements only;
/// - a '?' opening the line before a letter (a lost character, "?阿里") is removed;
/// - the line is trimmed.
/// Idempotent: normalize_line(normalize_line(x)) == normalize_line(x).
std::string normalize_line(std::string_view line);

/// Removes pinyin annotations: a parenthesised pinyin syllable with a tone mark glued to the character before
/// it ("個(gè)" -> "個", "F(xiàn)acebook" -> "Facebook"). Parentheses holding anything else stay: (FOCS),
/// (ID:xinchanye2021), (Large Language Model, 大型语言模型), (yes). Idempotent.
std::string remove_pinyin_annotations(std::string_view line);

/// True when `text` is one pinyin syllable carrying exactly one tone mark ("gè", "chuàng", "lǜ").
bool is_toned_pinyin_syllable(std::string_view text) noexcept;

/// The number of code points of valid UTF-8 `text`.
std::size_t count_code_points(std::string_view text) noexcept;

} // namespace newsarc::clean
