// Stuffed words: count each listed word over the whole article first (stuffing is a property of the article,
// not of a line), then cut every occurrence.
#include "stuffed_words.hpp"

#include <algorithm>

namespace newsarc::clean::detail {
namespace {

/// Separators a cut word leaves on both sides ("据报道，必一运动，谷歌" -> "据报道，，谷歌"): one of them goes.
constexpr std::string_view kSeparators[] = {"，", "、", ",", " ", "·"};

/// Cuts every occurrence of `word` from `text`; false when there was none.
bool cut_word(std::string& text, std::string_view word) {
    bool cut = false;
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at)) {
        text.erase(at, word.size());
        cut = true;
        for (const std::string_view separator : kSeparators) {
            const bool before = at >= separator.size() &&
                                std::string_view(text).substr(at - separator.size(), separator.size()) == separator;
            const bool after = std::string_view(text).substr(at, separator.size()) == separator;
            if (before && after) {
                text.erase(at, separator.size());
                break;
            }
        }
    }
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    return cut;
}

bool title_vetoes(std::string_view title, const StuffedWordRule& rule, std::string_view word) {
    if (title.find(word) != std::string_view::npos) {
        return true;
    }
    return std::any_of(rule.unless_title_contains.begin(), rule.unless_title_contains.end(),
                       [&](const std::string& veto) { return title.find(veto) != std::string_view::npos; });
}

} // namespace

std::vector<StuffedCut> cut_stuffed_words(std::string_view title, std::vector<std::string*>& lines,
                                          const CleanRules& rules) {
    std::vector<StuffedCut> cuts;
    const auto& all = rules.stuffed_word_rules();
    // Occurrences of every listed word in the whole body, found in one pass per line; nearly always all zero.
    std::vector<std::vector<std::size_t>> counts(all.size());
    for (std::size_t r = 0; r < all.size(); ++r) {
        counts[r].assign(all[r].words.size(), 0);
    }
    bool any = false;
    for (const std::string* line : lines) {
        rules.find_stuffed_words(*line, [&](std::size_t rule, std::size_t word) {
            ++counts[rule][word];
            any = true;
        });
    }
    if (!any) {
        return cuts;
    }
    for (std::size_t r = 0; r < all.size(); ++r) {
        for (std::size_t w = 0; w < all[r].words.size(); ++w) {
            const std::string& word = all[r].words[w];
            if (counts[r][w] < all[r].min_count || title_vetoes(title, all[r], word)) {
                continue;
            }
            for (std::size_t i = 0; i < lines.size(); ++i) {
                if (cut_word(*lines[i], word)) {
                    cuts.push_back({i, word, &all[r]});
                }
            }
        }
    }
    std::stable_sort(cuts.begin(), cuts.end(),
                     [](const StuffedCut& a, const StuffedCut& b) { return a.line < b.line; });
    return cuts;
}

} // namespace newsarc::clean::detail
