// Focus: `newsarc serve` as a browser or a script meets it over HTTP: every route answers, archived strings are
// HTML-escaped, bad parameters are a 400 naming the reason and missing things a 404, no path reaches the file
// system, captures are served inert, the Host check refuses rebinding, and pages follow a crawl that writes
// while serve runs.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/ids.hpp"
#include "serve_support.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::test;

namespace {

struct Served {
    explicit Served(const std::string& label) : dir(label), archive(make_small_archive(dir / "a.db")),
                                                server(dir / "a.db", dir.path()) {
        INFO(server.process.err());
        REQUIRE(server.port != 0);
    }
    HttpAnswer get(const std::string& target) const { return http_request(server.port, target); }

    TempDir dir;
    SmallArchive archive;
    ServeProcess server;
};

} // namespace

TEST_CASE("serve answers every route of the issue on a real archive", "[serve][routes]") {
    const Served served("serve-routes");
    const auto& ids = served.archive;
    for (const std::string& target : std::vector<std::string>{"/", "/?site=alpha", "/?state=gone", "/?state=paywalled", "/?from=2024-05-01&to=2024-05-31",
          "/?min_score=5", "/search?q=大模型", "/search?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B&site=alpha", "/search",
          "/doc/" + ids.edited_doc, "/doc/" + ids.edited_doc + "?v=1", "/doc/" + ids.edited_doc + "/diff",
          "/doc/" + ids.edited_doc + "/diff?a=1&b=2", "/snapshots", "/snapshots/diff?a=first&b=second", "/runs",
          "/health", "/metrics", "/style.css"}) {
        const HttpAnswer answer = served.get(target);
        INFO(target << " -> " << answer.status << " " << answer.error << "\n" << answer.body.substr(0, 400));
        CHECK(answer.status == 200);
        CHECK(answer.header("x-content-type-options") == "nosniff");
    }
    const HttpAnswer gone = served.get("/?state=gone");
    CHECK_THAT(gone.body, Catch::Contains("已删除的文章"));
    CHECK_THAT(gone.body, !Catch::Contains("大模型价格战"));
    const HttpAnswer search = served.get("/search?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B");
    CHECK_THAT(search.body, Catch::Contains("<mark>大模型</mark>"));
    CHECK_THAT(search.body, Catch::Contains("/doc/" + ids.edited_doc));
    const HttpAnswer diff = served.get("/doc/" + ids.edited_doc + "/diff?a=1&b=2");
    CHECK_THAT(diff.body, Catch::Contains(std::string("<ins>") + kAddedSentence + "</ins>"));
    CHECK_THAT(diff.body, Catch::Contains("第二段没有变化。"));
    const HttpAnswer snapshots = served.get("/snapshots/diff?a=first&b=second");
    CHECK_THAT(snapshots.body, Catch::Contains("0 added, 1 changed, 0 removed"));
    const HttpAnswer document = served.get("/doc/" + ids.edited_doc);
    CHECK_THAT(document.body, Catch::Contains("Versions 版本 (2)"));
    CHECK_THAT(document.body, Catch::Contains("/doc/" + ids.edited_doc + "/capture/" + std::to_string(ids.capture_id)));
    CHECK_THAT(served.get("/health").body, Catch::Contains("<svg class=\"chart\""));
}

TEST_CASE("serve escapes every archived string: a title holding <script> shows as text", "[serve][escaping]") {
    const Served served("serve-escaping");
    for (const std::string& target : std::vector<std::string>{"/", "/doc/" + served.archive.script_doc, "/search?q=script"}) {
        const HttpAnswer answer = served.get(target);
        INFO(target << "\n" << answer.body);
        REQUIRE(answer.status == 200);
        CHECK_THAT(answer.body, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; 标题 &amp; &quot;quotes&quot;") ||
                                    Catch::Contains("&lt;<mark>script</mark>&gt;alert(1)"));
        CHECK_THAT(answer.body, !Catch::Contains("<script"));
        CHECK_THAT(answer.body, !Catch::Contains("<img"));
    }
    // A query value is echoed escaped too.
    const HttpAnswer echoed = served.get("/search?q=%22%3E%3Cscript%3Ealert(3)%3C%2Fscript%3E");
    REQUIRE(echoed.status == 200);
    CHECK_THAT(echoed.body, Catch::Contains("&quot;&gt;&lt;script&gt;alert(3)"));
    CHECK_THAT(echoed.body, !Catch::Contains("<script"));
    // Every page forbids scripts through its policy as well.
    CHECK_THAT(echoed.header("content-security-policy"), Catch::StartsWith("default-src 'none'"));
}

