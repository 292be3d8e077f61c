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
    SECTION("pages of two layouts") {
        refuse({"x_site", "--article",
                page("people_1.html") + "=http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", "--article",
                page("people_2.html") + "=http://health.people.com.cn/n1/2024/0517/c14739-40237861.html"},
               "the pages disagree on the title (two layouts?)");
    }
    SECTION("one page only") {
        refuse({"x_site", "--article", page("sohu_1.html") + "=" + kSohu1}, "give 2 to 10 article pages");
    }
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
