// Charset detection and conversion: glibc iconv for the conversion, uchardet when nothing is declared.
#include "newsarc/crawl/charset.hpp"

#include <iconv.h>
#include <uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "newsarc/base/utf8.hpp"

namespace newsarc::crawl {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string_view trim_label(std::string_view label) {
    while (!label.empty() && (std::isspace(static_cast<unsigned char>(label.front())) != 0 ||
                              label.front() == '"' || label.front() == '\'')) {
        label.remove_prefix(1);
    }
    while (!label.empty() && (std::isspace(static_cast<unsigned char>(label.back())) != 0 ||
                              label.back() == '"' || label.back() == '\'')) {
        label.remove_suffix(1);
    }
    return label;
}

/// The value after "charset=" in `text` (a Content-Type or a meta content attribute), or "".
std::string charset_after(std::string_view text) {
    const std::string lowered = lower(text);
    const auto at = lowered.find("charset");
    if (at == std::string::npos) {
        return {};
    }
    std::size_t i = at + 7;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
        ++i;
    }
    if (i >= text.size() || text[i] != '=') {
        return {};
    }
    ++i;
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) != 0 || text[i] == '"' ||
                               text[i] == '\'')) {
        ++i;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != '"' && text[end] != '\'' && text[end] != ';' && text[end] != ' ' &&
           text[end] != '>' && text[end] != '/' && text[end] != ',') {
        ++end;
    }
    return std::string(text.substr(i, end - i));
}

std::size_t count_replacements(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = text.find("\xEF\xBF\xBD"); at != std::string_view::npos;
         at = text.find("\xEF\xBF\xBD", at + 3)) {
        ++count;
    }
    return count;
}

/// UTF-8 input: keep it, replacing invalid sequences.
/// `whole`, when given, is the body `body` is part of: valid text is then borrowed from it instead of copied.
void take_utf8(std::string_view body, DecodedText& out, const char* whole) {
    out.charset = "UTF-8";
    if (utf8::is_valid(body)) {
        if (whole != nullptr) {
            out.body_offset = static_cast<std::size_t>(body.data() - whole);
        } else {
            out.text.assign(body);
        }
        return;
    }
    out.text = utf8::repair(body);
    out.replaced = count_replacements(out.text) - count_replacements(body);
}

/// The 2-byte sequence at `in` through `fallback`, appended to `text`; false when it does not convert either.
bool convert_pair(iconv_t fallback, const char* in, std::size_t in_left, std::string& text) {
    if (fallback == reinterpret_cast<iconv_t>(-1) || in_left < 2) {
        return false;
    }
    char pair[2] = {in[0], in[1]};
    char* pair_ptr = pair;
    std::size_t pair_left = 2;
    char buffer[16];
    char* out_ptr = buffer;
    std::size_t out_left = sizeof buffer;
    iconv(fallback, nullptr, nullptr, nullptr, nullptr);
    if (iconv(fallback, &pair_ptr, &pair_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) || pair_left != 0) {
        return false;
    }
    text.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
    return true;
}

/// Converts with iconv; false when iconv does not know `charset`.
bool convert(std::string_view body, const std::string& charset, DecodedText& out) {
    // "BIG5" (a page labelled big5) is Big5 as browsers read it: Taiwan's CP950 (glibc's BIG5-HKSCS rejects
    // 0xA1FE '／', in every Taiwanese byline, and reads 0xA145 '‧' as '•') plus Hong Kong's HKSCS characters,
    // which CP950 lacks: CP950 first, BIG5-HKSCS for each sequence CP950 refuses, as WHATWG's Big5 decoder does
    // with one table. A page labelled big5-hkscs is read as that.
    const bool big5 = charset == "BIG5";
    iconv_t cd = iconv_open("UTF-8", big5 ? "CP950" : charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return false;
    }
    iconv_t fallback = big5 ? iconv_open("UTF-8", "BIG5-HKSCS") : reinterpret_cast<iconv_t>(-1);
    out.charset = charset;
    out.text.clear();
    out.text.reserve(body.size() + body.size() / 2);
    char buffer[16384];
    char* in = const_cast<char*>(body.data()); // iconv's signature; the input is not written
    std::size_t in_left = body.size();
    while (in_left > 0) {
        char* out_ptr = buffer;
        std::size_t out_left = sizeof buffer;
        const std::size_t result = iconv(cd, &in, &in_left, &out_ptr, &out_left);
        out.text.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
        if (result != static_cast<std::size_t>(-1)) {
            continue;
        }
        if (errno == E2BIG) {
            continue;
        }
        // EILSEQ: an invalid sequence; EINVAL: a sequence cut off by the end of the body.
        if (errno == EILSEQ && convert_pair(fallback, in, in_left, out.text)) {
            in += 2;
            in_left -= 2;
            continue;
        }
        out.text += "\xEF\xBF\xBD";
        ++out.replaced;
        if (errno == EINVAL) {
            break;
        }
        ++in;
        --in_left;
    }
    char* out_ptr = buffer;
    std::size_t out_left = sizeof buffer;
    iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
    out.text.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
    iconv_close(cd);
    if (fallback != reinterpret_cast<iconv_t>(-1)) {
        iconv_close(fallback);
    }
    if (!utf8::is_valid(out.text)) {
        out.text = utf8::repair(out.text);
    }
    return true;
}

