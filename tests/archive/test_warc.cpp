// Focus: WARC export and import of raw captures on real archives: the round trip into a fresh archive, which
// captures a selection exports, byte-identical re-exports, damaged records reported by file and offset while the
// rest is imported, WARC files other tools write, and the exported file checked by warcio.js (a reader from the
// web-archiving world).
#include <catch2/catch.hpp>

#include <cstdio>

#include <sqlite3.h>

#include "archive_test_util.hpp"
#include "newsarc/archive/warc.hpp"
#include "support/paths.hpp"
#include "support/gzip.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;
namespace fs = std::filesystem;

namespace {

const std::string kArticle = "6f2a3172923db0ae";   // three captures: 200, 304, 200 (changed); two versions
const std::string kRedirected = "1c9e0f5a3b7d2468"; // fetched through a redirect, binary body
const std::string kStamped = "a0b1c2d3e4f50617";    // fetched at a time with milliseconds, empty 200 body
const std::string kTextOnly = "00ff00ff00ff00ff";   // imported text: a version without a capture

const std::string kArticleUrl = "https://www.guancha.cn/economy/2024_06_12_1.shtml";
const std::string kRedirectUrl = "http://huxiu.com/article/77.html";
const std::string kRedirectTarget = "https://www.huxiu.com/article/77.html?from=rss";
const std::string kStampedUrl = "https://wallstreetcn.com/articles/3719000";

/// What a capture looks like from outside: compared before export and after import.
struct Seen {
    std::string url;
    std::string final_url;
    int status = 0;
    std::int64_t fetched_at_ms = 0;
    std::string content_type;
    std::string etag;
    std::string last_modified;
    std::string body;

