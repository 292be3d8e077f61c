// Focus: the article stage of a crawl (core/crawl/src/pipeline.cpp, site_plugins.cpp, article_writer.cpp): a
// site plugin (a declarative site written by the test, and the real generic .so) discovers and extracts over
// real HTTP, the cleaner and the topic filter run before the archive, a re-crawl versions an edited article,
// and the job file's plugin, clean and topic keys fail loudly when wrong.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <iterator>
#include <thread>

#include <nlohmann/json.hpp>

#include "crawl_support.hpp"
#include "support/gzip.hpp"
#include "support/run_process.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/archive/warc.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/base/result.hpp"

using namespace newsarc::test;

namespace {

constexpr const char* kHost = "news.example.test";
constexpr const char* kBlogHost = "blog.other.test";

/// A declarative site for kHost, written into `dir` as testnews.toml; `top` adds top-level lines (e.g. seeds).
void write_site(const std::filesystem::path& dir, const std::string& top = "") {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "testnews.toml") << "id = \"testnews\"\n" << top << R"(name = "测试新闻"
version = "1.0"
hosts = ["news.example.test"]
[urls]
ignore = ['\.png$']
article = ['^http://news\.example\.test/a/\d+\.html$']
list = ['^http://news\.example\.test/$']
[article]
title = ["h1"]
time = [{ selector = ["span.time"], format = "%Y-%m-%d %H:%M" }]
author = ["span.author"]
source = { value = "测试新闻" }
body = "div.content"
paragraphs = "p"
[discover]
links = ["ul.list a"]
)";
}

/// A job crawling kHost from "/" with the testnews site (written into `dir`/sites) as its only plugin, archiving
/// into `archive`; `extra` adds or replaces settings.
std::string testnews_job(const HttpServer& server, const TempDir& dir, const std::filesystem::path& archive,
                         Settings extra = {}) {
    write_site(dir.path() / "sites");
    extra.emplace("site_dirs", toml_list({(dir.path() / "sites").string()}));
    extra.emplace("plugins", toml_list({"testnews"}));
    return job_toml(server, {kHost}, {std::string("http://") + kHost + "/"}, archive, extra);
}

std::string article_page(const std::string& title, const std::vector<std::string>& paragraphs,
                         const std::string& time = "2024-05-01 10:00") {
    std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
                       "</title></head><body><h1>" + title + "</h1><div class=\"info\"><span class=\"time\">" +
                       time + "</span>"
                       "<span class=\"author\">李明</span></div><div class=\"content\">";
    for (const auto& paragraph : paragraphs) {
        html += "<p>" + paragraph + "</p>";
    }
    return html + "</div></body></html>";
}

const std::vector<std::string> kModelParagraphs = {
    "国内多家人工智能公司本周发布了新一代大模型，算力需求随之上升。",
    "点赞",
    "业内人士表示，生成式AI的商业化正在加速，英伟达的芯片仍然供不应求。",
    "免责声明：本文仅代表作者个人观点，与本站无关。",
    "OpenAI与国内厂商的竞争让大模型价格持续下降，开源模型的影响力也在扩大。",
};

const std::vector<std::string> kChipParagraphs = {
    "算力紧张之下，国產(chǎn)人工智能芯片迎来窗口期。",
    "多家厂商宣布扩大大模型训练集群，英伟达H100的交付周期仍在延长。",
};

const std::vector<std::string> kSportsParagraphs = {
    "昨晚的足球联赛中，主队在补时阶段打进制胜球，以二比一战胜客队。",
    "主教练赛后表示，球队在下半场调整了阵型，球员们的体能保持得很好。",
    "下一轮比赛将在周六晚上进行，球迷们期待球队延续连胜势头。",
};

/// The test web: a list page on kHost linking to three articles and an image, and (for the generic test)
/// a blog host without a site plugin.
struct ArticleWeb {
    RouteTable routes;
    std::atomic<bool> edited{false};

    ArticleWeb() {
        routes.add(kHost, "/",
                   HttpReply::text(200, "<html><body><ul class=\"list\"><li><a href=\"/a/1.html\">模型</a></li>"
                                        "<li><a href=\"/a/2.html\">体育</a></li><li><a href=\"/a/3.html\">芯片</a>"
                                        "</li><li><a href=\"/logo.png\">logo</a></li></ul>"
                                        "<a href=\"/about.html\">关于</a></body></html>"));
        routes.add(kHost, "/a/1.html", [this](const HttpRequest&) {
            std::vector<std::string> paragraphs = kModelParagraphs;
            if (edited) {
                paragraphs.push_back("更新：该公司随后宣布，新的大模型将在下月向开发者开放。");
            }
            return HttpReply::text(200, article_page("大模型价格战升级", paragraphs));
        });
        routes.add(kHost, "/a/2.html", HttpReply::text(200, article_page("主队补时绝杀客队", kSportsParagraphs)));
        routes.add(kHost, "/a/3.html", HttpReply::text(200, article_page("国产AI芯片迎来窗口期", kChipParagraphs)));
        routes.add(kHost, "/about.html", HttpReply::text(200, html_page("关于我们", {})));
    }
};

