// Legacy-charset test pages (see legacy_charset.hpp): glibc iconv, one character at a time only where a
// character has no encoding.
#include "legacy_charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include <catch2/catch.hpp>

namespace newsarc::test {
namespace {

/// The code point of the UTF-8 sequence at `text[at]` and its length in bytes (1 for a stray byte).
std::pair<char32_t, std::size_t> code_point_at(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (at + size > text.size()) {
        return {lead, 1};
    }
    char32_t cp = size == 1 ? lead : lead & (0x3F >> (size - 1));
    for (std::size_t k = 1; k < size; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    }
    return {cp, size};
}

} // namespace

std::string encode_html(std::string_view utf8, const std::string& charset, std::size_t& fallbacks) {
    iconv_t cd = iconv_open(charset.c_str(), "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    fallbacks = 0;
    std::string out;
    out.reserve(utf8.size());
    char buffer[8192];
    char* in = const_cast<char*>(utf8.data()); // iconv's signature; the input is not written
    std::size_t in_left = utf8.size();
    while (in_left > 0) {
        char* out_ptr = buffer;
        std::size_t out_left = sizeof buffer;
        const std::size_t result = iconv(cd, &in, &in_left, &out_ptr, &out_left);
        out.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
        if (result != static_cast<std::size_t>(-1) || errno == E2BIG) {
            continue;
        }
        // EILSEQ: this character has no encoding in `charset`; write it as a reference and go on after it.
        const auto [cp, size] = code_point_at(utf8, static_cast<std::size_t>(in - utf8.data()));
        out += "&#" + std::to_string(static_cast<unsigned long>(cp)) + ";";
        ++fallbacks;
        in += size;
        in_left -= std::min(in_left, size);
    }
    char* out_ptr = buffer;
    std::size_t out_left = sizeof buffer;
    iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
    out.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
    iconv_close(cd);
    return out;
}

bool encodable(std::string_view utf8, const std::string& charset) {
    std::size_t fallbacks = 0;
    (void)encode_html(utf8, charset, fallbacks);
    return fallbacks == 0;
}

std::string with_declared_charset(std::string html, std::string_view label) {
    std::string head = html.substr(0, 4096);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::size_t key = head.find("charset=");
    REQUIRE(key != std::string::npos);
    std::size_t begin = key + 8;
    if (begin < html.size() && (html[begin] == '"' || html[begin] == '\'')) {
        ++begin;
    }
    std::size_t end = begin;
    while (end < html.size() && (std::isalnum(static_cast<unsigned char>(html[end])) != 0 || html[end] == '-' ||
                                 html[end] == '_')) {
        ++end;
    }
    REQUIRE(end > begin);
    html.replace(begin, end - begin, label);
    return html;
}

} // namespace newsarc::test