    bool operator==(const Seen&) const = default;
};

std::vector<Seen> seen_captures(Store& store, const std::string& doc_id) {
    std::vector<Seen> seen;
    for (const CaptureInfo& info : store.captures(doc_id)) {
        seen.push_back({info.url, info.final_url, info.http_status, to_unix_ms(info.fetched_at), info.content_type,
                        info.etag, info.last_modified, store.capture_body(info.id).value_or("<missing>")});
    }
    return seen;
}

std::string binary_body() {
    std::string body;
    for (int i = 0; i < 256; ++i) {
        body.push_back(static_cast<char>(i));
    }
    // Bytes that look like record framing must not confuse a reader that trusts Content-Length.
    body += "\r\n\r\nWARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n";
    return body;
}

/// The value of header `name` in the archive's header text ("" when absent).
std::string header_value(const std::string& headers, const std::string& name) {
    std::size_t at = 0;
    while (at < headers.size()) {
        const std::size_t end = headers.find('\n', at);
        const std::string line = headers.substr(at, end - at);
        if (line.starts_with(name + ": ")) {
            return line.substr(name.size() + 2);
        }
        at = end == std::string::npos ? headers.size() : end + 1;
    }
    return {};
}

/// Stores one fetch as the crawl does: content type and validators are the response's own headers.
std::int64_t put(Store& store, const std::string& doc_id, const std::string& url, const std::string& final_url,
                 int status, const char* when, std::string headers, std::string_view body) {
    CaptureInput capture;
    capture.doc_id = doc_id;
    capture.url = url;
    capture.final_url = final_url;
    capture.http_status = status;
    capture.fetched_at = *parse_time(when);
    capture.content_type = header_value(headers, "Content-Type");
    capture.etag = header_value(headers, "ETag");
    capture.last_modified = header_value(headers, "Last-Modified");
    capture.headers = std::move(headers);
    capture.body = body;
    return store.put_capture(capture);
}

void version(Store& store, const std::string& doc_id, const std::string& title, std::optional<std::int64_t> capture,
             const char* when) {
    const std::string body = "正文:" + title; // VersionInput::body is a view: the text must outlive the call
    VersionInput input;
    input.doc_id = doc_id;
    input.title = title;
    input.source = "观察者网";
    input.body = body;
    input.capture_id = capture;
    input.plugin = capture ? "guancha" : "import";
    input.plugin_version = "2026.11.3";
    input.created_at = *parse_time(when);
    REQUIRE(store.put_version(input).created);
}

/// An archive as a crawl leaves it: four documents, five document captures and one listing-page capture, two
/// versions of the article, and the snapshot "before-update" taken between them.
void build_archive(const fs::path& db) {
    Store store = Store::open(db);
    store.ensure_document(kArticle, kArticleUrl, "guancha");
    store.ensure_document(kRedirected, kRedirectTarget, "huxiu");
    store.ensure_document(kStamped, kStampedUrl, "wallstreetcn");
    store.ensure_document(kTextOnly, "", "seed");
    const std::string html_v1 = "<html><head><title>大模型价格战</title></head><body><p>第一版。</p></body></html>";
    const std::string html_v2 = "<html><head><title>大模型价格战</title></head><body><p>第二版,更正。</p></body></html>";
    const auto first = put(store, kArticle, kArticleUrl, "", 200, "2024-06-12T10:00:00Z",
                           "Server: nginx\nContent-Type: text/html; charset=utf-8\nTransfer-Encoding: chunked\n"
                           "Content-Encoding: gzip\nContent-Length: 999\nETag: \"v-2024-06-12\"\n"
                           "Last-Modified: Wed, 12 Jun 2024 09:58:00 GMT\nX-Cache: 命中\n",
                           html_v1);
    version(store, kArticle, "大模型价格战打到了云厂商", first, "2024-06-12T10:00:01Z");
    const auto redirected = put(store, kRedirected, kRedirectUrl, kRedirectTarget, 200, "2024-06-12T11:00:00Z",
                                "Content-Type: application/octet-stream\n", binary_body());
    version(store, kRedirected, "一张二进制的页面", redirected, "2024-06-12T11:00:01Z");
    const auto stamped = put(store, kStamped, kStampedUrl, "", 200, "2024-06-12T12:34:56.789Z", "", "");
    version(store, kStamped, "空白页", stamped, "2024-06-12T12:35:00Z");
    version(store, kTextOnly, "导入的文本", std::nullopt, "2024-06-01T00:00:00Z");
    put(store, "", "https://www.guancha.cn/", "", 200, "2024-06-12T09:00:00Z", "", "<html>listing</html>");
    store.create_snapshot("before-update", *parse_time("2024-06-13T00:00:00Z"));
    put(store, kArticle, kArticleUrl, "", 304, "2024-06-13T10:00:00Z", "Server: nginx\n", "");
    const auto third = put(store, kArticle, kArticleUrl, "", 200, "2024-06-14T10:00:00Z",
                           "Server: nginx\nContent-Type: text/html; charset=utf-8\n", html_v2);
    version(store, kArticle, "大模型价格战打到了云厂商(更新)", third, "2024-06-14T10:00:01Z");
}

/// The rows of an SQL query on the archive file, every column as text (for what no Store API hands out).
std::vector<std::vector<std::string>> sql_rows(const fs::path& db, const std::string& sql,
                                              const std::string& bind = "") {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    if (!bind.empty()) {
        sqlite3_bind_text(statement, 1, bind.c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            row.emplace_back(text == nullptr ? "" : text);
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    sqlite3_close(handle);
    return rows;
}

/// The header text the archive stores for each capture of a document, oldest first.
std::vector<std::string> stored_headers(const fs::path& db, const std::string& doc_id) {
    std::vector<std::string> headers;
    for (const auto& row : sql_rows(db,
                                    "SELECT c.headers FROM captures c JOIN documents d ON d.id = c.document_id "
                                    "WHERE d.doc_id = ?1 ORDER BY c.fetched_at, c.id",
                                    doc_id)) {
        headers.push_back(row.at(0));
    }
    return headers;
}

/// Offsets of the gzip members newsarc writes (they all start with the same 10-byte header: no name, time 0).
std::vector<std::size_t> member_offsets(std::string_view gz) {
    const std::string_view header("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    std::vector<std::size_t> offsets;
    for (std::size_t at = gz.find(header); at != std::string_view::npos; at = gz.find(header, at + 1)) {
        offsets.push_back(at);
    }
    return offsets;
}

/// Offsets of the records of a plain .warc, found by their Content-Length (a body may hold "WARC/1.1" lines).
std::vector<std::size_t> record_offsets(std::string_view warc) {
    std::vector<std::size_t> offsets;
    std::size_t at = 0;
    while (at < warc.size()) {
        offsets.push_back(at);
        const std::size_t header_end = warc.find("\r\n\r\n", at);
        const std::size_t length_at = warc.find("\r\nContent-Length: ", at);
        REQUIRE(length_at < header_end);
        const std::size_t length = std::stoul(std::string(warc.substr(length_at + 18, header_end - length_at - 18)));
        at = header_end + 4 + length + 4;
    }
    return offsets;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("WARC export then import into a fresh archive gives the same captures back", "[archive][warc]") {
    TempDir dir("warc-roundtrip");
    const fs::path db = dir / "a.db";
    build_archive(db);
    Store store = Store::open(db);

    SECTION("default: the capture each selected version was made from") {
        WarcExportOptions options;
        options.software = "newsarc/test";
        const WarcExportReport exported = export_warc(store, dir / "out", options);
        CHECK(exported.file == dir / "out" / kWarcFileName);
        CHECK(exported.documents == 4);
        CHECK(exported.documents_without_capture == 1);
        CHECK(exported.captures == 3);
        CHECK(exported.records == 1 + 3 * 3);
        CHECK(exported.bytes == static_cast<std::int64_t>(fs::file_size(exported.file)));
        CHECK(file_names(dir / "out") == std::vector<std::string>{kWarcFileName});

        const fs::path fresh_db = dir / "fresh.db";
        Store fresh = Store::open(fresh_db);
        const WarcImportReport imported = import_warc(fresh, exported.file);
        INFO(joined(imported.problems));
        CHECK(imported.problems.empty());
        CHECK(imported.records == 10);
        CHECK(imported.responses == 3);
        CHECK(imported.imported == 3);
        CHECK(imported.already_archived == 0);

        // The article's latest version came from its third capture; the redirect keeps both URLs.
        const std::vector<Seen> article = seen_captures(store, kArticle);
        REQUIRE(article.size() == 3);
        CHECK(seen_captures(fresh, kArticle) == std::vector<Seen>{article[2]});
        CHECK(seen_captures(fresh, kRedirected) == seen_captures(store, kRedirected));
        CHECK(seen_captures(fresh, kStamped) == seen_captures(store, kStamped));
        CHECK(seen_captures(fresh, kRedirected).at(0).body == binary_body());
        CHECK(seen_captures(fresh, kRedirected).at(0).final_url == kRedirectTarget);
        CHECK(seen_captures(fresh, kStamped).at(0).fetched_at_ms % 1000 == 789);
        CHECK(seen_captures(fresh, kTextOnly).empty());

        // Documents come back with their URL and site (but no versions: the WARC holds pages, not text).
        const auto document = fresh.find_document(kRedirected);
        REQUIRE(document);
        CHECK(document->url == kRedirectTarget);
        CHECK(document->site == "huxiu");
        CHECK(document->latest_version == 0);
        CHECK(fresh.stats().captures == 3);

        SECTION("importing the same file again adds nothing") {
            const WarcImportReport again = import_warc(fresh, exported.file);
            CHECK(again.problems.empty());
            CHECK(again.imported == 0);
            CHECK(again.already_archived == 3);
            CHECK(fresh.stats().captures == 3);
        }
    }

    SECTION("all captures: every capture of each selected document, headers fixed up for decoded bodies") {
        WarcExportOptions options;
        options.all_captures = true;
        const WarcExportReport exported = export_warc(store, dir / "all", options);
        CHECK(exported.captures == 5);
        CHECK(exported.records == 1 + 5 * 3);

        const fs::path fresh_db = dir / "fresh-all.db";
        {
            Store fresh = Store::open(fresh_db);
            const WarcImportReport imported = import_warc(fresh, exported.file);
            INFO(joined(imported.problems));
            CHECK(imported.problems.empty());
            CHECK(imported.imported == 5);
            CHECK(seen_captures(fresh, kArticle) == seen_captures(store, kArticle));
            CHECK(seen_captures(fresh, kArticle).at(1).status == 304);
            CHECK(seen_captures(fresh, kArticle).at(1).body.empty());
        }
        // The stored body is decoded, so the encodings are dropped and Content-Length tells its size.
        const std::string html_v1 = store.capture_body(store.captures(kArticle).at(0).id).value();
        const auto headers = stored_headers(fresh_db, kArticle);
        REQUIRE(headers.size() == 3);
        CHECK(headers[0] == "Server: nginx\nContent-Type: text/html; charset=utf-8\nETag: \"v-2024-06-12\"\n"
                            "Last-Modified: Wed, 12 Jun 2024 09:58:00 GMT\nX-Cache: 命中\nContent-Length: " +
                                std::to_string(html_v1.size()) + "\n");
        CHECK(headers[1] == "Server: nginx\nContent-Length: 0\n");
    }

    SECTION("a snapshot exports the captures its frozen versions were made from, as they were then") {
        WarcExportOptions options;
        options.selection.snapshot = "before-update";
        const WarcExportReport exported = export_warc(store, dir / "snap", options);
        CHECK(exported.documents == 4);
        CHECK(exported.captures == 3);
        Store fresh = Store::open(dir / "fresh-snap.db");
        CHECK(import_warc(fresh, exported.file).imported == 3);
        CHECK(seen_captures(fresh, kArticle) == std::vector<Seen>{seen_captures(store, kArticle).at(0)});

        // Every capture, but none fetched after the snapshot's time: the 304 and the update are left out.
        options.all_captures = true;
        CHECK(export_warc(store, dir / "snap-all", options).captures == 3);
    }

    SECTION("a site narrows the documents; an unknown snapshot is refused before the folder is touched") {
        WarcExportOptions options;
        options.selection.site = "huxiu";
        CHECK(export_warc(store, dir / "site", options).captures == 1);
        options.selection.site.clear();
        options.selection.snapshot = "no-such-snapshot";
        CHECK_THROWS_AS(export_warc(store, dir / "never", options), ArchiveError);
        CHECK_FALSE(fs::exists(dir / "never"));
    }
}

TEST_CASE("exporting the same snapshot twice gives byte-identical WARC files", "[archive][warc]") {
    TempDir dir("warc-determinism");
    const fs::path db = dir / "a.db";
    build_archive(db);
    Store store = Store::open(db);
    WarcExportOptions options;
    options.selection.snapshot = "before-update";
    options.all_captures = true;
    const auto first = export_warc(store, dir / "one", options);
    // A later fetch of a document in the snapshot is not part of it, even with every capture exported.
    put(store, kArticle, kArticleUrl, "", 200, "2024-07-01T00:00:00Z", "Content-Type: text/html\n", "<p>later</p>");
    const auto second = export_warc(store, dir / "two", options);
    const std::string bytes = read_bytes(first.file);
    REQUIRE(!bytes.empty());
    CHECK(bytes == read_bytes(second.file));

    // The latest selection too.
    const auto third = export_warc(store, dir / "three", {});
    const auto fourth = export_warc(store, dir / "four", {});
    CHECK(read_bytes(third.file) == read_bytes(fourth.file));

    SECTION("a non-empty folder is refused without force; force replaces the WARC file only") {
        write_bytes(dir / "one" / "notes.txt", "keep me");
        CHECK_THROWS_AS(export_warc(store, dir / "one", options), newsarc::Failure);
        options.force = true;
        export_warc(store, dir / "one", options);
        CHECK(read_bytes(dir / "one" / kWarcFileName) == bytes);
        CHECK(read_bytes(dir / "one" / "notes.txt") == "keep me");
        CHECK(file_names(dir / "one") == std::vector<std::string>{"newsarc.warc.gz", "notes.txt"});
    }
}

TEST_CASE("a damaged WARC record is reported with file and byte offset and the others are imported",
          "[archive][warc]") {
    TempDir dir("warc-damage");
    const fs::path db = dir / "a.db";
    build_archive(db);
    Store store = Store::open(db);
    const auto exported = export_warc(store, dir / "out", {});
    const std::string gz = read_bytes(exported.file);
    const auto members = member_offsets(gz);
    REQUIRE(members.size() == 10); // warcinfo, then request/response/metadata for three captures

    SECTION("damaged gzip data in the middle response") {
        // Member 5 is the second capture's response (the redirect): overwrite part of its deflate data.
        std::string damaged = gz;
        const std::size_t start = members[5];
        for (std::size_t i = start + 20; i < start + 60; ++i) {
            damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
        }
        const fs::path file = dir / "damaged.warc.gz";
        write_bytes(file, damaged);
        Store fresh = Store::open(dir / "fresh.db");
        const WarcImportReport report = import_warc(fresh, file);
        INFO(joined(report.problems));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].starts_with(file.string() + ": gzip member at byte " + std::to_string(start) + ":"));
        CHECK(report.problems[0].find("skipped " + std::to_string(members[6] - start) +
                                      " bytes to the next gzip member at byte " + std::to_string(members[6])) !=
              std::string::npos);
        CHECK(report.records == 9);
        CHECK(report.imported == 2);
        CHECK(seen_captures(fresh, kArticle).size() == 1);
        CHECK(seen_captures(fresh, kStamped).size() == 1);
        CHECK(seen_captures(fresh, kRedirected).empty());
    }

    SECTION("a plain .warc with a wrong Content-Length and a block that fails its digest") {
        std::string warc = gunzip_all(gz);
        const auto records = record_offsets(warc);
        REQUIRE(records.size() == 10);
        // Record 2, the article's response, gets a Content-Length 7 bytes short; the records after it move by
        // the change in the number's digits.
        const std::size_t length_at = warc.find("\r\nContent-Length: ", records[2]) + 18;
        const std::size_t length_end = warc.find("\r\n", length_at);
        const std::string length_text = warc.substr(length_at, length_end - length_at);
        const std::string shorter = std::to_string(std::stoul(length_text) - 7);
        warc.replace(length_at, length_text.size(), shorter);
        std::vector<std::size_t> shifted = records;
        for (std::size_t i = 3; i < shifted.size(); ++i) {
            shifted[i] = shifted[i] + shorter.size() - length_text.size();
        }
        // Record 8, the stamped page's response (an empty body): its status line changes, its digest does not.
        const std::size_t status_at = warc.find("HTTP/1.1 200 OK", shifted[8]);
        REQUIRE(status_at < shifted[9]);
        warc[status_at + 10] = '5';
        const fs::path file = dir / "damaged.warc";
        write_bytes(file, warc);

        Store fresh = Store::open(dir / "fresh-plain.db");
        const WarcImportReport report = import_warc(fresh, file);
        INFO(joined(report.problems));
        REQUIRE(report.problems.size() == 2);
        CHECK(report.problems[0].starts_with(file.string() + ": byte " + std::to_string(shifted[2]) + ": "));
        CHECK(report.problems[0].find("Content-Length") != std::string::npos);
        CHECK(report.problems[0].find("skipped to the next record at byte " + std::to_string(shifted[3])) !=
              std::string::npos);
        CHECK(report.problems[1].starts_with(file.string() + ": byte " + std::to_string(shifted[8]) + ": "));
        CHECK(report.problems[1].find("WARC-Block-Digest") != std::string::npos);
        CHECK(report.imported == 1);
        CHECK(seen_captures(fresh, kRedirected) == seen_captures(store, kRedirected));
    }

    SECTION("a whole file in one gzip member is read record by record") {
        const fs::path file = dir / "one-member.warc.gz";
        write_bytes(file, gzip_member(gunzip_all(gz)));
        Store fresh = Store::open(dir / "fresh-one.db");
        const WarcImportReport report = import_warc(fresh, file);
        INFO(joined(report.problems));
        CHECK(report.problems.empty());
        CHECK(report.imported == 3);
    }

    SECTION("a file cut inside its last member keeps what came before") {
        const fs::path file = dir / "cut.warc.gz";
        write_bytes(file, gz.substr(0, members[9] + 30));
        Store fresh = Store::open(dir / "fresh-cut.db");
        const WarcImportReport report = import_warc(fresh, file);
        INFO(joined(report.problems));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].starts_with(file.string() + ": gzip member at byte " + std::to_string(members[9])));
        CHECK(report.problems[0].find("truncated") != std::string::npos);
        CHECK(report.imported == 3);
    }

    SECTION("a file that is not a WARC at all") {
        const fs::path file = dir / "notes.txt";
        write_bytes(file, "just some notes\nnothing else\n");
        Store fresh = Store::open(dir / "fresh-notes.db");
        const WarcImportReport report = import_warc(fresh, file);
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].starts_with(file.string() + ": byte 0: no WARC record starts here"));
        CHECK(report.imported == 0);
        CHECK_THROWS_AS(import_warc(fresh, dir / "missing.warc.gz"), newsarc::Failure);
    }
}

