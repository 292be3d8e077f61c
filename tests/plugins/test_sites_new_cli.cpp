// Focus: `newsarc sites new` through the real executable (issue #22): the site it writes, `extract` and
// `plugins test` over it at once, and bad input refused with a clear message and nothing written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

std::string page(const char* name) {
    return (newsarc::test::shared_dir() / "sites" / "generic-dev" / name).string();
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool empty_dir(const fs::path& dir) {
    return !fs::exists(dir) || fs::is_empty(dir);
}

const std::string kSohu1 = "https://www.sohu.com/a/778336904_120702";
const std::string kSohu2 = "https://www.sohu.com/a/780060546_458722";

} // namespace

TEST_CASE("sites new writes a site that extract and plugins test use at once", "[plugins][sites_new][cli][issue-22]") {
    newsarc::test::TempDir out("sites-new-cli");
    const auto made = newsarc::test::run_cli({"sites", "new", "sohu_news", "--article", page("sohu_1.html") + "=" + kSohu1,
                                              "--article", page("sohu_2.html") + "=" + kSohu2, "--out", out.path().string()});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    // Per field: the selector and on how many pages it agreed.
    CHECK(made.out.find("title\t2/2\th1") != std::string::npos);
    CHECK(made.out.find("body\t2/2\t") != std::string::npos);
    CHECK(made.out.find("time\t2/2\t") != std::string::npos);
    CHECK(fs::is_regular_file(out / "sohu_news.toml"));
    CHECK(fs::is_regular_file(out / "sohu_news" / "README.md"));
    const fs::path fixture = out / "sohu_news" / "fixtures" / "article-sohu-1";
    REQUIRE(fs::is_regular_file(fixture / "expected.json"));
    const auto expected = nlohmann::json::parse(read_text(fixture / "expected.json"));
    CHECK(expected["title"] == "中法经贸合作广度深度不断拓展");
    CHECK(nlohmann::json::parse(read_text(fixture / "meta.json"))["url"] == kSohu1);
    CHECK(read_text(out / "sohu_news" / "README.md").find("sohu_1.html") != std::string::npos);

    // A page the site was not inferred from.
    const auto extracted = newsarc::test::run_cli({"extract", page("sohu_3.html"), "--url",
                                                   "http://www.sohu.com/a/434365209_123753", "--plugin", "sohu_news",
                                                   "--sites-dir", out.path().string(), "--json"});
    INFO(extracted.err);
    REQUIRE(extracted.exit_code == 0);
    const auto json = nlohmann::json::parse(extracted.out);
    CHECK(json["plugin"] == "sohu_news");
    CHECK(json["title"] == "刺死辱母者于欢的罪与悔：出狱第一晚仅睡三四个小时");
    CHECK(json["published_at"] == "2020-11-26T08:04:00+08:00");

    const auto tested = newsarc::test::run_cli({"plugins", "test", "sohu_news", "--sites-dir", out.path().string()});
    INFO(tested.out << tested.err);
    CHECK(tested.exit_code == 0);
    CHECK(tested.out.find("2 passed, 0 failed") != std::string::npos);

    // An edited expectation shows as a field-level difference.
    auto edited = expected;
    edited["title"] = "另一个标题";
    std::ofstream(fixture / "expected.json") << edited.dump(2);
    const auto failing = newsarc::test::run_cli({"plugins", "test", "sohu_news", "--sites-dir", out.path().string()});
    CHECK(failing.exit_code == 1);
    CHECK(failing.out.find("FAIL sohu_news/article-sohu-1") != std::string::npos);
    CHECK(failing.out.find("title: expected '另一个标题', found '中法经贸合作广度深度不断拓展'") != std::string::npos);
    CHECK(failing.out.find("1 passed, 1 failed") != std::string::npos);
}

TEST_CASE("sites new learns the article URL pattern from list pages too", "[plugins][sites_new][cli][issue-22]") {
    newsarc::test::TempDir out("sites-new-list");
    const auto made = newsarc::test::run_cli(
        {"sites", "new", "qq_news", "--article", page("qq_1.html") + "=https://new.qq.com/rain/a/20240513A00GCM00",
         "--article", page("qq_2.html") + "=https://new.qq.com/rain/a/20240518A060RN00", "--list",
         page("list_qq_1.html") + "=https://news.qq.com/", "--out", out.path().string()});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("generalised with ") != std::string::npos);
    CHECK(fs::is_directory(out / "qq_news" / "fixtures" / "list-list-qq-1"));
    const auto tested = newsarc::test::run_cli({"plugins", "test", "qq_news", "--sites-dir", out.path().string()});
    INFO(tested.out << tested.err);
    CHECK(tested.exit_code == 0);
    CHECK(tested.out.find("3 passed, 0 failed") != std::string::npos);
}

