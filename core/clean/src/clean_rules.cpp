// CleanRules: holding rules, compiling their regexes once, indexing their literal patterns, and matching a line.
#include "newsarc/clean/clean_rules.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "literal_index.hpp"
#include "newsarc/base/result.hpp"
#include "rule_regex.hpp"

namespace newsarc::clean {

struct CleanRules::CompiledRule {
    std::vector<std::unique_ptr<const RE2>> regexes;
};

/// Every literal pattern of every rule, by kind. A line is looked up once per kind; the hits set one bit per
/// rule and kind, and the first rule whose conditions all hold wins.
struct CleanRules::Matcher {
    static constexpr std::uint8_t kExact = 1, kPrefix = 2, kSuffix = 4, kContains = 8, kUnless = 16;

    detail::LiteralIndex exact{detail::LiteralKind::exact};
    detail::LiteralIndex prefix{detail::LiteralKind::prefix};
    detail::LiteralIndex suffix{detail::LiteralKind::suffix};
    detail::LiteralIndex contains{detail::LiteralKind::contains};  // contains and unless_contains (id + 1 << 20)
    std::vector<std::uint8_t> required;  // per rule: the kinds it has
    // The longest line a rule of each kind can match: longer lines skip that kind's lookup.
    std::size_t exact_limit = 0, prefix_limit = 0, suffix_limit = 0, contains_limit = 0;

    detail::LiteralIndex field_prefix{detail::LiteralKind::prefix};
    std::size_t field_limit = 0;

