// Focus: archives that are damaged, foreign, newer or older than this build: clear errors naming the file,
// exit 1, the file never modified; older schemas migrated in place.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "archive_test_util.hpp"
#include "newsarc/archive/store.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

/// An archive holding the seeds, fully checkpointed into the main file (no -wal left).
std::filesystem::path seeded_archive(const TempDir& dir) {
    copy_seeds(dir / "in");
    const auto db = dir / "good.db";
    const auto result = run_archive_cli(db, {"import", (dir / "in").string()});
    INFO(describe(result));
    REQUIRE(result.exit_code == 0);
    REQUIRE_FALSE(std::filesystem::exists(db.string() + "-wal"));
    return db;
}

/// Every command a user might run first on a file; each must fail with exit 1 naming the file, leaving it as is.
void expect_refused(const std::filesystem::path& db, const TempDir& dir, const std::string& expected_text) {
    const std::string before = read_bytes(db);
    const std::vector<std::vector<std::string>> commands = {
        {"stats"},
        {"export", "--out", (dir / "refused-out").string()},
        {"import", (dir / "in").string()},
        {"snapshot", "create", "s"},
        {"history", "6f2a3172923db0ae"},
    };
    for (const auto& args : commands) {
        const auto result = run_archive_cli(db, args);
        INFO(args[0] << "\n" << describe(result));
        CHECK(result.exit_code == 1);
        CHECK(result.err.find(db.string()) != std::string::npos);
        CHECK(result.err.find(expected_text) != std::string::npos);
        CHECK(read_bytes(db) == before);
    }
}

} // namespace

TEST_CASE("a file that is not SQLite is refused and left alone", "[archive][corrupt]") {
    TempDir dir("archive-bad");
    copy_seeds(dir / "in");
    const auto db = dir / "notes.db";
    std::string text;
    for (int i = 0; i < 400; ++i) {
        text += "these are my notes, not a database\n";
    }
    write_bytes(db, text);
    expect_refused(db, dir, "not a newsarc archive");
    write_bytes(db, "tiny");
    expect_refused(db, dir, "not a newsarc archive");
}

TEST_CASE("an SQLite database of another program is refused and left alone", "[archive][corrupt]") {
    TempDir dir("archive-bad");
    copy_seeds(dir / "in");
    const auto db = dir / "other.db";
    raw_sql(db, "CREATE TABLE contacts(name TEXT, phone TEXT); INSERT INTO contacts VALUES('Li', '123');");
    expect_refused(db, dir, "not a newsarc archive");
    try {
        Store::open(db);
        FAIL("expected a refusal");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::not_archive);
    }
}

TEST_CASE("a damaged SQLite header is refused and left alone", "[archive][corrupt]") {
    TempDir dir("archive-bad");
    const auto good = seeded_archive(dir);
    const auto db = dir / "bad-header.db";
    std::string bytes = read_bytes(good);
    bytes[16] = '\x03'; // page size 0x03xx: not a power of two
    bytes[21] = '\x7F';
    write_bytes(db, bytes);
    expect_refused(db, dir, "damaged");
}

TEST_CASE("flipped bytes in the file's pages give a clear error, never a crash", "[archive][corrupt]") {
    TempDir dir("archive-bad");
    const auto good = seeded_archive(dir);
    const auto db = dir / "flipped.db";
    std::string bytes = read_bytes(good);
    const std::size_t page_size = (static_cast<unsigned char>(bytes[16]) << 8) | static_cast<unsigned char>(bytes[17]);
    REQUIRE(bytes.size() / page_size >= 4);
    // Page 1 (the schema) stays readable; every other page gets its first bytes (b-tree page type / overflow
    // pointer) and a byte in its middle inverted.
    for (std::size_t page = 1; page < bytes.size() / page_size; ++page) {
        bytes[page * page_size] = static_cast<char>(~bytes[page * page_size]);
        bytes[page * page_size + 1] = static_cast<char>(~bytes[page * page_size + 1]);
        bytes[page * page_size + page_size / 2] = static_cast<char>(~bytes[page * page_size + page_size / 2]);
    }
    write_bytes(db, bytes);
    expect_refused(db, dir, "damaged");
    try {
        Store store = Store::open(db, OpenMode::read_only);
        store.scan({}, [](const VersionView&) { return true; });
        FAIL("expected a corruption error");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::corrupt);
    }
}