TEST_CASE("sites new refuses bad input and writes nothing", "[plugins][sites_new][cli][issue-22]") {
    newsarc::test::TempDir out("sites-new-bad");
    const fs::path target = out / "site";
    const auto refuse = [&](std::vector<std::string> args, const std::string& message) {
        std::vector<std::string> full = {"sites", "new"};
        full.insert(full.end(), args.begin(), args.end());
        full.insert(full.end(), {"--out", target.string()});
        const auto result = newsarc::test::run_cli(full);
        INFO(result.out << result.err);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find(message) != std::string::npos);
        CHECK(empty_dir(target));
    };
    SECTION("a page that is not an article") {
        refuse({"x_site", "--article", page("sohu_1.html") + "=" + kSohu1, "--article",
                page("list_qq_2.html") + "=https://www.sohu.com/"},
               "list_qq_2.html: not an article page");
    }
    SECTION("a file that is not HTML") {
        const fs::path binary = out / "image.png";
        std::ofstream(binary, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        refuse({"x_site", "--article", page("sohu_1.html") + "=" + kSohu1, "--article",
                binary.string() + "=https://www.sohu.com/a/1_2"},
               "image.png: not an HTML page");
    }
    SECTION("URLs of different sites") {
        refuse({"x_site", "--article", page("sohu_1.html") + "=" + kSohu1, "--article",
                page("sina_1.html") + "=https://news.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml"},
               "the pages are from different sites");
    }
    SECTION("an ID that exists") {
        refuse({"qbitai", "--article", page("sohu_1.html") + "=" + kSohu1, "--article",
                page("sohu_2.html") + "=" + kSohu2},
               "a plugin named 'qbitai' exists");
        refuse({"generic", "--article", page("sohu_1.html") + "=" + kSohu1, "--article",
                page("sohu_2.html") + "=" + kSohu2},
               "a plugin named 'generic' exists");
    }
    SECTION("a host another plugin claims") {
        const std::string guancha = (newsarc::test::shared_dir() / "sites" / "guancha").string();
        refuse({"x_site", "--article",
                guancha + "/guancha_article_2019-09-07_516891.html=https://www.guancha.cn/WangWen/2019_09_07_516891.shtml",
                "--article",
                guancha + "/guancha_article_2019-09-09_517162.html=https://www.guancha.cn/politics/2019_09_09_517162.shtml"},
               "is claimed by plugin 'guancha'");
    }
    SECTION("pages of two layouts that no list of alternatives tells apart") {
        // The headline is the <h1> of one page and the <h2> of the other, and each page's other heading holds
        // other text: whichever selector comes first reads a wrong title on one of them.
        // The <title>s differ before the site name, so <title> without its suffix is not the headline either.
        const auto layout = [&](const std::string& name, const std::string& title, const std::string& section,
                                const std::string& h1, const std::string& h2) {
            const fs::path file = out / name;
            std::ofstream(file, std::ios::binary)
                << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" << title << " - " << section
                << " | 示例新闻网</title></head><body><div><h1>" << h1 << "</h1></div><div><h2>" << h2
                << "</h2></div><div><div class=\"article\">"
                << "<p>今年以来，本市持续推进老旧小区改造工作，截至目前已完成改造小区一百二十个，惠及居民四万余户，"
                   "改造内容包括管网更新、加装电梯和停车设施建设。</p>"
                << "<p>市住建局有关负责人介绍，改造坚持居民自愿、因地制宜的原则，每个项目开工前都征求了居民意见，"
                   "施工期间设立了现场联络点，方便居民反映问题。</p>"
                << "<p>据了解，下一步本市还将把改造范围扩大到建成年代较早的单位宿舍区，并探索引入社会资本参与改造"
                   "和后期运营，形成可持续的长效机制。</p></div></div></body></html>";
            return file.string();
        };
        refuse({"x_site", "--article",
                layout("a.html", "老旧小区改造惠及四万余户居民", "城建", "老旧小区改造惠及四万余户居民", "更多示例新闻网报道") +
                    "=https://news.example.cn/a/1001.html",
                "--article",
                layout("b.html", "本市加装电梯工作进展顺利", "民生", "示例新闻网今日要闻", "本市加装电梯工作进展顺利") +
                    "=https://news.example.cn/a/1002.html"},
               "the pages disagree on the title (two layouts?): 'h1' reads it on");
    }
    SECTION("one page only") {
        refuse({"x_site", "--article", page("sohu_1.html") + "=" + kSohu1}, "give 2 to 10 article pages");
    }
}