TEST_CASE("serve answers a bad parameter with 400 and the reason, a missing thing with 404", "[serve][params]") {
    const Served served("serve-params");
    const std::string doc = "/doc/" + served.archive.edited_doc;
    struct Case {
        std::string target;
        long status;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"/?from=2024-13-01", 400, "parameter &#39;from&#39; = &#39;2024-13-01&#39;: not a date"},
        {"/?to=yesterday", 400, "parameter &#39;to&#39; = &#39;yesterday&#39;: not a date"},
        {"/?from=2024-06-01&to=2024-05-01", 400, "&#39;from&#39; is after &#39;to&#39;"},
        {"/?min_score=high", 400, "&#39;min_score&#39; = &#39;high&#39;: not a number"},
        {"/?state=deleted", 400, "must be one of any, live, gone, paywalled"},
        {"/?limit=0", 400, "must be from 1 to 200"},
        {"/?after=not-a-cursor", 400, "cursor"},
        {"/search?q=x&page=-1", 400, "&#39;page&#39;"},
        {"/search?q=x&from=2024-02-30", 400, "not a date"},
        {"/doc/0123456789abcdef", 404, "no document 0123456789abcdef"},
        {"/doc/not-an-id", 404, "is not a document id"},
        {"/doc/0123456789ABCDEF", 404, "is not a document id"},
        {doc + "?v=3", 404, "has no version 3"},
        {doc + "?v=two", 400, "not a whole number"},
        {doc + "/diff?a=1&b=9", 404, "has no version 9"},
        {doc + "/diff?a=x", 400, "&#39;a&#39; = &#39;x&#39;: not a whole number"},
        {doc + "/capture/999999", 404, "has no capture 999999"},
        {doc + "/capture/abc", 404, "is not a capture number"},
        {"/doc/" + served.archive.script_doc + "/capture/" + std::to_string(served.archive.capture_id), 404,
         "has no capture"},
        {"/snapshots/diff?a=first&b=nope", 404, "no snapshot &#39;nope&#39;"},
        {"/snapshots/diff?a=first", 400, "give two snapshots"},
        {"/runs?limit=many", 400, "not a whole number"},
        {"/nowhere", 404, "there is no page at /nowhere"},
        {"/search?q=%E5%A4", 400, "not UTF-8"},
        {"/search?q=%zz", 400, "broken %-escape"},
    };
    for (const Case& test : cases) {
        const HttpAnswer answer = served.get(test.target);
        INFO(test.target << " -> " << answer.status << "\n" << answer.body);
        CHECK(answer.status == test.status);
        CHECK_THAT(answer.body, Catch::Contains(test.reason));
    }
}

TEST_CASE("serve never reaches the file system: traversal attempts are 404s", "[serve][traversal]") {
    const Served served("serve-traversal");
    std::ofstream(served.dir / "secret.txt") << "TOP SECRET FILE";
    const std::string secret = (served.dir / "secret.txt").string();
    for (const std::string& target : std::vector<std::string>{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
          "/style.css/../../etc/passwd", "/doc/..%2f..%2f..%2fetc%2fpasswd", "/doc/%2e%2e/capture/1",
          "/doc/" + served.archive.edited_doc + "/capture/..%2f..%2fsecret.txt", "/" + secret, "//etc/passwd",
          "/static/../../" + secret, "/%00", "/doc/%00"}) {
        const HttpAnswer answer = served.get(target);
        INFO(target << " -> " << answer.status << "\n" << answer.body);
        CHECK((answer.status == 404 || answer.status == 400));
        CHECK_THAT(answer.body, !Catch::Contains("root:"));
        CHECK_THAT(answer.body, !Catch::Contains("TOP SECRET"));
    }
}