TEST_CASE("a damaged text in an intact database is caught by its content hash", "[archive][corrupt]") {
    TempDir dir("archive-bad");
    const auto db = seeded_archive(dir);
    // Bit rot inside a stored body that SQLite cannot notice (it has no checksums).
    raw_sql(db, "UPDATE versions SET body_codec = 0, body_dictionary = NULL, body = CAST('tampered' AS BLOB), "
                "body_size = 8 WHERE document_id = 1;");
    const auto result = run_archive_cli(db, {"export", "--out", (dir / "out").string()});
    INFO(describe(result));
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("6f2a3172923db0ae") != std::string::npos);
    CHECK(result.err.find("damaged") != std::string::npos);
}

TEST_CASE("an archive from a newer newsarc is refused naming both schema versions", "[archive][schema]") {
    TempDir dir("archive-bad");
    const auto good = seeded_archive(dir);
    const auto db = dir / "future.db";
    std::filesystem::copy_file(good, db);
    raw_sql(db, "PRAGMA user_version = 99");
    expect_refused(db, dir, "schema version 99");
    const auto result = run_archive_cli(db, {"stats"});
    CHECK(result.err.find("up to " + std::to_string(Store::latest_schema_version())) != std::string::npos);
    try {
        Store::open(db);
        FAIL("expected a refusal");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::newer_schema);
    }
}

TEST_CASE("an archive of schema 1 is migrated in place and keeps its data", "[archive][schema]") {
    REQUIRE(Store::latest_schema_version() >= 2);
    TempDir dir("archive-bad");
    const auto db = dir / "v1.db";
    const std::string schema_1 = read_bytes(source_dir() / "archive" / "schema" / "0001_init.sql");
    REQUIRE_FALSE(schema_1.empty());
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schema_1 +
                "INSERT INTO documents(id, doc_id, url, site, first_seen, latest_number, latest_hash) "
                "VALUES(1, '00000000000000a1', 'https://example.cn/1', 'ex', 1700000000000, 1, NULL);"
                "INSERT INTO versions(document_id, number, title, author, source, published_at, content_hash, "
                "body_size, body_codec, body_dictionary, body, capture_id, plugin, plugin_version, created_at) "
                "VALUES(1, 1, '旧标题', '', '来源', '2023-11-15T06:13:20+08:00', X'00', 6, 0, NULL, "
                "CAST('正文' AS BLOB), NULL, 'old', '0', 1700000000000);"
                "PRAGMA user_version = 1;");
    {
        Store store = Store::open(db);
        const auto version = store.version("00000000000000a1");
        REQUIRE(version);
        CHECK(version->info.title == "旧标题");
        CHECK(version->body == "正文");
        // The new columns work: a version with a simhash joins a cluster.
        VersionInput next;
        next.doc_id = "00000000000000a1";
        next.title = "新标题";
        next.body = "正文";
        next.simhash = 42;
        CHECK(store.put_version(next).number == 2);
        CHECK(store.find_document("00000000000000a1")->cluster_id == std::optional<std::int64_t>(1));
    }
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(handle, "PRAGMA user_version", -1, &statement, nullptr);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(sqlite3_column_int(statement, 0) == Store::latest_schema_version());
    sqlite3_finalize(statement);
    sqlite3_close(handle);
}

TEST_CASE("an archive of schema 2 gets captures.redirect_to in place and keeps its captures", "[archive][schema]") {
    REQUIRE(Store::latest_schema_version() >= 3);
    TempDir dir("archive-bad");
    const auto db = dir / "v2.db";
    const std::string schema_1 = read_bytes(source_dir() / "archive" / "schema" / "0001_init.sql");
    const std::string schema_2 = read_bytes(source_dir() / "archive" / "schema" / "0002_near_duplicates.sql");
    REQUIRE_FALSE(schema_2.empty());
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schema_1 + schema_2 +
                "INSERT INTO documents(id, doc_id, url, site, first_seen) "
                "VALUES(1, '00000000000000b2', 'https://example.cn/2', 'ex', 1700000000000);"
                "INSERT INTO captures(id, document_id, url, final_url, http_status, headers, fetched_at, content_type, "
                "etag, last_modified, body_blob) VALUES(1, 1, 'http://example.cn/2', 'https://example.cn/2', 200, "
                "'Server: old\n', 1700000000000, 'text/html', '', '', NULL);"
                "PRAGMA user_version = 2;");
    {
        Store store = Store::open(db);
        const auto captures = store.captures("00000000000000b2");
        REQUIRE(captures.size() == 1);
        CHECK(captures[0].url == "http://example.cn/2");
        CHECK(captures[0].final_url == "https://example.cn/2");
        CHECK(captures[0].http_status == 200);
        CHECK(captures[0].redirect_to.empty());
        // The new column is written and read back.
        CaptureInput hop;
        hop.doc_id = "00000000000000b2";
        hop.url = "https://example.cn/old-2";
        hop.http_status = 301;
        hop.headers = "Location: https://example.cn/2\n";
        hop.redirect_to = "https://example.cn/2";
        store.put_capture(hop);
        CHECK(store.captures("00000000000000b2").at(1).redirect_to == "https://example.cn/2");
        CHECK(store.check_integrity().empty());
    }
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const auto text_of = [&](const char* sql) {
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) == SQLITE_OK);
        std::string text;
        while (sqlite3_step(statement) == SQLITE_ROW) {
            const int last = sqlite3_column_count(statement) - 1; // EXPLAIN QUERY PLAN: the detail column
            const auto* column = reinterpret_cast<const char*>(sqlite3_column_text(statement, last));
            text += (column == nullptr ? "" : column) + std::string("\n");
        }
        sqlite3_finalize(statement);
        return text;
    };
    CHECK(text_of("PRAGMA user_version") == std::to_string(Store::latest_schema_version()) + "\n");
    CHECK(text_of("SELECT redirect_to FROM captures ORDER BY id") == "\nhttps://example.cn/2\n");
    // The chain lookup of WARC export (capture_rows.cpp) is served by the partial index.
    CHECK(text_of("EXPLAIN QUERY PLAN SELECT id, url, fetched_at FROM captures WHERE redirect_to = 'x' AND "
                  "redirect_to <> '' AND fetched_at <= 0 AND http_status BETWEEN 300 AND 399 ORDER BY url, "
                  "fetched_at, id")
              .find("captures_by_redirect_to") != std::string::npos);
    sqlite3_close(handle);
}

