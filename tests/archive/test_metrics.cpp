// Focus: collect_metrics (metrics.hpp) gives back exactly what the test wrote: fetch outcomes by host, documents
// by state, the last run's extraction per site, recent runs per job, table counts; on a read-only store too.
#include <catch2/catch.hpp>

#include "newsarc/archive/metrics.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

std::string doc_id(int n) {
    char text[17];
    std::snprintf(text, sizeof text, "%016x", n);
    return text;
}

} // namespace

TEST_CASE("collect_metrics counts what was written", "[archive][metrics]") {
    TempDir dir("archive-metrics");
    const auto db = dir / "a.db";
    {
        Store store = Store::open(db);
        store.batch([&] {
            // 7 fetches: a.cn 3 ok + 1 timeout, b.cn 2 http_error + 1 ok.
            const std::vector<std::pair<std::string, std::string>> fetches = {
                {"a.cn", "ok"}, {"a.cn", "ok"}, {"a.cn", "timeout"}, {"b.cn", "http_error"},
                {"a.cn", "ok"}, {"b.cn", "http_error"}, {"b.cn", "ok"}};
            for (const auto& [host, outcome] : fetches) {
                FetchLogEntry entry;
                entry.url = "https://" + host + "/";
                entry.host = host;
                entry.outcome = outcome;
                store.record_fetch(entry);
            }
            // 5 documents: 4 with versions (one paywalled, one with two versions), one gone, one without a version.
            for (int n = 1; n <= 5; ++n) {
                store.ensure_document(doc_id(n), "https://a.cn/" + std::to_string(n), n <= 3 ? "a" : "b");
            }
            for (int n = 1; n <= 4; ++n) {
                VersionInput version;
                version.doc_id = doc_id(n);
                version.title = "t";
                const std::string body = "body " + std::to_string(n); // VersionInput::body is a view
                version.body = body;
                version.paywalled = n == 2;
                store.put_version(version);
            }
            VersionInput again;
            again.doc_id = doc_id(1);
            again.body = "changed";
            store.put_version(again);
            store.mark_gone(doc_id(3), {});
            CaptureInput capture;
            capture.url = "https://a.cn/1";
            capture.http_status = 200;
            capture.body = "<html></html>";
            store.put_capture(capture);
            store.put_capture(capture);
            // Runs: job daily x3 (60 s, 120 s, 30 s), job weekly x1.
            const auto at = [](int seconds) { return from_unix_ms(1700000000000 + seconds * 1000LL); };
            std::vector<std::int64_t> daily;
            daily.push_back(store.record_run({0, "daily", at(0), at(60), "{}", 0}));
            daily.push_back(store.record_run({0, "daily", at(1000), at(1120), "{}", 3}));
            daily.push_back(store.record_run({0, "daily", at(2000), at(2030), "{}", 0}));
            const std::int64_t weekly = store.record_run({0, "weekly", at(500), at(510), "{}", 1});
            store.record_site_health(
                {{daily[0], "huxiu", "daily", at(0), R"({"article_pages":10,"extracted":10,"failed":{}})"},
                 {daily[2], "huxiu", "daily", at(2000),
                  R"({"article_pages":8,"extracted":6,"stored":5,"fallbacks":2,"failed":{"no_title":1,"timeout":1}})"},
                 {weekly, "guancha", "weekly", at(500), R"({"article_pages":0,"extracted":0})"}});
        });
        store.create_snapshot("s1");
    }
    Store reader = Store::open(db, OpenMode::read_only);
    const ArchiveMetrics metrics = collect_metrics(reader, 2);

    REQUIRE(metrics.fetches.size() == 4);
    const auto fetch = [&](std::size_t i) {
        return std::make_tuple(metrics.fetches[i].host, metrics.fetches[i].outcome, metrics.fetches[i].count);
    };
    CHECK(fetch(0) == std::make_tuple(std::string("a.cn"), std::string("ok"), std::int64_t{3}));
    CHECK(fetch(1) == std::make_tuple(std::string("a.cn"), std::string("timeout"), std::int64_t{1}));
    CHECK(fetch(2) == std::make_tuple(std::string("b.cn"), std::string("http_error"), std::int64_t{2}));
    CHECK(fetch(3) == std::make_tuple(std::string("b.cn"), std::string("ok"), std::int64_t{1}));
    CHECK(metrics.fetch_log_rows == 7);

    CHECK(metrics.documents.documents == 5);
    CHECK(metrics.documents.gone == 1);
    CHECK(metrics.documents.live == 4);
    CHECK(metrics.documents.articles == 4);
    CHECK(metrics.documents.paywalled == 1);
    REQUIRE(metrics.sites.size() == 2);
    CHECK(metrics.sites[0].site == "a");
    CHECK(metrics.sites[0].documents == 3);
    CHECK(metrics.sites[1].site == "b");
    CHECK(metrics.sites[1].documents == 1); // document 5 has no version

    REQUIRE(metrics.extraction.size() == 2);
    CHECK(metrics.extraction[0].site == "guancha");
    CHECK(metrics.extraction[0].article_pages == 0);
    CHECK_FALSE(metrics.extraction[0].success);
    const SiteExtraction& huxiu = metrics.extraction[1];
    CHECK(huxiu.site == "huxiu");
    CHECK(huxiu.job == "daily");
    CHECK(huxiu.article_pages == 8);
    CHECK(huxiu.extracted == 6);
    CHECK(huxiu.stored == 5);
    CHECK(huxiu.fallbacks == 2);
    CHECK(huxiu.failed == 2);
    REQUIRE(huxiu.success);
    CHECK(*huxiu.success == Approx(0.75));

    REQUIRE(metrics.runs.size() == 3); // the newest 2 of daily, the one weekly
    CHECK(metrics.runs[0].job == "daily");
    CHECK(metrics.runs[0].seconds == Approx(30));
    CHECK(metrics.runs[1].seconds == Approx(120));
    CHECK(metrics.runs[1].exit_status == 3);
    CHECK(metrics.runs[2].job == "weekly");
    CHECK(metrics.runs[2].seconds == Approx(10));
    CHECK(metrics.runs[2].exit_status == 1);

    CHECK(metrics.versions == 5);
    CHECK(metrics.captures == 2);
    CHECK(metrics.snapshots == 1);
    CHECK(metrics.file_bytes > 0);
}
