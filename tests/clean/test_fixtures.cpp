// Focus: the cleaning fixtures of tests/clean/data/fixtures, one folder per noise kind met on real mirror and spam
// pages (a spam brand stuffed into sentences, document-sharing chrome, markdown image artefacts, ...): input.txt
// cleaned with the repository's rules must give expected.txt (the title, an empty line, the paragraphs separated
// by empty lines), and the cases that show what must stay (a report about the brand, words an article repeats,
// real parentheses) expect their input unchanged.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"

using namespace newsarc;

namespace {

std::vector<std::filesystem::path> fixture_dirs() {
    std::vector<std::filesystem::path> dirs;
    for (const auto& entry : std::filesystem::directory_iterator(test::clean_data_dir() / "fixtures")) {
        if (entry.is_directory()) {
            dirs.push_back(entry.path());
        }
    }
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

bool dropped_by(const clean::CleanArticle& article, clean::DropReason reason) {
    return std::any_of(article.dropped.begin(), article.dropped.end(),
                       [&](const clean::DroppedLine& line) { return line.reason == reason; });
}

} // namespace

TEST_CASE("every cleaning fixture cleans to its expected text", "[clean][fixtures]") {
    const auto dirs = fixture_dirs();
    REQUIRE(dirs.size() >= 8);
    for (const auto& dir : dirs) {
        INFO(dir.filename().string());
        const auto cleaned = test::clean_text(test::read_text(dir / "input.txt"));
        const std::string expected = test::read_text(dir / "expected.txt");
        const std::size_t title_end = expected.find("\n\n");
        REQUIRE(title_end != std::string::npos);
        CHECK(cleaned.title == expected.substr(0, title_end));
        CHECK(cleaned.body() == expected.substr(title_end + 2));
    }
}

TEST_CASE("a stuffed brand is cut from the sentences and named in what was dropped", "[clean][fixtures][stuffed]") {
    const auto dir = test::clean_data_dir() / "fixtures";
    const auto simplified = test::clean_text(test::read_text(dir / "stuffed-brand-in-ai-article" / "input.txt"));
    CHECK(std::count_if(simplified.dropped.begin(), simplified.dropped.end(), [](const clean::DroppedLine& line) {
              return line.reason == clean::DropReason::stuffed_word && line.text == "必一运动" &&
                     line.rule == "gambling-brands";
          }) == 3);
    const auto traditional = test::clean_text(test::read_text(dir / "stuffed-brand-traditional" / "input.txt"));
    CHECK(dropped_by(traditional, clean::DropReason::stuffed_word));
    // What must stay: the site's own name in a report about it, and words an article genuinely repeats.
    for (const char* kept : {"stuffed-brand-genuine-report", "genuine-repeats-and-parentheses"}) {
        INFO(kept);
        const auto cleaned = test::clean_text(test::read_text(dir / kept / "input.txt"));
        CHECK(cleaned.dropped.empty());
    }
}

TEST_CASE("a word below min_count, or the step switched off, leaves the text alone", "[clean][fixtures][stuffed]") {
    clean::RawArticle twice;
    twice.title = "标题";
    twice.paragraphs = {"第一段提到必一运动一次，内容足够长，是一个完整的句子。", "第二段又提到必一运动，同样是完整的句子。"};
    CHECK(clean::clean_article(twice, {}, test::repo_rules()).paragraphs == twice.paragraphs);

    const auto input = test::read_text(test::clean_data_dir() / "fixtures" / "stuffed-brand-in-ai-article" / "input.txt");
    clean::CleanOptions off;
    REQUIRE(off.set_step("stuffed_words", false));
    const auto cleaned = test::clean_text(input, off);
    CHECK_FALSE(dropped_by(cleaned, clean::DropReason::stuffed_word));
    CHECK(cleaned.body().find("必一运动") != std::string::npos);
}
