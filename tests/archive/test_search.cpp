// Focus: full-text search (search.hpp): title and body matches, the index following new versions, one- and
// two-character queries (term list and scan), filters, gone documents, paging, hostile query text, a read-only
// reader beside a writer, and an archive of schema 4 migrated into a searchable one.
#include <catch2/catch.hpp>

#include <set>

#include <sqlite3.h>

#include "archive_test_util.hpp"
#include "newsarc/archive/search.hpp"
#include "newsarc/archive/store.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

/// A 16-hex doc id from a number.
std::string doc_id(int n) {
    char text[17];
    std::snprintf(text, sizeof text, "%016x", n);
    return text;
}

/// Adds (or updates) document `n` with one version of these texts.
PutVersionResult put(Store& store, int n, const std::string& title, const std::string& body,
                     const std::string& site = "guancha", const std::string& published = "2024-05-01 08:00") {
    store.ensure_document(doc_id(n), "https://example.cn/" + std::to_string(n), site);
    VersionInput version;
    version.doc_id = doc_id(n);
    version.title = title;
    version.body = body;
    version.published_at = published;
    version.plugin = "test";
    return store.put_version(version);
}

SearchResult find(Store& store, const std::string& text, std::size_t limit = 20) {
    SearchQuery query;
    query.text = text;
    query.limit = limit;
    query.count_total = true;
    return search(store, query);
}

std::vector<std::string> ids_of(const SearchResult& result) {
    std::vector<std::string> ids;
    for (const auto& hit : result.hits) {
        ids.push_back(hit.doc_id);
    }
    return ids;
}

/// The texts of `text` at `ranges`.
std::vector<std::string> marked(const std::string& text, const std::vector<TextRange>& ranges) {
    std::vector<std::string> out;
    for (const auto& range : ranges) {
        REQUIRE(range.begin + range.size <= text.size());
        out.push_back(text.substr(range.begin, range.size));
    }
    return out;
}

/// Expects search(query) to throw ArchiveError{invalid}.
void expect_invalid(Store& store, const SearchQuery& query) {
    try {
        (void)search(store, query);
        FAIL("expected ArchiveError{invalid} for a query of " << query.text.size() << " bytes");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::invalid);
        CHECK(std::string(error.what()).find("search") != std::string::npos);
    }
}

} // namespace

TEST_CASE("search finds a text in a title and in a body, with the matches marked", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    put(store, 1, "阿里顶级大牛辞职创业", "随着ChatGPT的爆火,国内人工智能领域也风起云涌。");
    put(store, 2, "字节招兵买马", "原阿里技术副总裁贾扬清离职创业,大模型赛道风起云涌。");
    put(store, 3, "无关的新闻", "今天天气很好。");

    const auto title_hit = find(store, "顶级大牛");
    REQUIRE(ids_of(title_hit) == std::vector<std::string>{doc_id(1)});
    CHECK(marked(title_hit.hits[0].title, title_hit.hits[0].title_matches) == std::vector<std::string>{"顶级大牛"});
    CHECK(title_hit.hits[0].snippet_matches.empty()); // only the title has it: the snippet is the body's start
    CHECK(title_hit.hits[0].snippet.starts_with("随着ChatGPT"));
    CHECK(title_hit.total == std::optional<std::int64_t>(1));

    const auto body_hit = find(store, "贾扬清");
    REQUIRE(ids_of(body_hit) == std::vector<std::string>{doc_id(2)});
    const SearchHit& hit = body_hit.hits[0];
    CHECK(marked(hit.snippet, hit.snippet_matches) == std::vector<std::string>{"贾扬清"});
    CHECK(hit.title == "字节招兵买马");
    CHECK(hit.url == "https://example.cn/2");
    CHECK(hit.site == "guancha");
    CHECK(hit.version == 1);
    CHECK(hit.published_at == "2024-05-01T08:00:00+08:00");
    CHECK_FALSE(hit.gone);

    // Most recently archived first; Latin letters without case.
    CHECK(ids_of(find(store, "风起云涌")) == std::vector<std::string>{doc_id(2), doc_id(1)});
    const auto latin = find(store, "chatgpt");
    REQUIRE(ids_of(latin) == std::vector<std::string>{doc_id(1)});
    CHECK(marked(latin.hits[0].snippet, latin.hits[0].snippet_matches) == std::vector<std::string>{"ChatGPT"});
    CHECK(find(store, "不存在的词").hits.empty());
}

