// Focus: the Store API on real SQLite files: versioning, captures stored once, snapshots, near-duplicate
// clusters, validators, fetch log, runs, transactions and the trained compression dictionary.
#include <catch2/catch.hpp>

#include <random>

#include "archive_test_util.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using newsarc::test::TempDir;

namespace {

const std::string kDoc = "0123456789abcdef";

VersionInput text_version(const std::string& doc_id, const std::string& title, std::string_view body) {
    VersionInput version;
    version.doc_id = doc_id;
    version.title = title;
    version.source = "测试网";
    version.published_at = "2024-05-01T08:00:00+08:00";
    version.body = body;
    version.plugin = "test";
    version.plugin_version = "1";
    return version;
}

/// The owned fields of a scanned version (views die with the callback).
struct Row {
    std::string doc_id;
    std::string title;
    std::string body;
    int number = 0;
};

std::vector<Row> scan_all(Store& store, const Selection& selection = {}) {
    std::vector<Row> rows;
    store.scan(selection, [&](const VersionView& view) {
        rows.push_back(Row{std::string(view.doc_id), std::string(view.title), std::string(view.body), view.number});
        return true;
    });
    return rows;
}

} // namespace

TEST_CASE("a new version is made only when the content changes", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    CHECK(store.ensure_document(kDoc, "https://example.cn/a", "example"));
    CHECK_FALSE(store.ensure_document(kDoc, "https://example.cn/other", "other"));

    auto first = store.put_version(text_version(kDoc, "标题", "第一段\n\n第二段"));
    CHECK(first.created);
    CHECK(first.number == 1);
    auto same = store.put_version(text_version(kDoc, "标题", "第一段\n\n第二段"));
    CHECK_FALSE(same.created);
    CHECK(same.number == 1);
    auto changed_title = store.put_version(text_version(kDoc, "新标题", "第一段\n\n第二段"));
    CHECK(changed_title.created);
    CHECK(changed_title.number == 2);
    VersionInput other_time = text_version(kDoc, "新标题", "第一段\n\n第二段");
    other_time.published_at = "2024-05-01 09:00";
    CHECK(store.put_version(other_time).number == 3);
    // The same instant written differently is the same content.
    other_time.published_at = "2024-05-01T01:00:00Z";
    CHECK_FALSE(store.put_version(other_time).created);

    const auto history = store.history(kDoc);
    REQUIRE(history.size() == 3);
    CHECK(history[0].title == "标题");
    CHECK(history[1].title == "新标题");
    CHECK(history[2].published_at == "2024-05-01T09:00:00+08:00");
    CHECK(history[0].content_hash.size() == 32);
    CHECK(history[0].content_hash != history[1].content_hash);
    const auto document = store.find_document("https://example.cn/a");
    REQUIRE(document);
    CHECK(document->doc_id == kDoc);
    CHECK(document->site == "example");
    CHECK(document->latest_version == 3);
    const auto v1 = store.version(kDoc, 1);
    REQUIRE(v1);
    CHECK(v1->body == "第一段\n\n第二段");
    CHECK_FALSE(store.version(kDoc, 9));
}

TEST_CASE("bad arguments are refused with the object named", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    try {
        store.ensure_document("XYZ", "", "");
        FAIL("expected an error");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::invalid);
        CHECK(std::string(error.what()).find("XYZ") != std::string::npos);
    }
    try {
        store.put_version(text_version("fedcba9876543210", "t", "b"));
        FAIL("expected an error");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::not_found);
        CHECK(std::string(error.what()).find("fedcba9876543210") != std::string::npos);
    }
    store.ensure_document(kDoc, "", "");
    VersionInput bad_time = text_version(kDoc, "t", "b");
    bad_time.published_at = "last Tuesday";
    CHECK_THROWS_AS(store.put_version(bad_time), ArchiveError);
    CHECK(store.history(kDoc).empty());
}

