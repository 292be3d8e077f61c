// The article as extraction hands it to cleaning (RawArticle) and as cleaning returns it (CleanArticle).
#pragma once
#include <string>
#include <vector>

namespace newsarc::clean {

/// An extracted article before cleaning. All text is UTF-8. `published_at` is China time as the corpus writes
/// it ("YYYY-MM-DD HH:MM"), or only the date ("YYYY-MM-DD"), or empty when unknown. A paragraph may hold
/// several lines (separated by '\n'); cleaning treats every non-empty line as one paragraph.
struct RawArticle {
    std::string title;
    std::string author;
    std::string source;
    std::string published_at;
    std::vector<std::string> paragraphs;
};

/// Why cleaning dropped a line of the body.
enum class DropReason {
    boilerplate = 1,    ///< matched a line rule of the cleaning rule files (rule = its name)
    seo_spam = 2,       ///< looked like keyword spam: many short segments between separators, no sentences
    title_repeat = 3,   ///< repeated the title
    metadata = 4,       ///< a date, source or author line; its value went into the field (rule = field name)
    related_list = 5,   ///< part of a "related articles" list after a heading rule (rule = the heading's rule)
    outside_main = 6,   ///< chrome around the main content block (short, unpunctuated lines)
    repeated_line = 7,  ///< a short unpunctuated line that occurs more than once (a title or widget repeated)
    stuffed_word = 8,   ///< a stuffed word cut out of a line (text = the word; the line stays), or a line that
                        ///< held nothing else (text = the line); rule = the stuffed-word rule
};

/// Short name of a DropReason ("boilerplate", "seo_spam", ...), for logs and debugging output.
const char* to_string(DropReason reason) noexcept;

/// One line cleaning removed, kept for debugging and for tuning the rule files.
struct DroppedLine {
    std::string text;    ///< the line after Unicode normalisation
    DropReason reason = DropReason::boilerplate;
    std::string rule;    ///< the rule name, when a rule decided
};

/// The cleaned article: the fields and paragraphs of the input, cleaned, plus what was dropped. Fields that
/// were empty may have been filled from lines of the text ("来源:虎嗅APP", a date line, "作者 | 黄昱").
struct CleanArticle {
    std::string title;
    std::string author;
    std::string source;
    std::string published_at;
    std::vector<std::string> paragraphs;  ///< one line each, trimmed, none empty
    std::vector<DroppedLine> dropped;     ///< in input order; a line's cut words come before the line

    /// The paragraphs joined with one empty line between them, as the corpus body is written.
    [[nodiscard]] std::string body() const;
};

} // namespace newsarc::clean