std::string article_url(int n) {
    return std::string("http://") + kHost + "/a/" + std::to_string(n) + ".html";
}

/// "YYYY-MM-DD HH:MM" in China time, as the test site writes publish times.
std::string china_time(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time + std::chrono::hours(8));
    std::tm fields{};
    gmtime_r(&seconds, &fields);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &fields);
    return text;
}

/// Moves every capture of the archive `minutes` into the past, as if the last crawl had run that long ago.
void age_captures(const std::filesystem::path& archive, int minutes) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(archive.c_str(), &db) == SQLITE_OK);
    const std::string sql = "UPDATE captures SET fetched_at = fetched_at - " + std::to_string(minutes * 60000LL);
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string topic_file() {
    return std::string(NEWSARC_SOURCE_DIR) + "/configs/topics/ai-industry.toml";
}

} // namespace

TEST_CASE("a crawl extracts with the site plugin, cleans, and keeps only on-topic articles", "[crawl][articles]") {
    ArticleWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    const auto archive = dir.path() / "news.db";
    const std::string job = testnews_job(server, dir, archive, {{"topic.file", "\"" + topic_file() + "\""}});

    const auto stats = run_job(job);
    CHECK(stats.by_article.at("stored") == 2);
    CHECK(stats.by_article.at("off_topic") == 1);

    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const std::string model_id = newsarc::doc_id_for_url(article_url(1));
    const auto model = store.version(model_id);
    REQUIRE(model);
    CHECK(model->info.number == 1);
    CHECK(model->info.title == "大模型价格战升级");
    CHECK(model->info.author == "李明");
    CHECK(model->info.source == "测试新闻");
    CHECK(model->info.published_at == "2024-05-01T10:00:00+08:00");
    CHECK(model->info.plugin == "testnews");
    REQUIRE(model->info.topic_score);
    CHECK(model->info.simhash);
    // The cleaner ran: widget and disclaimer lines are gone, every article paragraph is kept.
    CHECK(model->body == kModelParagraphs[0] + "\n\n" + kModelParagraphs[2] + "\n\n" + kModelParagraphs[4]);
    CHECK(query_int(archive, "SELECT count(*) FROM documents WHERE doc_id = '" + model_id +
                                 "' AND site = 'testnews' AND url = '" + article_url(1) + "'") == 1);
    CHECK(query_int(archive, "SELECT count(*) FROM captures c JOIN documents d ON d.id = c.document_id "
                             "WHERE d.doc_id = '" + model_id + "'") == 1);

    // Pinyin annotations left by a script conversion are removed.
    const auto chip = store.version(newsarc::doc_id_for_url(article_url(3)));
    REQUIRE(chip);
    CHECK(chip->body.find("(chǎn)") == std::string::npos);
    CHECK(chip->body.find("国產人工智能芯片") != std::string::npos);

    // The sports article was fetched and captured, scored below the threshold, and not archived as a document.
    CHECK(store.history(newsarc::doc_id_for_url(article_url(2))).empty());
    CHECK(capture_count(archive, article_url(2)) == 1);
    const auto sports_log = fetch_log_for(archive, article_url(2));
    REQUIRE(sports_log.size() == 1);
    CHECK(sports_log[0].outcome == "ok");
    CHECK_THAT(sports_log[0].detail, Catch::Contains("off topic"));

    // Discovery is the plugin's: only its list links are followed, and the URLs it ignores are never fetched.
    CHECK(hits(server, kHost, "/logo.png") == 0);
    CHECK(hits(server, kHost, "/about.html") == 0);
    CHECK(hits(server, kHost, "/a/1.html") == 1);
}

