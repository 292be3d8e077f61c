// Pinyin annotations: some content farms gloss characters with their reading, "個(gè)". A parenthesised single
// pinyin syllable with a tone mark, glued to the character before it, is such a gloss and goes.
#include <array>
#include <string>
#include <string_view>

#include "newsarc/clean/text.hpp"
#include "unicode_chars.hpp"

namespace newsarc::clean {
namespace {

using detail::next_code_point;

/// The toneless vowel of a tone-marked one (āáǎà -> a, ǖǘǚǜ -> ü), or 0 when `cp` carries no tone mark.
char32_t untoned_vowel(char32_t cp) noexcept {
    switch (cp) {
    case U'ā': case U'á': case U'ǎ': case U'à': return U'a';
    case U'ē': case U'é': case U'ě': case U'è': return U'e';
    case U'ī': case U'í': case U'ǐ': case U'ì': return U'i';
    case U'ō': case U'ó': case U'ǒ': case U'ò': return U'o';
    case U'ū': case U'ú': case U'ǔ': case U'ù': return U'u';
    case U'ǖ': case U'ǘ': case U'ǚ': case U'ǜ': return U'ü';
    case U'ń': case U'ň': case U'ǹ': return U'n';
    case U'ḿ': return U'm';
    default: return 0;
    }
}

// Finals of Mandarin syllables in their written forms (y/w spellings are covered by y and w as initials).
constexpr std::array<std::u32string_view, 40> kFinals = {{
    U"a",   U"o",    U"e",    U"ai",  U"ei",  U"ao",   U"ou",   U"an",  U"en",   U"ang",
    U"eng", U"ong",  U"er",   U"i",   U"ia",  U"ie",   U"iao",  U"iu",  U"ian",  U"in",
    U"iang", U"ing", U"iong", U"u",   U"ua",  U"uo",   U"uai",  U"ui",  U"uan",  U"un",
    U"uang", U"ueng", U"ü",   U"üe",  U"üan", U"ün",   U"ue",   U"n",   U"ng",   U"m",
}};

constexpr std::array<std::u32string_view, 24> kInitials = {{
    U"zh", U"ch", U"sh", U"b", U"p", U"m", U"f", U"d", U"t", U"n", U"l", U"g",
    U"k",  U"h",  U"j",  U"q", U"x", U"r", U"z", U"c", U"s", U"y", U"w", U"",
}};

bool is_final(std::u32string_view text) noexcept {
    for (const auto final_form : kFinals) {
        if (text == final_form) {
            return true;
        }
    }
    return false;
}

/// The length in bytes of a pinyin annotation "(gè)" or "（gè）" starting at text[i], or 0.
std::size_t annotation_length(std::string_view text, std::size_t i) noexcept {
    std::size_t j = i;
    const char32_t open = next_code_point(text, j);
    const char32_t close = open == U'(' ? U')' : U'）';
    const std::size_t inner_start = j;
    std::size_t inner_end = std::string_view::npos;
    for (int count = 0; j < text.size() && count < 8; ++count) {
        const std::size_t at = j;
        if (next_code_point(text, j) == close) {
            inner_end = at;
            break;
        }
    }
    if (inner_end == std::string_view::npos) {
        return 0;
    }
    if (!is_toned_pinyin_syllable(text.substr(inner_start, inner_end - inner_start))) {
        return 0;
    }
    return j - i;
}

} // namespace

bool is_toned_pinyin_syllable(std::string_view text) noexcept {
    std::u32string plain;
    int tones = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char32_t cp = next_code_point(text, i);
        const char32_t base = untoned_vowel(cp);
        if (base != 0) {
            ++tones;
            plain += base;
        } else if ((cp >= U'a' && cp <= U'z') || cp == U'ü') {
            plain += cp;
        } else {
            return false;
        }
        if (plain.size() > 6) {
            return false;
        }
    }
    if (tones != 1) {
        return false;
    }
    const std::u32string_view view(plain);
    for (const auto initial : kInitials) {
        if (view.substr(0, initial.size()) == initial && is_final(view.substr(initial.size()))) {
            return true;
        }
    }
    return false;
}

std::string remove_pinyin_annotations(std::string_view line) {
    if (line.find('(') == std::string_view::npos && line.find("\xEF\xBC\x88") == std::string_view::npos) {
        return std::string(line);
    }
    std::string out;
    out.reserve(line.size());
    std::size_t i = 0;
    while (i < line.size()) {
        const bool ascii_open = line[i] == '(';
        const bool wide_open = line.compare(i, 3, "\xEF\xBC\x88") == 0;  // （
        // Glued to a character: the output so far must end in something other than a space or a bracket.
        if ((ascii_open || wide_open) && !out.empty() && out.back() != ' ' && out.back() != '(') {
            const std::size_t length = annotation_length(line, i);
            if (length != 0) {
                i += length;
                continue;
            }
        }
        out += line[i];
        ++i;
    }
    return out;
}

} // namespace newsarc::clean
