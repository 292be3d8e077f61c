// Focus: `newsarc reextract` on many threads (core/crawl/src/reextract.cpp, ordered_pool.hpp): the archive it
// leaves does not depend on the number of workers, two runs on one archive at once neither fail nor duplicate a
// version, and a run killed midway is finished by the next without duplicates.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "crawl_support.hpp"
#include "support/run_process.hpp"

using namespace newsarc::test;

namespace {

constexpr const char* kHost = "many.example.test";
constexpr int kArticles = 240;

/// The site's definition; `title` is where it reads the title (the "mend" between the versions).
void write_site(const std::filesystem::path& dir, const std::string& version, const std::string& title) {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "manynews.toml") << "id = \"manynews\"\nversion = \"" << version << "\"\n" << R"(
hosts = ["many.example.test"]
[urls]
article = ['^http://many\.example\.test/a/\d+\.html$']
list = ['^http://many\.example\.test/$']
[article]
title = [")" << title << R"("]
time = [{ selector = ["span.time"], format = "%Y-%m-%d %H:%M" }]
body = "div.content"
paragraphs = "p"
[discover]
links = ["ul.list a"]
)";
}

/// A web of kArticles articles, each with a headline (h1) and a subtitle (h2.sub), linked from one list page.
void add_articles(RouteTable& routes) {
    std::string list = "<html><body><ul class=\"list\">";
    for (int n = 1; n <= kArticles; ++n) {
        const std::string number = std::to_string(n);
        list += "<li><a href=\"/a/" + number + ".html\">" + number + "</a></li>";
        routes.add(kHost, "/a/" + number + ".html",
                   HttpReply::text(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
                                        "<h1>第" + number + "篇：算力市场观察</h1><h2 class=\"sub\">副标题" + number +
                                        "：大模型训练集群扩容</h2><span class=\"time\">2024-05-01 10:00</span>"
                                        "<div class=\"content\"><p>第" + number +
                                        "篇报道：多家公司宣布扩大大模型训练集群，英伟达芯片的交付周期仍在延长。</p>"
                                        "<p>业内人士表示，第" + number +
                                        "家数据中心的建设进度决定了明年的算力供给。</p></div></body></html>"));
    }
    routes.add(kHost, "/", HttpReply::text(200, list + "</ul></body></html>"));
}

/// Every version of the archive, one line each in document and number order, without the time it was written.
std::string versions_of(const std::filesystem::path& archive) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(archive.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT d.url || ' #' || v.number || ' ' || v.title || ' ' || hex(v.content_hash) || "
                               "' capture ' || v.capture_id || ' ' || v.plugin || ' ' || v.plugin_version FROM "
                               "versions v JOIN documents d ON d.id = v.document_id ORDER BY d.url, v.number",
                               -1, &statement, nullptr) == SQLITE_OK);
    std::string out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        out += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        out += '\n';
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

std::int64_t documents_without_two_versions(const std::filesystem::path& archive) {
    return query_int(archive, "SELECT count(*) FROM (SELECT document_id FROM versions GROUP BY document_id "
                              "HAVING count(*) <> 2)");
}

/// A crawled archive of the web with site version 1.0, and the site mended to 1.1 (titles from h2.sub): what
/// each test reextracts.
struct CrawledArchive {
    TempDir dir{"reextract"};
    std::filesystem::path sites = dir.path() / "sites";
    std::filesystem::path job = dir.path() / "job.toml";
    std::filesystem::path archive = dir.path() / "crawled.db";

    CrawledArchive() {
        RouteTable routes;
        add_articles(routes);
        HttpServer server(routes.handler());
        write_site(sites, "1.0", "h1");
        std::ofstream(job) << job_toml(server, {kHost}, {std::string("http://") + kHost + "/"}, archive,
                                       {{"site_dirs", toml_list({sites.string()})},
                                        {"plugins", toml_list({"manynews"})},
                                        {"plugin_dirs", toml_list({NEWSARC_PLUGIN_DIR})}});
        const auto crawled = run_cli({"crawl", job.string()});
        INFO(crawled.out << crawled.err);
        REQUIRE(crawled.exit_code == 0);
        REQUIRE(query_int(archive, "SELECT count(*) FROM versions") == kArticles);
        write_site(sites, "1.1", "h2.sub");
    }