TEST_CASE("a re-crawl versions an edited article and leaves an unchanged one alone", "[crawl][articles]") {
    ArticleWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("recrawl");
    const auto archive = dir.path() / "news.db";
    const std::string job = testnews_job(server, dir, archive, {{"topic.file", "\"" + topic_file() + "\""}});
    const auto first = run_job(job);
    REQUIRE(first.finished);
    web.edited = true;
    const auto second = run_job(job);
    CHECK(second.by_article.at("stored") == 1);
    CHECK(second.by_article.at("unchanged") == 1);

    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto edited = store.history(newsarc::doc_id_for_url(article_url(1)));
    REQUIRE(edited.size() == 2);
    const auto latest = store.version(newsarc::doc_id_for_url(article_url(1)));
    REQUIRE(latest);
    CHECK_THAT(latest->body, Catch::EndsWith("更新：该公司随后宣布，新的大模型将在下月向开发者开放。"));
    CHECK(store.history(newsarc::doc_id_for_url(article_url(3))).size() == 1);
    CHECK(store.captures(newsarc::doc_id_for_url(article_url(3))).size() == 2);
}

TEST_CASE("a fresh run revisits an article when a revisit time has come, and marks a deleted one gone",
          "[crawl][articles][recrawl]") {
    // Published three hours ago: revisits are due 1 h, 6 h, 24 h and 7 days after that.
    const std::string published = china_time(std::chrono::system_clock::now() - std::chrono::hours(3));
    std::atomic<bool> listed{true};
    std::atomic<int> status{200};
    RouteTable routes;
    routes.add(kHost, "/", [&](const HttpRequest&) {
        return HttpReply::text(200, listed ? "<html><body><ul class=\"list\"><li><a href=\"/a/1.html\">模型</a></li>"
                                             "</ul></body></html>"
                                           : "<html><body><ul class=\"list\"></ul></body></html>");
    });
    routes.add(kHost, "/a/1.html", [&](const HttpRequest&) {
        return HttpReply::text(status, article_page("大模型价格战升级", kModelParagraphs, published));
    });
    HttpServer server(routes.handler());
    TempDir dir("revisit");
    const auto archive = dir.path() / "news.db";
    const std::string job = testnews_job(server, dir, archive);
    const std::string doc_id = newsarc::doc_id_for_url(article_url(1));

    REQUIRE(run_job(job).by_article.at("stored") == 1);
    // Straight away nothing is due: the 1 h revisit time passed before the article was fetched.
    listed = false;
    auto again = run_job(job);
    CHECK(again.revisits == 0);
    CHECK(hits(server, kHost, "/a/1.html") == 1);

    // As if that crawl had run two and a half hours ago: the 1 h revisit time came after it.
    age_captures(archive, 150);
    again = run_job(job);
    CHECK(again.revisits == 1);
    CHECK(again.by_article.at("unchanged") == 1);
    CHECK(hits(server, kHost, "/a/1.html") == 2);

    // Deleted on the site: the next due revisit marks the document gone and keeps its version.
    age_captures(archive, 150);
    status = 410;
    again = run_job(job);
    CHECK(again.by_article.at("gone") == 1);
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto document = store.find_document(doc_id);
    REQUIRE(document);
    CHECK(document->gone_at);
    CHECK(store.history(doc_id).size() == 1);
    CHECK_THAT(fetch_log_for(archive, article_url(1)).back().detail, Catch::Contains("marked gone"));
}

TEST_CASE("with cleaning off and no topic, the plugin's paragraphs are archived as extracted", "[crawl][articles]") {
    ArticleWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("noclean");
    const auto archive = dir.path() / "news.db";
    const auto stats = run_job(testnews_job(server, dir, archive, {{"clean.enabled", "false"}}));
    CHECK(stats.by_article.at("stored") == 3);
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto model = store.version(newsarc::doc_id_for_url(article_url(1)));
    REQUIRE(model);
    CHECK(model->body.find("免责声明") != std::string::npos);
    CHECK_FALSE(model->info.topic_score);
}

