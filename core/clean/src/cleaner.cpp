// clean_article(): the pipeline. Each line is prepared once (repairs, normalisation, pinyin, script), then
// classified in one pass (metadata, rules, related lists, spam, title repeats), then the main content block is
// chosen among the lines left.
#include "newsarc/clean/cleaner.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <utility>

#include "line_shape.hpp"
#include "stuffed_words.hpp"
#include "newsarc/clean/text.hpp"
#include "unicode_chars.hpp"

namespace newsarc::clean {

const char* to_string(DropReason reason) noexcept {
    switch (reason) {
    case DropReason::boilerplate: return "boilerplate";
    case DropReason::seo_spam: return "seo_spam";
    case DropReason::title_repeat: return "title_repeat";
    case DropReason::metadata: return "metadata";
    case DropReason::related_list: return "related_list";
    case DropReason::outside_main: return "outside_main";
    case DropReason::repeated_line: return "repeated_line";
    case DropReason::stuffed_word: return "stuffed_word";
    }
    return "unknown";
}

std::string CleanArticle::body() const {
    std::string out;
    for (const auto& paragraph : paragraphs) {
        if (!out.empty()) {
            out += "\n\n";
        }
        out += paragraph;
    }
    return out;
}

bool CleanOptions::set_step(std::string_view name, bool enabled) {
    bool* steps[] = {&unicode,  &pinyin,       &repairs,        &stuffed_words, &boilerplate,
                     &seo_spam, &title_repeat, &repeated_lines, &fill_fields,   &main_block};
    const auto names = step_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            *steps[i] = enabled;
            return true;
        }
    }
    return false;
}

std::vector<std::string> CleanOptions::step_names() {
    return {"unicode",  "pinyin",       "repairs",        "stuffed_words", "boilerplate",
            "seo_spam", "title_repeat", "repeated_lines", "fill_fields",   "main_block"};
}

namespace {

using detail::LineShape;

struct Line {
    std::string text;
    LineShape shape;
    bool kept = true;
    DropReason reason = DropReason::boilerplate;  // when not kept
    std::string rule;
    std::vector<DroppedLine> cuts;  // stuffed words cut out of the line
};

/// True when nothing but punctuation and spaces is left of a line.
bool has_word_chars(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        if (detail::is_word_char(detail::next_code_point(text, i))) {
            return true;
        }
    }
    return false;
}

