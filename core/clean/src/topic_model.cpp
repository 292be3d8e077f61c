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
        std::size_t term;
    };
    std::unordered_map<char32_t, std::vector<Entry>> by_first;
};

namespace {

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

} // namespace

TopicModel::TopicModel(std::string name, std::vector<TopicTerm> terms, double threshold, double title_weight,
                       double length_reference)
    : name_(std::move(name)), terms_(std::move(terms)), threshold_(threshold), title_weight_(title_weight),
      length_reference_(length_reference) {
    if (!(length_reference_ > 0) || !(title_weight_ >= 0) || !std::isfinite(threshold_)) {
        throw usage_failure("topic '" + name_ + "': length_reference must be > 0, title_weight >= 0 and the "
                            "threshold a finite number");
    }
    auto index = std::make_shared<Index>();
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        const std::string& text = terms_[t].text;
        if (text.empty() || !(terms_[t].weight > 0)) {
            throw usage_failure("topic '" + name_ + "': term '" + text + "' needs a non-empty text and a weight > 0");
        }
        Index::Entry entry{text, false, t};
        for (char& c : entry.text) {
            c = fold_byte(c);
        }
        entry.ascii_word = is_ascii_alnum_byte(text.front()) || is_ascii_alnum_byte(text.back());
        std::size_t i = 0;
        const char32_t first = detail::next_code_point(entry.text, i);
        index->by_first[first].push_back(std::move(entry));
    }
    index_ = std::move(index);
}

void TopicModel::count(std::string_view text, std::vector<int>& counts) const {
    counts.assign(terms_.size(), 0);
    std::size_t i = 0;
    char previous = ' ';  // the last byte before the current code point (ASCII word boundary test)
    while (i < text.size()) {
        const std::size_t at = i;
        const char32_t cp = fold(detail::next_code_point(text, i));
        const auto found = index_->by_first.find(cp);
        if (found != index_->by_first.end()) {
            for (const auto& entry : found->second) {
                if (!matches_at(text, at, entry.text)) {
                    continue;
                }
                if (entry.ascii_word) {
                    const std::size_t end = at + entry.text.size();
                    const bool glued_before = is_ascii_alnum_byte(entry.text.front()) && is_ascii_alnum_byte(previous);
                    const bool glued_after = end < text.size() && is_ascii_alnum_byte(entry.text.back()) &&
                                             is_ascii_alnum_byte(text[end]);
                    if (glued_before || glued_after) {
                        continue;
                    }
                }
                ++counts[entry.term];
            }
        }
        previous = text[i - 1];
    }
}

double TopicModel::score(std::string_view title, std::string_view body) const {
    thread_local std::vector<int> title_counts;
    thread_local std::vector<int> body_counts;
    count(title, title_counts);
    count(body, body_counts);
    double raw = 0;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        if (title_counts[t] > 0) {
            raw += title_weight_ * terms_[t].weight;
        }
        if (body_counts[t] > 0) {
            raw += terms_[t].weight * (1.0 + std::log(static_cast<double>(body_counts[t])));
        }
    }
    std::size_t characters = 0;
    for (const char c : body) {
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