TEST_CASE("an archive of schema 3 gets site_health in place and keeps its runs", "[archive][schema]") {
    REQUIRE(Store::latest_schema_version() >= 4);
    TempDir dir("archive-bad");
    const auto db = dir / "v3.db";
    std::string schemas;
    for (const char* file : {"0001_init.sql", "0002_near_duplicates.sql", "0003_redirects.sql"}) {
        schemas += read_bytes(source_dir() / "archive" / "schema" / file);
    }
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schemas +
                "INSERT INTO runs(id, job, started_at, ended_at, counters, exit_status) "
                "VALUES(1, 'daily', 1700000000000, 1700000060000, '{\"ok\":3}', 0);"
                "PRAGMA user_version = 3;");
    Store store = Store::open(db);
    const auto runs = store.list_runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].counters_json == "{\"ok\":3}");
    CHECK(store.site_health().empty());
    // The new table is written and read back, newest run first per site, `limit` runs per site.
    RunRecord second;
    second.job = "daily";
    second.started = from_unix_ms(1700000100000);
    const std::int64_t run_id = store.record_run(second);
    store.record_site_health({{1, "huxiu", "daily", from_unix_ms(1700000000000), "{\"article_pages\":3}"},
                              {run_id, "huxiu", "daily", from_unix_ms(1700000100000), "{\"article_pages\":4}"},
                              {run_id, "guancha", "daily", from_unix_ms(1700000100000), "{\"article_pages\":1}"}});
    const auto huxiu = store.site_health("huxiu");
    REQUIRE(huxiu.size() == 2);
    CHECK(huxiu[0].run_id == run_id);
    CHECK(huxiu[0].counts_json == "{\"article_pages\":4}");
    CHECK(huxiu[1].run_id == 1);
    const auto latest = store.site_health({}, 1);
    REQUIRE(latest.size() == 2);
    CHECK(latest[0].site == "guancha");
    CHECK(latest[1].site == "huxiu");
    CHECK(latest[1].run_id == run_id);
}

TEST_CASE("a read command migrates an older archive before reading it", "[archive][schema]") {
    TempDir dir("archive-bad");
    const auto db = dir / "v1.db";
    const std::string schema_1 = read_bytes(source_dir() / "archive" / "schema" / "0001_init.sql");
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schema_1 + "PRAGMA user_version = 1;");
    const auto result = run_archive_cli(db, {"stats"});
    INFO(describe(result));
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("documents:  0") != std::string::npos);
}

TEST_CASE("an empty file or an empty newsarc file (schema 0) is initialised", "[archive][schema]") {
    TempDir dir("archive-bad");
    write_bytes(dir / "empty.db", "");
    { Store store = Store::open(dir / "empty.db"); CHECK(store.stats().documents == 0); }
    raw_sql(dir / "v0.db", "PRAGMA application_id = 1314345793; PRAGMA user_version = 0; VACUUM;");
    { Store store = Store::open(dir / "v0.db"); CHECK(store.stats().documents == 0); }
    CHECK_THROWS_AS(Store::open(dir / "nothing.db", OpenMode::read_only), ArchiveError);
    CHECK_FALSE(std::filesystem::exists(dir / "nothing.db"));
}