TEST_CASE("captures keep each distinct body once and give validators", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    store.ensure_document(kDoc, "https://example.cn/a", "example");
    std::string page_a = "<html><body>" + std::string(20000, 'a') + "</body></html>";
    std::string page_b = "<html><body>" + std::string(20000, 'b') + "</body></html>";
    CaptureInput capture;
    capture.doc_id = kDoc;
    capture.url = "https://example.cn/a";
    capture.http_status = 200;
    capture.headers = "Content-Type: text/html\nETag: \"v1\"";
    capture.content_type = "text/html";
    capture.etag = "\"v1\"";
    capture.fetched_at = *parse_time("2024-05-01 08:00");
    capture.body = page_a;
    const auto first = store.put_capture(capture);
    capture.fetched_at = *parse_time("2024-05-01 09:00");
    const auto second = store.put_capture(capture);
    capture.fetched_at = *parse_time("2024-05-01 10:00");
    capture.body = page_b;
    capture.etag = "\"v2\"";
    capture.last_modified = "Wed, 01 May 2024 02:00:00 GMT";
    const auto third = store.put_capture(capture);
    CHECK(first < second);
    CHECK(second < third);

    const auto stats = store.stats();
    CHECK(stats.captures == 3);
    CHECK(stats.blobs == 2);
    CHECK(stats.raw_page_bytes == static_cast<std::int64_t>(page_a.size() + page_b.size()));
    CHECK(stats.stored_page_bytes < stats.raw_page_bytes / 10);
    CHECK(store.capture_body(second) == std::optional<std::string>(page_a));
    CHECK(store.capture_body(third) == std::optional<std::string>(page_b));
    CHECK_FALSE(store.capture_body(999));

    const auto validators = store.last_validators("https://example.cn/a");
    REQUIRE(validators);
    CHECK(validators->etag == "\"v2\"");
    CHECK(validators->last_modified == "Wed, 01 May 2024 02:00:00 GMT");
    CHECK(validators->capture_id == third);
    CHECK_FALSE(store.last_validators("https://example.cn/unknown"));

    const auto captures = store.captures(kDoc);
    REQUIRE(captures.size() == 3);
    CHECK(captures[0].body_hash == captures[1].body_hash);
    CHECK(captures[1].body_hash != captures[2].body_hash);

    // A page that is not an article has no document.
    CaptureInput listing;
    listing.url = "https://example.cn/";
    listing.http_status = 200;
    listing.body = "<html>list</html>";
    CHECK(store.put_capture(listing) > third);
}

TEST_CASE("snapshots freeze versions, as-of scans see the past, gone documents drop out", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    const std::string other = "1111111111111111";
    store.ensure_document(kDoc, "", "");
    store.ensure_document(other, "", "");
    VersionInput version = text_version(kDoc, "t", "old text");
    version.created_at = *parse_time("2024-05-01 08:00");
    store.put_version(version);
    VersionInput second = text_version(other, "o", "other text");
    second.created_at = *parse_time("2024-05-01 08:30");
    store.put_version(second);
    const auto before = store.create_snapshot("before");
    CHECK(before.documents == 2);
    version.body = "new text";
    version.created_at = *parse_time("2024-05-02 08:00");
    store.put_version(version);
    store.mark_gone(other, *parse_time("2024-05-02 09:00"));
    const auto after = store.create_snapshot("after");
    CHECK(after.documents == 1);
    CHECK_THROWS_AS(store.create_snapshot("after"), ArchiveError);

    Selection old_selection;
    old_selection.snapshot = "before";
    auto views = scan_all(store, old_selection);
    REQUIRE(views.size() == 2);
    CHECK(views[0].body == "old text");
    CHECK(views[1].body == "other text");

    views = scan_all(store);
    REQUIRE(views.size() == 1);
    CHECK(views[0].body == "new text");

    Selection as_of;
    as_of.as_of = *parse_time("2024-05-01 12:00");
    views = scan_all(store, as_of);
    REQUIRE(views.size() == 2);
    CHECK(views[0].body == "old text");
    as_of.as_of = *parse_time("2024-05-01 08:10");
    views = scan_all(store, as_of);
    REQUIRE(views.size() == 1);
    as_of.as_of = *parse_time("2024-05-03");
    CHECK(scan_all(store, as_of).size() == 1);
    CHECK(store.count(as_of) == 1);

    const auto diff = store.diff_snapshots("before", "after");
    CHECK(diff.added.empty());
    CHECK(diff.changed == std::vector<std::string>{kDoc});
    CHECK(diff.removed == std::vector<std::string>{other});
    CHECK(store.list_snapshots().size() == 2);
    Selection missing;
    missing.snapshot = "nope";
    CHECK_THROWS_AS(scan_all(store, missing), ArchiveError);

    // A new version brings a gone document back.
    store.put_version(text_version(other, "o", "back again"));
    CHECK(scan_all(store).size() == 2);
}