TEST_CASE("after a new version the old text no longer matches and the new one does", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    put(store, 1, "旧标题甲乙", "第二段:旧的说法丙丁。");
    put(store, 2, "别的文章", "也有旧的说法丙丁。");
    CHECK(find(store, "旧的说法").hits.size() == 2);
    CHECK(put(store, 1, "新标题戊己", "第二段:更正后的说法庚辛。").number == 2);
    CHECK(ids_of(find(store, "旧的说法")) == std::vector<std::string>{doc_id(2)});
    CHECK(find(store, "旧标题").hits.empty());
    const auto fresh = find(store, "更正后的");
    REQUIRE(ids_of(fresh) == std::vector<std::string>{doc_id(1)});
    CHECK(fresh.hits[0].version == 2);
    CHECK(fresh.hits[0].title == "新标题戊己");
    CHECK(ids_of(find(store, "新标题")) == std::vector<std::string>{doc_id(1)});
    // The same content again adds no version and changes nothing.
    CHECK_FALSE(put(store, 1, "新标题戊己", "第二段:更正后的说法庚辛。").created);
    CHECK(find(store, "更正后的").hits.size() == 1);
    // A third version inside a transaction that is rolled back leaves the second one searchable.
    {
        Store::Transaction transaction(store);
        put(store, 1, "第三版", "回滚的文字壬癸。");
        CHECK(ids_of(find(store, "回滚的文字")) == std::vector<std::string>{doc_id(1)});
    }
    CHECK(find(store, "回滚的文字").hits.empty());
    CHECK(ids_of(find(store, "更正后的")) == std::vector<std::string>{doc_id(1)});
    CHECK(store.check_integrity().empty());
}

TEST_CASE("one- and two-character queries find every occurrence, the last characters too", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    put(store, 1, "标题一", "正文里有AI");   // at the very end of the body
    put(store, 2, "熊", "别的内容。");       // a one-character title
    put(store, 3, "标题三", "ai开头的正文"); // another case
    put(store, 4, "标题四", "没有那个词。");

    const auto two = find(store, "AI");
    CHECK(ids_of(two) == std::vector<std::string>{doc_id(3), doc_id(1)});
    CHECK_FALSE(two.fallback_scan);
    REQUIRE(two.hits.size() == 2);
    CHECK(marked(two.hits[1].snippet, two.hits[1].snippet_matches) == std::vector<std::string>{"AI"});
    const auto one = find(store, "熊");
    CHECK(ids_of(one) == std::vector<std::string>{doc_id(2)});
    CHECK(marked(one.hits[0].title, one.hits[0].title_matches) == std::vector<std::string>{"熊"});
    CHECK(ids_of(find(store, "题四")) == std::vector<std::string>{doc_id(4)});
    CHECK(find(store, "龙").hits.empty());
    CHECK(find(store, "龙").total == std::optional<std::int64_t>(0));
}

TEST_CASE("a one-character query of a common character is answered by a bounded scan", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    // 1,100 documents, each with 的 followed by a different character: more index terms (trigrams) start with 的
    // than a query ORs together (1,000), so the scan answers.
    constexpr int kWith = 1100;
    store.batch([&] {
        for (int n = 1; n <= kWith; ++n) {
            std::string next;
            const char32_t code = 0x4E00 + static_cast<char32_t>(n);
            next += static_cast<char>(0xE0 | (code >> 12));
            next += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            next += static_cast<char>(0x80 | (code & 0x3F));
            put(store, n, "标题", "一段的" + next + "文字");
        }
    });
    put(store, kWith + 1, "标题", "这里没有那个字。");
    SearchQuery query;
    query.text = "的";
    query.limit = 50;
    query.count_total = true;
    const auto first = search(store, query);
    CHECK(first.fallback_scan);
    CHECK(first.scan_complete);
    REQUIRE(first.hits.size() == 50);
    CHECK(first.hits[0].doc_id == doc_id(kWith)); // the newest lacks it
    CHECK(first.has_more);
    CHECK(first.total == std::optional<std::int64_t>(kWith));
    CHECK(marked(first.hits[0].snippet, first.hits[0].snippet_matches) == std::vector<std::string>{"的"});
    // Paging walks every match once.
    std::set<std::string> seen;
    query.count_total = false;
    for (query.offset = 0; query.offset < 1500; query.offset += query.limit) {
        const auto page = search(store, query);
        for (const auto& hit : page.hits) {
            CHECK(seen.insert(hit.doc_id).second);
        }
        if (!page.has_more) {
            break;
        }
    }
    CHECK(seen.size() == kWith);
}

