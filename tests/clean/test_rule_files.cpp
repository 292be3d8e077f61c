// Focus: loading the cleaning rule files and topic files: the repository's files load, and every kind of bad
// file is refused with a message naming the file, the line and the key.
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"
#include "newsarc/base/result.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc;

namespace {

std::filesystem::path bad(const std::string& name) {
    return test::clean_data_dir() / "bad_rules" / name;
}

/// The message of the usage Failure that loading `path` must throw.
template <typename Load>
std::string refusal(Load load, const std::filesystem::path& path) {
    try {
        load(path);
    } catch (const Failure& failure) {
        CHECK(failure.exit_code() == 2);
        return failure.what();
    }
    FAIL("loading " << path.string() << " did not fail");
    return {};
}

std::string rules_refusal(const std::string& name) {
    return refusal([](const auto& path) { (void)clean::CleanRules::load_file(path); }, bad(name));
}

std::string topic_refusal(const std::string& name) {
    return refusal([](const auto& path) { (void)clean::TopicModel::load_file(path); }, bad(name));
}

} // namespace

TEST_CASE("the repository's rule files load", "[clean][rule-files]") {
    const auto& rules = test::repo_rules();
    CHECK(rules.line_rules().size() > 30);
    CHECK(rules.field_rules().size() >= 3);
    CHECK(rules.repairs().size() >= 1);
    CHECK(rules.time_labels().size() > 5);
    for (const auto& rule : rules.line_rules()) {
        INFO(rule.origin);
        CHECK_FALSE(rule.name.empty());
        CHECK(rule.origin.find("configs/cleaning/") != std::string::npos);
    }
}

TEST_CASE("a rule file that is not TOML is refused with its line", "[clean][rule-files]") {
    const std::string message = rules_refusal("syntax.toml");
    CHECK(message.find("syntax.toml:2:") != std::string::npos);
    CHECK(message.find("not valid TOML") != std::string::npos);
}

TEST_CASE("bad keys and values are refused naming file, line and key", "[clean][rule-files]") {
    const std::string unknown = rules_refusal("unknown_key.toml");
    CHECK(unknown.find("unknown_key.toml:3") != std::string::npos);
    CHECK(unknown.find("'max_lenght'") != std::string::npos);

    const std::string wrong_type = rules_refusal("wrong_type.toml");
    CHECK(wrong_type.find("wrong_type.toml:4") != std::string::npos);
    CHECK(wrong_type.find("'max_length'") != std::string::npos);
    CHECK(wrong_type.find("string") != std::string::npos);

    const std::string regex = rules_refusal("bad_regex.toml");
    CHECK(regex.find("bad_regex.toml:7") != std::string::npos);
    CHECK(regex.find("'regex'") != std::string::npos);
    CHECK(regex.find("(unclosed") != std::string::npos);

    const std::string no_name = rules_refusal("no_name.toml");
    CHECK(no_name.find("no_name.toml:1") != std::string::npos);
    CHECK(no_name.find("'name'") != std::string::npos);

    const std::string field = rules_refusal("bad_field.toml");
    CHECK(field.find("bad_field.toml:3") != std::string::npos);
    CHECK(field.find("'field'") != std::string::npos);
    CHECK(field.find("title") != std::string::npos);
}

TEST_CASE("a missing rule file or folder is refused by name", "[clean][rule-files]") {
    CHECK(rules_refusal("does_not_exist.toml").find("does_not_exist.toml") != std::string::npos);
    const test::TempDir empty("clean-rules");
    const std::string message =
        refusal([](const auto& path) { (void)clean::CleanRules::load_directory(path); }, empty.path());
    CHECK(message.find(empty.path().string()) != std::string::npos);
}