TEST_CASE("a WARC from another tool: WARC/1.0, chunked and gzip bodies, other record types", "[archive][warc]") {
    TempDir dir("warc-foreign");
    const std::string page = "<html><body><p>GBK 页面也按原样保存。</p></body></html>";
    std::string chunked;
    const std::string gz = gzip_member(page);
    for (std::size_t at = 0; at < gz.size(); at += 100) {
        const std::string chunk = gz.substr(at, 100);
        char size[16];
        std::snprintf(size, sizeof size, "%zx", chunk.size());
        chunked += std::string(size) + ";ext=1\r\n" + chunk + "\r\n";
    }
    chunked += "0\r\n\r\n";
    const std::string warc =
        warc10_record("warcinfo", {{"WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>"},
                                   {"WARC-Date", "2024-01-02T03:00:00Z"}, {"Content-Type", "application/warc-fields"}},
                      "software: another-crawler/1.0\r\n") +
        warc10_record("response", {{"WARC-Record-ID", "<urn:uuid:11111111-1111-4111-8111-111111111111>"},
                                   {"WARC-Target-URI", "<https://example.cn/a?x=1>"},
                                   {"WARC-Date", "2024-01-02T03:04:05Z"},
                                   {"Content-Type", "application/http; msgtype=response"}},
                      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\nTransfer-Encoding: chunked\r\n"
                      "Content-Encoding: gzip\r\nETag: W/\"e1\"\r\n\r\n" + chunked) +
        warc10_record("request", {{"WARC-Record-ID", "<urn:uuid:22222222-2222-4222-8222-222222222222>"},
                                  {"WARC-Target-URI", "<https://example.cn/a?x=1>"},
                                  {"WARC-Date", "2024-01-02T03:04:05Z"},
                                  {"WARC-Concurrent-To", "<urn:uuid:11111111-1111-4111-8111-111111111111>"},
                                  {"Content-Type", "application/http; msgtype=request"}},
                      "GET /a?x=1 HTTP/1.1\r\nHost: example.cn\r\nUser-Agent: another-crawler\r\n\r\n") +
        warc10_record("metadata", {{"WARC-Record-ID", "<urn:uuid:33333333-3333-4333-8333-333333333333>"},
                                   {"WARC-Date", "2024-01-02T03:04:05Z"},
                                   {"WARC-Concurrent-To", "<urn:uuid:11111111-1111-4111-8111-111111111111>"},
                                   {"Content-Type", "application/warc-fields"}},
                      "via: https://example.cn/\r\nfetchTimeMs: 35\r\n") +
        warc10_record("response", {{"WARC-Record-ID", "<urn:uuid:44444444-4444-4444-8444-444444444444>"},
                                   {"WARC-Target-URI", "dns:example.cn"}, {"WARC-Date", "2024-01-02T03:04:04Z"},
                                   {"Content-Type", "text/dns"}},
                      "20240102030404\nexample.cn.\t300\tIN\tA\t192.0.2.1\n") +
        warc10_record("revisit", {{"WARC-Record-ID", "<urn:uuid:55555555-5555-4555-8555-555555555555>"},
                                  {"WARC-Target-URI", "https://example.cn/a?x=1"},
                                  {"WARC-Date", "2024-01-03T03:04:05Z"},
                                  {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"}},
                      "") +
        warc10_record("response", {{"WARC-Record-ID", "<urn:uuid:66666666-6666-4666-8666-666666666666>"},
                                   {"WARC-Target-URI", "http://example.cn/gone"},
                                   {"WARC-Date", "2024-01-02T03:05:00+08:00"},
                                   {"Content-Type", "application/http;msgtype=response"}},
                      "HTTP/1.0 404\nContent-Type: text/plain\n\ngone");
    const fs::path file = dir / "foreign.warc";
    write_bytes(file, warc);
    const fs::path db = dir / "a.db";
    Store store = Store::open(db);
    const WarcImportReport report = import_warc(store, file);
    INFO(joined(report.problems));
    CHECK(report.problems.empty());
    CHECK(report.records == 7);
    CHECK(report.responses == 2);
    CHECK(report.imported == 2);
    CHECK(store.stats().documents == 0);

    const auto rows = sql_rows(db, "SELECT id, url, final_url, http_status, fetched_at, content_type, etag, headers "
                                   "FROM captures ORDER BY id");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::vector<std::string>{rows[0][0], "https://example.cn/a?x=1", "https://example.cn/a?x=1",
                                              "200", std::to_string(to_unix_ms(*parse_time("2024-01-02T03:04:05Z"))),
                                              "text/html; charset=gbk", "W/\"e1\"",
                                              "Content-Type: text/html; charset=gbk\nETag: W/\"e1\"\nContent-Length: " +
                                                  std::to_string(page.size()) + "\n"});
    CHECK(store.capture_body(std::stoll(rows[0][0])) == page);
    CHECK(rows[1][1] == "http://example.cn/gone");
    CHECK(rows[1][3] == "404");
    CHECK(rows[1][4] == std::to_string(to_unix_ms(*parse_time("2024-01-01T19:05:00Z"))));
    CHECK(rows[1][7] == "Content-Type: text/plain\n");
    CHECK(store.capture_body(std::stoll(rows[1][0])) == "gone");
}

TEST_CASE("warcio.js indexes and reads back every record of a CLI WARC export", "[archive][warc][warcio][cli]") {
    const fs::path checker = source_dir() / "tests" / "archive" / "warcio";
    INFO("warcio.js lives in " << (checker / "node_modules").string()
                               << "; scripts/setup installs it there (npm ci) - run it when this is missing");
    REQUIRE(fs::exists(checker / "node_modules" / "warcio" / "package.json"));

    TempDir dir("warc-warcio");
    const fs::path db = dir / "a.db";
    build_archive(db);
    const auto exported = run_archive_cli(db, {"export", "--format", "warc", "--all-captures", "--out",
                                               (dir / "out").string()});
    INFO(describe(exported));
    REQUIRE(exported.exit_code == 0);
    CHECK(exported.out.find("export: 5 captures of 3 documents (16 WARC records") != std::string::npos);
    const fs::path file = dir / "out" / kWarcFileName;

    // /usr/bin/env finds node on PATH; exit 127 from env means node is not installed (scripts/setup installs it).
    const auto checked = run_process("/usr/bin/env", {"node", (checker / "check.mjs").string(), file.string(),
                                                      "--records", "16", "--responses", "5"});
    INFO("node check.mjs: " << describe(checked));
    REQUIRE(checked.exit_code == 0);
    CHECK(checked.out.find("16 records indexed (1 warcinfo, 5 request, 5 response, 5 metadata), 5 CDX entries, "
                           "0 rejected") != std::string::npos);
    WARN(checked.out);

    SECTION("the CLI reads it back; a damaged file exits 1 naming the record") {
        const auto imported = run_archive_cli(dir / "fresh.db", {"import", "--format", "warc", file.string()});
        INFO(describe(imported));
        CHECK(imported.exit_code == 0);
        CHECK(imported.out.find("16 WARC records, 5 HTTP responses from " + file.string() +
                                ": 5 imported, 0 already archived, 0 bad") != std::string::npos);

        std::string damaged = read_bytes(file);
        const auto members = member_offsets(damaged);
        REQUIRE(members.size() == 16);
        damaged[members[2] + 40] = static_cast<char>(damaged[members[2] + 40] ^ 0x7F);
        write_bytes(dir / "damaged.warc.gz", damaged);
        const auto refused = run_archive_cli(dir / "fresh2.db",
                                             {"import", "--format", "warc", (dir / "damaged.warc.gz").string()});
        INFO(describe(refused));
        CHECK(refused.exit_code == 1);
        CHECK(refused.err.find("import: " + (dir / "damaged.warc.gz").string() + ": gzip member at byte " +
                               std::to_string(members[2])) != std::string::npos);
        CHECK(refused.out.find("4 imported, 0 already archived, 1 bad") != std::string::npos);
    }
}
