// TopicModel scoring: one pass over the text, looking up the terms that start with each character.
#include "newsarc/clean/topic_model.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "newsarc/base/result.hpp"
#include "unicode_chars.hpp"

namespace newsarc::clean {

struct TopicModel::Index {
    struct Entry {
        std::string text;   // ASCII lower-cased
        bool ascii_word;    // ASCII letters at both ends: must stand as a whole word
        bool not_term;      // a not-term: hides the terms starting inside it
        std::size_t term;   // index into terms_ (not-terms: unused)
    };
    // Terms and not-terms by their first code point, one lookup per code point; in each list the not-terms come
    // first, so a not-term starting where a term starts hides it.
    std::unordered_map<char32_t, std::vector<Entry>> by_first;
};

namespace {

/// The distinct terms a body needs, under a title without one, to be more than a passing mention.
constexpr std::size_t kTopicWords = 3;

char32_t fold(char32_t cp) noexcept {
    return (cp >= 'A' && cp <= 'Z') ? cp - 'A' + 'a' : cp;
}

char fold_byte(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_ascii_alnum_byte(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Does `text` at `at` hold `term` (already folded), comparing ASCII case-insensitively?
bool matches_at(std::string_view text, std::size_t at, std::string_view term) noexcept {
    if (text.size() - at < term.size()) {
        return false;
    }
    for (std::size_t k = 0; k < term.size(); ++k) {
        if (fold_byte(text[at + k]) != term[k]) {
            return false;
        }
    }
    return true;
}

/// `text` with full-width ASCII (U+FF01..U+FF5E, UTF-8 EF BC 81 .. EF BD 9E) turned into ASCII, or empty when it
/// has none (the common case: no copy).
std::string fold_full_width(std::string_view text) {
    if (text.find("\xEF\xBC") == std::string_view::npos && text.find("\xEF\xBD") == std::string_view::npos) {
        return {};
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b1 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        const auto b2 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
        if (static_cast<unsigned char>(text[i]) == 0xEF && (b1 == 0xBC || b1 == 0xBD) && b2 >= 0x80 && b2 <= 0xBF) {
            const unsigned cp = 0xFF00 + ((b1 - 0xBC) << 6) + (b2 - 0x80);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out += static_cast<char>(cp - 0xFF01 + 0x21);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace

TopicModel::TopicModel(std::string name, std::vector<TopicTerm> terms, double threshold, double title_weight,
                       double length_reference, std::vector<std::string> not_terms, double passing_mention_weight)
    : name_(std::move(name)), terms_(std::move(terms)), not_terms_(std::move(not_terms)), threshold_(threshold),
      title_weight_(title_weight), length_reference_(length_reference),
      passing_mention_weight_(passing_mention_weight) {
    if (!(length_reference_ > 0) || !(title_weight_ >= 0) || !std::isfinite(threshold_) ||
        !(passing_mention_weight_ >= 0 && passing_mention_weight_ <= 1)) {
        throw usage_failure("topic '" + name_ + "': length_reference must be > 0, title_weight >= 0, "
                            "passing_mention_weight between 0 and 1 and the threshold a finite number");
    }
    auto index = std::make_shared<Index>();
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        const std::string& text = terms_[t].text;
        if (text.empty() || !(terms_[t].weight > 0)) {
            throw usage_failure("topic '" + name_ + "': term '" + text + "' needs a non-empty text and a weight > 0");
        }
        Index::Entry entry{text, false, false, t};
        for (char& c : entry.text) {
            c = fold_byte(c);
        }
        entry.ascii_word = is_ascii_alnum_byte(text.front()) || is_ascii_alnum_byte(text.back());
        std::size_t i = 0;
        const char32_t first = detail::next_code_point(entry.text, i);
        index->by_first[first].push_back(std::move(entry));
    }
    for (const std::string& text : not_terms_) {
        if (text.empty()) {
            throw usage_failure("topic '" + name_ + "': a not-term must not be empty");
        }
        Index::Entry entry{text, false, true, 0};
        for (char& c : entry.text) {
            c = fold_byte(c);
        }
        entry.ascii_word = is_ascii_alnum_byte(text.front()) || is_ascii_alnum_byte(text.back());
        std::size_t i = 0;
        const char32_t first = detail::next_code_point(entry.text, i);
        index->by_first[first].push_back(std::move(entry));
    }
    for (auto& [first, entries] : index->by_first) {
        std::stable_partition(entries.begin(), entries.end(), [](const Index::Entry& entry) { return entry.not_term; });
    }
    index_ = std::move(index);
}

std::size_t TopicModel::count(std::string_view original, std::vector<int>& counts) const {
    counts.assign(terms_.size(), 0);
    const std::string folded = fold_full_width(original);
    const std::string_view text = folded.empty() ? original : std::string_view(folded);
    std::size_t i = 0;
    std::size_t covered_until = 0;  // the end of the furthest not-term occurrence seen so far
    char previous = ' ';  // the last byte before the current code point (ASCII word boundary test)
    std::size_t line = 0;            // lines ('\n') before the current position
    std::size_t lines_with_hits = 0;
    std::size_t last_line_hit = static_cast<std::size_t>(-1);
    const auto stands_at = [&](const Index::Entry& entry, std::size_t at) {
        if (!matches_at(text, at, entry.text)) {
            return false;
        }
        if (!entry.ascii_word) {
            return true;
        }
        const std::size_t end = at + entry.text.size();
        const bool glued_before = is_ascii_alnum_byte(entry.text.front()) && is_ascii_alnum_byte(previous);
        const bool glued_after =
            end < text.size() && is_ascii_alnum_byte(entry.text.back()) && is_ascii_alnum_byte(text[end]);
        return !glued_before && !glued_after;
    };
    while (i < text.size()) {
        const std::size_t at = i;
        const char32_t cp = fold(detail::next_code_point(text, i));
        const auto found = index_->by_first.find(cp);
        if (found != index_->by_first.end()) {
            for (const auto& entry : found->second) {
                if (entry.not_term) {
                    if (stands_at(entry, at)) {
                        covered_until = std::max(covered_until, at + entry.text.size());
                    }
                    continue;
                }
                if (at >= covered_until && stands_at(entry, at)) {
                    ++counts[entry.term];
                    if (last_line_hit != line) {
                        last_line_hit = line;
                        ++lines_with_hits;
                    }
                }
            }
        }
        if (cp == '\n') {
            ++line;
        }
        previous = text[i - 1];
    }
    return lines_with_hits;
}

double TopicModel::score(std::string_view title, std::string_view body) const {
    thread_local std::vector<int> title_counts;
    thread_local std::vector<int> body_counts;
    const bool title_hit = count(title, title_counts) > 0;
    const std::size_t paragraphs_hit = count(body, body_counts);
    double title_raw = 0;
    double body_raw = 0;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        if (title_counts[t] > 0) {
            title_raw += title_weight_ * terms_[t].weight;
        }
        if (body_counts[t] > 0) {
            body_raw += terms_[t].weight * (1.0 + std::log(static_cast<double>(body_counts[t])));
        }
    }
    // An article about the topic says so in its title, or shows it in the body: several of the topic's words,
    // one of them at least twice, in more than one paragraph. Under a title without a term, anything less is a
    // passing mention (a market report's line on AI chips, "5G、人工智能、自动驾驶" in a list, a government report
    // naming 人工智能 among its priorities) and counts passing_mention_weight.
    std::size_t paragraphs = 0;
    for (std::size_t at = 0; at < body.size();) {
        const std::size_t end = std::min(body.find('\n', at), body.size());
        paragraphs += end > at ? 1 : 0;
        at = end + 1;
    }
    const bool repeated = std::any_of(body_counts.begin(), body_counts.end(), [](int n) { return n > 1; });
    const auto distinct = static_cast<std::size_t>(
        std::count_if(body_counts.begin(), body_counts.end(), [](int n) { return n > 0; }));
    const bool spread = paragraphs_hit > 1 || paragraphs <= 1;
    if (!title_hit && !(repeated && spread && distinct >= kTopicWords)) {
        body_raw *= passing_mention_weight_;
    }
    const double raw = title_raw + body_raw;
    std::size_t characters = 0;
    for (const char c : body) {  // full-width forms count as one character, as their ASCII folds do
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != ' ' && c != '\n') {
            ++characters;
        }
    }
    const double length_factor = std::sqrt(std::max(1.0, static_cast<double>(characters) / length_reference_));
    return raw / length_factor;
}

std::vector<TopicHit> TopicModel::hits(std::string_view title, std::string_view body) const {
    std::vector<int> title_counts;
    std::vector<int> body_counts;
    count(title, title_counts);
    count(body, body_counts);
    std::vector<TopicHit> out;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        if (title_counts[t] > 0 || body_counts[t] > 0) {
            out.push_back({terms_[t].text, title_counts[t], body_counts[t]});
        }
    }
    return out;
}

} // namespace newsarc::clean
