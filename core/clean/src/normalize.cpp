// normalize_line(): NFC (by utf8proc), odd spaces and invisible characters, character references (decoded by
// web::decode_entities, as a browser reads text) and tag remnants left in text, leading lost-character marks,
// whitespace runs and trimming. One pass per concern.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <utf8proc.h>

#include "newsarc/base/utf8.hpp"
#include "newsarc/clean/text.hpp"
#include "newsarc/web/html_fragment.hpp"
#include "unicode_chars.hpp"

namespace newsarc::clean {
namespace {

using detail::next_code_point;

bool is_space_like(char32_t cp) noexcept {
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool is_invisible(char32_t cp) noexcept {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0xFFFD;
}

/// Characters NFC never changes and never composes with what precedes them: everything below U+0300 and the
/// Han and CJK punctuation Chinese news lines are made of. A line of only these skips utf8proc, which decodes
/// and allocates for the whole line.
bool is_nfc_inert(char32_t cp) noexcept {
    return cp < 0x300 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) ||
           (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

/// Canonical composition (NFC: canonical reordering and every composition, Hangul included) by utf8proc.
std::string nfc(const std::string& text) {
    utf8proc_uint8_t* composed = nullptr;
    const utf8proc_ssize_t size =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                     &composed, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (size < 0) {
        // Out of memory: the text is valid UTF-8 here (normalize_line repairs it first), utf8proc's only other
        // refusal.
        throw std::bad_alloc();
    }
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(composed, &std::free);
    return std::string(reinterpret_cast<const char*>(composed), static_cast<std::size_t>(size));
}

/// Spaces, invisible characters, then NFC over what is left (so a mark after a removed zero-width character
/// still composes with its letter).
std::string unicode_pass(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    bool inert = true; // every character kept is NFC-inert
    while (i < text.size()) {
        const auto byte = static_cast<std::uint8_t>(text[i]);
        if (byte >= 0x20 && byte < 0x7F) {
            out += static_cast<char>(byte);
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        if (is_space_like(cp)) {
            out += ' ';
            continue;
        }
        if (is_invisible(cp)) {
            continue;
        }
        inert = inert && is_nfc_inert(cp);
        out.append(text, start, i - start);
    }
    if (!inert) {
        return nfc(out);
    }
    return out;
}

// Names of HTML elements whose tags are removed when left in text (sorted).
constexpr std::array<std::string_view, 64> kTagNames = {{
    "a",       "abbr",    "article", "aside",  "audio",  "b",      "big",     "blockquote", "body",   "br",
    "center",  "code",    "dd",      "del",    "div",    "dl",     "dt",      "em",         "embed",  "figcaption",
    "figure",  "font",    "footer",  "form",   "h1",     "h2",     "h3",      "h4",         "h5",     "h6",
    "head",    "header",  "hr",      "html",   "i",      "iframe", "img",     "input",      "ins",    "label",
    "li",      "link",    "main",    "mark",   "meta",   "nav",    "ol",      "p",          "picture", "pre",
    "q",       "s",       "script",  "section", "small", "source", "span",    "strike",     "strong", "style",
    "sub",     "sup",     "table",   "u",
}};
// Table parts and lists are matched by prefix below (td, th, tr, tbody, thead, ul, video).

bool is_tag_name(std::string_view name) noexcept {
    std::string lower(name);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    if (lower == "td" || lower == "th" || lower == "tr" || lower == "tbody" || lower == "thead" || lower == "ul" ||
        lower == "video" || lower == "tfoot" || lower == "caption" || lower == "wbr" || lower == "nobr") {
        return true;
    }
    return std::binary_search(kTagNames.begin(), kTagNames.end(), std::string_view(lower));
}

bool is_ascii_letter(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_alnum_char(char c) noexcept {
    return is_ascii_letter(c) || (c >= '0' && c <= '9');
}

/// The length of a tag starting at text[i] == '<' (<name ...>, </name>, <name/>, <!-- ... -->), or 0.
std::size_t tag_length(std::string_view text, std::size_t i) noexcept {
    if (text.compare(i, 4, "<!--") == 0) {
        const std::size_t end = text.find("-->", i + 4);
        return end == std::string_view::npos ? 0 : end + 3 - i;
    }
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '/') {
        ++j;
    }
    const std::size_t name_start = j;
    while (j < text.size() && j - name_start < 12 && is_ascii_alnum_char(text[j])) {
        ++j;
    }
    if (j == name_start || !is_ascii_letter(text[name_start]) || !is_tag_name(text.substr(name_start, j - name_start))) {
        return 0;
    }
    if (j < text.size() && text[j] == '>') {
        return j + 1 - i;
    }
    if (j + 1 < text.size() && text[j] == '/' && text[j + 1] == '>') {
        return j + 2 - i;
    }
    if (j >= text.size() || (text[j] != ' ' && text[j] != '\t')) {
        return 0;
    }
    // Attributes: up to the next '>' on this line, without another '<' in between.
    for (std::size_t k = j; k < text.size() && k - j < 1000; ++k) {
        if (text[k] == '<') {
            return 0;
        }
        if (text[k] == '>') {
            return k + 1 - i;
        }
    }
    return 0;
}

/// A closing tag that lost its '<' ("/span>", or "?/span>" where '?' replaced it), at text[i] == '/'.
std::size_t broken_close_tag_length(std::string_view text, std::size_t i) noexcept {
    std::size_t j = i + 1;
    const std::size_t name_start = j;
    while (j < text.size() && j - name_start < 12 && is_ascii_alnum_char(text[j])) {
        ++j;
    }
    if (j == name_start || j >= text.size() || text[j] != '>' || !is_ascii_letter(text[name_start])) {
        return 0;
    }
    if (!is_tag_name(text.substr(name_start, j - name_start))) {
        return 0;
    }
    // Only when it cannot be prose: nothing word-like glued before the slash ("and/or>" stays).
    if (i > 0 && is_ascii_alnum_char(text[i - 1])) {
        return 0;
    }
    return j + 1 - i;
}

/// A character that can be part of a character reference: '&', '#', ';', an ASCII letter or digit.
bool is_reference_char(char c) noexcept {
    return c == '&' || c == '#' || c == ';' || is_ascii_alnum_char(c);
}

/// Where the runs of reference characters that start with '&' lie in `text`.
std::vector<std::pair<std::size_t, std::size_t>> ampersand_runs(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> runs; // start, length
    std::size_t i = text.find('&');
    while (i != std::string_view::npos) {
        std::size_t end = i + 1;
        while (end < text.size() && is_reference_char(text[end])) {
            ++end;
        }
        runs.emplace_back(i, end - i);
        i = text.find('&', end);
    }
    return runs;
}

/// `text` with its character references decoded by web::decode_entities (gumbo, the one HTML tokenizer), as a
/// browser reads them in text. gumbo costs ~40 ns per byte of text it reads (a 1 KB paragraph: 44 us against
/// 0.8 us for "&amp;"), so only the '&' runs go through it, joined into one call: a reference is written with
/// reference characters only and nothing after a run can extend it, so each run decodes as it does in the line.
std::string decode_references(const std::string& text) {
    // '\n' joins the runs: unicode_pass has removed every control character from the line, so a '\n' in the
    // answer is a separator, unless a run decoded to one ("&#10;"), which the count of pieces shows.
    constexpr char kSeparator = '\n';
    const auto runs = ampersand_runs(text);
    std::string joined;
    for (const auto& [start, length] : runs) {
        if (!joined.empty()) {
            joined += kSeparator;
        }
        joined.append(text, start, length);
    }
    const std::string decoded = web::decode_entities(joined);
    if (static_cast<std::size_t>(std::count(decoded.begin(), decoded.end(), kSeparator)) + 1 != runs.size()) {
        return web::decode_entities(text);
    }
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0; // bytes of `text` handled
    std::size_t piece_start = 0;
    for (const auto& [start, length] : runs) {
        std::size_t piece_end = decoded.find(kSeparator, piece_start);
        if (piece_end == std::string::npos) {
            piece_end = decoded.size();
        }
        out.append(text, copied, start - copied);
        out.append(decoded, piece_start, piece_end - piece_start);
        copied = start + length;
        piece_start = piece_end + 1;
    }
    out.append(text, copied, std::string::npos);
    return out;
}

/// Decodes character references and removes tag remnants; returns true when it changed anything.
bool html_pass(std::string& text) {
    if (text.find_first_of("&<>") == std::string::npos) {
        return false;
    }
    bool changed = false;
    if (text.find('&') != std::string::npos) {
        std::string decoded = decode_references(text);
        if (decoded != text) {
            text = std::move(decoded);
            changed = true;
        }
    }
    std::string out;
    out.reserve(text.size());
    bool stripped = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '<') {
            const std::size_t length = tag_length(text, i);
            if (length != 0) {
                i += length;
                stripped = true;
                continue;
            }
        } else if (c == '/') {
            const std::size_t length = broken_close_tag_length(text, i);
            if (length != 0) {
                if (!out.empty() && out.back() == '?') {
                    out.pop_back();
                }
                i += length;
                stripped = true;
                continue;
            }
        }
        out += c;
        ++i;
    }
    if (stripped) {
        text = std::move(out);
    }
    return changed || stripped;
}

/// Rounds of html_pass per line (see normalize_line).
constexpr int kMaxHtmlRounds = 8;

/// Collapses runs of ' ' and trims.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += c;
    }
    if (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

/// Removes a run of '?' opening the line when a letter follows it: a character the page lost ("?阿里").
void strip_lost_character_marks(std::string& text) {
    std::size_t run = 0;
    while (run < text.size() && text[run] == '?') {
        ++run;
    }
    if (run == 0 || run == text.size()) {
        return;
    }
    std::size_t i = run;
    const char32_t next = next_code_point(text, i);
    if (detail::is_word_char(next)) {
        text.erase(0, run);
    }
}

} // namespace

std::string normalize_line(std::string_view line) {
    std::string repaired;
    if (!utf8::is_valid(line)) {
        repaired = utf8::repair(line);
        line = repaired;
    }
    std::string text = unicode_pass(line);
    // References can produce spaces, invisible characters, tags or more references (&amp;lt; needs two rounds):
    // repeat while something changes, but at most kMaxHtmlRounds times. Not every change shortens the text (some
    // references decode to more bytes than they span, "&nGt;" -> U+226B U+20D2), and each round on a line with a
    // '&' is a gumbo parse: the bound keeps hostile text ("&amp;amp;...lt;" nested 10,000 deep) linear. Pages
    // escape at most two or three times; text escaped deeper keeps its outer layers after the bound.
    for (int round = 0; round < kMaxHtmlRounds && html_pass(text); ++round) {
        text = unicode_pass(text);
    }
    text = collapse_spaces(text);
    strip_lost_character_marks(text);
    return text;
}

std::size_t count_code_points(std::string_view text) noexcept {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) {
            ++count;
        }
    }
    return count;
}

} // namespace newsarc::clean