TEST_CASE("a frequent short query gives the same hits by scan as by the index", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    // 300 documents, 的 followed by one of twenty characters in most: few index terms, many documents each, so
    // reading the newest documents is cheaper than the OR of the terms.
    const std::string next[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    store.batch([&] {
        for (int n = 1; n <= 300; ++n) {
            put(store, n, "标题", n % 7 == 0 ? "没有那个字。" : "一段的" + next[n % 20] + "文字");
        }
    });
    SearchQuery query;
    query.text = "的";
    query.limit = 25;
    for (query.offset = 0; query.offset < 300; query.offset += query.limit) {
        INFO("offset " << query.offset);
        query.count_total = false;
        const auto scanned = search(store, query);
        if (query.offset == 0) {
            CHECK(scanned.fallback_scan); // deeper pages need more of the documents read: the OR is cheaper there
        }
        CHECK(scanned.scan_complete);
        query.count_total = true; // counting every match takes the index
        const auto indexed = search(store, query);
        CHECK_FALSE(indexed.fallback_scan);
        CHECK(ids_of(scanned) == ids_of(indexed));
        CHECK(scanned.has_more == indexed.has_more);
        CHECK(indexed.total == std::optional<std::int64_t>(300 - 300 / 7));
    }
}

TEST_CASE("site, date and gone filters combine with the text", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    put(store, 1, "大模型一", "文字", "guancha", "2023-01-10 08:00");
    put(store, 2, "大模型二", "文字", "huxiu", "2023-06-10 08:00");
    put(store, 3, "大模型三", "文字", "huxiu", "2024-02-10 08:00");
    put(store, 4, "大模型四", "文字", "huxiu", ""); // dated by first_seen (now)
    store.mark_gone(doc_id(3), *parse_time("2024-03-01"));

    SearchQuery query;
    query.text = "大模型";
    query.site = "huxiu";
    CHECK(ids_of(search(store, query)) == std::vector<std::string>{doc_id(4), doc_id(3), doc_id(2)});
    query.since = *parse_time("2023-06-01");
    query.until = *parse_time("2024-12-31");
    const auto dated = search(store, query);
    CHECK(ids_of(dated) == std::vector<std::string>{doc_id(3), doc_id(2)});
    REQUIRE(dated.hits.size() == 2);
    CHECK(dated.hits[0].gone); // kept searchable, marked
    CHECK(dated.hits[0].gone_at == parse_time("2024-03-01"));
    query.include_gone = false;
    CHECK(ids_of(search(store, query)) == std::vector<std::string>{doc_id(2)});
    query = SearchQuery{};
    query.text = "大模型";
    query.since = *parse_time("2025-01-01");
    CHECK(ids_of(search(store, query)) == std::vector<std::string>{doc_id(4)});
    // The same filters on the short-query paths.
    query.text = "模";
    CHECK(ids_of(search(store, query)) == std::vector<std::string>{doc_id(4)});
}

TEST_CASE("paging by offset and limit gives each hit once, has_more until the last page", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    store.batch([&] {
        for (int n = 1; n <= 45; ++n) {
            put(store, n, "第" + std::to_string(n) + "篇", "人工智能的新闻 " + std::to_string(n));
        }
    });
    SearchQuery query;
    query.text = "人工智能";
    query.limit = 20;
    std::vector<std::string> all;
    std::vector<bool> more;
    for (query.offset = 0; query.offset < 100; query.offset += query.limit) {
        const auto page = search(store, query);
        for (const auto& hit : page.hits) {
            all.push_back(hit.doc_id);
        }
        more.push_back(page.has_more);
        if (!page.has_more) {
            break;
        }
    }
    CHECK(more == std::vector<bool>{true, true, false});
    REQUIRE(all.size() == 45);
    for (int n = 45; n >= 1; --n) {
        CHECK(all[static_cast<std::size_t>(45 - n)] == doc_id(n));
    }
    query.limit = 0;
    expect_invalid(store, query);
    query.limit = 1001;
    expect_invalid(store, query);
}

TEST_CASE("hostile query text is searched as the characters it is", "[archive][search]") {
    TempDir dir("archive-search");
    Store store = Store::open(dir / "a.db");
    put(store, 1, "引号\"与星号*", "他说\"AND\"不是NEAR(x, y)的写法,it's 'quoted' 和 a:b 与 ^开头 -负号 OR。");
    put(store, 2, "普通", "没有特殊字符");

    for (const std::string text : {"\"", "*", "AND", "NEAR(", "'", "\"AND\"", "NEAR(x, y)", "it's", "'quoted'",
                                   "a:b", "^开头", "-负号", "OR", "星号*", "\"与", "\"\"", "*)", "(x"}) {
        INFO("query: " << text);
        SearchQuery query;
        query.text = text;
        const auto result = search(store, query);
        const bool present = std::string("引号\"与星号*他说\"AND\"不是NEAR(x, y)的写法,it's 'quoted' 和 a:b 与 ^开头 -负号 OR。")
                                 .find(text) != std::string::npos;
        CHECK(ids_of(result) == (present ? std::vector<std::string>{doc_id(1)} : std::vector<std::string>{}));
    }
    SearchQuery query;
    query.text = "";
    expect_invalid(store, query);
    query.text = " \t\n\xE3\x80\x80 ";
    expect_invalid(store, query);
    query.text = std::string(1 << 20, 'a'); // 1 MB
    expect_invalid(store, query);
    query.text = "\xFF\xFE";
    expect_invalid(store, query);
    query.text = std::string("AND\0OR", 6);
    expect_invalid(store, query);
    // Surrounding white space is not part of the query.
    query.text = "  NEAR(x  ";
    CHECK(ids_of(search(store, query)) == std::vector<std::string>{doc_id(1)});
}

TEST_CASE("a read-only store searches while another store writes", "[archive][search][concurrency]") {
    TempDir dir("archive-search");
    const auto db = dir / "a.db";
    Store writer = Store::open(db);
    put(writer, 1, "已提交的文章", "已经提交的正文");
    Store reader = Store::open(db, OpenMode::read_only);
    CHECK(ids_of(find(reader, "已经提交")) == std::vector<std::string>{doc_id(1)});
    {
        Store::Transaction open_transaction(writer);
        put(writer, 2, "未提交的文章", "还没提交的正文");
        put(writer, 1, "已提交的文章", "改写中的正文");
        CHECK(find(reader, "还没提交").hits.empty());
        CHECK(ids_of(find(reader, "已经提交")) == std::vector<std::string>{doc_id(1)});
        open_transaction.commit();
    }
    CHECK(ids_of(find(reader, "还没提交")) == std::vector<std::string>{doc_id(2)});
    CHECK(find(reader, "已经提交").hits.empty());
    CHECK(ids_of(find(reader, "改写中")) == std::vector<std::string>{doc_id(1)});
}

TEST_CASE("an archive of schema 4 is migrated and its documents become searchable", "[archive][search][schema]") {
    TempDir dir("archive-search");
    const auto db = dir / "v4.db";
    std::string schemas;
    for (const char* file : {"0001_init.sql", "0002_near_duplicates.sql", "0003_redirects.sql", "0004_site_health.sql"}) {
        schemas += read_bytes(source_dir() / "archive" / "schema" / file);
    }
    // Stored as a schema 4 newsarc stores them: bodies as is (codec 0) or zstd; codec 0 needs no dictionary.
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schemas +
                "INSERT INTO documents(id, doc_id, url, site, first_seen, latest_number) VALUES"
                "(1, '00000000000000a1', 'https://example.cn/1', 'guancha', 1700000000000, 2),"
                "(2, '00000000000000a2', 'https://example.cn/2', 'huxiu', 1700000100000, 1),"
                "(3, '00000000000000a3', 'https://example.cn/3', 'huxiu', 1700000200000, 0);"
                "INSERT INTO versions(document_id, number, title, author, source, published_at, content_hash, "
                "body_size, body_codec, body_dictionary, body, capture_id, plugin, plugin_version, topic_score, "
                "paywalled, created_at) VALUES"
                "(1, 1, '旧标题', '', '', '2023-11-15T06:13:20+08:00', X'00', 12, 0, NULL, CAST('旧的正文' AS BLOB), "
                "NULL, 'old', '0', 1.5, 0, 1700000000000),"
                "(1, 2, '人工智能新标题', '', '', '2023-11-16T06:13:20+08:00', X'01', 21, 0, NULL, "
                "CAST('大模型的新正文' AS BLOB), NULL, 'old', '0', 7.5, 1, 1700000050000),"
                "(2, 1, '另一篇', '', '', '', X'02', 15, 0, NULL, CAST('别的大模型' AS BLOB), NULL, 'old', '0', NULL, "
                "0, 1700000100000);"
                "INSERT INTO fetch_log(url, host, at, outcome, http_status, detail, attempt, bytes, duration_ms, doc_id) "
                "VALUES('https://example.cn/1', 'example.cn', 1, 'ok', 200, '', 1, 10, 5, ''),"
                "('https://example.cn/2', 'example.cn', 2, 'ok', 200, '', 1, 10, 5, ''),"
                "('https://example.cn/9', 'example.cn', 3, 'timeout', 0, '', 1, 0, 5, '');"
                "PRAGMA user_version = 4;");
    {
        Store store = Store::open(db);
        CHECK(ids_of(find(store, "大模型")) == std::vector<std::string>{"00000000000000a2", "00000000000000a1"});
        CHECK(find(store, "旧的正文").hits.empty()); // only latest versions are indexed
        const auto title = find(store, "人工智能");
        REQUIRE(title.hits.size() == 1);
        CHECK(title.hits[0].version == 2);
        CHECK(title.hits[0].paywalled);
        CHECK(title.hits[0].topic_score == std::optional<double>(7.5));
        CHECK(ids_of(find(store, "新")) == std::vector<std::string>{"00000000000000a1"});
        // A version after the migration replaces the migrated text in the index.
        VersionInput next;
        next.doc_id = "00000000000000a1";
        next.title = "第三版";
        next.body = "完全不同";
        CHECK(store.put_version(next).number == 3);
        CHECK(ids_of(find(store, "大模型")) == std::vector<std::string>{"00000000000000a2"});
        CHECK(store.check_integrity().empty());
    }
    Store reader = Store::open(db, OpenMode::read_only);
    CHECK(ids_of(find(reader, "完全不同")) == std::vector<std::string>{"00000000000000a1"});
}