std::string detect(std::string_view body) {
    uchardet_t detector = uchardet_new();
    // 64 KiB is plenty to tell GB18030 from Big5 from UTF-8.
    const std::string_view sample = body.substr(0, 65536);
    uchardet_handle_data(detector, sample.data(), sample.size());
    uchardet_data_end(detector);
    std::string name = uchardet_get_charset(detector);
    uchardet_delete(detector);
    return name;
}

void decode_as(std::string_view body, const std::string& label, DecodedText& out, const char* whole) {
    const std::string charset = canonical_charset(label);
    if (charset == "UTF-8" || charset.empty() || !convert(body, charset, out)) {
        take_utf8(body, out, whole);
    }
}

} // namespace

std::string charset_parameter(std::string_view content_type) {
    return std::string(trim_label(charset_after(content_type)));
}

std::string meta_charset(std::string_view html) {
    const std::string head = lower(html.substr(0, 4096));
    for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
        const auto end = head.find('>', at);
        const std::string_view tag = std::string_view(head).substr(at, end == std::string::npos ? end : end - at);
        std::string found = charset_after(tag);
        if (!found.empty()) {
            // The label as the page spells it: lower() keeps every byte's position, so it is found at the
            // same offset in the original.
            const std::string label(trim_label(found));
            const std::size_t offset = head.find(label, at);
            return offset == std::string::npos ? label : std::string(html.substr(offset, label.size()));
        }
    }
    return {};
}

std::string canonical_charset(std::string_view label) {
    const std::string name = lower(trim_label(label));
    if (name.empty()) {
        return {};
    }
    if (name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8" || name == "ascii" || name == "us-ascii") {
        return "UTF-8";
    }
    if (name == "gb2312" || name == "gbk" || name == "gb18030" || name == "x-gbk" || name == "cp936" ||
        name == "windows-936" || name == "csgb2312" || name == "chinese" || name == "iso-ir-58" ||
        name == "gb_2312-80" || name == "gb_2312" || name == "csiso58gb231280" || name == "euc-cn") {
        return "GB18030";
    }
    if (name == "big5" || name == "cn-big5" || name == "csbig5" || name == "x-x-big5" || name == "x-big5") {
        return "BIG5";
    }
    if (name == "big5-hkscs") {
        return "BIG5-HKSCS";
    }
    if (name == "iso-8859-1" || name == "latin1" || name == "l1" || name == "windows-1252" || name == "cp1252" ||
        name == "iso8859-1" || name == "iso_8859-1") {
        return "WINDOWS-1252";
    }
    return upper(name);
}

namespace {

DecodedText decode(std::string_view body, std::string_view content_type, bool html, bool borrow) {
    const char* whole = borrow ? body.data() : nullptr;
    DecodedText out;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") {
        out.source = "bom";
        take_utf8(body.substr(3), out, whole);
        return out;
    }
    if (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF") {
        out.source = "bom";
        decode_as(body.substr(2), body[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", out, nullptr);
        return out;
    }
    if (std::string label = charset_parameter(content_type); !label.empty()) {
        out.source = "header";
        decode_as(body, label, out, whole);
        return out;
    }
    if (html) {
        if (std::string label = meta_charset(body); !label.empty()) {
            out.source = "meta";
            decode_as(body, label, out, whole);
            return out;
        }
    }
    if (utf8::is_valid(body)) {
        out.source = "default";
        take_utf8(body, out, whole);
        return out;
    }
    // Detection is trusted only for the East Asian multi-byte families. An unlabelled page that is not UTF-8 and
    // not one of those is broken, not Western: guessing a single-byte charset (every byte valid) would turn its
    // garbage into plausible-looking Latin text, so it is read as UTF-8 with its invalid bytes replaced.
    const std::string detected = canonical_charset(detect(body));
    const bool trusted = detected == "GB18030" || detected == "BIG5" || detected == "BIG5-HKSCS" || detected == "EUC-JP" ||
                         detected == "SHIFT_JIS" || detected == "EUC-KR" || detected.starts_with("UTF-16");
    out.source = trusted ? "detected" : "default";
    decode_as(body, trusted ? detected : std::string("UTF-8"), out, whole);
    return out;
}

} // namespace

DecodedText decode_to_utf8(std::string_view body, std::string_view content_type, bool html) {
    return decode(body, content_type, html, false);
}

DecodedText decode_to_utf8_borrowing(std::string_view body, std::string_view content_type, bool html) {
    return decode(body, content_type, html, true);
}

std::string_view DecodedText::view(std::string_view body) const noexcept {
    return body_offset ? body.substr(*body_offset) : std::string_view(text);
}

} // namespace newsarc::crawl
