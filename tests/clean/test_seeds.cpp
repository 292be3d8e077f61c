// Focus: the five seed articles cleaned with the repository's rules: what must go, and that every article
// paragraph stays (001 against a hand-checked expected file; 000, 002, 003, 004 against their own lines).
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"
#include "newsarc/clean/text.hpp"

using namespace newsarc;
using newsarc::test::clean_text;
using newsarc::test::non_empty_lines;
using newsarc::test::read_text;
using newsarc::test::seed_file;

namespace {

bool any_paragraph_contains(const clean::CleanArticle& article, std::string_view needle) {
    return std::any_of(article.paragraphs.begin(), article.paragraphs.end(),
                       [&](const std::string& paragraph) { return paragraph.find(needle) != std::string::npos; });
}

/// True when some "(...)" of the text is a toned pinyin syllable.
bool has_pinyin_annotation(std::string_view text) {
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        const std::size_t close = text.find(')', open);
        if (close != std::string_view::npos && clean::is_toned_pinyin_syllable(text.substr(open + 1, close - open - 1))) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> normalized(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) {
        out.push_back(clean::remove_pinyin_annotations(clean::normalize_line(line)));
    }
    return out;
}

} // namespace

TEST_CASE("seed 001 cleans to the hand-checked expected text", "[clean][seeds]") {
    const auto cleaned = clean_text(read_text(seed_file("001")));
    const std::string expected = read_text(test::clean_data_dir() / "001.expected.txt");
    const auto expected_lines = non_empty_lines(expected);
    REQUIRE(cleaned.paragraphs.size() == expected_lines.size());
    for (std::size_t i = 0; i < expected_lines.size(); ++i) {
        INFO("paragraph " << i);
        CHECK(cleaned.paragraphs[i] == expected_lines[i]);
    }
    CHECK(cleaned.body() == expected);
    // The title loses its "49054 ?" junk (its repeat in the body shows the clean form), the fields are filled
    // from "2023/11/08" and "本文來自于微信公眾號“鋅產業”".
    CHECK(cleaned.title == "阿里也想做個“賣鏟子”的人");
    CHECK(cleaned.published_at == "2023-11-08");
    CHECK(cleaned.source == "鋅產業");
}

TEST_CASE("seed 001 has no spam, pinyin, hotline, comment, copyright or ICP line left", "[clean][seeds]") {
    const std::string raw = read_text(seed_file("001"));
    REQUIRE(has_pinyin_annotation(raw));
    const auto cleaned = clean_text(raw);
    for (const auto& paragraph : cleaned.paragraphs) {
        INFO(paragraph);
        CHECK_FALSE(has_pinyin_annotation(paragraph));
        CHECK(paragraph.find("/span>") == std::string::npos);
    }
    CHECK(has_pinyin_annotation(cleaned.title) == false);
    for (const char* gone : {"蜘蛛池", "久久精品", "熱線", "400-858-9000", "評論", "還可輸入", "Copyright", "版權所有",
                             "ICP", "公網安備", "App下載", "在線客服", "國內專業的一站式"}) {
        INFO(gone);
        CHECK_FALSE(any_paragraph_contains(cleaned, gone));
    }
    // Real parentheses survive.
    CHECK(any_paragraph_contains(cleaned, "(ID:xinchanye2021)"));
    CHECK(any_paragraph_contains(cleaned, "Scalling Law(規模定理)"));
    // Both repeats of the title and the two image placeholders went.
    const auto count_reason = [&](clean::DropReason reason) {
        return std::count_if(cleaned.dropped.begin(), cleaned.dropped.end(),
                             [&](const clean::DroppedLine& line) { return line.reason == reason; });
    };
    CHECK(count_reason(clean::DropReason::title_repeat) == 2);
    CHECK(count_reason(clean::DropReason::seo_spam) == 2);
}

