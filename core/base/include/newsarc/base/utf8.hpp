// UTF-8 checks shared by import, cleaning and extraction.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace newsarc::utf8 {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid(std::string_view text) noexcept;

/// The byte offset of the first invalid sequence, or std::string_view::npos when the text is valid.
std::size_t first_invalid(std::string_view text) noexcept;

/// A copy with every invalid sequence replaced by U+FFFD.
std::string repair(std::string_view text);

/// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF; callers map surrogates and larger values first).
void append(std::string& out, char32_t code_point);

} // namespace newsarc::utf8
