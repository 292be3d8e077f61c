// Reading the cleaning rule files (configs/cleaning/*.toml) and topic files (configs/topics/*.toml) with toml++.
// The only file of the module that includes toml++; every problem names the file, the line and the key.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "newsarc/base/install_layout.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/clean/clean_rules.hpp"
#include "newsarc/clean/topic_model.hpp"
#include "rule_regex.hpp"

namespace newsarc::clean {
namespace {

/// Reads one file, turning a file or syntax error into a usage Failure "path:line:column: what".
class ConfigFile {
public:
    explicit ConfigFile(const std::filesystem::path& path) : path_(path.string()) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            throw usage_failure(path_ + ": no such file (expected a TOML file)");
        }
        try {
            root_ = toml::parse_file(path_);
        } catch (const toml::parse_error& parse) {
            throw usage_failure(path_ + ":" + std::to_string(parse.source().begin.line) + ":" +
                                std::to_string(parse.source().begin.column) + ": not valid TOML: " +
                                std::string(parse.description()));
        }
    }

    [[nodiscard]] const toml::table& root() const noexcept { return root_; }

    [[nodiscard]] std::string where(const toml::node& node) const {
        return path_ + ":" + std::to_string(node.source().begin.line);
    }

    [[noreturn]] void fail(const toml::node& node, std::string_view key, const std::string& what) const {
        throw usage_failure(where(node) + ": key '" + std::string(key) + "': " + what);
    }

    static std::string type_name(const toml::node& node) {
        return std::string(toml::impl::node_type_friendly_names[static_cast<int>(node.type())]);
    }

    /// Refuses keys other than `allowed` in `table`, so a typo is not silently ignored.
    void check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                    std::string_view context) const {
        for (auto&& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                std::string list;
                for (const auto name : allowed) {
                    list += list.empty() ? "" : ", ";
                    list += name;
                }
                fail(node, key.str(), "unknown key in " + std::string(context) + " (expected one of: " + list + ")");
            }
        }
    }

    std::string string_of(const toml::node& node, std::string_view key) const {
        if (const auto* value = node.as_string()) {
            return value->get();
        }
        fail(node, key, "expected a string, found " + type_name(node));
    }

    std::vector<std::string> strings_of(const toml::node& node, std::string_view key) const {
        const auto* array = node.as_array();
        if (array == nullptr) {
            fail(node, key, "expected an array of strings, found " + type_name(node));
        }
        std::vector<std::string> out;
        for (const auto& item : *array) {
            const std::string text = string_of(item, key);
            if (text.empty()) {
                fail(item, key, "an empty string matches everything; remove it");
            }
            out.push_back(text);
        }
        return out;
    }

    double number_of(const toml::node& node, std::string_view key) const {
        if (const auto* integer = node.as_integer()) {
            return static_cast<double>(integer->get());
        }
        if (const auto* floating = node.as_floating_point()) {
            if (!std::isfinite(floating->get())) {
                fail(node, key, "expected a finite number");
            }
            return floating->get();
        }
        fail(node, key, "expected a number, found " + type_name(node));
    }

    std::size_t length_of(const toml::node& node, std::string_view key, std::string_view unit = "code points") const {
        const auto* integer = node.as_integer();
        if (integer == nullptr || integer->get() < 0) {
            fail(node, key, "expected a non-negative integer (" + std::string(unit) + "), found " + type_name(node));
        }
        return static_cast<std::size_t>(integer->get());
    }

    bool bool_of(const toml::node& node, std::string_view key) const {
        if (const auto* value = node.as_boolean()) {
            return value->get();
        }
        fail(node, key, "expected true or false, found " + type_name(node));
    }

    /// The array of tables under `key` (absent: empty).
    std::vector<const toml::table*> tables_of(std::string_view key) const {
        std::vector<const toml::table*> out;
        const toml::node* node = root_.get(key);
        if (node == nullptr) {
            return out;
        }
        const auto* array = node->as_array();
        if (array == nullptr) {
            fail(*node, key, "expected an array of tables ([[" + std::string(key) + "]]), found " + type_name(*node));
        }
        for (const auto& item : *array) {
            const auto* table = item.as_table();
            if (table == nullptr) {
                fail(item, key, "expected a table, found " + type_name(item));
            }
            out.push_back(table);
        }
        return out;
    }

private:
    std::string path_;
    toml::table root_;
};