TEST_CASE("sites new reads two layouts of one site with a list of alternatives", "[plugins][sites_new][cli][issue-22]") {
    // people.com.cn's finance channel (div.rm_txt) and its health channel (div.articleCont): one selector per
    // layout and field, the first one found on a page deciding, as the declarative reader reads a list.
    newsarc::test::TempDir out("sites-new-layouts");
    const std::string people1 = "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html";
    const std::string people2 = "http://health.people.com.cn/n1/2024/0517/c14739-40237861.html";
    const auto made = newsarc::test::run_cli({"sites", "new", "people_news", "--article", page("people_1.html") + "=" + people1,
                                              "--article", page("people_2.html") + "=" + people2, "--out",
                                              out.path().string()});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("layouts: ") != std::string::npos);
    const std::string site = read_text(out / "people_news.toml");
    INFO(site);
    CHECK(site.find("body = [") != std::string::npos);
    // Each page is read by its own layout's alternatives: the fixtures (the site's own reading) pass.
    const auto tested = newsarc::test::run_cli({"plugins", "test", "people_news", "--sites-dir", out.path().string()});
    INFO(tested.out << tested.err);
    CHECK(tested.exit_code == 0);
    const auto health = nlohmann::json::parse(
        read_text(out / "people_news" / "fixtures" / "article-people-2" / "expected.json"));
    CHECK(health["title"] == "关注青少年心理健康“心成长”服务项目启动");
    CHECK(health["published_at"] == "2024-05-17T08:59:00+08:00");
    const auto finance = nlohmann::json::parse(
        read_text(out / "people_news" / "fixtures" / "article-people-1" / "expected.json"));
    CHECK(finance["title"] == "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）");
    CHECK(finance["published_at"] == "2024-05-10T06:58:00+08:00");
}

TEST_CASE("sites new refuses a site that exists in the output folder", "[plugins][sites_new][cli][issue-22]") {
    newsarc::test::TempDir out("sites-new-twice");
    const std::vector<std::string> args = {"sites", "new", "sohu_news", "--article", page("sohu_1.html") + "=" + kSohu1,
                                           "--article", page("sohu_2.html") + "=" + kSohu2, "--out", out.path().string()};
    REQUIRE(newsarc::test::run_cli(args).exit_code == 0);
    const std::string before = read_text(out / "sohu_news.toml");
    const auto again = newsarc::test::run_cli(args);
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("site 'sohu_news' exists in") != std::string::npos);
    CHECK(read_text(out / "sohu_news.toml") == before);
}

TEST_CASE("sites new --fetch reads pages given as URLs from a server", "[plugins][sites_new][cli][issue-22]") {
    const std::string sohu1 = read_text(page("sohu_1.html"));
    const std::string sohu2 = read_text(page("sohu_2.html"));
    newsarc::test::RouteTable routes;
    routes.add("", "/a/778336904_120702", newsarc::test::HttpReply::text(200, sohu1));
    routes.add("", "/a/780060546_458722", newsarc::test::HttpReply::text(200, sohu2));
    newsarc::test::HttpServer server(routes.handler());
    const std::string base = server.base_url();
    newsarc::test::TempDir out("sites-new-fetch");

    // Without --allow-private a loopback address is refused, as a crawl refuses it.
    const auto refused = newsarc::test::run_cli({"sites", "new", "local_news", "--fetch", "--article",
                                                 base + "/a/778336904_120702", "--article", base + "/a/780060546_458722",
                                                 "--out", out.path().string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("--allow-private") != std::string::npos);
    CHECK(empty_dir(out.path()));

    const auto made = newsarc::test::run_cli({"sites", "new", "local_news", "--fetch", "--allow-private", "--article",
                                              base + "/a/778336904_120702", "--article", base + "/a/780060546_458722",
                                              "--out", out.path().string()});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("title\t2/2\th1") != std::string::npos);
    const auto tested = newsarc::test::run_cli({"plugins", "test", "local_news", "--sites-dir", out.path().string()});
    INFO(tested.out << tested.err);
    CHECK(tested.out.find("2 passed, 0 failed") != std::string::npos);

    // A URL that answers 404: named in the error, nothing written.
    newsarc::test::TempDir other("sites-new-fetch-404");
    const auto missing = newsarc::test::run_cli({"sites", "new", "local_news", "--fetch", "--allow-private", "--article",
                                                 base + "/a/778336904_120702", "--article", base + "/a/404_404",
                                                 "--out", other.path().string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find(base + "/a/404_404: HTTP status 404") != std::string::npos);
    CHECK(empty_dir(other.path()));

    // A bare URL without --fetch is a usage error.
    const auto no_fetch = newsarc::test::run_cli({"sites", "new", "local_news", "--article", base + "/a/778336904_120702",
                                                  "--article", base + "/a/780060546_458722", "--out", other.path().string()});
    CHECK(no_fetch.exit_code == 2);
    CHECK(no_fetch.err.find("is fetched only with --fetch") != std::string::npos);
}
