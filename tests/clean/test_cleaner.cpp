// Focus: the clean_article pipeline on small made-up articles: rules with max_length, related lists, keyword
// spam, title repeats, fields taken from lines, the main content block, and switching steps off.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "newsarc/base/result.hpp"

#include "clean_test_data.hpp"

using namespace newsarc;
using newsarc::test::repo_rules;

namespace {

const std::string kParagraph1 =
    "记者从市交通运输局获悉,今年全市将新开通公交线路二十条,优化调整线路四十余条,重点解决新建小区和产业园区的出行难题。";
const std::string kParagraph2 =
    "据介绍,新开通的线路将在早晚高峰时段加密班次,部分线路还将与地铁站点实现无缝衔接,方便市民换乘。";
const std::string kParagraph3 =
    "交通部门表示,市民可以通过官方客户端查询实时公交信息,也可以在站台的电子站牌上查看车辆到站时间。";

clean::CleanArticle clean_lines(std::vector<std::string> lines, std::string title = {},
                                const clean::CleanOptions& options = {}) {
    clean::RawArticle raw;
    raw.title = std::move(title);
    raw.paragraphs = std::move(lines);
    return clean::clean_article(raw, options, repo_rules());
}

bool dropped_as(const clean::CleanArticle& article, std::string_view text, clean::DropReason reason) {
    return std::any_of(article.dropped.begin(), article.dropped.end(), [&](const clean::DroppedLine& line) {
        return line.text == text && line.reason == reason;
    });
}

} // namespace

TEST_CASE("a widget line goes, a real paragraph that mentions the same words stays", "[clean][rules]") {
    const std::string mentions =
        "不少网友在社交平台分享了自己的观影感受,一条评论获得了上万次点赞和收藏,有人感慨这部电影让人重新思考家庭的意义。";
    const auto cleaned = clean_lines({kParagraph1, "分享", "点赞 12", mentions, "收藏", kParagraph2});
    CHECK(cleaned.paragraphs == std::vector<std::string>{kParagraph1, mentions, kParagraph2});
    CHECK(dropped_as(cleaned, "分享", clean::DropReason::boilerplate));
    CHECK(dropped_as(cleaned, "点赞 12", clean::DropReason::boilerplate));
}

TEST_CASE("a related-articles heading takes its headline list with it", "[clean][rules]") {
    const auto cleaned =
        clean_lines({kParagraph1, kParagraph2, "相关阅读", "本市今年将新建改建公园绿地五十处", "地铁三号线二期工程进入铺轨阶段",
                     kParagraph3});
    CHECK(cleaned.paragraphs == std::vector<std::string>{kParagraph1, kParagraph2, kParagraph3});
    CHECK(dropped_as(cleaned, "地铁三号线二期工程进入铺轨阶段", clean::DropReason::related_list));
}

TEST_CASE("keyword spam is recognised by its shape", "[clean][spam]") {
    const std::string pipes = "网站模板: 春天的花开在路边| 夏天的风吹过山岗| 秋天的叶落满小院| 冬天的雪盖住屋顶| "
                              "清晨的鸟叫醒村庄| 傍晚的云染红天边| 深夜的灯照亮书桌";
    const std::string dashes = "最新楼盘-二手房 出租 买卖 中介-学区房急售-地铁口精装修好房-低价急售房源信息大全";
    const std::string english = "Post Doc Researcher - Machine Learning and Reinforcement Learning - Staff Engineer";
    const std::string tags = "大模型 平台企业 人工智能";
    const auto cleaned = clean_lines({kParagraph1, pipes, kParagraph2, dashes, english, tags, kParagraph3});
    CHECK(dropped_as(cleaned, pipes, clean::DropReason::seo_spam));
    CHECK(dropped_as(cleaned, dashes, clean::DropReason::seo_spam));
    CHECK_FALSE(dropped_as(cleaned, english, clean::DropReason::seo_spam));
    CHECK_FALSE(dropped_as(cleaned, tags, clean::DropReason::seo_spam));
}

TEST_CASE("the title repeated in the body goes, and a junk-prefixed title is tidied", "[clean][title]") {
    const auto repeated = clean_lines({"公交线路今年大调整", kParagraph1, kParagraph2}, "公交线路今年大调整");
    CHECK(repeated.paragraphs == std::vector<std::string>{kParagraph1, kParagraph2});
    CHECK(dropped_as(repeated, "公交线路今年大调整", clean::DropReason::title_repeat));

    const auto junk = clean_lines({"?公交线路今年大调整", kParagraph1, kParagraph2}, "49054 ?公交线路今年大调整");
    CHECK(junk.title == "公交线路今年大调整");
    CHECK(junk.paragraphs.size() == 2);

    const auto suffixed = clean_lines({"公交线路今年大调整", kParagraph1}, "公交线路今年大调整_城市日报网");
    CHECK(suffixed.title == "公交线路今年大调整");

    // A line that merely starts like the title is content.
    const auto prose = clean_lines({"公交线路今年大调整,涉及六十余条线路。", kParagraph1}, "公交线路今年大调整");
    CHECK(prose.paragraphs.size() == 2);
}

