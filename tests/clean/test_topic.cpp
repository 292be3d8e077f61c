// Focus: AI-industry relevance (configs/topics/ai-industry.toml): the seeds score above the default threshold,
// news from other fields and short pages that mention "AI" once below it; how terms match.
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"

using namespace newsarc;

namespace {

double score_of(const std::string& text) {
    const auto cleaned = test::clean_text(text);
    return test::ai_topic().score(cleaned.title, cleaned.body());
}

} // namespace

TEST_CASE("the topic file loads with its default threshold", "[clean][topic]") {
    const auto& topic = test::ai_topic();
    CHECK(topic.name() == "ai-industry");
    CHECK(topic.threshold() > 0);
    CHECK(topic.terms().size() > 50);
}

TEST_CASE("every seed is relevant", "[clean][topic]") {
    for (const auto& file : test::seed_files()) {
        INFO(file.filename().string() << " scores " << score_of(test::read_text(file)));
        CHECK(score_of(test::read_text(file)) >= test::ai_topic().threshold());
    }
}

TEST_CASE("news from other fields is not relevant", "[clean][topic]") {
    const auto files = test::text_files(test::clean_data_dir() / "non_ai");
    REQUIRE(files.size() >= 20);
    for (const auto& file : files) {
        const std::string text = test::read_text(file);
        const auto cleaned = test::clean_text(text);
        INFO(file.filename().string() << " scores " << score_of(text));
        // The test texts are clean article prose: cleaning takes nothing from them.
        CHECK(cleaned.dropped.empty());
        CHECK(score_of(text) < test::ai_topic().threshold());
    }
}

TEST_CASE("a short page that mentions AI once is not relevant but a short AI news item is", "[clean][topic]") {
    const auto once = test::text_files(test::clean_data_dir() / "short_ai_once");
    REQUIRE(once.size() >= 5);
    for (const auto& file : once) {
        const std::string text = test::read_text(file);
        const auto cleaned = test::clean_text(text);
        const auto hits = test::ai_topic().hits(cleaned.title, cleaned.body());
        INFO(file.filename().string() << " scores " << score_of(text));
        REQUIRE(hits.size() == 1);
        CHECK(hits.front().term == "AI");
        CHECK(hits.front().title_count + hits.front().body_count == 1);
        CHECK(score_of(text) < test::ai_topic().threshold());
    }
    for (const auto& file : test::text_files(test::clean_data_dir() / "short_ai_relevant")) {
        INFO(file.filename().string() << " scores " << score_of(test::read_text(file)));
        CHECK(score_of(test::read_text(file)) >= test::ai_topic().threshold());
    }
}

TEST_CASE("ASCII terms match case-insensitively and as whole words only", "[clean][topic]") {
    const clean::TopicModel topic("t", {{"AI", 1.0}, {"ChatGPT", 2.0}, {"生成式AI", 3.0}, {"大模型", 1.0}}, 1.0, 3.0);
    const auto hits = [&](const std::string& body) {
        int total = 0;
        for (const auto& hit : topic.hits("", body)) {
            total += hit.body_count;
        }
        return total;
    };
    CHECK(hits("OpenAI发布了新模型") == 0);
    CHECK(hits("MAIL和SAID") == 0);
    CHECK(hits("AI大模型,ai芯片,(AI)") == 4);
    CHECK(hits("chatgpt和CHATGPT") == 2);
    CHECK(hits("生成式AI") == 2);  // the phrase and the word inside it
    // Title hits weigh title_weight times; repeats add less than new terms.
    CHECK(topic.score("大模型", "") == Approx(3.0));
    CHECK(topic.score("", "大模型大模型") < topic.score("", "大模型 ChatGPT") );
}

TEST_CASE("a long text needs proportionally more evidence", "[clean][topic]") {
    const clean::TopicModel topic("t", {{"大模型", 2.0}}, 1.0, 3.0, 1000.0);
    const std::string filler(3000, 'x');  // 3000 characters
    CHECK(topic.score("", "大模型") == Approx(2.0));
    CHECK(topic.score("", "大模型" + filler) < topic.score("", "大模型"));
}

TEST_CASE("full-width letters match as ASCII and a not-term hides the term inside it", "[clean][topic]") {
    const clean::TopicModel topic("t", {{"AI", 1.0}, {"GPU", 1.0}, {"智能体", 2.0}}, 1.0, 3.0, 3000.0,
                                  {"智能体育", "智能体验"});
    const auto count = [&](const std::string& body) {
        int total = 0;
        for (const auto& hit : topic.hits("", body)) {
            total += hit.body_count;
        }
        return total;
    };
    CHECK(count("ＡＩ晶片與ＧＰＵ") == 2);
    CHECK(count("ＯｐｅｎＡＩ") == 0);  // still whole words only
    CHECK(count("智能体育场馆和智能体验店") == 0);
    CHECK(count("企业部署智能体，智能体育场馆") == 1);
    // The repository's topic knows the same words.
    CHECK(test::ai_topic().hits("", "智能體育場館的智能體驗").empty());
}

TEST_CASE("under a title without a term, a passing mention counts less", "[clean][topic]") {
    const clean::TopicModel topic("t", {{"人工智能", 2.0}, {"算力", 2.0}, {"大模型", 2.0}}, 1.0, 3.0, 3000.0, {}, 0.5);
    const double twice = 2.0 * (1 + std::log(2.0));
    // Every term once, fewer than three terms, or all terms in one paragraph of several: half.
    CHECK(topic.score("", "发展5G、人工智能、算力、大模型等新基建。") == Approx(3.0));
    CHECK(topic.score("", "人工智能需要算力。\n\n算力中心开工。") == Approx(0.5 * (2.0 + twice)));
    CHECK(topic.score("", "人工智能需要算力和大模型，算力需要电。\n\n另一段讲别的事情。") ==
          Approx(0.5 * (2.0 + twice + 2.0)));
    // Three terms, one of them twice, in two paragraphs; or a title that names the topic: full weight.
    CHECK(topic.score("", "人工智能需要算力。\n\n算力支撑大模型。") == Approx(2.0 + twice + 2.0));
    CHECK(topic.score("算力", "发展5G、人工智能。") == Approx(6.0 + 2.0));
}