TEST_CASE("near-duplicates share a cluster and dedup keeps the original", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    const std::uint64_t base = 0x0123456789ABCDEFull;
    struct Doc {
        std::string id;
        std::string site;
        std::string source;
        std::uint64_t simhash;
    };
    const std::vector<Doc> docs = {
        {"aaaaaaaaaaaaaaa1", "aggregator", "观察者网", base ^ 0x1},                  // copy, earliest
        {"aaaaaaaaaaaaaaa2", "观察者网", "观察者网", base},                           // the original
        {"aaaaaaaaaaaaaaa3", "other", "观察者网", base ^ 0x8000000000000003ull},      // distance 3
        {"aaaaaaaaaaaaaaa4", "other", "别的", base ^ 0xF},                            // distance 4 from base
        {"aaaaaaaaaaaaaaa5", "x", "y", ~base},                                        // far away
    };
    for (const auto& doc : docs) {
        store.ensure_document(doc.id, "", doc.site);
        const std::string body = "body of " + doc.id; // VersionInput::body is a view: keep the text alive
        VersionInput version = text_version(doc.id, "t " + doc.id, body);
        version.source = doc.source;
        version.simhash = doc.simhash;
        store.put_version(version);
    }
    const auto cluster = [&](const std::string& id) { return store.find_document(id)->cluster_id; };
    CHECK(cluster("aaaaaaaaaaaaaaa1") == cluster("aaaaaaaaaaaaaaa2"));
    CHECK(cluster("aaaaaaaaaaaaaaa3") == cluster("aaaaaaaaaaaaaaa1"));
    // 0xF differs from base in 4 bits but from doc 1 (base ^ 0x1) in 3: it joins through doc 1.
    CHECK(cluster("aaaaaaaaaaaaaaa4") == cluster("aaaaaaaaaaaaaaa1"));
    CHECK(cluster("aaaaaaaaaaaaaaa5") != cluster("aaaaaaaaaaaaaaa1"));
    CHECK(store.history("aaaaaaaaaaaaaaa3")[0].simhash == docs[2].simhash);

    Selection dedup;
    dedup.dedup = true;
    const auto views = scan_all(store, dedup);
    REQUIRE(views.size() == 2);
    CHECK(views[0].doc_id == "aaaaaaaaaaaaaaa2"); // its site is the source the cluster names
    CHECK(views[1].doc_id == "aaaaaaaaaaaaaaa5");
    CHECK(store.count(dedup) == 2);
}

TEST_CASE("topic score and site filters", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    for (int i = 0; i < 4; ++i) {
        const std::string id = "bbbbbbbbbbbbbbb" + std::to_string(i);
        store.ensure_document(id, "", i % 2 == 0 ? "even" : "odd");
        const std::string body = "body " + std::to_string(i); // outlives the view in VersionInput
        VersionInput version = text_version(id, "t", body);
        if (i > 0) {
            version.topic_score = 0.25 * i;
        }
        store.put_version(version);
    }
    Selection selection;
    selection.min_topic_score = 0.5;
    CHECK(scan_all(store, selection).size() == 2);
    selection.site = "odd";
    const auto views = scan_all(store, selection);
    REQUIRE(views.size() == 1);
    CHECK(views[0].doc_id == "bbbbbbbbbbbbbbb3");
}

TEST_CASE("a transaction that is not committed leaves nothing behind", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    {
        Store::Transaction transaction(store);
        store.ensure_document(kDoc, "", "");
        store.put_version(text_version(kDoc, "t", "b"));
        CHECK(store.in_transaction());
    }
    CHECK_FALSE(store.in_transaction());
    CHECK_FALSE(store.find_document(kDoc));
    CHECK_THROWS_AS(store.batch([&] {
        store.ensure_document(kDoc, "", "");
        throw std::runtime_error("abort");
    }),
                    std::runtime_error);
    CHECK_FALSE(store.find_document(kDoc));
    store.batch([&] { store.ensure_document(kDoc, "", ""); });
    CHECK(store.find_document(kDoc));
}