LineRule read_line_rule(const ConfigFile& file, const toml::table& table) {
    file.check_keys(table,
                    {"name", "exact", "prefix", "suffix", "contains", "unless_contains", "regex", "max_length",
                     "starts_list"},
                    "[[rule]]");
    LineRule rule;
    rule.origin = file.where(table);
    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (name == "name") {
            rule.name = file.string_of(node, name);
        } else if (name == "exact") {
            rule.exact = file.strings_of(node, name);
        } else if (name == "prefix") {
            rule.prefix = file.strings_of(node, name);
        } else if (name == "suffix") {
            rule.suffix = file.strings_of(node, name);
        } else if (name == "contains") {
            rule.contains = file.strings_of(node, name);
        } else if (name == "unless_contains") {
            rule.unless_contains = file.strings_of(node, name);
        } else if (name == "regex") {
            rule.regex = file.strings_of(node, name);
            // Compiled here too, only to name the line of a bad one (CleanRules compiles the ones it keeps).
            for (const auto& item : *node.as_array()) {
                const std::string& source = item.as_string()->get();
                const auto check = detail::compile_rule_regex(source);
                if (!check->ok()) {
                    file.fail(item, name,
                              "'" + source + "' is not a valid regular expression (" + check->error() + ")");
                }
            }
        } else if (name == "max_length") {
            rule.max_length = file.length_of(node, name);
        } else if (name == "starts_list") {
            rule.starts_list = file.bool_of(node, name);
        }
    }
    if (rule.name.empty()) {
        throw usage_failure(rule.origin + ": key 'name': every [[rule]] needs a name");
    }
    return rule;
}

FieldRule read_field_rule(const ConfigFile& file, const toml::table& table) {
    file.check_keys(table, {"name", "field", "prefix", "max_length", "keep_line"}, "[[field]]");
    FieldRule rule;
    rule.origin = file.where(table);
    bool has_field = false;
    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (name == "name") {
            rule.name = file.string_of(node, name);
        } else if (name == "field") {
            const std::string field = file.string_of(node, name);
            if (field == "source") {
                rule.field = Field::source;
            } else if (field == "author") {
                rule.field = Field::author;
            } else {
                file.fail(node, name, "expected \"source\" or \"author\", found \"" + field + "\"");
            }
            has_field = true;
        } else if (name == "prefix") {
            rule.prefix = file.strings_of(node, name);
        } else if (name == "max_length") {
            rule.max_length = file.length_of(node, name);
        } else if (name == "keep_line") {
            rule.keep_line = file.bool_of(node, name);
        }
    }
    if (rule.name.empty()) {
        throw usage_failure(rule.origin + ": key 'name': every [[field]] needs a name");
    }
    if (!has_field) {
        throw usage_failure(rule.origin + ": key 'field': [[field]] '" + rule.name + "' must say \"source\" or \"author\"");
    }
    return rule;
}

Repair read_repair(const ConfigFile& file, const toml::table& table) {
    file.check_keys(table, {"from", "to"}, "[[repair]]");
    Repair repair;
    repair.origin = file.where(table);
    bool has_to = false;
    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (name == "from") {
            repair.from = file.string_of(node, name);
        } else if (name == "to") {
            repair.to = file.string_of(node, name);
            has_to = true;
        }
    }
    if (repair.from.empty() || !has_to) {
        throw usage_failure(repair.origin + ": key '" + std::string(repair.from.empty() ? "from" : "to") +
                            "': every [[repair]] needs a non-empty 'from' and a 'to'");
    }
    return repair;
}

StuffedWordRule read_stuffed_word_rule(const ConfigFile& file, const toml::table& table) {
    file.check_keys(table, {"name", "words", "min_count", "unless_title_contains"}, "[[stuffed_word]]");
    StuffedWordRule rule;
    rule.origin = file.where(table);
    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (name == "name") {
            rule.name = file.string_of(node, name);
        } else if (name == "words") {
            rule.words = file.strings_of(node, name);
        } else if (name == "min_count") {
            rule.min_count = file.length_of(node, name, "occurrences");
        } else if (name == "unless_title_contains") {
            rule.unless_title_contains = file.strings_of(node, name);
        }
    }
    if (rule.name.empty()) {
        throw usage_failure(rule.origin + ": key 'name': every [[stuffed_word]] needs a name");
    }
    return rule;
}

} // namespace

