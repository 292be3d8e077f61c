// normalize_line(): NFC (by utf8proc), odd spaces and invisible characters, HTML entities and tag
// remnants left in text, leading lost-character marks, whitespace runs and trimming. One pass per concern.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include <utf8proc.h>

#include "newsarc/base/utf8.hpp"
#include "newsarc/clean/text.hpp"
#include "unicode_chars.hpp"

namespace newsarc::clean {
namespace {

using detail::append_utf8;
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

struct NamedEntity {
    std::string_view name;
    char32_t cp;
};

// The entities that show up as text in scraped Chinese news (sorted by name for binary search).
constexpr std::array<NamedEntity, 37> kEntities = {{
    {"amp", '&'},      {"apos", '\''},     {"bull", 0x2022},   {"cent", 0xA2},     {"copy", 0xA9},
    {"deg", 0xB0},     {"divide", 0xF7},   {"emsp", 0x2003},   {"ensp", 0x2002},   {"euro", 0x20AC},
    {"gt", '>'},       {"hellip", 0x2026}, {"laquo", 0xAB},    {"ldquo", 0x201C},  {"lsaquo", 0x2039},
    {"lsquo", 0x2018}, {"lt", '<'},        {"mdash", 0x2014},  {"middot", 0xB7},   {"nbsp", 0xA0},
    {"ndash", 0x2013}, {"para", 0xB6},     {"plusmn", 0xB1},   {"pound", 0xA3},    {"quot", '"'},
    {"raquo", 0xBB},   {"rdquo", 0x201D},  {"reg", 0xAE},      {"rsaquo", 0x203A}, {"rsquo", 0x2019},
    {"sect", 0xA7},    {"shy", 0xAD},      {"thinsp", 0x2009}, {"times", 0xD7},    {"trade", 0x2122},
    {"yen", 0xA5},     {"zwj", 0x200D},
}};

char32_t named_entity(std::string_view name) noexcept {
    const auto found = std::lower_bound(kEntities.begin(), kEntities.end(), name,
                                        [](const NamedEntity& entity, std::string_view key) { return entity.name < key; });
    if (found != kEntities.end() && found->name == name) {
        return found->cp;
    }
    return 0;
}

/// Decodes the entity starting at text[i] == '&'; on success sets `length` to the bytes it spans.
char32_t decode_entity(std::string_view text, std::size_t i, std::size_t& length) noexcept {
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '#') {
        ++j;
        const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
        if (hex) {
            ++j;
        }
        char32_t value = 0;
        const std::size_t digits_start = j;
        while (j < text.size() && j - digits_start < 7) {
            const char c = text[j];
            int digit = -1;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (hex && c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (hex && c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            }
            if (digit < 0) {
                break;
            }
            value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
            ++j;
        }
        if (j == digits_start || j >= text.size() || text[j] != ';') {
            return 0;
        }
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
            return 0;
        }
        length = j + 1 - i;
        return value;
    }
    std::size_t k = j;
    while (k < text.size() && k - j < 8 && ((text[k] >= 'a' && text[k] <= 'z') || (text[k] >= 'A' && text[k] <= 'Z'))) {
        ++k;
    }
    const char32_t cp = named_entity(text.substr(j, k - j));
    if (cp != 0 && k < text.size() && text[k] == ';') {
        length = k + 1 - i;
        return cp;
    }
    // Broken HTML often drops the semicolon of &nbsp, even before a letter ("&nbspB"): accept that one form
    // without a semicolon, as browsers do.
    constexpr std::string_view kNbsp = "nbsp";
    if (text.substr(j, kNbsp.size()) == kNbsp && (j + kNbsp.size() >= text.size() || text[j + kNbsp.size()] != ';')) {
        length = 1 + kNbsp.size();
        return 0xA0;
    }
    return 0;
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

/// Decodes entities and removes tag remnants; returns true when it changed anything.
bool html_pass(std::string& text) {
    if (text.find_first_of("&<>") == std::string::npos) {
        return false;
    }
    std::string out;
    out.reserve(text.size());
    bool changed = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '&') {
            std::size_t length = 0;
            const char32_t cp = decode_entity(text, i, length);
            if (cp != 0) {
                append_utf8(out, cp);
                i += length;
                changed = true;
                continue;
            }
        } else if (c == '<') {
            const std::size_t length = tag_length(text, i);
            if (length != 0) {
                i += length;
                changed = true;
                continue;
            }
        } else if (c == '/') {
            const std::size_t length = broken_close_tag_length(text, i);
            if (length != 0) {
                if (!out.empty() && out.back() == '?') {
                    out.pop_back();
                }
                i += length;
                changed = true;
                continue;
            }
        }
        out += c;
        ++i;
    }
    if (changed) {
        text = std::move(out);
    }
    return changed;
}

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
    // Entities can produce spaces, invisible characters or tags (&amp;lt; needs two rounds); repeat until
    // nothing changes. Every change shortens the text, so this ends.
    while (html_pass(text)) {
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