TEST_CASE("the generic plugin extracts articles of a host without a site plugin", "[crawl][articles]") {
    RouteTable routes;
    std::vector<std::string> paragraphs;
    for (int i = 0; i < 6; ++i) {
        paragraphs.push_back("第" + std::to_string(i + 1) +
                             "段：人工智能产业的竞争正在从模型能力转向应用落地，多家公司公布了新的产品路线图，"
                             "分析人士认为，算力成本下降将推动更多企业采用大模型技术。");
    }
    std::string article = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AI应用落地加速 - 博客</title>"
                          "<meta property=\"article:published_time\" content=\"2024-06-02T08:30:00+08:00\">"
                          "</head><body><div class=\"nav\"><a href=\"/\">首页</a></div><article><h1>AI应用落地加速"
                          "</h1><div class=\"body\">";
    for (const auto& paragraph : paragraphs) {
        article += "<p>" + paragraph + "</p>";
    }
    article += "</div></article></body></html>";
    routes.add(kBlogHost, "/", HttpReply::text(200, html_page("博客", {"/2024/06/ai.html"})));
    routes.add(kBlogHost, "/2024/06/ai.html", HttpReply::text(200, article));
    HttpServer server(routes.handler());
    TempDir dir("generic");
    const auto archive = dir.path() / "blog.db";
    const auto stats = run_job(job_toml(server, {kBlogHost}, {std::string("http://") + kBlogHost + "/"}, archive,
                                        {{"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})},
                                         {"plugins", toml_list({"generic"})}}));
    CHECK(stats.ok == 2);
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const std::string url = std::string("http://") + kBlogHost + "/2024/06/ai.html";
    const auto version = store.version(newsarc::doc_id_for_url(url));
    REQUIRE(version);
    CHECK(version->info.plugin == "generic");
    CHECK(version->info.title == "AI应用落地加速");
    CHECK(version->body.find(paragraphs[0]) != std::string::npos);
    CHECK(version->body.find(paragraphs[5]) != std::string::npos);
    // The fallback's documents are named by their host, not by the plugin.
    CHECK(query_int(archive, "SELECT count(*) FROM documents WHERE site = 'blog.other.test'") == 1);
}

TEST_CASE("plugin_seeds = false starts the crawl from the job's seeds only", "[crawl][articles][config]") {
    ArticleWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    // The site's own start page is "/"; the job starts from one article and follows nothing (depth 0).
    write_site(dir.path() / "sites", "seeds = [\"http://news.example.test/\"]\n");
    const auto job = [&](const std::string& archive, Settings extra) {
        extra.emplace("site_dirs", toml_list({(dir.path() / "sites").string()}));
        extra.emplace("plugins", toml_list({"testnews"}));
        extra.emplace("scope.max_depth", "0");
        return job_toml(server, {kHost}, {article_url(1)}, dir.path() / archive, extra);
    };

    const auto own_seeds_only = run_job(job("only.db", {{"plugin_seeds", "false"}}));
    CHECK(hits(server, kHost, "/") == 0);
    CHECK(hits(server, kHost, "/a/1.html") == 1);
    CHECK(own_seeds_only.ok == 1);

    // By default the plugin's start page joins the job's seeds.
    const auto with_plugin_seeds = run_job(job("both.db", {}));
    CHECK(hits(server, kHost, "/") == 1);
    CHECK(hits(server, kHost, "/a/1.html") == 2);
    CHECK(with_plugin_seeds.ok == 2);
}

TEST_CASE("job keys for plugins, cleaning and topic fail with the file, line and key", "[crawl][articles][config]") {
    HttpServer server([](const HttpRequest&) { return HttpReply::text(200, "<html></html>"); });
    TempDir dir("keys");
    const auto archive = dir.path() / "x.db";
    const std::string seed = "http://a.test/";
    auto failure_of = [&](const std::string& toml) -> std::string {
        try {
            (void)run_job(toml);
        } catch (const newsarc::Failure& failure) {
            CHECK(failure.exit_code() == 2);
            return failure.what();
        }
        return "no failure";
    };

    SECTION("a plugin the job names that is not installed") {
        const std::string message =
            failure_of(job_toml(server, {"a.test"}, {seed}, archive, {{"plugins", toml_list({"nosuch"})}}));
        CHECK_THAT(message, Catch::Contains("'plugins' names 'nosuch'"));
        CHECK_THAT(message, Catch::Matches(".*:[0-9]+:[0-9]+: .*"));
        CHECK_FALSE(std::filesystem::exists(archive)); // nothing was created
    }
    SECTION("a cleaning step with a wrong type") {
        const std::string message =
            failure_of(job_toml(server, {"a.test"}, {seed}, archive, {{"clean.pinyin", "\"no\""}}));
        CHECK_THAT(message, Catch::Contains("'clean.pinyin' must be true or false"));
    }
    SECTION("an unknown key in [topic]") {
        const std::string message =
            failure_of(job_toml(server, {"a.test"}, {seed}, archive, {{"topic.treshold", "1.0"}}));
        CHECK_THAT(message, Catch::Contains("unknown key 'topic.treshold'"));
    }
    SECTION("a recrawl step that is not a duration") {
        const std::string message =
            failure_of(job_toml(server, {"a.test"}, {seed}, archive, {{"recrawl.after", "[\"1h\", \"soon\"]"}}));
        CHECK_THAT(message, Catch::Contains("'recrawl.after' entry 'soon'"));
    }
    SECTION("a topic file that does not exist") {
        const std::string message = failure_of(
            job_toml(server, {"a.test"}, {seed}, archive, {{"topic.file", "\"" + (dir.path() / "none.toml").string() + "\""}}));
        CHECK_THAT(message, Catch::Contains("none.toml"));
    }
    SECTION("settings for a plugin the job does not use") {
        write_site(dir.path() / "sites");
        const std::string message = failure_of(
            job_toml(server, {"a.test"}, {seed}, archive,
                     {{"site_dirs", toml_list({(dir.path() / "sites").string()})},
                      {"plugins", toml_list({"testnews"})}}) +
            "[plugin_settings.qbitai]\nx = 1\n");
        CHECK_THAT(message, Catch::Contains("[plugin_settings.qbitai]"));
    }
}

TEST_CASE("an article reached through redirects is one document under its final URL", "[crawl][articles][redirect]") {
    ArticleWeb web;
    web.routes.add(kHost, "/",
                   HttpReply::text(200, "<html><body><ul class=\"list\"><li><a href=\"/a/100.html\">旧址</a></li>"
                                        "<li><a href=\"/a/101.html\">又一个旧址</a></li><li><a href=\"/a/1.html\">"
                                        "模型</a></li></ul></body></html>"));
    web.routes.add(kHost, "/a/100.html", HttpReply::redirect(301, "/a/1.html"));
    web.routes.add(kHost, "/a/101.html", HttpReply::redirect(302, article_url(1)));
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    const auto archive = dir.path() / "news.db";
    const auto stats = run_job(testnews_job(server, dir, archive));
    CHECK(stats.redirects == 2);
    CHECK(stats.by_article.at("stored") == 1);
    CHECK(hits(server, kHost, "/a/1.html") == 1);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM documents") == 1);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM documents WHERE url = '" + article_url(1) + "'") == 1);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM versions") == 1);

    // The WARC export writes each hop as its own response record before the article's, as replay tools expect.
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    newsarc::archive::WarcExportOptions options;
    const auto report = newsarc::archive::export_warc(store, dir.path() / "warc", options);
    CHECK(report.redirect_captures == 2);
    const std::string warc = gunzip_all(read_file(report.file));
    // The offset of the response record for `url` (records start with "WARC/1.1"; fields in any order).
    const auto response_of = [&](const std::string& url) {
        for (std::size_t at = warc.find("WARC/1.1\r\n"); at != std::string::npos;
             at = warc.find("WARC/1.1\r\n", at + 1)) {
            const std::string head = warc.substr(at, warc.find("\r\n\r\n", at) - at);
            if (head.find("WARC-Type: response\r\n") != std::string::npos &&
                head.find("WARC-Target-URI: " + url + "\r\n") != std::string::npos) {
                return at;
            }
        }
        return std::string::npos;
    };
    const auto hop_100 = response_of(std::string("http://") + kHost + "/a/100.html");
    const auto hop_101 = response_of(std::string("http://") + kHost + "/a/101.html");
    const auto page = response_of(article_url(1));
    REQUIRE(hop_100 != std::string::npos);
    REQUIRE(hop_101 != std::string::npos);
    REQUIRE(page != std::string::npos);
    CHECK(hop_100 < page);
    CHECK(hop_101 < page);
    CHECK(warc.find("HTTP/1.1 301", hop_100) < warc.find("HTTP/1.1 200", hop_100));
}