TEST_CASE("a transaction inside another undoes only its own writes", "[archive][store]") {
    // The crawl keeps one transaction open over a batch of pages and writes each page in a nested one, so
    // that a page failing halfway loses only its own records.
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    const std::string kept = "00000000000000a1";
    const std::string undone = "00000000000000a2";
    {
        Store::Transaction outer(store);
        store.batch([&] {
            store.ensure_document(kept, "", "");
            store.put_version(text_version(kept, "保留", "第一段"));
        });
        CHECK_THROWS_AS(store.batch([&] {
            store.ensure_document(undone, "", "");
            store.put_version(text_version(undone, "撤销", "半页"));
            throw std::runtime_error("the page failed halfway");
        }),
                        std::runtime_error);
        CHECK(store.in_transaction());
        CHECK(store.find_document(kept));
        CHECK_FALSE(store.find_document(undone));
        outer.commit();
    }
    CHECK_FALSE(store.in_transaction());
    Store reader = Store::open(dir / "a.db", OpenMode::read_only);
    const auto rows = scan_all(reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].doc_id == kept);
    CHECK(rows[0].body == "第一段");

    // An outer transaction rolled back takes its committed inner ones with it.
    {
        Store::Transaction outer(store);
        store.batch([&] { store.ensure_document(undone, "", ""); });
    }
    CHECK_FALSE(store.find_document(undone));
}

TEST_CASE("fetch outcomes and runs are kept", "[archive][store]") {
    TempDir dir("archive-store");
    Store store = Store::open(dir / "a.db");
    FetchLogEntry entry;
    entry.url = "https://example.cn/x";
    entry.host = "example.cn";
    entry.outcome = "timeout";
    entry.detail = "no answer in 30 s";
    store.record_fetch(entry);
    RunRecord run;
    run.job = "daily";
    run.started = *parse_time("2024-05-01 08:00");
    run.ended = *parse_time("2024-05-01 08:05");
    run.counters_json = R"({"fetched":3})";
    const auto first = store.record_run(run);
    run.started = *parse_time("2024-05-02 08:00");
    run.exit_status = 1;
    const auto second = store.record_run(run);
    const auto runs = store.list_runs();
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].id == second);
    CHECK(runs[1].id == first);
    CHECK(runs[1].counters_json == R"({"fetched":3})");
    CHECK(store.list_runs(1).size() == 1);
    CHECK(store.list_runs(0, "other").empty());
    CHECK(store.stats().fetches == 1);
}

TEST_CASE("bodies stay exact across dictionary training", "[archive][store]") {
    TempDir dir("archive-store");
    std::mt19937 random(7);
    const std::vector<std::string> words = {"人工智能", "大模型", "公司", "发布", "市场", "投资", "技术", "用户",
                                            "数据", "平台", "增长", "。", ",", "芯片", "算力", "创业"};
    std::vector<std::string> bodies;
    for (int i = 0; i < 1100; ++i) {
        std::string body;
        const int length = 50 + static_cast<int>(random() % 300);
        for (int w = 0; w < length; ++w) {
            body += words[random() % words.size()];
            if (w % 40 == 39) {
                body += "\n\n";
            }
        }
        bodies.push_back(body + std::to_string(i));
    }
    {
        Store store = Store::open(dir / "a.db");
        store.batch([&] {
            for (std::size_t i = 0; i < bodies.size(); ++i) {
                char id[17];
                std::snprintf(id, sizeof id, "%016zx", i);
                store.ensure_document(id, "", "");
                store.put_version(text_version(id, "t", bodies[i]));
            }
        });
        const auto stats = store.stats();
        CHECK(stats.versions == 1100);
        CHECK(stats.stored_text_bytes * 4 < stats.raw_text_bytes);
    }
    Store reader = Store::open(dir / "a.db", OpenMode::read_only);
    std::size_t index = 0;
    std::size_t mismatches = 0;
    reader.scan({}, [&](const VersionView& view) {
        mismatches += view.body == bodies[index] ? 0 : 1;
        ++index;
        return true;
    });
    CHECK(index == bodies.size());
    CHECK(mismatches == 0);
    CHECK(reader.version("0000000000000000")->body == bodies[0]);
    CHECK(reader.check_integrity().empty());
}