std::string trim_spaces(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

void apply_repairs(std::string& text, const std::vector<Repair>& repairs) {
    for (const auto& repair : repairs) {
        std::size_t at = text.find(repair.from);
        while (at != std::string::npos) {
            text.replace(at, repair.from.size(), repair.to);
            at = text.find(repair.from, at + repair.to.size());
        }
    }
}

/// Everything that happens to a line or field before it is judged.
std::string prepare(std::string_view raw, const CleanOptions& options, const CleanRules& rules) {
    std::string text(raw);
    for (char& c : text) {
        if (c == '\n') {
            c = ' ';
        }
    }
    if (options.repairs) {
        apply_repairs(text, rules.repairs());
    }
    text = options.unicode ? normalize_line(text) : trim_spaces(text);
    if (options.pinyin) {
        text = remove_pinyin_annotations(text);
    }
    if (!options.convert.empty() && !text.empty()) {
        text = convert_script(text, options.convert);
    }
    return text;
}

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

/// A field value after its label: inside the quotes when quoted, else up to the first separator.
std::string field_value(std::string_view rest) {
    static constexpr std::string_view kOpeners[] = {"“", "\"", "「", "『", "《", "‘", "'"};
    static constexpr std::string_view kClosers[] = {"”", "\"", "」", "』", "》", "’", "'"};
    static constexpr std::string_view kLeading[] = {" ", ":", "：", "|", "｜"};
    static constexpr std::string_view kStops[] = {" ", "|", "｜", ",", "，", "(", "（", "/", ";", "；", "。", "、"};
    bool stripped = true;
    while (stripped && !rest.empty()) {
        stripped = false;
        for (const auto leading : kLeading) {
            if (starts_with(rest, leading)) {
                rest.remove_prefix(leading.size());
                stripped = true;
            }
        }
    }
    for (std::size_t q = 0; q < std::size(kOpeners); ++q) {
        if (starts_with(rest, kOpeners[q])) {
            rest.remove_prefix(kOpeners[q].size());
            const std::size_t close = rest.find(kClosers[q]);
            return close == std::string_view::npos ? std::string() : trim_spaces(rest.substr(0, close));
        }
    }
    std::size_t end = rest.size();
    for (const auto stop : kStops) {
        end = std::min(end, rest.find(stop));
    }
    return trim_spaces(rest.substr(0, end));
}

/// Title characters that carry nothing when they are all that separates a title from its repeat ("49054 ?").
bool is_junk_prefix(std::string_view text) noexcept {
    for (const char c : text) {
        const bool junk = (c >= '0' && c <= '9') || c == ' ' || c == '?' || c == '#' || c == '|' || c == '-' ||
                          c == '_' || c == ':' || c == '.';
        if (!junk) {
            return false;
        }
    }
    return true;
}

/// A site suffix after a title: "_虎嗅网", " - 观察者网", "|新浪科技".
bool is_site_suffix(std::string_view text) noexcept {
    static constexpr std::string_view kSeparators[] = {"_", "-", "|", "｜", "–", "—", " "};
    const std::string trimmed = trim_spaces(text);
    for (const auto separator : kSeparators) {
        if (starts_with(trimmed, separator)) {
            return count_code_points(trimmed) <= 24;
        }
    }
    return false;
}

/// Compares a body line with the title; may replace the title with the line when the line is the title
/// without junk around it. Returns true when the line repeats the title.
bool repeats_title(std::string& title, const std::string& line, const LineShape& shape) {
    if (title.empty() || line.empty()) {
        return false;
    }
    if (line == title) {
        return true;
    }
    if (shape.length < 4 || line.size() >= title.size()) {
        return false;
    }
    const std::string_view title_view(title);
    if (title_view.substr(title.size() - line.size()) == line &&
        is_junk_prefix(title_view.substr(0, title.size() - line.size()))) {
        title = line;
        return true;
    }
    if (starts_with(title_view, line) && is_site_suffix(title_view.substr(line.size()))) {
        title = line;
        return true;
    }
    return false;
}

/// Lines short and unpunctuated enough that a second occurrence makes both repeats rather than content.
bool is_repeatable(const LineShape& shape) noexcept {
    return !shape.sentence_end && shape.length <= 40;
}

/// The value of a date line: bare, or after one of the labels (and spaces or a colon).
std::string date_of(const std::string& line, const LineShape& shape, const std::vector<std::string>& labels) {
    if (shape.length > 40 || line.empty()) {
        return {};
    }
    std::string date = detail::parse_date_line(line);
    for (std::size_t l = 0; date.empty() && l < labels.size(); ++l) {
        if (!starts_with(line, labels[l])) {
            continue;
        }
        std::string_view rest = std::string_view(line).substr(labels[l].size());
        bool stripped = true;
        while (stripped && !rest.empty()) {
            stripped = false;
            for (const std::string_view leading : {" ", ":", "："}) {
                if (starts_with(rest, leading)) {
                    rest.remove_prefix(leading.size());
                    stripped = true;
                }
            }
        }
        date = detail::parse_date_line(rest);
    }
    return date;
}

/// Keeps the run of lines with the greatest total content score (maximum-sum subarray; among equal sums the
/// longest, so cleaning a cleaned text keeps all of it). Lines outside it are chrome. When no run scores above
/// zero the text has no recognisable prose and nothing is cut.
void keep_main_block(std::vector<Line*>& lines) {
    const std::size_t n = lines.size();
    if (n == 0) {
        return;
    }
    double prefix = 0;
    double min_prefix = 0;
    std::size_t min_index = 0;
    double best = 0;
    std::size_t best_begin = 0;
    std::size_t best_end = 0;
    for (std::size_t j = 1; j <= n; ++j) {
        prefix += detail::content_score(lines[j - 1]->shape);
        const double candidate = prefix - min_prefix;
        if (candidate > best || (candidate == best && candidate > 0 && j - min_index > best_end - best_begin)) {
            best = candidate;
            best_begin = min_index;
            best_end = j;
        }
        if (prefix < min_prefix) {
            min_prefix = prefix;
            min_index = j;
        }
    }
    if (best <= 0) {
        return;
    }
    for (std::size_t k = 0; k < n; ++k) {
        if (k < best_begin || k >= best_end) {
            lines[k]->kept = false;
            lines[k]->reason = DropReason::outside_main;
        }
    }
}

} // namespace

