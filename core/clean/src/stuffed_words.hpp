// Private: cutting stuffed words (StuffedWordRule) out of an article's lines.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/clean/clean_rules.hpp"

namespace newsarc::clean::detail {

/// One stuffed word cut out of one line.
struct StuffedCut {
    std::size_t line = 0;  ///< index into the lines given
    std::string word;
    const StuffedWordRule* rule = nullptr;
};

/// Applies every rule to the article (its title and its prepared, trimmed lines): a listed word that occurs
/// at least min_count times in the lines, in an article whose title names neither it nor a veto word, is cut
/// from every line; a separator it leaves doubled ("，，", two spaces) is made single and the line is trimmed.
/// Returns the cuts, by line. Idempotent: after the cuts the word no longer occurs.
std::vector<StuffedCut> cut_stuffed_words(std::string_view title, std::vector<std::string*>& lines,
                                          const CleanRules& rules);

} // namespace newsarc::clean::detail
