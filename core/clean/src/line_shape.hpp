// Private: what a line looks like (length, punctuation, script mix), and the decisions made from that alone:
// keyword spam, the main-content score of a line, and date lines.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace newsarc::clean::detail {

struct LineShape {
    std::size_t length = 0;       ///< code points, spaces not counted
    std::size_t han = 0;          ///< Han characters
    std::size_t word_chars = 0;   ///< letters and digits of any script (Han included)
    bool sentence_end = false;    ///< has 。！？；… or ! ? ;
    bool clause_punct = false;    ///< has ，、：, :
    bool chinese_comma = false;   ///< has ，、 or ',' (what keyword spam never has)
};

LineShape shape_of(std::string_view line) noexcept;

/// Keyword spam: many short segments between separators (space | - _ /), mostly Han, and no sentence or
/// comma punctuation ("热re99久久精品-亚洲 中文 欧美 日韩 在线-…", "主站蜘蛛池模板: a| b| c| …").
bool looks_like_keyword_spam(std::string_view line, const LineShape& shape) noexcept;

/// The contribution of a line to the main content block: positive for prose (long, punctuated), negative for
/// chrome (short, unpunctuated). See clean_article() for how blocks are chosen.
double content_score(const LineShape& shape) noexcept;

/// A line that is only a date, or a date and time, in the form the corpus writes: "YYYY-MM-DD HH:MM" or
/// "YYYY-MM-DD". Accepts 2023-05-25 18:10:01, 2023/11/08, 2023.11.08, 2023年11月8日 9:05. Returns "" for
/// anything else (the caller strips labels such as 发布时间: first).
std::string parse_date_line(std::string_view line);

} // namespace newsarc::clean::detail