TEST_CASE("serve shows a raw capture inert: CSP sandbox, no script runs, nothing loads from the site",
          "[serve][capture]") {
    const Served served("serve-capture");
    const HttpAnswer answer = served.get("/doc/" + served.archive.edited_doc + "/capture/" +
                                         std::to_string(served.archive.capture_id));
    REQUIRE(answer.status == 200);
    CHECK_THAT(answer.body, Catch::Contains("<script>document.title='ran'</script>")); // the bytes as captured
    CHECK_THAT(answer.header("content-security-policy"), Catch::StartsWith("sandbox;"));
    CHECK_THAT(answer.header("content-security-policy"), Catch::Contains("default-src 'none'"));
    CHECK_THAT(answer.header("content-security-policy"), !Catch::Contains("allow-scripts"));
    CHECK(answer.header("content-type") == "text/html; charset=utf-8");
    CHECK(answer.header("x-content-type-options") == "nosniff");
}

TEST_CASE("serve is read-only, refuses other methods and hosts, and bounds requests", "[serve][safety]") {
    const Served served("serve-safety");
    const auto port = served.server.port;
    const auto before = std::filesystem::last_write_time(served.dir / "a.db");
    CHECK(http_request(port, "/", "evil.example").status == 421);
    CHECK(http_request(port, "/", "evil.example:" + std::to_string(port)).status == 421);
    CHECK(http_request(port, "/", "localhost:" + std::to_string(port)).status == 200);
    CHECK(http_request(port, "/", "127.0.0.1:" + std::to_string(port)).status == 200);
    CHECK(http_request(port, "/", "[::1]:" + std::to_string(port)).status == 200);
    const HttpAnswer post = http_request(port, "/", {}, "POST", "a=1");
    CHECK((post.status == 405 || post.status == 413));
    CHECK(http_request(port, "/", {}, "DELETE").status == 405);
    const HttpAnswer head = http_request(port, "/", {}, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    const HttpAnswer huge = http_request(port, "/", {}, "GET", {}, {"X-Filler: " + std::string(40000, 'x')});
    CHECK(huge.status == 431);
    CHECK(std::filesystem::last_write_time(served.dir / "a.db") == before);
    const std::string log = served.server.process.err() + served.server.process.out();
    CHECK_THAT(log, Catch::Contains("127.0.0.1"));
}

TEST_CASE("serve with --allow-host answers that name too", "[serve][safety]") {
    TempDir dir("serve-allow-host");
    make_small_archive(dir / "a.db");
    ServeProcess server(dir / "a.db", dir.path(), {"--allow-host", "archive.lan"});
    REQUIRE(server.port != 0);
    CHECK(http_request(server.port, "/", "archive.lan:8080").status == 200);
    CHECK(http_request(server.port, "/", "other.lan").status == 421);
}

TEST_CASE("serve refuses a missing archive at start with exit 1 naming it", "[serve][cli]") {
    TempDir dir("serve-missing");
    const ProcessResult result = run_cli({"--db", (dir / "none.db").string(), "serve", "--port", "0"});
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("none.db"));
    const ProcessResult bind = run_cli({"--db", (dir / "none.db").string(), "serve", "--bind", "localhost"});
    CHECK(bind.exit_code != 0);
}

TEST_CASE("serve pages follow what a crawl commits while serve runs", "[serve][concurrency]") {
    const Served served("serve-live");
    CHECK_THAT(served.get("/").body, !Catch::Contains("后来写入的文章"));
    {
        auto store = newsarc::archive::Store::open(served.dir / "a.db", newsarc::archive::OpenMode::read_write);
        const std::string url = "https://c.example/late";
        const std::string id = newsarc::doc_id_for_url(url);
        store.ensure_document(id, url, "gamma");
        newsarc::archive::VersionInput version;
        version.doc_id = id;
        version.title = "后来写入的文章";
        version.body = "服务运行期间写入。";
        version.plugin = "test";
        store.put_version(version);
    }
    CHECK_THAT(served.get("/").body, Catch::Contains("后来写入的文章"));
    CHECK_THAT(served.get("/search?q=%E6%9C%8D%E5%8A%A1%E8%BF%90%E8%A1%8C").body, Catch::Contains("后来写入的文章"));
}