    detail::LiteralIndex stuffed{detail::LiteralKind::contains};  // every stuffed word; id = index into stuffed_ids
    std::vector<std::pair<std::size_t, std::size_t>> stuffed_ids;  // (rule, word)
};

namespace {

constexpr std::uint32_t kUnlessFlag = 1U << 20;

std::size_t limit_of(std::size_t max_length) noexcept {
    return max_length == 0 ? std::numeric_limits<std::size_t>::max() : max_length;
}

} // namespace

CleanRules::CleanRules() {
    rebuild_matcher();
}

void CleanRules::rebuild_matcher() {
    auto matcher = std::make_shared<Matcher>();
    for (std::size_t r = 0; r < line_rules_.size(); ++r) {
        const LineRule& rule = line_rules_[r];
        const auto id = static_cast<std::uint32_t>(r);
        const std::size_t limit = limit_of(rule.max_length);
        std::uint8_t required = 0;
        const auto add = [&](detail::LiteralIndex& index, const std::vector<std::string>& patterns,
                             std::uint8_t kind, std::size_t& kind_limit, std::uint32_t reported) {
            if (patterns.empty()) {
                return;
            }
            for (const auto& pattern : patterns) {
                index.add(pattern, reported);
            }
            required |= kind;
            kind_limit = std::max(kind_limit, limit);
        };
        add(matcher->exact, rule.exact, Matcher::kExact, matcher->exact_limit, id);
        add(matcher->prefix, rule.prefix, Matcher::kPrefix, matcher->prefix_limit, id);
        add(matcher->suffix, rule.suffix, Matcher::kSuffix, matcher->suffix_limit, id);
        add(matcher->contains, rule.contains, Matcher::kContains, matcher->contains_limit, id);
        // unless_contains is not required to match: its hits veto the rule.
        for (const auto& pattern : rule.unless_contains) {
            matcher->contains.add(pattern, id | kUnlessFlag);
            matcher->contains_limit = std::max(matcher->contains_limit, limit);
        }
        matcher->required.push_back(required);
    }
    for (std::size_t r = 0; r < field_rules_.size(); ++r) {
        for (const auto& pattern : field_rules_[r].prefix) {
            matcher->field_prefix.add(pattern, static_cast<std::uint32_t>(r));
        }
        matcher->field_limit = std::max(matcher->field_limit, limit_of(field_rules_[r].max_length));
    }
    for (std::size_t r = 0; r < stuffed_word_rules_.size(); ++r) {
        for (std::size_t w = 0; w < stuffed_word_rules_[r].words.size(); ++w) {
            const auto id = static_cast<std::uint32_t>(matcher->stuffed_ids.size());
            matcher->stuffed.add(stuffed_word_rules_[r].words[w], id);
            matcher->stuffed_ids.emplace_back(r, w);
        }
    }
    matcher_ = std::move(matcher);
}

void CleanRules::add_line_rule(LineRule rule) {
    if (rule.exact.empty() && rule.prefix.empty() && rule.suffix.empty() && rule.contains.empty() &&
        rule.regex.empty()) {
        throw usage_failure(rule.origin + ": rule '" + rule.name +
                            "' has no pattern: give at least one of exact, prefix, suffix, contains, regex");
    }
    for (const auto* list : {&rule.exact, &rule.prefix, &rule.suffix, &rule.contains, &rule.unless_contains}) {
        if (std::any_of(list->begin(), list->end(), [](const std::string& pattern) { return pattern.empty(); })) {
            throw usage_failure(rule.origin + ": rule '" + rule.name + "' has an empty pattern, which matches every line");
        }
    }
    auto compiled = std::make_shared<CompiledRule>();
    for (const auto& source : rule.regex) {
        auto regex = detail::compile_rule_regex(source);
        if (!regex->ok()) {
            throw usage_failure(rule.origin + ": rule '" + rule.name + "', key 'regex': '" + source +
                                "' is not a valid regular expression (" + regex->error() + ")");
        }
        compiled->regexes.push_back(std::move(regex));
    }
    line_rules_.push_back(std::move(rule));
    compiled_.push_back(std::move(compiled));
    rebuild_matcher();
}

void CleanRules::add_field_rule(FieldRule rule) {
    if (rule.prefix.empty() ||
        std::any_of(rule.prefix.begin(), rule.prefix.end(), [](const std::string& prefix) { return prefix.empty(); })) {
        throw usage_failure(rule.origin + ": field rule '" + rule.name + "' needs non-empty prefixes");
    }
    field_rules_.push_back(std::move(rule));
    rebuild_matcher();
}

void CleanRules::add_repair(Repair repair) {
    if (repair.from.empty()) {
        throw usage_failure(repair.origin + ": a repair needs a non-empty 'from'");
    }
    repairs_.push_back(std::move(repair));
}

void CleanRules::add_stuffed_word_rule(StuffedWordRule rule) {
    if (rule.words.empty() ||
        std::any_of(rule.words.begin(), rule.words.end(), [](const std::string& word) { return word.empty(); })) {
        throw usage_failure(rule.origin + ": stuffed-word rule '" + rule.name + "' needs a list of non-empty words");
    }
    if (rule.min_count < 2) {
        throw usage_failure(rule.origin + ": stuffed-word rule '" + rule.name +
                            "': min_count must be at least 2 (a word said once is not stuffing)");
    }
    stuffed_word_rules_.push_back(std::move(rule));
    rebuild_matcher();
}

void CleanRules::add_time_label(std::string label) {
    if (!label.empty()) {
        time_labels_.push_back(std::move(label));
    }
}

void CleanRules::merge(const CleanRules& other) {
    line_rules_.insert(line_rules_.end(), other.line_rules_.begin(), other.line_rules_.end());
    compiled_.insert(compiled_.end(), other.compiled_.begin(), other.compiled_.end());
    field_rules_.insert(field_rules_.end(), other.field_rules_.begin(), other.field_rules_.end());
    repairs_.insert(repairs_.end(), other.repairs_.begin(), other.repairs_.end());
    stuffed_word_rules_.insert(stuffed_word_rules_.end(), other.stuffed_word_rules_.begin(),
                               other.stuffed_word_rules_.end());
    time_labels_.insert(time_labels_.end(), other.time_labels_.begin(), other.time_labels_.end());
    rebuild_matcher();
}

const LineRule* CleanRules::match_line(std::string_view line, std::size_t length) const {
    const Matcher& matcher = *matcher_;
    const std::size_t count = line_rules_.size();
    if (count == 0) {
        return nullptr;
    }
    thread_local std::vector<std::uint8_t> hits;
    hits.assign(count, 0);
    const auto mark = [&](std::uint8_t kind) {
        return [kind](std::uint32_t id, std::size_t) {
            if ((id & kUnlessFlag) != 0) {
                hits[id & ~kUnlessFlag] |= Matcher::kUnless;
            } else {
                hits[id] |= kind;
            }
        };
    };
    if (length <= matcher.exact_limit) {
        matcher.exact.find(line, mark(Matcher::kExact));
    }
    if (length <= matcher.prefix_limit) {
        matcher.prefix.find(line, mark(Matcher::kPrefix));
    }
    if (length <= matcher.suffix_limit) {
        matcher.suffix.find(line, mark(Matcher::kSuffix));
    }
    if (length <= matcher.contains_limit) {
        matcher.contains.find(line, mark(Matcher::kContains));
    }
    for (std::size_t r = 0; r < count; ++r) {
        const LineRule& rule = line_rules_[r];
        if (rule.max_length != 0 && length > rule.max_length) {
            continue;
        }
        const std::uint8_t required = matcher.required[r];
        if ((hits[r] & required) != required || (hits[r] & Matcher::kUnless) != 0) {
            continue;
        }
        if (!rule.regex.empty()) {
            const auto& regexes = compiled_[r]->regexes;
            // PartialMatch: the pattern is searched anywhere in the line (rules anchor with ^ and $).
            const bool matched = std::any_of(regexes.begin(), regexes.end(),
                                             [&](const auto& regex) { return RE2::PartialMatch(line, *regex); });
            if (!matched) {
                continue;
            }
        }
        return &rule;
    }
    return nullptr;
}

void CleanRules::find_stuffed_words(std::string_view line,
                                    const std::function<void(std::size_t rule, std::size_t word)>& found) const {
    const Matcher& matcher = *matcher_;
    if (matcher.stuffed_ids.empty()) {
        return;
    }
    matcher.stuffed.find(line, [&](std::uint32_t id, std::size_t) {
        found(matcher.stuffed_ids[id].first, matcher.stuffed_ids[id].second);
    });
}

const FieldRule* CleanRules::match_field(std::string_view line, std::size_t length, std::size_t& prefix_size) const {
    const Matcher& matcher = *matcher_;
    if (field_rules_.empty() || length > matcher.field_limit) {
        return nullptr;
    }
    std::size_t best = field_rules_.size();
    prefix_size = 0;
    matcher.field_prefix.find(line, [&](std::uint32_t id, std::size_t size) {
        const FieldRule& rule = field_rules_[id];
        if (rule.max_length != 0 && length > rule.max_length) {
            return;
        }
        if (id < best || (id == best && size > prefix_size)) {
            best = id;
            prefix_size = size;
        }
    });
    return best < field_rules_.size() ? &field_rules_[best] : nullptr;
}

} // namespace newsarc::clean
