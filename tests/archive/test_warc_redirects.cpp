// Focus: redirect chains in WARC export and import on real archives: each 3xx hop written as its own request,
// response and metadata records before the page it led to (oldest hop first, once even when shared), bounded and
// cycle-safe, cut at a snapshot's time; redirect_to read back from newsarc's metadata or an absolute Location; and
// warcio.js reading every record of a file with a chain.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include <sqlite3.h>

#include "archive_test_util.hpp"
#include "newsarc/archive/warc.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;
namespace fs = std::filesystem;

namespace {

const std::string kDoc = "5a5a5a5a5a5a5a5a";
const std::string kShortUrl = "http://huxiu.com/article/88.html";      // hop 1: 301 to the https host
const std::string kHttpsUrl = "https://huxiu.com/article/88.html";     // hop 2: 302 to www (relative Location)
const std::string kPageUrl = "https://www.huxiu.com/article/88.html";  // the article
const std::string kPageHtml = "<html><body><p>大模型公司的第二轮融资。</p></body></html>";

/// Stores one fetch; a 3xx gets its Location header and the crawl's redirect_to.
std::int64_t put(Store& store, const std::string& doc_id, const std::string& url, int status, const char* when,
                 const std::string& location = "", const std::string& redirect_to = "",
                 std::string_view body = {}) {
    CaptureInput capture;
    capture.doc_id = doc_id;
    capture.url = url;
    capture.http_status = status;
    capture.fetched_at = *parse_time(when);
    capture.content_type = "text/html; charset=utf-8";
    capture.headers = "Server: nginx\nContent-Type: text/html; charset=utf-8\n";
    if (!location.empty()) {
        capture.headers += "Location: " + location + "\n";
    }
    capture.body = body;
    capture.redirect_to = redirect_to;
    return store.put_capture(capture);
}

void version(Store& store, const std::string& doc_id, std::int64_t capture, const char* when,
             const std::string& title = "融资") {
    VersionInput input;
    input.doc_id = doc_id;
    input.title = title;
    input.body = "正文";
    input.capture_id = capture;
    input.plugin = "huxiu";
    input.plugin_version = "2026.11.3";
    input.created_at = *parse_time(when);
    REQUIRE(store.put_version(input).created);
}

/// The article reached through a 301 and a 302. The short URL also redirected once before (an older hop of the
/// same URL: only the latest one by the page's time counts) and once after the page was fetched (not part of it).
void build_chain_archive(const fs::path& db) {
    Store store = Store::open(db);
    store.ensure_document(kDoc, kPageUrl, "huxiu");
    put(store, "", kShortUrl, 301, "2024-06-01T08:00:00Z", kHttpsUrl, kHttpsUrl);
    put(store, "", kShortUrl, 301, "2024-06-12T10:00:00Z", kHttpsUrl, kHttpsUrl, "<a href=\"https://huxiu.com/\">");
    put(store, "", kHttpsUrl, 302, "2024-06-12T10:00:00.250Z", "//www.huxiu.com/article/88.html", kPageUrl);
    const auto page = put(store, kDoc, kPageUrl, 200, "2024-06-12T10:00:00.500Z", "", "", kPageHtml);
    version(store, kDoc, page, "2024-06-12T10:00:01Z");
    put(store, "", kShortUrl, 301, "2024-06-20T08:00:00Z", kHttpsUrl, kHttpsUrl);
}

/// One record of a plain .warc.
struct Record {
    std::map<std::string, std::string> fields; ///< WARC header fields
    std::string block;