TEST_CASE("a damaged text stops the migration to schema 5 and leaves the archive as it was", "[archive][search][schema]") {
    TempDir dir("archive-search");
    const auto db = dir / "v4.db";
    std::string schemas;
    for (const char* file : {"0001_init.sql", "0002_near_duplicates.sql", "0003_redirects.sql", "0004_site_health.sql"}) {
        schemas += read_bytes(source_dir() / "archive" / "schema" / file);
    }
    // body_size says 99 bytes, the stored body has 12: the index cannot be filled from it.
    raw_sql(db, "PRAGMA application_id = 1314345793;" + schemas +
                    "INSERT INTO documents(id, doc_id, url, site, first_seen, latest_number) VALUES"
                    "(1, '00000000000000a1', 'https://example.cn/1', 'guancha', 1700000000000, 1);"
                    "INSERT INTO versions(document_id, number, title, author, source, published_at, content_hash, "
                    "body_size, body_codec, body_dictionary, body, capture_id, plugin, plugin_version, created_at) "
                    "VALUES(1, 1, '标题', '', '', '', X'00', 99, 0, NULL, CAST('旧的正文' AS BLOB), NULL, 'old', '0', "
                    "1700000000000);"
                    "PRAGMA user_version = 4;");
    try {
        Store::open(db);
        FAIL("expected the migration to fail");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::corrupt);
        CHECK(std::string(error.what()).find("00000000000000a1") != std::string::npos);
    }
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const auto integer = [&](const char* sql) {
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
        const int value = sqlite3_column_int(statement, 0);
        sqlite3_finalize(statement);
        return value;
    };
    CHECK(integer("PRAGMA user_version") == 4);
    CHECK(integer("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'search%' OR name = 'fetch_counts'") == 0);
    sqlite3_close(handle);
}
