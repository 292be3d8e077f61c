// Focus: a document that changes across captures, seen through the CLI: history, diff, snapshots
// (create/list/diff) and exporting an older snapshot.
#include <catch2/catch.hpp>

#include "archive_test_util.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

const std::string kDoc = "6f2a3172923db0ae";
const std::string kUrl = "https://www.guancha.cn/economy/2023_03_22_685123.shtml";

/// Stores one fetch of the article and the version extracted from it, as a crawl does.
PutVersionResult crawl_once(Store& store, const std::string& html, const std::string& body, const char* when) {
    CaptureInput capture;
    capture.doc_id = kDoc;
    capture.url = kUrl;
    capture.http_status = 200;
    capture.content_type = "text/html; charset=utf-8";
    capture.fetched_at = *parse_time(when);
    capture.body = html;
    const std::int64_t capture_id = store.put_capture(capture);
    VersionInput version;
    version.doc_id = kDoc;
    version.title = "阿里顶级大牛辞职创业";
    version.source = "观察者网";
    version.published_at = "2023-03-22 18:00";
    version.body = body;
    version.capture_id = capture_id;
    version.plugin = "guancha";
    version.plugin_version = "2026.1.0";
    version.created_at = *parse_time(when);
    return store.put_version(version);
}

} // namespace

TEST_CASE("a document changing over three captures: history, diff, snapshots, older export", "[archive][cli]") {
    TempDir dir("archive-versions");
    const auto db = dir / "a.db";
    const std::string old_body = "第一段,没有变化。\n\n第二段:旧的说法。\n\n第三段,结尾。";
    const std::string new_body = "第一段,没有变化。\n\n第二段:更正后的说法。\n\n第三段,结尾。";
    {
        Store store = Store::open(db);
        store.ensure_document(kDoc, kUrl, "guancha");
        CHECK(crawl_once(store, "<html>v1</html>", old_body, "2024-05-01 08:00").created);
        CHECK_FALSE(crawl_once(store, "<html>v1</html>", old_body, "2024-05-01 12:00").created);
    }
    const auto first_snapshot = run_archive_cli(db, {"snapshot", "create", "morning"});
    INFO(describe(first_snapshot));
    REQUIRE(first_snapshot.exit_code == 0);
    {
        Store store = Store::open(db);
        const auto changed = crawl_once(store, "<html>v2</html>", new_body, "2024-05-02 08:00");
        CHECK(changed.created);
        CHECK(changed.number == 2);
    }
    REQUIRE(run_archive_cli(db, {"snapshot", "create", "evening"}).exit_code == 0);

    const auto history = run_archive_cli(db, {"history", kDoc});
    INFO(describe(history));
    CHECK(history.exit_code == 0);
    CHECK(history.out.find("versions: 2") != std::string::npos);
    CHECK(history.out.find("captures: 3") != std::string::npos);
    CHECK(history.out.find("v1  2024-05-01 08:00:00") != std::string::npos);
    CHECK(history.out.find("v2  2024-05-02 08:00:00") != std::string::npos);
    CHECK(history.out.find("guancha 2026.1.0") != std::string::npos);
    CHECK(run_archive_cli(db, {"history", kUrl}).out == history.out);

    const auto diff = run_archive_cli(db, {"diff", kDoc});
    INFO(describe(diff));
    CHECK(diff.exit_code == 0);
    CHECK(diff.out.find("--- " + kDoc + " v1") != std::string::npos);
    CHECK(diff.out.find("+++ " + kDoc + " v2") != std::string::npos);
    CHECK(diff.out.find("\n-第二段:旧的说法。\n") != std::string::npos);
    CHECK(diff.out.find("\n+第二段:更正后的说法。\n") != std::string::npos);
    CHECK(diff.out.find("\n 第一段,没有变化。\n") != std::string::npos);
    const auto explicit_diff = run_archive_cli(db, {"diff", kDoc, "2", "1"});
    CHECK(explicit_diff.out.find("\n+第二段:旧的说法。\n") != std::string::npos);
    const auto missing_version = run_archive_cli(db, {"diff", kDoc, "1", "7"});
    CHECK(missing_version.exit_code == 2);
    CHECK(missing_version.err.find("no version 7") != std::string::npos);

    const auto list = run_archive_cli(db, {"snapshot", "list"});
    CHECK(list.out.find("morning") < list.out.find("evening"));
    const auto snapshot_diff = run_archive_cli(db, {"snapshot", "diff", "morning", "evening"});
    INFO(describe(snapshot_diff));
    CHECK(snapshot_diff.exit_code == 0);
    CHECK(snapshot_diff.out.find("changed\t" + kDoc) != std::string::npos);
    CHECK(snapshot_diff.out.find("0 added, 1 changed, 0 removed") != std::string::npos);
    CHECK(run_archive_cli(db, {"snapshot", "create", "morning"}).exit_code == 2);
    CHECK(run_archive_cli(db, {"snapshot", "diff", "morning", "noon"}).exit_code == 2);

    const CorpusRecord old_record{"阿里顶级大牛辞职创业", "2023-03-22T18:00:00+08:00", "观察者网", old_body};
    const CorpusRecord new_record{"阿里顶级大牛辞职创业", "2023-03-22T18:00:00+08:00", "观察者网", new_body};
    const std::string file = "000_" + kDoc + ".txt";
    REQUIRE(run_archive_cli(db, {"export", "--out", (dir / "old").string(), "--snapshot", "morning"}).exit_code == 0);
    CHECK(read_bytes(dir / "old" / file) == render_corpus(old_record));
    REQUIRE(run_archive_cli(db, {"export", "--out", (dir / "new").string()}).exit_code == 0);
    CHECK(read_bytes(dir / "new" / file) == render_corpus(new_record));
    REQUIRE(run_archive_cli(db, {"export", "--out", (dir / "asof").string(), "--as-of", "2024-05-01 20:00"})
                .exit_code == 0);
    CHECK(read_bytes(dir / "asof" / file) == render_corpus(old_record));
    const std::string manifest = read_bytes(dir / "new" / "manifest.jsonl");
    CHECK(manifest.find("\"fetched_at\":\"2024-05-02T08:00:00+08:00\"") != std::string::npos);
    CHECK(manifest.find("\"version\":2") != std::string::npos);
    CHECK(manifest.find("\"url\":\"" + kUrl + "\"") != std::string::npos);
}

TEST_CASE("history and diff of an unknown document are usage errors naming it", "[archive][cli]") {
    TempDir dir("archive-versions");
    const auto db = dir / "a.db";
    { Store::open(db); }
    const auto history = run_archive_cli(db, {"history", "ffffffffffffffff"});
    CHECK(history.exit_code == 2);
    CHECK(history.err.find("ffffffffffffffff") != std::string::npos);
    CHECK(run_archive_cli(db, {"diff", "https://nowhere.example/"}).exit_code == 2);
}

TEST_CASE("read commands on a missing archive fail without creating it", "[archive][cli]") {
    TempDir dir("archive-versions");
    const auto db = dir / "missing.db";
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"stats"}, {"snapshot", "list"}, {"history", "ffffffffffffffff"}, {"export", "--out", "x"}}) {
        const auto result = run_archive_cli(db, args);
        INFO(args[0] << "\n" << describe(result));
        CHECK(result.exit_code == 1);
        CHECK(result.err.find(db.string()) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(db));
    }
}