TEST_CASE("date, source and author lines fill empty fields", "[clean][fields]") {
    const auto cleaned = clean_lines({"发布时间:2023年3月22日 9:05", "来源:城市日报", "作者 | 张三", kParagraph1, kParagraph2});
    CHECK(cleaned.published_at == "2023-03-22 09:05");
    CHECK(cleaned.source == "城市日报");
    CHECK(cleaned.author == "张三");
    CHECK(cleaned.paragraphs == std::vector<std::string>{kParagraph1, kParagraph2});

    // A field that is already set is kept; the line still goes.
    clean::RawArticle raw;
    raw.source = "观察者网";
    raw.published_at = "2023-03-22 18:00";
    raw.paragraphs = {"2023-03-21", "来源:别处", kParagraph1};
    const auto kept = clean::clean_article(raw, {}, repo_rules());
    CHECK(kept.source == "观察者网");
    CHECK(kept.published_at == "2023-03-22 18:00");
    CHECK(kept.paragraphs == std::vector<std::string>{kParagraph1});
}

TEST_CASE("a repost notice names the source and stays", "[clean][fields]") {
    const std::string notice = "本文来自微信公众号“城市观察”(ID:citywatch),作者:李四,经授权发布。";
    const auto cleaned = clean_lines({notice, kParagraph1, kParagraph2});
    CHECK(cleaned.source == "城市观察");
    CHECK(cleaned.paragraphs.front() == notice);
}

TEST_CASE("date lines in the accepted forms", "[clean][fields]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"2023-05-25 18:10:01", "2023-05-25 18:10"}, {"2023/11/08", "2023-11-08"}, {"2023.1.8", "2023-01-08"},
        {"2023年3月22日", "2023-03-22"},            {"日期:2024-02-29", "2024-02-29"}, {"2023-03-22T08:00", "2023-03-22 08:00"},
    };
    for (const auto& [line, value] : cases) {
        INFO(line);
        CHECK(clean_lines({line, kParagraph1}).published_at == value);
    }
    for (const char* not_date : {"2023-13-01", "2023-05-25 25:00", "1985年出生", "2023年3月22日,记者来到现场"}) {
        INFO(not_date);
        CHECK(clean_lines({not_date, kParagraph1}).published_at.empty());
    }
}

TEST_CASE("the main content block keeps the prose and cuts the short chrome around it", "[clean][main-block]") {
    const std::vector<std::string> chrome_before = {"城市日报网", "本地新闻", "阅读 1287", "网友互动区"};
    const std::vector<std::string> chrome_after = {"城市日报社主办", "下载客户端看更多新闻", "2", "意见箱"};
    std::vector<std::string> lines = chrome_before;
    const std::vector<std::string> article = {kParagraph1, "一、线路调整", kParagraph2, "二、换乘优惠", kParagraph3};
    lines.insert(lines.end(), article.begin(), article.end());
    lines.insert(lines.end(), chrome_after.begin(), chrome_after.end());
    const auto cleaned = clean_lines(lines);
    CHECK(cleaned.paragraphs == article);  // the short headings inside the article stay
    CHECK(dropped_as(cleaned, "城市日报网", clean::DropReason::outside_main));
    CHECK(dropped_as(cleaned, "意见箱", clean::DropReason::outside_main));

    // Text without prose is not cut at all.
    const std::vector<std::string> list = {"北京", "上海", "广州"};
    CHECK(clean_lines(list).paragraphs == list);
}

TEST_CASE("short unpunctuated lines that occur twice go", "[clean][repeats]") {
    const auto cleaned = clean_lines({kParagraph1, "城市日报网推荐", kParagraph2, "城市日报网推荐", kParagraph3});
    CHECK(cleaned.paragraphs == std::vector<std::string>{kParagraph1, kParagraph2, kParagraph3});
    CHECK(dropped_as(cleaned, "城市日报网推荐", clean::DropReason::repeated_line));
}

TEST_CASE("every step can be switched off", "[clean][options]") {
    const std::vector<std::string> lines = {"分享", kParagraph1, "做個(gè)", kParagraph2, "城市日报网", "2023/11/08"};
    clean::CleanOptions off;
    for (const auto& name : clean::CleanOptions::step_names()) {
        REQUIRE(off.set_step(name, false));
    }
    CHECK_FALSE(off.set_step("no-such-step", false));
    const auto untouched = clean_lines(lines, {}, off);
    CHECK(untouched.paragraphs == lines);
    CHECK(untouched.dropped.empty());

    clean::CleanOptions no_pinyin;
    no_pinyin.pinyin = false;
    const auto kept = clean_lines({kParagraph1, "他说做個(gè)好人,这是一句很长的测试文字,用来说明拼音注音可以保留。"}, {},
                                  no_pinyin);
    CHECK(kept.paragraphs.back().find("(gè)") != std::string::npos);
}

TEST_CASE("script conversion with OpenCC is off by default and converts when asked", "[clean][convert]") {
    const std::string traditional = "阿里也想做個“賣鏟子”的人,開源讓阿里的大模型有了不一樣的發展。";
    CHECK(clean_lines({traditional}).paragraphs.front() == traditional);
    clean::CleanOptions t2s;
    t2s.convert = "t2s";
    const auto converted = clean_lines({traditional}, "阿里也想做個“賣鏟子”的人", t2s);
    CHECK(converted.paragraphs.front() == "阿里也想做个“卖铲子”的人,开源让阿里的大模型有了不一样的发展。");
    CHECK(converted.title == "阿里也想做个“卖铲子”的人");
    CHECK(clean::convert_script("軟體", "tw2sp.json") == "软件");

    clean::CleanOptions bad;
    bad.convert = "no-such-conversion";
    CHECK_THROWS_AS(clean_lines({traditional}, {}, bad), newsarc::Failure);
}
