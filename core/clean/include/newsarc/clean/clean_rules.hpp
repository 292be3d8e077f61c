// The data-driven part of cleaning: line rules, field rules, time labels, literal repairs and stuffed words,
// loaded from the TOML files under configs/cleaning/ so a user can extend them without touching code.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::clean {

/// A rule that drops a whole body line. Every non-empty pattern list is a condition and all of them must hold:
/// the line equals one of `exact`, starts with one of `prefix`, ends with one of `suffix`, contains one of
/// `contains`, contains none of `unless_contains`, matches one of `regex` (RE2 syntax over UTF-8 characters,
/// searched anywhere; anchor with ^ and $; tried last, only when the literal conditions hold). `max_length` (code points, 0 = none) keeps
/// longer lines, so a real paragraph that mentions 分享 survives.
struct LineRule {
    std::string name;
    std::vector<std::string> exact;
    std::vector<std::string> prefix;
    std::vector<std::string> suffix;
    std::vector<std::string> contains;
    std::vector<std::string> unless_contains;
    std::vector<std::string> regex;
    std::size_t max_length = 0;
    bool starts_list = false;  ///< a "related articles" heading: the title-like lines after it go too
    std::string origin;        ///< "file:line", for messages
};

/// Which article field a FieldRule fills.
enum class Field { source = 1, author = 2 };

/// Takes a field value from a line that starts with one of `prefix` ("来源:", "本文来自于微信公众号"). The value
/// is the rest of the line: the text inside the quotes when it starts with one (“锌产业”), else up to the first
/// separator (space, |, comma, parenthesis). It fills the field only when the field is empty. The line is
/// dropped unless `keep_line` (a sentence worth keeping, such as a repost notice).
struct FieldRule {
    std::string name;
    Field field = Field::source;
    std::vector<std::string> prefix;
    std::size_t max_length = 0;
    bool keep_line = false;
    std::string origin;
};

/// A literal replacement applied to every line before anything else, for damage whose meaning is known
/// (mojibake of a closing quote that swallowed a tag: "?!?/span>" -> "。”").
struct Repair {
    std::string from;
    std::string to;
    std::string origin;
};

/// Words stuffed into an article's sentences to game search engines: a gambling brand ("必一运动", "开云体育")
/// repeated mid-sentence through an article about something else. Each word of `words` that occurs at least
/// `min_count` times in the body is cut out of every line, wherever it stands, and the line is kept; a line
/// left with no word characters goes. A report about the site itself keeps the word: the rule does nothing
/// when the title names the word or one of `unless_title_contains` (赌博, 诈骗, ...). Only listed words are
/// cut, so a word an article genuinely repeats (人工智能) is never touched.
struct StuffedWordRule {
    std::string name;
    std::vector<std::string> words;
    std::size_t min_count = 3;
    std::vector<std::string> unless_title_contains;
    std::string origin;
};

/// Every rule cleaning uses. Cheap to copy (the compiled regexes are shared). Immutable once loaded, so one
/// instance may serve many threads.
class CleanRules {
public:
    CleanRules();

    /// Loads one rule file. Throws newsarc::Failure (usage) naming the file, line and key of the first problem.
    static CleanRules load_file(const std::filesystem::path& path);

    /// Loads every *.toml file of `dir`, in file-name order. Throws newsarc::Failure (usage) when the folder
    /// is missing or a file is bad.
    static CleanRules load_directory(const std::filesystem::path& dir);

    /// Adds rules; a bad regex throws newsarc::Failure (usage) naming the rule's origin.
    void add_line_rule(LineRule rule);
    void add_field_rule(FieldRule rule);
    void add_repair(Repair repair);
    /// Adds a stuffed-word rule; throws newsarc::Failure (usage) for an empty word list, an empty word or a
    /// min_count below 2 (a word said once is not stuffing), naming the rule's origin.
    void add_stuffed_word_rule(StuffedWordRule rule);
    /// Adds a label that may precede a date line ("发布时间:"); a labelled or bare date line fills published_at.
    void add_time_label(std::string label);
    /// Appends all rules of `other` after these.
    void merge(const CleanRules& other);

    [[nodiscard]] const std::vector<LineRule>& line_rules() const noexcept { return line_rules_; }
    [[nodiscard]] const std::vector<FieldRule>& field_rules() const noexcept { return field_rules_; }
    [[nodiscard]] const std::vector<Repair>& repairs() const noexcept { return repairs_; }
    [[nodiscard]] const std::vector<StuffedWordRule>& stuffed_word_rules() const noexcept {
        return stuffed_word_rules_;
    }
    [[nodiscard]] const std::vector<std::string>& time_labels() const noexcept { return time_labels_; }

    /// The first line rule `line` matches (a normalised, trimmed line of `length` code points), or nullptr.
    /// One pass over the line for all literal patterns, whatever their number.
    [[nodiscard]] const LineRule* match_line(std::string_view line, std::size_t length) const;

    /// Calls found(rule, word) for every occurrence in `line` of a word of the stuffed-word rules (indexes into
    /// stuffed_word_rules() and its words). One pass over the line for all words.
    void find_stuffed_words(std::string_view line,
                            const std::function<void(std::size_t rule, std::size_t word)>& found) const;

    /// The first field rule whose prefix starts `line` (of `length` code points), or nullptr; `prefix_size`
    /// gets the bytes of the longest of its prefixes that matched.
    [[nodiscard]] const FieldRule* match_field(std::string_view line, std::size_t length,
                                               std::size_t& prefix_size) const;

private:
    struct CompiledRule;
    struct Matcher;
    void rebuild_matcher();
    std::vector<LineRule> line_rules_;
    std::vector<FieldRule> field_rules_;
    std::vector<Repair> repairs_;
    std::vector<StuffedWordRule> stuffed_word_rules_;
    std::vector<std::string> time_labels_;
    std::vector<std::shared_ptr<const CompiledRule>> compiled_;  // one per line rule, same order, shared by copies
    std::shared_ptr<const Matcher> matcher_;                     // literal indexes over all rules
};

} // namespace newsarc::clean