TEST_CASE("when a site plugin finds no article on its article page, the generic extractor stands in",
          "[crawl][articles][fallback]") {
    ArticleWeb web;
    // A "redesign": the article text is still on the page, but not where the site's selectors look.
    std::string redesigned = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>大模型价格战升级_测试新闻</title>"
                             "</head><body><h1 class=\"headline\">大模型价格战升级</h1><p class=\"meta\">2024-05-01 10:00"
                             "</p><section class=\"story-body\">";
    for (const std::string& paragraph : kModelParagraphs) {
        if (paragraph.size() > 30) {
            redesigned += "<p>" + paragraph + "</p>";
        }
    }
    redesigned += "</section></body></html>";
    web.routes.add(kHost, "/a/1.html", HttpReply::text(200, redesigned));
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    const auto archive = dir.path() / "news.db";
    const auto stats = run_job(testnews_job(server, dir, archive, {{"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})}}));
    CHECK(stats.fallbacks == 1);

    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto version = store.version(newsarc::doc_id_for_url(article_url(1)));
    REQUIRE(version);
    CHECK(version->info.plugin == "generic");
    CHECK(version->info.title == "大模型价格战升级");
    CHECK(version->body.find("生成式AI的商业化正在加速") != std::string::npos);
    CHECK(query_int(archive, "SELECT COUNT(*) FROM versions WHERE extra LIKE '%\"fallback_for\":\"testnews\"%'") == 1);
    // The document is still the site's, and the fetch log says what happened.
    CHECK(query_int(archive, "SELECT COUNT(*) FROM documents WHERE site = 'testnews' AND url = '" + article_url(1) +
                                 "'") == 1);
    const auto rows = fetch_log_for(archive, article_url(1));
    REQUIRE(rows.size() == 1);
    CHECK_THAT(rows[0].detail, Catch::Contains("extract no_content by testnews"));
    CHECK_THAT(rows[0].detail, Catch::Contains("as fallback for testnews"));
    // The pages the site plugin still reads are its own.
    const auto chips = store.version(newsarc::doc_id_for_url(article_url(3)));
    REQUIRE(chips);
    CHECK(chips->info.plugin == "testnews");
}

TEST_CASE("a site whose plugin stops extracting is degraded: exit 3, `newsarc health` and `runs` say why",
          "[crawl][articles][health]") {
    ArticleWeb web;
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    const auto archive = dir.path() / "news.db";
    const auto job_file = dir.path() / "job.toml";
    std::ofstream(job_file) << testnews_job(server, dir, archive, {{"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})}});

    const auto first = run_cli({"crawl", job_file.string()});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    const auto healthy = run_cli({"--db", archive.string(), "health", "--json"});
    CHECK(healthy.exit_code == 0);
    const auto before = nlohmann::json::parse(healthy.out);
    REQUIRE(before["sites"].size() == 1);
    CHECK(before["sites"][0]["site"] == "testnews");
    CHECK(before["sites"][0]["state"] == "ok");
    CHECK(before["sites"][0]["article_pages"] == 3);
    CHECK(before["sites"][0]["extracted"] == 3);
    CHECK(before["sites"][0]["article_links"] == 3);

    // The site is "redesigned": the article text is still on the pages, not where the plugin looks.
    for (int n = 1; n <= 3; ++n) {
        web.routes.add(kHost, "/a/" + std::to_string(n) + ".html", [](const HttpRequest&) {
            std::string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>大模型价格战升级</title></head>"
                               "<body><h1 class=\"headline\">大模型价格战升级</h1><p>2024-05-01 10:00</p><section>";
            for (const std::string& paragraph : kModelParagraphs) {
                page += "<p>" + paragraph + "</p>";
            }
            return HttpReply::text(200, page + "</section></body></html>");
        });
    }
    const auto second = run_cli({"crawl", job_file.string()});
    INFO(second.out << second.err);
    CHECK(second.exit_code == 3);
    CHECK_THAT(second.out, Catch::Contains("degraded: testnews; extracted 0 of 3 article pages (0%), below min_success 80%"));
    const auto degraded = run_cli({"--db", archive.string(), "health", "--json"});
    CHECK(degraded.exit_code == 3);
    const auto after = nlohmann::json::parse(degraded.out);
    REQUIRE(after["sites"].size() == 1);
    CHECK(after["sites"][0]["state"] == "degraded");
    CHECK(after["sites"][0]["fallbacks"] == 3); // the generic extractor kept the articles meanwhile
    CHECK(after["sites"][0]["failed"]["no_content"] == 3);
    CHECK(after["sites"][0]["median_success"] == 1.0);
    const auto table = run_cli({"--db", archive.string(), "health"});
    CHECK_THAT(table.out, Catch::Contains("testnews\tdegraded\t3\t0%\t100%"));
    const auto runs = run_cli({"--db", archive.string(), "runs"});
    INFO(runs.out);
    CHECK(runs.out.find("\t3\t") != std::string::npos); // the run's exit status
    CHECK_THAT(runs.out, Catch::Contains("\ttestnews\n"));

    // The daemon runs the job's on_degraded command once for a degraded run, the health JSON on its stdin.
    const auto jobs = dir.path() / "jobs";
    std::filesystem::create_directories(jobs);
    const auto hook_out = dir.path() / "hook.json";
    std::ofstream(jobs / "job.toml") << testnews_job(
        server, dir, archive,
        {{"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})},
         {"schedule", "\"every 1s\""},
         {"health.on_degraded", "\"cat > '" + hook_out.string() + ".part' && mv '" + hook_out.string() + ".part' '" +
                                    hook_out.string() + "'\""}});
    const auto daemon = run_cli({"daemon", "--jobs", jobs.string(), "--max-runs", "1"});
    INFO(daemon.err);
    CHECK(daemon.exit_code == 0);
    CHECK_THAT(daemon.err, Catch::Contains("event=run_finished job=test exit=3"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(hook_out) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the hook runs detached from the daemon
    }
    REQUIRE(std::filesystem::exists(hook_out));
    const auto hooked = nlohmann::json::parse(read_file(hook_out));
    REQUIRE(hooked["sites"].size() == 1);
    CHECK(hooked["sites"][0]["site"] == "testnews");
    CHECK(hooked["sites"][0]["state"] == "degraded");

    // The plugin is mended for the new markup; reextract gives its versions from the stored pages, asking the
    // server nothing, and a second reextract adds nothing.
    std::ofstream(dir.path() / "sites" / "testnews.toml") << R"(id = "testnews"
name = "测试新闻"
version = "1.1"
hosts = ["news.example.test"]
[urls]
article = ['^http://news\.example\.test/a/\d+\.html$']
list = ['^http://news\.example\.test/$']
[article]
title = ["h1.headline"]
time = [{ selector = ["body > p"], format = "%Y-%m-%d %H:%M" }]
source = { value = "测试新闻" }
body = "section"
paragraphs = "p"
[discover]
links = ["ul.list a"]
)";
    const std::size_t requests_before = server.log().size();
    const auto dry = run_cli({"reextract", "--job", (jobs / "job.toml").string(), "--dry-run", "--json"});
    REQUIRE(dry.exit_code == 0);
    CHECK(nlohmann::json::parse(dry.out)["versions_added"] == 3); // counted, not written: the real run adds them
    const auto repaired = run_cli({"reextract", "--job", (jobs / "job.toml").string(), "--json"});
    INFO(repaired.out << repaired.err);
    REQUIRE(repaired.exit_code == 0);
    CHECK(server.log().size() == requests_before);
    const auto report = nlohmann::json::parse(repaired.out);
    CHECK(report["captures"] == 3);
    CHECK(report["versions_added"] == 3);
    CHECK(report["failed"] == 0);
    CHECK(report["fallbacks"] == 0);
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto version = store.version(newsarc::doc_id_for_url(article_url(2)));
    REQUIRE(version);
    CHECK(version->info.plugin == "testnews");
    CHECK(version->info.plugin_version == "1.1");
    CHECK(version->info.title == "大模型价格战升级");
    const auto again = run_cli({"reextract", "--job", (jobs / "job.toml").string(), "--json"});
    REQUIRE(again.exit_code == 0);
    CHECK(nlohmann::json::parse(again.out)["versions_added"] == 0);
    CHECK(nlohmann::json::parse(again.out)["unchanged"] == 3);
}

TEST_CASE("a declarative site may name its sitemap among its seeds", "[crawl][articles][discovery]") {
    ArticleWeb web;
    web.routes.add(kHost, "/sitemap.xml",
                   HttpReply::text(200, "<?xml version=\"1.0\"?><urlset><url><loc>" + article_url(3) +
                                            "</loc><lastmod>2024-05-01</lastmod></url></urlset>",
                                   "application/xml"));
    HttpServer server(web.routes.handler());
    TempDir dir("articles");
    write_site(dir.path() / "sites", "seeds = [\"http://news.example.test/sitemap.xml\"]\n");
    const auto archive = dir.path() / "news.db";
    Settings settings = {{"site_dirs", toml_list({(dir.path() / "sites").string()})},
                         {"plugins", toml_list({"testnews"})},
                         {"discovery.sitemaps", "true"}};
    const auto stats = run_job(job_toml(server, {kHost}, {std::string("http://") + kHost + "/sitemap.xml"},
                                        archive, settings));
    CHECK(hits(server, kHost, "/") == 0); // the site's start page is its sitemap here
    CHECK(hits(server, kHost, "/a/3.html") == 1);
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto chips = store.version(newsarc::doc_id_for_url(article_url(3)));
    REQUIRE(chips);
    CHECK(chips->info.plugin == "testnews");
    CHECK(stats.by_article.at("stored") == 1);
}

namespace {

/// Rows of `sql` on an SQLite file, each row's columns joined by '|' (blobs as hex), sorted: what a table holds,
/// whatever order the rows were written in.
std::vector<std::string> sorted_rows(const std::filesystem::path& database, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::string row;
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            if (column > 0) {
                row += '|';
            }
            if (sqlite3_column_type(statement, column) == SQLITE_BLOB) {
                const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(statement, column));
                static constexpr char kHex[] = "0123456789abcdef";
                for (int i = 0; i < sqlite3_column_bytes(statement, column); ++i) {
                    row += kHex[bytes[i] >> 4];
                    row += kHex[bytes[i] & 15];
                }
            } else if (const unsigned char* text = sqlite3_column_text(statement, column)) {
                row += reinterpret_cast<const char*>(text);
            }
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

TEST_CASE("a crawl on 1 page thread and on 4 archives the same documents, versions, captures and fetch log",
          "[crawl][articles][workers]") {
    // Two hosts: one read by a declarative site (list, AI articles, an off-topic one, one that cleaning empties,
    // a 404, a redirect), one by the generic .so; enough pages that 4 threads finish them out of order.
    RouteTable routes;
    std::string list = "<html><body><ul class=\"list\">";
    for (int n = 1; n <= 48; ++n) {
        list += "<li><a href=\"/a/" + std::to_string(n) + ".html\">" + std::to_string(n) + "</a></li>";
    }
    list += "<li><a href=\"/a/404.html\">gone</a></li><li><a href=\"/a/49.html\">moved</a></li></ul></body></html>";
    routes.add(kHost, "/", HttpReply::text(200, list));
    for (int n = 1; n <= 48; ++n) {
        std::vector<std::string> paragraphs = n % 6 == 5 ? kSportsParagraphs : kModelParagraphs;
        if (n % 6 == 3) {
            paragraphs = {"点赞", "免责声明：本文仅代表作者个人观点，与本站无关。"}; // nothing left after cleaning
        } else {
            paragraphs.push_back("第" + std::to_string(n) + "篇：大模型厂商的算力投入还在增加。");
        }
        routes.add(kHost, "/a/" + std::to_string(n) + ".html",
                   HttpReply::text(200, article_page("第" + std::to_string(n) + "篇 大模型", paragraphs)));
    }
    routes.add(kHost, "/a/404.html", HttpReply::text(404, "<html><body>没有</body></html>"));
    routes.add(kHost, "/a/49.html", HttpReply::redirect(301, "/a/7.html"));
    std::vector<std::string> posts;
    for (int n = 1; n <= 24; ++n) {
        const std::string path = "/p/" + std::to_string(n) + ".html";
        posts.push_back(path);
        std::string post = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>博客第" + std::to_string(n) +
                           "篇</title></head><body><article><h1>博客第" + std::to_string(n) + "篇</h1>";
        for (const std::string& paragraph : kModelParagraphs) {
            post += "<p>" + paragraph + "</p>";
        }
        post += "<p>博客第" + std::to_string(n) + "篇：人工智能产业的竞争正在从模型能力转向应用落地。</p>";
        routes.add(kBlogHost, path, HttpReply::text(200, post + "</article></body></html>"));
    }
    routes.add(kBlogHost, "/", HttpReply::text(200, html_page("博客", posts)));
    HttpServer server(routes.handler());
    TempDir dir("workers");
    write_site(dir.path() / "sites");
    const auto crawl_with = [&](int workers) {
        const auto archive = dir.path() / ("w" + std::to_string(workers) + ".db");
        const auto stats = run_job(job_toml(server, {kHost, kBlogHost},
                                            {std::string("http://") + kHost + "/",
                                             std::string("http://") + kBlogHost + "/"},
                                            archive,
                                            {{"site_dirs", toml_list({(dir.path() / "sites").string()})},
                                             {"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})},
                                             {"plugins", toml_list({"testnews", "generic"})},
                                             {"topic.file", "\"" + topic_file() + "\""}}),
                                   workers);
        CHECK(stats.page_threads == workers);
        CHECK(stats.finished);
        return archive;
    };
    const auto one = crawl_with(1);
    const auto four = crawl_with(4);

    const std::string documents = "SELECT doc_id, url, site, gone_at IS NULL, latest_number, latest_hash "
                                  "FROM documents";
    const std::string versions = "SELECT d.doc_id, v.number, v.title, v.published_at, v.content_hash, v.plugin, "
                                 "v.topic_score FROM versions v JOIN documents d ON d.id = v.document_id";
    const std::string captures = "SELECT c.url, c.final_url, c.http_status, coalesce(d.doc_id, ''), b.hash "
                                 "FROM captures c LEFT JOIN documents d ON d.id = c.document_id "
                                 "LEFT JOIN blobs b ON b.id = c.body_blob";
    const std::string fetches = "SELECT url, outcome, http_status, detail, attempt FROM fetch_log";
    // What the crawl found, so that equal archives are not two empty ones: 48 articles (8 of them emptied by
    // cleaning, not archived), a 404 and a redirect to an article already linked, and 24 blog posts read by
    // generic, each AI enough for the topic.
    REQUIRE(sorted_rows(one, documents).size() == 40 + 24);
    CHECK(sorted_rows(one, versions).size() == 40 + 24);
    CHECK(sorted_rows(one, fetches).size() == 2 + 48 + 2 + 24);
    CHECK(sorted_rows(four, documents) == sorted_rows(one, documents));
    CHECK(sorted_rows(four, versions) == sorted_rows(one, versions));
    CHECK(sorted_rows(four, captures) == sorted_rows(one, captures));
    CHECK(sorted_rows(four, fetches) == sorted_rows(one, fetches));
}