CleanRules CleanRules::load_file(const std::filesystem::path& path) {
    const ConfigFile file(path);
    file.check_keys(file.root(), {"rule", "field", "repair", "stuffed_word", "time"}, "a cleaning rule file");
    CleanRules rules;
    for (const toml::table* table : file.tables_of("rule")) {
        rules.add_line_rule(read_line_rule(file, *table));
    }
    for (const toml::table* table : file.tables_of("field")) {
        rules.add_field_rule(read_field_rule(file, *table));
    }
    for (const toml::table* table : file.tables_of("repair")) {
        rules.add_repair(read_repair(file, *table));
    }
    for (const toml::table* table : file.tables_of("stuffed_word")) {
        rules.add_stuffed_word_rule(read_stuffed_word_rule(file, *table));
    }
    if (const toml::node* time = file.root().get("time")) {
        const auto* table = time->as_table();
        if (table == nullptr) {
            file.fail(*time, "time", "expected a table ([time]), found " + ConfigFile::type_name(*time));
        }
        file.check_keys(*table, {"labels"}, "[time]");
        if (const toml::node* labels = table->get("labels")) {
            for (auto& label : file.strings_of(*labels, "labels")) {
                rules.add_time_label(std::move(label));
            }
        }
    }
    return rules;
}

CleanRules CleanRules::load_directory(const std::filesystem::path& dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        throw usage_failure(dir.string() + ": no such folder (expected the cleaning rules *.toml; the default is " +
                            "cleaning/ in the data folder " + describe_data_dir() + ")");
    }
    std::set<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.insert(entry.path());
        }
    }
    if (files.empty()) {
        throw usage_failure(dir.string() + ": no *.toml rule files in this folder");
    }
    CleanRules rules;
    for (const auto& file : files) {
        rules.merge(load_file(file));
    }
    return rules;
}

TopicModel TopicModel::load_file(const std::filesystem::path& path) {
    const ConfigFile file(path);
    const toml::table& root = file.root();
    file.check_keys(root,
                    {"name", "description", "threshold", "title_weight", "length_reference", "passing_mention_weight",
                     "terms", "not_terms"},
                    "a topic file");
    std::string name = path.stem().string();
    double threshold = NAN;
    double title_weight = 3.0;
    double length_reference = 3000.0;
    std::vector<TopicTerm> terms;
    std::vector<std::string> not_terms;
    double passing_mention_weight = 1.0;
    for (auto&& [key, node] : root) {
        const std::string_view key_name = key.str();
        if (key_name == "name") {
            name = file.string_of(node, key_name);
        } else if (key_name == "description") {
            (void)file.string_of(node, key_name);
        } else if (key_name == "threshold") {
            threshold = file.number_of(node, key_name);
        } else if (key_name == "title_weight") {
            title_weight = file.number_of(node, key_name);
        } else if (key_name == "length_reference") {
            length_reference = file.number_of(node, key_name);
            if (length_reference <= 0) {
                file.fail(node, key_name, "expected a positive number of characters");
            }
        } else if (key_name == "passing_mention_weight") {
            passing_mention_weight = file.number_of(node, key_name);
            if (passing_mention_weight < 0 || passing_mention_weight > 1) {
                file.fail(node, key_name, "expected a number from 0 to 1 (1 = no discount)");
            }
        } else if (key_name == "not_terms") {
            not_terms = file.strings_of(node, key_name);
        } else if (key_name == "terms") {
            const auto* table = node.as_table();
            if (table == nullptr) {
                file.fail(node, key_name, "expected a table ([terms]) of \"term\" = weight, found " +
                                              ConfigFile::type_name(node));
            }
            for (auto&& [term, weight] : *table) {
                const double value = file.number_of(weight, term.str());
                if (value <= 0) {
                    file.fail(weight, term.str(), "a term weight must be greater than 0");
                }
                terms.push_back(TopicTerm{std::string(term.str()), value});
            }
        }
    }
    if (std::isnan(threshold)) {
        throw usage_failure(path.string() + ":1: key 'threshold': missing (the default relevance threshold)");
    }
    if (terms.empty()) {
        throw usage_failure(path.string() + ":1: key 'terms': missing or empty (give [terms] \"term\" = weight)");
    }
    return TopicModel(std::move(name), std::move(terms), threshold, title_weight, length_reference,
                      std::move(not_terms), passing_mention_weight);
}

} // namespace newsarc::clean