TEST_CASE("seed 002 keeps the reposted article and nothing of the chrome around it", "[clean][seeds]") {
    const std::string raw = read_text(seed_file("002"));
    const auto lines = non_empty_lines(raw);
    const auto first = std::find_if(lines.begin(), lines.end(),
                                    [](const std::string& line) { return line.rfind("猎聘、脉脉、BOSS直聘", 0) == 0; });
    // The article's last paragraph is the one before the 虎嗅 slogan that closes every 虎嗅 article.
    const auto slogan = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
        return line.rfind("正在改变与想要改变世界的人", 0) == 0;
    });
    REQUIRE(first != lines.end());
    REQUIRE(slogan != lines.end());
    REQUIRE(first < slogan);
    const std::vector<std::string> article(first, slogan);
    REQUIRE(article.back().rfind("对于国内大模型创业公司未来的发展趋势", 0) == 0);

    const auto cleaned = clean_text(raw);
    CHECK(cleaned.paragraphs == normalized(article));
    CHECK(cleaned.source == "虎嗅APP");
    CHECK(cleaned.published_at == "2023-05-25 18:10");
    for (const char* chrome : {"花粉", "乐学堂", "点赞", "免责声明", "签到", "圈友", "ICP", "虎嗅APP"}) {
        INFO(chrome);
        CHECK_FALSE(any_paragraph_contains(cleaned, chrome));
    }
}

TEST_CASE("seed 004 loses its content-farm opener and byline, nothing else", "[clean][seeds]") {
    const std::string raw = read_text(seed_file("004"));
    const auto lines = non_empty_lines(raw);
    REQUIRE(lines.size() > 3);
    REQUIRE(lines[0].rfind("今天小编分享的", 0) == 0);
    const auto cleaned = clean_text(raw);
    CHECK_FALSE(any_paragraph_contains(cleaned, "小编"));
    CHECK_FALSE(any_paragraph_contains(cleaned, "欢迎阅读"));
    CHECK(cleaned.author == "黄昱");
    CHECK(cleaned.paragraphs == normalized(std::vector<std::string>(lines.begin() + 3, lines.end())));
    REQUIRE(cleaned.dropped.size() == 3);
    CHECK(cleaned.dropped[0].rule == "content-farm-opener");
}

TEST_CASE("seed 000 keeps every paragraph and loses only the trailing widget lines", "[clean][seeds]") {
    const std::string raw = read_text(seed_file("000"));
    const auto article = test::article_from_text(raw);
    REQUIRE(article.paragraphs.size() > 2);
    REQUIRE(article.paragraphs[article.paragraphs.size() - 2] == "今日关注");
    REQUIRE(article.paragraphs.back() == "更多");
    const auto cleaned = clean::clean_article(article, {}, test::repo_rules());
    CHECK(cleaned.title == article.title);
    CHECK(cleaned.published_at == "2023-03-22 18:00");
    CHECK(cleaned.source == "观察者网");
    CHECK(cleaned.paragraphs ==
          std::vector<std::string>(article.paragraphs.begin(), article.paragraphs.end() - 2));
    REQUIRE(cleaned.dropped.size() == 2);
    CHECK(cleaned.dropped[0].text == "今日关注");
    CHECK(cleaned.dropped[1].text == "更多");
}

TEST_CASE("seed 003 is all article: nothing is dropped, the pinyin annotations go", "[clean][seeds]") {
    const std::string raw = read_text(seed_file("003"));
    const auto cleaned = clean_text(raw);
    CHECK(cleaned.dropped.empty());
    CHECK(cleaned.paragraphs == normalized(non_empty_lines(raw)));
    CHECK(cleaned.paragraphs.front().rfind("要問2023年的創投圈什么最熱鬧", 0) == 0);
    CHECK(any_paragraph_contains(cleaned, "跨度理論(FOCS)"));
    for (const auto& paragraph : cleaned.paragraphs) {
        CHECK_FALSE(has_pinyin_annotation(paragraph));
    }
}