    [[nodiscard]] std::string field(const std::string& name) const {
        const auto found = fields.find(name);
        return found == fields.end() ? "" : found->second;
    }
    [[nodiscard]] std::string type() const { return field("WARC-Type"); }
    [[nodiscard]] std::string target() const { return field("WARC-Target-URI"); }
    /// The first line of the block: the HTTP status or request line.
    [[nodiscard]] std::string first_line() const { return block.substr(0, block.find("\r\n")); }
    /// A "Name: value" line of the block (HTTP headers, or application/warc-fields), "" when absent.
    [[nodiscard]] std::string line(const std::string& name) const {
        // An HTTP head ends at its empty line; a warc-fields block is all lines.
        const std::size_t head_end = block.find("\r\n\r\n");
        const std::string head = "\r\n" + (head_end == std::string::npos ? block : block.substr(0, head_end + 2));
        const std::size_t at = head.find("\r\n" + name + ": ");
        if (at == std::string::npos) {
            return {};
        }
        const std::size_t start = at + 2;
        const std::size_t value = start + name.size() + 2;
        return head.substr(value, head.find("\r\n", value) - value);
    }
};

std::vector<Record> read_records(const fs::path& file) {
    const std::string warc = gunzip_all(read_bytes(file));
    std::vector<Record> records;
    std::size_t at = 0;
    while (at < warc.size()) {
        const std::size_t header_end = warc.find("\r\n\r\n", at);
        REQUIRE(header_end != std::string::npos);
        Record record;
        std::size_t line = warc.find("\r\n", at) + 2; // after "WARC/1.1"
        while (line < header_end + 2) {
            const std::size_t end = warc.find("\r\n", line);
            const std::string text = warc.substr(line, end - line);
            const std::size_t colon = text.find(':');
            record.fields.emplace(text.substr(0, colon), text.substr(colon + 2));
            line = end + 2;
        }
        const std::size_t length = std::stoul(record.field("Content-Length"));
        record.block = warc.substr(header_end + 4, length);
        at = header_end + 4 + length + 4;
        records.push_back(std::move(record));
    }
    return records;
}

/// "<type> <target>" per record, with the status line for a response: the file's shape at a glance.
std::vector<std::string> outline(const std::vector<Record>& records) {
    std::vector<std::string> lines;
    for (const Record& record : records) {
        std::string text = record.type() + " " + record.target();
        if (record.type() == "response") {
            text += " " + record.first_line();
        }
        lines.push_back(text);
    }
    return lines;
}

/// The target URIs of the response records, in file order.
std::vector<std::string> response_targets(const std::vector<Record>& records) {
    std::vector<std::string> targets;
    for (const Record& record : records) {
        if (record.type() == "response") {
            targets.push_back(record.target());
        }
    }
    return targets;
}

/// The rows of an SQL query on the archive file, every column as text.
std::vector<std::vector<std::string>> sql_rows(const fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            row.emplace_back(text == nullptr ? "<null>" : text);
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    sqlite3_close(handle);
    return rows;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("a page reached through a 301 and a 302 exports hop 1, hop 2, then the page", "[archive][warc][redirect]") {
    TempDir dir("warc-chain");
    const fs::path db = dir / "a.db";
    build_chain_archive(db);
    Store store = Store::open(db);
    const auto own = store.captures(kDoc);
    REQUIRE(own.size() == 1); // the hops belong to no document: the crawl knows the article only at its URL
    CHECK(own[0].redirect_to.empty());

    WarcExportOptions options;
    options.software = "newsarc/test";
    const WarcExportReport report = export_warc(store, dir / "out", options);
    CHECK(report.documents == 1);
    CHECK(report.documents_without_capture == 0);
    CHECK(report.captures == 3);
    CHECK(report.redirect_captures == 2);
    CHECK(report.records == 1 + 3 * 3);

    const auto records = read_records(report.file);
    INFO(joined(outline(records)));
    CHECK(outline(records) == std::vector<std::string>{
                                  "warcinfo ",
                                  "request " + kShortUrl,
                                  "response " + kShortUrl + " HTTP/1.1 301 Moved Permanently",
                                  "metadata " + kShortUrl,
                                  "request " + kHttpsUrl,
                                  "response " + kHttpsUrl + " HTTP/1.1 302 Found",
                                  "metadata " + kHttpsUrl,
                                  "request " + kPageUrl,
                                  "response " + kPageUrl + " HTTP/1.1 200 OK",
                                  "metadata " + kPageUrl,
                              });
    CHECK(records[0].line("newsarc-captures") == "3");
    CHECK(records[0].line("newsarc-redirect-captures") == "2");

    // Hop 1 is the short URL's redirect as it stood when the page was fetched: neither the older nor the later one.
    CHECK(records[2].field("WARC-Date") == "2024-06-12T10:00:00Z");
    CHECK(records[2].line("Location") == kHttpsUrl);
    CHECK(records[2].block.ends_with("<a href=\"https://huxiu.com/\">"));
    CHECK(records[1].block == "GET /article/88.html HTTP/1.1\r\nHost: huxiu.com\r\n\r\n");
    CHECK(records[1].field("WARC-Concurrent-To") == records[2].field("WARC-Record-ID"));
    CHECK(records[3].field("WARC-Refers-To") == records[2].field("WARC-Record-ID"));
    // The Location as captured (relative), and the target the crawl resolved in the metadata.
    CHECK(records[5].line("Location") == "//www.huxiu.com/article/88.html");
    CHECK(records[5].field("WARC-Date") == "2024-06-12T10:00:00.250Z");

    // A hop of no document: its metadata says where it led, nothing about a document or a version.
    CHECK(records[3].block == "newsarc-redirect-to: " + kHttpsUrl + "\r\n");
    CHECK(records[6].block == "newsarc-redirect-to: " + kPageUrl + "\r\n");
    CHECK(records[9].line("newsarc-doc-id") == kDoc);
    CHECK(records[9].line("newsarc-version") == "1");
    CHECK(records[9].line("newsarc-redirect-to").empty());

    SECTION("the export is byte-identical on a re-run") {
        const WarcExportReport again = export_warc(store, dir / "again", options);
        CHECK(read_bytes(again.file) == read_bytes(report.file));
    }

    SECTION("import restores the hops with redirect_to; export after import gives the same bytes") {
        const fs::path fresh_db = dir / "fresh.db";
        Store fresh = Store::open(fresh_db);
        const WarcImportReport imported = import_warc(fresh, report.file);
        INFO(joined(imported.problems));
        CHECK(imported.problems.empty());
        CHECK(imported.responses == 3);
        CHECK(imported.imported == 3);
        // Hop 2's Location is relative: its target comes from newsarc's metadata record.
        const auto rows =
            sql_rows(fresh_db, "SELECT url, http_status, redirect_to, document_id IS NULL FROM captures ORDER BY id");
        CHECK(rows ==
              std::vector<std::vector<std::string>>{{kShortUrl, "301", kHttpsUrl, "1"},
                                                    {kHttpsUrl, "302", kPageUrl, "1"},
                                                    {kPageUrl, "200", "", "0"}});
        CHECK(import_warc(fresh, report.file).already_archived == 3);

        // A WARC holds pages, not text: give the imported page its version again, and the chain is found again.
        const auto page = fresh.captures(kDoc);
        REQUIRE(page.size() == 1);
        version(fresh, kDoc, page[0].id, "2024-06-12T10:00:01Z");
        const WarcExportReport again = export_warc(fresh, dir / "again", options);
        CHECK(again.redirect_captures == 2);
        CHECK(read_bytes(again.file) == read_bytes(report.file));
    }
}

TEST_CASE("a snapshot's chain stops at its time, every capture writes each hop once", "[archive][warc][redirect]") {
    TempDir dir("warc-chain-snapshot");
    const fs::path db = dir / "a.db";
    const std::string page_url = "https://www.guancha.cn/internation/2024_06_12_2.shtml";
    const std::string mobile_url = "https://m.guancha.cn/internation/2024_06_12_2.shtml";
    const std::string rss_url = "https://www.guancha.cn/rss/2024_06_12_2";
    const std::string doc = "0123456789abcdef";
    Store store = Store::open(db);
    store.ensure_document(doc, page_url, "guancha");
    // Day 1: reached from the mobile site. Day 2: from the RSS feed, and the page changed.
    put(store, "", mobile_url, 301, "2024-06-12T10:00:00Z", page_url, page_url);
    const auto day_1 = put(store, doc, page_url, 200, "2024-06-12T10:00:01Z", "", "", "<p>一</p>");
    version(store, doc, day_1, "2024-06-12T10:00:02Z", "第一版");
    store.create_snapshot("day-1", *parse_time("2024-06-12T12:00:00Z"));
    put(store, "", rss_url, 302, "2024-06-13T10:00:00Z", page_url, page_url);
    const auto day_2 = put(store, doc, page_url, 200, "2024-06-13T10:00:01Z", "", "", "<p>二</p>");
    version(store, doc, day_2, "2024-06-13T10:00:02Z", "第二版");

    WarcExportOptions options;
    SECTION("the snapshot: the day-1 page and its hop, not the later one") {
        options.selection.snapshot = "day-1";
        auto report = export_warc(store, dir / "snap", options);
        CHECK(response_targets(read_records(report.file)) == std::vector<std::string>{mobile_url, page_url});
        CHECK(report.redirect_captures == 1);
        options.all_captures = true;
        report = export_warc(store, dir / "snap-all", options);
        CHECK(response_targets(read_records(report.file)) == std::vector<std::string>{mobile_url, page_url});
        options.all_captures = false;
        options.selection.snapshot.clear();
        options.selection.as_of = *parse_time("2024-06-12T12:00:00Z");
        report = export_warc(store, dir / "as-of", options);
        CHECK(response_targets(read_records(report.file)) == std::vector<std::string>{mobile_url, page_url});
    }
    SECTION("the latest version: both redirecting URLs led to the page by day 2, oldest first") {
        const auto report = export_warc(store, dir / "latest", options);
        CHECK(response_targets(read_records(report.file)) ==
              std::vector<std::string>{mobile_url, rss_url, page_url});
        CHECK(report.captures == 3);
        CHECK(report.redirect_captures == 2);
    }
    SECTION("every capture: each page after its hops, the mobile hop only before the first") {
        options.all_captures = true;
        const auto report = export_warc(store, dir / "all", options);
        CHECK(response_targets(read_records(report.file)) ==
              std::vector<std::string>{mobile_url, page_url, rss_url, page_url});
        CHECK(report.captures == 4);
        CHECK(report.redirect_captures == 2);
    }
}

TEST_CASE("a chain two documents share is written once", "[archive][warc][redirect]") {
    TempDir dir("warc-chain-shared");
    const fs::path db = dir / "a.db";
    // The site reused one URL for a second article: both were reached through the same two hops.
    const std::string start = "http://wallstreetcn.com/n/9";
    const std::string middle = "https://wallstreetcn.com/n/9";
    const std::string page = "https://wallstreetcn.com/articles/9";
    Store store = Store::open(db);
    store.ensure_document("00000000000000a1", page, "wallstreetcn");
    store.ensure_document("00000000000000a2", page + "?v=2", "wallstreetcn");
    put(store, "", start, 301, "2024-06-12T10:00:00Z", middle, middle);
    put(store, "", middle, 302, "2024-06-12T10:00:01Z", page, page);
    version(store, "00000000000000a1", put(store, "00000000000000a1", page, 200, "2024-06-12T10:00:02Z", "", "", "a"),
            "2024-06-12T10:00:03Z");
    version(store, "00000000000000a2", put(store, "00000000000000a2", page, 200, "2024-06-14T10:00:00Z", "", "", "b"),
            "2024-06-14T10:00:01Z");

    const auto report = export_warc(store, dir / "out", {});
    const auto records = read_records(report.file);
    CHECK(response_targets(records) == std::vector<std::string>{start, middle, page, page});
    CHECK(report.documents == 2);
    CHECK(report.captures == 4);
    CHECK(report.redirect_captures == 2);
    CHECK(report.records == 1 + 4 * 3);
    std::set<std::string> ids;
    for (const Record& record : records) {
        CHECK(ids.insert(record.field("WARC-Record-ID")).second);
    }

    SECTION("a hop the document holds itself is one of its captures, and still comes first") {
        const std::string doc = "00000000000000b1";
        const std::string hop_url = "https://wallstreetcn.com/live/1";
        const std::string live = "https://wallstreetcn.com/livenews/1";
        store.ensure_document(doc, live, "wallstreetcn");
        put(store, doc, hop_url, 307, "2024-06-15T10:00:00Z", live, live);
        version(store, doc, put(store, doc, live, 200, "2024-06-15T10:00:01Z", "", "", "c"), "2024-06-15T10:00:02Z");
        CHECK(store.captures(doc).at(0).redirect_to == live);
        WarcExportOptions options;
        options.selection.site = "wallstreetcn";
        options.all_captures = true;
        const auto all = export_warc(store, dir / "all", options);
        const auto all_records = read_records(all.file);
        CHECK(response_targets(all_records) == std::vector<std::string>{start, middle, page, page, hop_url, live});
        CHECK(all.redirect_captures == 2); // the 307 is selected as the document's own capture
        // Without all_captures it is written as a hop, and its metadata still names its document.
        const auto latest = export_warc(store, dir / "latest", {});
        const auto latest_records = read_records(latest.file);
        CHECK(latest.redirect_captures == 3);
        REQUIRE(latest_records.size() == 1 + 6 * 3);
        CHECK(latest_records[15].type() == "metadata");
        CHECK(latest_records[15].target() == hop_url);
        CHECK(latest_records[15].block == "newsarc-doc-id: " + doc + "\r\nnewsarc-doc-url: " + live +
                                              "\r\nnewsarc-site: wallstreetcn\r\nnewsarc-redirect-to: " + live +
                                              "\r\n");
    }
}

TEST_CASE("a loop of stored redirects ends, and at most ten hops precede a page", "[archive][warc][redirect]") {
    TempDir dir("warc-chain-loop");
    const fs::path db = dir / "a.db";
    Store store = Store::open(db);
    const std::string doc = "00000000000000c1";

    SECTION("A -> B -> A and B -> B, all in the same millisecond") {
        const std::string a = "https://example.cn/a";
        const std::string b = "https://example.cn/b";
        store.ensure_document(doc, b, "example");
        put(store, "", a, 302, "2024-06-12T10:00:00Z", b, b);
        put(store, "", b, 302, "2024-06-12T10:00:00Z", a, a);
        put(store, "", b, 302, "2024-06-12T10:00:00Z", b, b); // a cookie check redirecting to itself
        version(store, doc, put(store, doc, b, 200, "2024-06-12T10:00:00Z", "", "", "page"), "2024-06-12T10:00:01Z");
        const auto report = export_warc(store, dir / "out", {});
        CHECK(report.captures == 4);
        CHECK(report.redirect_captures == 3);
        const auto records = read_records(report.file);
        INFO(joined(outline(records)));
        CHECK(response_targets(records).back() == b);
        std::set<std::string> ids;
        for (const Record& record : records) {
            CHECK(ids.insert(record.field("WARC-Record-ID")).second);
        }
        CHECK(read_bytes(export_warc(store, dir / "again", {}).file) == read_bytes(report.file));
    }

    SECTION("a chain of twelve hops: the ten nearest the page are written, oldest first") {
        const auto url = [](int i) { return "https://example.cn/hop/" + std::to_string(i); };
        store.ensure_document(doc, url(12), "example");
        for (int i = 0; i < 12; ++i) {
            const std::string when = "2024-06-12T10:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "Z";
            put(store, "", url(i), 302, when.c_str(), url(i + 1), url(i + 1));
        }
        version(store, doc, put(store, doc, url(12), 200, "2024-06-12T10:00:30Z", "", "", "end"),
                "2024-06-12T10:00:31Z");
        const auto report = export_warc(store, dir / "out", {});
        CHECK(report.captures == 11);
        CHECK(report.redirect_captures == 10);
        std::vector<std::string> expected;
        for (int i = 2; i <= 12; ++i) {
            expected.push_back(url(i));
        }
        CHECK(response_targets(read_records(report.file)) == expected);
    }
}

TEST_CASE("import takes redirect_to from a redirect's absolute http(s) Location only", "[archive][warc][redirect]") {
    TempDir dir("warc-chain-import");
    const auto response = [](int n, const std::string& url, const std::string& head) {
        const std::string id = "<urn:uuid:00000000-0000-4000-8000-00000000000" + std::to_string(n) + ">";
        return warc10_record("response",
                             {{"WARC-Record-ID", id},
                              {"WARC-Target-URI", url},
                              {"WARC-Date", "2024-01-02T03:04:0" + std::to_string(n) + "Z"},
                              {"Content-Type", "application/http;msgtype=response"}},
                             head + "\r\n");
    };
    const std::string warc =
        response(1, "http://example.cn/1", "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.cn/1\r\n") +
        response(2, "https://example.cn/2", "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n") +
        response(3, "https://example.cn/3", "HTTP/1.1 303 See Other\r\nlocation: HTTPS://Example.cn/three?a=1\r\n") +
        response(4, "https://example.cn/4", "HTTP/1.1 307 Temporary Redirect\r\nLocation: //cdn.example.cn/4\r\n") +
        response(5, "https://example.cn/5", "HTTP/1.1 308 Permanent Redirect\r\nLocation: https:///no-host\r\n") +
        response(6, "https://example.cn/6", "HTTP/1.1 201 Created\r\nLocation: https://example.cn/6/new\r\n") +
        response(7, "https://example.cn/7", "HTTP/1.1 302 Found\r\n") +
        response(8, "https://example.cn/8", "HTTP/1.1 304 Not Modified\r\nLocation: https://example.cn/8\r\n");
    const fs::path file = dir / "redirects.warc";
    write_bytes(file, warc);
    const fs::path db = dir / "a.db";
    Store store = Store::open(db);
    const WarcImportReport report = import_warc(store, file);
    INFO(joined(report.problems));
    CHECK(report.problems.empty());
    CHECK(report.imported == 8);
    CHECK(sql_rows(db, "SELECT http_status, redirect_to FROM captures ORDER BY id") ==
          std::vector<std::vector<std::string>>{{"301", "https://example.cn/1"},
                                                {"302", ""},
                                                {"303", "HTTPS://Example.cn/three?a=1"},
                                                {"307", ""},
                                                {"308", ""},
                                                {"201", ""},
                                                {"302", ""},
                                                {"304", ""}});
}

TEST_CASE("warcio.js reads every record of an export with a redirect chain", "[archive][warc][warcio][cli][redirect]") {
    const fs::path checker = source_dir() / "tests" / "archive" / "warcio";
    INFO("warcio.js lives in " << (checker / "node_modules").string()
                               << "; scripts/setup installs it there (npm ci) - run it when this is missing");
    REQUIRE(fs::exists(checker / "node_modules" / "warcio" / "package.json"));

    TempDir dir("warc-chain-warcio");
    const fs::path db = dir / "a.db";
    build_chain_archive(db);
    const auto exported = run_archive_cli(db, {"export", "--format", "warc", "--all-captures", "--out",
                                               (dir / "out").string()});
    INFO(describe(exported));
    REQUIRE(exported.exit_code == 0);
    CHECK(exported.out.find("export: 3 captures of 1 documents (10 WARC records") != std::string::npos);
    CHECK(exported.out.find("export: 2 of the captures are redirect hops, each written before the capture it led "
                            "to") != std::string::npos);
    const fs::path file = dir / "out" / kWarcFileName;

    const auto checked = run_process("/usr/bin/env", {"node", (checker / "check.mjs").string(), file.string(),
                                                      "--records", "10", "--responses", "3", "--statuses",
                                                      "301,302,200"});
    INFO("node check.mjs: " << describe(checked));
    REQUIRE(checked.exit_code == 0);
    CHECK(checked.out.find("10 records indexed (1 warcinfo, 3 request, 3 response, 3 metadata), 3 CDX entries, "
                           "0 rejected") != std::string::npos);
    CHECK(checked.out.find("response statuses 301 302 200, every redirect with a Location") != std::string::npos);
}
