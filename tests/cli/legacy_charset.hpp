// Test helpers that turn a real UTF-8 page into the legacy-charset page a Chinese site would have served:
// the bytes converted with iconv, and the page's own charset declaration rewritten to match.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace newsarc::test {

/// `utf8` converted to `charset` (an iconv name: "GBK", "GB18030", "BIG5"). A character the charset cannot
/// encode is written as an HTML numeric character reference ("&#169;"), as browsers do when they save or
/// submit a page in a legacy charset, so the HTML still means the same. `fallbacks` gets how many characters
/// needed one. An iconv that does not know `charset` fails the test.
std::string encode_html(std::string_view utf8, const std::string& charset, std::size_t& fallbacks);

/// True when every character of `utf8` exists in `charset` (no fallback needed).
bool encodable(std::string_view utf8, const std::string& charset);

/// The page with the label of its first charset declaration (<meta charset> or <meta http-equiv content>)
/// replaced by `label`; an empty label leaves the page declaring none, for detection. The page must have one.
std::string with_declared_charset(std::string html, std::string_view label);

} // namespace newsarc::test
