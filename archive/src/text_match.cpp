// Query matching and snippets for search results.
#include "text_match.hpp"

namespace newsarc::archive::detail {
namespace {

bool continuation(char byte) noexcept {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

/// Moves `position` back by up to `characters` characters (not before 0).
std::size_t back_characters(std::string_view text, std::size_t position, std::size_t characters) {
    while (characters > 0 && position > 0) {
        --position;
        while (position > 0 && continuation(text[position])) {
            --position;
        }
        --characters;
    }
    return position;
}

/// Moves `position` forward by up to `characters` characters (not past the end).
std::size_t forward_characters(std::string_view text, std::size_t position, std::size_t characters) {
    while (characters > 0 && position < text.size()) {
        ++position;
        while (position < text.size() && continuation(text[position])) {
            ++position;
        }
        --characters;
    }
    return position;
}

} // namespace

std::string fold_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t characters = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = byte < 0x80            ? 1
                                   : (byte >> 5) == 6     ? 2
                                   : (byte >> 4) == 14    ? 3
                                   : (byte >> 3) == 30    ? 4
                                                          : 0;
        if (length == 0 || i + length > text.size()) {
            return std::string_view::npos;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (!continuation(text[i + k])) {
                return std::string_view::npos;
            }
        }
        i += length;
        ++characters;
    }
    return characters;
}

std::vector<TextRange> find_matches(std::string_view folded_text, std::string_view folded_query, std::size_t max) {
    std::vector<TextRange> matches;
    if (folded_query.empty()) {
        return matches;
    }
    std::size_t from = 0;
    while (matches.size() < max) {
        const std::size_t found = folded_text.find(folded_query, from);
        if (found == std::string_view::npos) {
            break;
        }
        matches.push_back(TextRange{found, folded_query.size()});
        from = found + folded_query.size();
    }
    return matches;
}

Snippet cut_snippet(std::string_view text, std::string_view folded_query, std::size_t characters) {
    const std::string folded = fold_ascii(text);
    const std::size_t first = folded_query.empty() ? std::string_view::npos : folded.find(folded_query);
    // A third of the snippet before the match gives it context and leaves room for what follows.
    const std::size_t begin = first == std::string_view::npos ? 0 : back_characters(text, first, characters / 3);
    std::size_t end = forward_characters(text, begin, characters);
    if (first != std::string_view::npos && end < first + folded_query.size()) {
        end = first + folded_query.size(); // a long query is shown whole
    }
    Snippet snippet;
    snippet.text.assign(text.substr(begin, end - begin));
    snippet.starts = begin == 0;
    snippet.ends = end == text.size();
    for (const TextRange& match : find_matches(std::string_view(folded).substr(begin, end - begin), folded_query)) {
        snippet.matches.push_back(match);
    }
    return snippet;
}

} // namespace newsarc::archive::detail