    /// A copy of the crawled archive (the crawl closed it, so the one file holds everything).
    std::filesystem::path copy(const std::string& name) const {
        const auto path = dir.path() / name;
        std::filesystem::copy_file(archive, path);
        return path;
    }

    [[nodiscard]] std::vector<std::string> reextract(const std::filesystem::path& db, int workers) const {
        return {"--db", db.string(), "reextract", "--job", job.string(), "--workers", std::to_string(workers),
                "--json"};
    }
};

} // namespace

TEST_CASE("reextract on one worker and on four leaves the same versions", "[crawl][reextract]") {
    const CrawledArchive crawled;
    const auto one = crawled.copy("one.db");
    const auto four = crawled.copy("four.db");
    const auto by_one = run_cli(crawled.reextract(one, 1));
    INFO(by_one.out << by_one.err);
    REQUIRE(by_one.exit_code == 0);
    const auto by_four = run_cli(crawled.reextract(four, 4));
    INFO(by_four.out << by_four.err);
    REQUIRE(by_four.exit_code == 0);
    CHECK(nlohmann::json::parse(by_one.out) == nlohmann::json::parse(by_four.out));
    CHECK(nlohmann::json::parse(by_four.out)["versions_added"] == kArticles);
    const std::string versions = versions_of(one);
    CHECK_THAT(versions, Catch::Contains("/a/7.html #2 副标题7：大模型训练集群扩容 "));
    CHECK_THAT(versions, Catch::Contains(" manynews 1.1\n"));
    CHECK(versions == versions_of(four));
    CHECK(documents_without_two_versions(four) == 0);
}

TEST_CASE("two reextracts of one archive at once both finish, and no version is written twice",
          "[crawl][reextract]") {
    const CrawledArchive crawled;
    const auto shared = crawled.copy("shared.db");
    const auto first_out = crawled.dir.path() / "first.out";
    const auto second_out = crawled.dir.path() / "second.out";
    const int first = spawn_cli(crawled.reextract(shared, 2), first_out);
    const int second = spawn_cli(crawled.reextract(shared, 2), second_out);
    const int first_status = wait_child(first);
    const int second_status = wait_child(second);
    const auto read = [](const std::filesystem::path& path) {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string first_text = read(first_out);
    const std::string second_text = read(second_out);
    INFO(first_text << "\n---\n" << second_text);
    REQUIRE(first_status == 0);
    REQUIRE(second_status == 0);
    // stdout and stderr share the file: the JSON report is the line that starts with '{'.
    const auto report = [](const std::string& text) {
        const auto start = text.rfind("\n{") == std::string::npos ? text.find('{') : text.rfind("\n{") + 1;
        return nlohmann::json::parse(text.substr(start, text.find('\n', start) - start));
    };
    const int added = report(first_text)["versions_added"].get<int>() + report(second_text)["versions_added"].get<int>();
    CHECK(added == kArticles);
    CHECK(documents_without_two_versions(shared) == 0);
}

TEST_CASE("a reextract killed midway is finished by the next run without a duplicate version", "[crawl][reextract]") {
    const CrawledArchive crawled;
    const auto killed = crawled.copy("killed.db");
    const int child = spawn_cli(crawled.reextract(killed, 2), crawled.dir.path() / "killed.out");
    // Killed as soon as its first batch is committed (or when it has finished, on a fast machine).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (query_int(killed, "SELECT count(*) FROM versions") == kArticles &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ::kill(child, SIGKILL);
    const int status = wait_child(child);
    INFO("the first run's exit status: " << status << ", versions when killed: "
         << query_int(killed, "SELECT count(*) FROM versions"));
    const auto rerun = run_cli(crawled.reextract(killed, 2));
    INFO(rerun.out << rerun.err);
    REQUIRE(rerun.exit_code == 0);
    const auto report = nlohmann::json::parse(rerun.out);
    CHECK(report["versions_added"].get<int>() + report["unchanged"].get<int>() == kArticles);
    CHECK(documents_without_two_versions(killed) == 0);
    CHECK(query_int(killed, "SELECT count(*) FROM versions") == 2 * kArticles);
}