TEST_CASE("bad topic files are refused naming file, line and key", "[clean][rule-files][topic]") {
    const std::string weight = topic_refusal("topic_bad_weight.toml");
    CHECK(weight.find("topic_bad_weight.toml:6") != std::string::npos);
    CHECK(weight.find("'人工智能'") != std::string::npos);

    const std::string threshold = topic_refusal("topic_no_threshold.toml");
    CHECK(threshold.find("topic_no_threshold.toml") != std::string::npos);
    CHECK(threshold.find("'threshold'") != std::string::npos);

    const std::string zero = topic_refusal("topic_zero_weight.toml");
    CHECK(zero.find("topic_zero_weight.toml:4") != std::string::npos);
    CHECK(zero.find("'AI'") != std::string::npos);
}

TEST_CASE("user rules extend the shipped ones", "[clean][rule-files]") {
    const test::TempDir dir("clean-rules");
    {
        std::ofstream extra(dir / "site.toml");
        extra << "[[rule]]\nname = \"my-site-footer\"\nprefix = [\"城市日报网提醒您\"]\nmax_length = 40\n";
    }
    clean::CleanRules rules = test::repo_rules();
    rules.merge(clean::CleanRules::load_directory(dir.path()));
    clean::RawArticle raw;
    raw.paragraphs = {"记者从市交通运输局获悉,今年全市将新开通公交线路二十条,优化调整线路四十余条。", "城市日报网提醒您:注意出行安全"};
    const auto cleaned = clean::clean_article(raw, {}, rules);
    REQUIRE(cleaned.dropped.size() == 1);
    CHECK(cleaned.dropped[0].rule == "my-site-footer");
}

TEST_CASE("a regex that RE2 refuses is refused naming file, line, key and RE2's reason", "[clean][rule-files]") {
    // Lookahead was valid ECMAScript; RE2 has none (it would cost the linear time), so it is a configuration error.
    const test::TempDir dir("clean-rules");
    const auto path = dir / "lookahead.toml";
    {
        std::ofstream file(path);
        file << "[[rule]]\nname = \"lookahead\"\ncontains = [\"x\"]\nregex = [\"^x(?=y)\"]\n";
    }
    const std::string message = refusal([](const auto& file) { (void)clean::CleanRules::load_file(file); }, path);
    CHECK(message.find("lookahead.toml:4") != std::string::npos);
    CHECK(message.find("'regex'") != std::string::npos);
    CHECK(message.find("'^x(?=y)' is not a valid regular expression (invalid perl operator: (?=)") !=
          std::string::npos);
}

TEST_CASE("a rule regex on a 1 MB line finishes with the right answer", "[clean][rule-files][regex]") {
    // std::regex recursed once per repeated character and overflowed the stack on such a line.
    clean::CleanRules rules;
    clean::LineRule rule;
    rule.name = "all-a";
    rule.regex = {"^a+$"};
    rule.origin = "test";
    rules.add_line_rule(rule);
    const std::string long_line(1'000'000, 'a');
    const clean::LineRule* matched = rules.match_line(long_line, long_line.size());
    REQUIRE(matched != nullptr);
    CHECK(matched->name == "all-a");
    const std::string long_line_and_b = long_line + "b";
    CHECK(rules.match_line(long_line_and_b, long_line_and_b.size()) == nullptr);
}

TEST_CASE("a rule regex counts UTF-8 characters, not bytes", "[clean][rule-files][regex]") {
    clean::CleanRules rules;
    clean::LineRule rule;
    rule.name = "three-characters";
    rule.regex = {"^.{3}$"};
    rule.origin = "test";
    rules.add_line_rule(rule);
    CHECK(rules.match_line("量子位", 3) != nullptr);  // 9 bytes
    CHECK(rules.match_line("量子位。", 4) == nullptr);
}

TEST_CASE("a stuffed-word rule with min_count below 2 is refused with its line", "[clean][rule-files]") {
    CHECK(test::repo_rules().stuffed_word_rules().size() >= 1);
    const std::string message = rules_refusal("stuffed_min_count.toml");
    CHECK(message.find("stuffed_min_count.toml:2:") != std::string::npos);
    CHECK(message.find("once-is-enough") != std::string::npos);
    CHECK(message.find("min_count") != std::string::npos);
}
