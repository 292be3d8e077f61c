// Focus: near-duplicate detection: a repost inside mirror-site chrome stays within kNearDuplicateDistance of
// its original once both are cleaned; different articles of one site sharing its boilerplate do not.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"
#include "newsarc/clean/simhash.hpp"

using namespace newsarc;

namespace {

std::string data(const std::string& name) {
    return test::read_text(test::clean_data_dir() / "dedup" / name);
}

/// The body of `text` inside the given chrome, as one site page: head lines, the paragraphs, tail lines.
std::string wrapped(const std::string& head, const clean::RawArticle& article, const std::string& tail,
                    bool full_width_commas) {
    std::string out = head + "\n";
    for (auto paragraph : article.paragraphs) {
        if (full_width_commas) {
            for (std::size_t at = paragraph.find(','); at != std::string::npos; at = paragraph.find(',', at)) {
                paragraph.replace(at, 1, "，");
            }
        }
        out += paragraph + "\n";
    }
    return out + tail;
}

std::uint64_t cleaned_hash(const std::string& text) {
    return clean::simhash64(test::clean_text(text).body());
}

} // namespace

TEST_CASE("hamming distance counts differing bits", "[clean][simhash]") {
    CHECK(clean::hamming(0, 0) == 0);
    CHECK(clean::hamming(0, ~std::uint64_t{0}) == 64);
    CHECK(clean::hamming(0b1011, 0b0001) == 2);
    CHECK(clean::near_duplicate(0b111, 0));
    CHECK_FALSE(clean::near_duplicate(0b1111, 0));
}

TEST_CASE("simhash ignores layout and punctuation, not content", "[clean][simhash]") {
    const std::string body = test::read_text(test::seed_file("000"));
    const auto article = test::article_from_text(body);
    std::string joined;
    for (const auto& paragraph : article.paragraphs) {
        joined += paragraph;
    }
    std::string spaced;
    for (const auto& paragraph : article.paragraphs) {
        spaced += "  " + paragraph + "\n\n";
    }
    CHECK(clean::simhash64(joined) == clean::simhash64(spaced));
    CHECK(clean::simhash64("") == 0);
    CHECK(clean::simhash64("ab") != 0);
    CHECK(clean::simhash64("人工智能") != clean::simhash64("人工智慧"));
}

TEST_CASE("a repost in mirror-site chrome is a near-duplicate of its original", "[clean][simhash]") {
    for (const char* seed : {"000", "002", "004"}) {
        INFO("seed " << seed);
        const std::string original = test::read_text(test::seed_file(seed));
        const auto article = test::article_from_text(original);
        const std::string mirror = wrapped(data("mirror_head.txt"), article, data("mirror_tail.txt"), true);
        const int distance = clean::hamming(cleaned_hash(original), cleaned_hash(mirror));
        INFO("distance " << distance);
        CHECK(distance <= clean::kNearDuplicateDistance);
    }
}

TEST_CASE("two articles of one site sharing its boilerplate are not near-duplicates", "[clean][simhash]") {
    const auto files = test::text_files(test::clean_data_dir() / "non_ai");
    REQUIRE(files.size() >= 6);
    const std::string head = data("site_head.txt");
    const std::string tail = data("site_tail.txt");
    std::vector<std::uint64_t> hashes;
    for (std::size_t i = 0; i < 6; ++i) {
        const auto article = test::article_from_text(test::read_text(files[i]));
        const std::string page = wrapped(head, article, tail, false);
        // Some of the site's boilerplate survives cleaning (the site's self-description reads like prose),
        // so the pages really do share text.
        REQUIRE(test::clean_text(page).body().find("城市日报网是本市重点新闻网站") != std::string::npos);
        hashes.push_back(cleaned_hash(page));
    }
    for (std::size_t a = 0; a < hashes.size(); ++a) {
        for (std::size_t b = a + 1; b < hashes.size(); ++b) {
            INFO(files[a].filename().string() << " vs " << files[b].filename().string() << ": distance "
                                              << clean::hamming(hashes[a], hashes[b]));
            CHECK(clean::hamming(hashes[a], hashes[b]) > clean::kNearDuplicateDistance);
        }
    }
}
