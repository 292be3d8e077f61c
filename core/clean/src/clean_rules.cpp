// CleanRules: holding rules, compiling their regexes once, and matching a line against them.
#include "newsarc/clean/clean_rules.hpp"

#include <regex>
#include <utility>

#include "newsarc/base/result.hpp"

namespace newsarc::clean {

struct CleanRules::CompiledRule {
    std::vector<std::regex> regexes;
};

namespace {

bool any_equal(const std::vector<std::string>& patterns, std::string_view line) {
    for (const auto& pattern : patterns) {
        if (line == pattern) {
            return true;
        }
    }
    return false;
}

bool any_prefix(const std::vector<std::string>& patterns, std::string_view line) {
    for (const auto& pattern : patterns) {
        if (line.substr(0, pattern.size()) == pattern) {
            return true;
        }
    }
    return false;
}

bool any_suffix(const std::vector<std::string>& patterns, std::string_view line) {
    for (const auto& pattern : patterns) {
        if (line.size() >= pattern.size() && line.substr(line.size() - pattern.size()) == pattern) {
            return true;
        }
    }
    return false;
}

bool any_contained(const std::vector<std::string>& patterns, std::string_view line) {
    for (const auto& pattern : patterns) {
        if (line.find(pattern) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

CleanRules::CleanRules() = default;

void CleanRules::add_line_rule(LineRule rule) {
    if (rule.exact.empty() && rule.prefix.empty() && rule.suffix.empty() && rule.contains.empty() &&
        rule.regex.empty()) {
        throw usage_failure(rule.origin + ": rule '" + rule.name +
                            "' has no pattern: give at least one of exact, prefix, suffix, contains, regex");
    }
    auto compiled = std::make_shared<CompiledRule>();
    for (const auto& source : rule.regex) {
        try {
            compiled->regexes.emplace_back(source, std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& error) {
            throw usage_failure(rule.origin + ": rule '" + rule.name + "', key 'regex': '" + source +
                                "' is not a valid regular expression (" + error.what() + ")");
        }
    }
    line_rules_.push_back(std::move(rule));
    compiled_.push_back(std::move(compiled));
}

void CleanRules::add_field_rule(FieldRule rule) {
    if (rule.prefix.empty()) {
        throw usage_failure(rule.origin + ": field rule '" + rule.name + "' has no prefix");
    }
    field_rules_.push_back(std::move(rule));
}

void CleanRules::add_repair(Repair repair) {
    if (repair.from.empty()) {
        throw usage_failure(repair.origin + ": a repair needs a non-empty 'from'");
    }
    repairs_.push_back(std::move(repair));
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
    time_labels_.insert(time_labels_.end(), other.time_labels_.begin(), other.time_labels_.end());
}

const LineRule* CleanRules::match_line(std::string_view line, std::size_t length) const {
    for (std::size_t r = 0; r < line_rules_.size(); ++r) {
        const LineRule& rule = line_rules_[r];
        if (rule.max_length != 0 && length > rule.max_length) {
            continue;
        }
        if (!rule.exact.empty() && !any_equal(rule.exact, line)) {
            continue;
        }
        if (!rule.prefix.empty() && !any_prefix(rule.prefix, line)) {
            continue;
        }
        if (!rule.suffix.empty() && !any_suffix(rule.suffix, line)) {
            continue;
        }
        if (!rule.contains.empty() && !any_contained(rule.contains, line)) {
            continue;
        }
        if (!rule.regex.empty()) {
            bool matched = false;
            for (const auto& regex : compiled_[r]->regexes) {
                if (std::regex_search(line.begin(), line.end(), regex)) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                continue;
            }
        }
        return &rule;
    }
    return nullptr;
}

} // namespace newsarc::clean