CleanArticle clean_article(const RawArticle& in, const CleanOptions& options, const CleanRules& rules) {
    CleanArticle out;
    out.title = prepare(in.title, options, rules);
    out.author = prepare(in.author, options, rules);
    out.source = prepare(in.source, options, rules);
    out.published_at = options.unicode ? normalize_line(in.published_at) : trim_spaces(in.published_at);

    std::vector<Line> lines;
    for (const auto& paragraph : in.paragraphs) {
        std::size_t start = 0;
        while (start <= paragraph.size()) {
            std::size_t end = paragraph.find('\n', start);
            if (end == std::string::npos) {
                end = paragraph.size();
            }
            std::string text = prepare(std::string_view(paragraph).substr(start, end - start), options, rules);
            if (!text.empty()) {
                Line line;
                line.shape = detail::shape_of(text);
                line.text = std::move(text);
                lines.push_back(std::move(line));
            }
            start = end + 1;
        }
    }

    const auto drop = [](Line& line, DropReason reason, std::string rule) {
        line.kept = false;
        line.reason = reason;
        line.rule = std::move(rule);
    };
    // Stuffed words go first, so the lines are judged as the article reads without them.
    if (options.stuffed_words && !rules.stuffed_word_rules().empty()) {
        std::vector<std::string> originals;
        std::vector<std::string*> texts;
        for (Line& line : lines) {
            originals.push_back(line.text);
            texts.push_back(&line.text);
        }
        for (const detail::StuffedCut& cut : detail::cut_stuffed_words(out.title, texts, rules)) {
            lines[cut.line].cuts.push_back({cut.word, DropReason::stuffed_word, cut.rule->name});
        }
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Line& line = lines[i];
            if (line.cuts.empty()) {
                continue;
            }
            line.shape = detail::shape_of(line.text);
            if (!has_word_chars(line.text)) {
                std::string rule = line.cuts.front().rule;
                line.cuts.clear();
                line.text = std::move(originals[i]);
                drop(line, DropReason::stuffed_word, std::move(rule));
            }
        }
    }
    // Short unpunctuated lines that occur twice are repeats (a title shown again, a widget): a paragraph is not.
    std::unordered_map<std::string_view, int> occurrences;
    if (options.repeated_lines) {
        for (const Line& line : lines) {
            if (line.kept && is_repeatable(line.shape)) {
                ++occurrences[line.text];
            }
        }
    }
    const LineRule* open_list = nullptr;  // the heading rule of a related-articles list being dropped
    for (Line& line : lines) {
        if (!line.kept) {
            continue;
        }
        if (options.fill_fields) {
            const std::string date = date_of(line.text, line.shape, rules.time_labels());
            if (!date.empty()) {
                if (out.published_at.empty()) {
                    out.published_at = date;
                }
                drop(line, DropReason::metadata, "published_at");
                continue;
            }
            std::size_t prefix_size = 0;
            const FieldRule* matched = rules.match_field(line.text, line.shape.length, prefix_size);
            if (matched != nullptr) {
                std::string& field = matched->field == Field::source ? out.source : out.author;
                if (field.empty()) {
                    field = field_value(std::string_view(line.text).substr(prefix_size));
                }
            }
            if (matched != nullptr && !matched->keep_line) {
                drop(line, DropReason::metadata, matched->name);
                continue;
            }
        }
        if (options.boilerplate) {
            if (open_list != nullptr && !line.shape.sentence_end && line.shape.length <= 60) {
                drop(line, DropReason::related_list, open_list->name);
                continue;
            }
            open_list = nullptr;
            if (const LineRule* rule = rules.match_line(line.text, line.shape.length)) {
                if (rule->starts_list) {
                    open_list = rule;
                }
                drop(line, DropReason::boilerplate, rule->name);
                continue;
            }
        }
        if (options.seo_spam && detail::looks_like_keyword_spam(line.text, line.shape)) {
            drop(line, DropReason::seo_spam, {});
            continue;
        }
        if (options.title_repeat && repeats_title(out.title, line.text, line.shape)) {
            drop(line, DropReason::title_repeat, {});
            continue;
        }
        if (options.repeated_lines && is_repeatable(line.shape) && occurrences[line.text] > 1) {
            drop(line, DropReason::repeated_line, {});
            continue;
        }
    }

    if (options.main_block) {
        std::vector<Line*> remaining;
        for (Line& line : lines) {
            if (line.kept) {
                remaining.push_back(&line);
            }
        }
        keep_main_block(remaining);
    }
    for (Line& line : lines) {
        std::move(line.cuts.begin(), line.cuts.end(), std::back_inserter(out.dropped));
        if (line.kept) {
            out.paragraphs.push_back(std::move(line.text));
        } else {
            out.dropped.push_back({std::move(line.text), line.reason, std::move(line.rule)});
        }
    }
    return out;
}

} // namespace newsarc::clean
