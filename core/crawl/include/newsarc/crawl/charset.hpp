// Text decoding for fetched pages: find the charset (BOM, HTTP header, <meta>, else detection) and convert
// to UTF-8. GB2312/GBK labels decode as GB18030, their superset. Never fails: bad bytes become U+FFFD.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsarc::crawl {

/// A body converted to UTF-8.
struct DecodedText {
    std::string text;     ///< well-formed UTF-8
    std::string charset;  ///< what it was decoded as: "UTF-8", "GB18030", "BIG5", ...
    std::string source;   ///< where the charset came from: "bom", "header", "meta", "detected" or "default"
    std::size_t replaced = 0; ///< invalid byte sequences replaced by U+FFFD
    /// Set by decode_to_utf8_borrowing when the body needed no conversion: the text is the body from this offset
    /// (past a UTF-8 BOM) and `text` is empty.
    std::optional<std::size_t> body_offset;

    /// The UTF-8 text, given the body it was decoded from.
    [[nodiscard]] std::string_view view(std::string_view body) const noexcept;
};

/// Decodes `body` (an HTML page when `html`, else plain text such as JSON) given the response's
/// Content-Type header value (may be empty).
DecodedText decode_to_utf8(std::string_view body, std::string_view content_type, bool html = true);

/// The same without copying a body that is already well-formed UTF-8 (most pages; a crawl reads each once):
/// use view(body) for the text, and keep `body` alive meanwhile.
DecodedText decode_to_utf8_borrowing(std::string_view body, std::string_view content_type, bool html = true);

/// The charset parameter of a Content-Type value ("text/html; charset=GBK" -> "GBK"), or "".
std::string charset_parameter(std::string_view content_type);

/// The charset an HTML head declares through <meta charset> or <meta http-equiv content>, or "".
/// Looks at the first 4 KiB only.
std::string meta_charset(std::string_view html);

/// The iconv name for a charset label (case-insensitive, WHATWG aliases): "gbk" -> "GB18030",
/// "big5" -> "BIG5" (read as CP950 with HKSCS's additions), "big5-hkscs" -> "BIG5-HKSCS", "latin1" -> "WINDOWS-1252", "utf8" -> "UTF-8"; others upper-cased.
/// "" for an empty label.
std::string canonical_charset(std::string_view label);

} // namespace newsarc::crawl
