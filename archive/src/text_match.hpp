// Finding a query in a text the way the trigram index matches it (ASCII letters without case), and cutting a
// snippet around the first match on UTF-8 character boundaries.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/search.hpp"

namespace newsarc::archive::detail {

/// `text` with ASCII letters lower-cased (byte offsets stay the same).
std::string fold_ascii(std::string_view text);

/// Number of UTF-8 characters in `text`; npos when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text);

/// Every non-overlapping occurrence of `folded_query` in `folded_text` (both fold_ascii'd), at most `max`.
std::vector<TextRange> find_matches(std::string_view folded_text, std::string_view folded_query,
                                    std::size_t max = 64);

/// A snippet of `text` (about `characters` long) around its first occurrence of the query, with the matches
/// inside it; the start of the text when the query does not occur in it.
struct Snippet {
    std::string text;
    std::vector<TextRange> matches;
    bool starts = true; ///< begins at the start of `text`
    bool ends = true;   ///< runs to its end
};
Snippet cut_snippet(std::string_view text, std::string_view folded_query, std::size_t characters = 80);

} // namespace newsarc::archive::detail
