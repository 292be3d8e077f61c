// Focus: idempotence, as a property over every text the clean tests know: cleaning a cleaned article changes
// nothing (fields, paragraphs), with the default steps and with script conversion.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"

using namespace newsarc;

namespace {

/// Every text: the seeds, the test data folders, and the repost/near-miss texts built from them.
std::vector<std::pair<std::string, std::string>> all_texts() {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& file : test::seed_files()) {
        texts.emplace_back(file.filename().string(), test::read_text(file));
    }
    const auto data = test::clean_data_dir();
    for (const char* folder : {"non_ai", "short_ai_once", "short_ai_relevant"}) {
        for (const auto& file : test::text_files(data / folder)) {
            texts.emplace_back(std::string(folder) + "/" + file.filename().string(), test::read_text(file));
        }
    }
    for (const char* folder : {"topic/ai", "topic/other"}) {
        for (const auto& file : test::text_files(data / folder)) {
            texts.emplace_back(std::string(folder) + "/" + file.filename().string(), test::read_text(file));
        }
    }
    for (const auto& entry : std::filesystem::directory_iterator(data / "fixtures")) {
        if (entry.is_directory()) {
            texts.emplace_back("fixture " + entry.path().filename().string(), test::read_text(entry.path() / "input.txt"));
        }
    }
    texts.emplace_back("001.expected.txt", test::read_text(data / "001.expected.txt"));
    const std::string head = test::read_text(data / "dedup" / "mirror_head.txt");
    const std::string tail = test::read_text(data / "dedup" / "mirror_tail.txt");
    for (const auto& file : test::seed_files()) {
        std::string page = head + "\n";
        for (const auto& paragraph : test::article_from_text(test::read_text(file)).paragraphs) {
            page += paragraph + "\n";
        }
        texts.emplace_back("mirror of " + file.filename().string(), page + tail);
    }
    // Hostile odds and ends in one text.
    texts.emplace_back("synthetic", "标题\n\n&amp;lt;p&amp;gt;\xE2\x80\x8B?开头&nbsp;的段落,内容足够长,用来检验清洗的幂等性。</span>\n"
                                    "?!?/span>\n分享\n分享\n 做個(gè)(gè)人 \n2023/11/08\n来源:测试\n"
                                    "甲 乙 丙 丁 戊 己 庚 辛 壬 癸 子 丑 寅 卯 辰 巳\n相关阅读\n标题一\n标题二\n"
                                    "最后一段同样足够长,并且有句号结尾,确保主体块的判断稳定。");
    return texts;
}

void check_idempotent(const std::string& name, const std::string& text, const clean::CleanOptions& options) {
    INFO(name);
    const clean::CleanArticle once = test::clean_text(text, options);
    const clean::CleanArticle twice = clean::clean_article(test::as_raw(once), options, test::repo_rules());
    CHECK(twice.title == once.title);
    CHECK(twice.author == once.author);
    CHECK(twice.source == once.source);
    CHECK(twice.published_at == once.published_at);
    CHECK(twice.paragraphs == once.paragraphs);
    CHECK(twice.dropped.empty());
}

} // namespace

TEST_CASE("cleaning a cleaned text changes nothing", "[clean][idempotence]") {
    const auto texts = all_texts();
    REQUIRE(texts.size() >= 40);
    for (const auto& [name, text] : texts) {
        check_idempotent(name, text, {});
    }
}

TEST_CASE("cleaning with t2s conversion is idempotent too", "[clean][idempotence][convert]") {
    clean::CleanOptions t2s;
    t2s.convert = "t2s";
    for (const auto& [name, text] : all_texts()) {
        check_idempotent(name, text, t2s);
    }
}
