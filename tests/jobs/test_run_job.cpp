// Focus: one run of a job through the job runner — the crawl against a real server on 127.0.0.1, then the
// after-run snapshot and export the job asks for, named in the counters and in the run's record; a failing export
// fails the run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/jobs/run_job.hpp"
#include "support/http_server.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc;
using namespace newsarc::test;

namespace {

const std::string kDoc = "0123456789abcdef";

/// A job crawling a.test (one page linking to a second) on `server`, archived in `archive`; `extra` is appended
/// at the top level.
crawl::JobConfig job_for(const HttpServer& server, const std::filesystem::path& archive, const std::string& extra) {
    const std::string toml = "name = \"daily\"\n"
                             "seeds = [\"http://a.test/\"]\n" +
                             extra +
                             "\n[scope]\nhosts = [\"a.test\"]\n"
                             "[politeness]\ndelay_ms = 0\nrobots = false\n"
                             "[discovery]\nsitemaps = false\n"
                             "[network]\nallow_private = true\nconnect_to = [\"a.test:80:127.0.0.1:" +
                             std::to_string(server.port()) + "\"]\n" + "[archive]\npath = \"" + archive.string() +
                             "\"\n";
    return crawl::parse_job_config(toml, "daily.toml");
}

/// An archive holding one article version, so that a snapshot has something in it.
void archive_with_one_article(const std::filesystem::path& path) {
    archive::Store store = archive::Store::open(path);
    store.ensure_document(kDoc, "http://a.test/article", "a.test");
    archive::VersionInput version;
    version.doc_id = kDoc;
    version.title = "人工智能";
    version.body = "第一段\n\n第二段";
    version.plugin = "test";
    store.put_version(version);
}

crawl::CrawlOptions quiet() {
    crawl::CrawlOptions options;
    options.handle_signals = false;
    return options;
}

struct Site {
    Site() {
        routes.add("a.test", "/", HttpReply::text(200, "<html><body><a href=\"/next\">next</a></body></html>"));
        routes.add("a.test", "/next", HttpReply::text(200, "<html><body>next</body></html>"));
    }
    RouteTable routes;
    HttpServer server{routes.handler()};
    TempDir dir{"newsarc-run-job"};
    std::filesystem::path archive = dir / "a.db";
};

} // namespace

TEST_CASE("run_job: a finished run is snapshotted and exported, and its record names the snapshot", "[jobs][run]") {
    Site site;
    archive_with_one_article(site.archive);
    const std::filesystem::path exports = site.dir / "exports";
    const crawl::JobConfig job =
        job_for(site.server, site.archive, "snapshot = \"after-run\"\nexport_dir = \"" + exports.string() + "\"\n");

    const crawl::CrawlStats stats = jobs::run_job(job, quiet());
    CHECK(stats.finished);
    CHECK(stats.ok == 2); // the crawl itself ran
    REQUIRE(stats.snapshot.size() == std::string("daily-20260101-000000").size());
    CHECK(stats.snapshot.starts_with("daily-20"));
    CHECK(stats.exported_to == (exports / stats.snapshot).string());

    archive::Store store = archive::Store::open(site.archive, archive::OpenMode::read_only);
    const auto snapshot = store.find_snapshot(stats.snapshot);
    REQUIRE(snapshot);
    CHECK(snapshot->documents == 1);
    CHECK(std::filesystem::exists(exports / stats.snapshot / "manifest.jsonl"));
    std::ifstream manifest(exports / stats.snapshot / "manifest.jsonl");
    std::string line;
    REQUIRE(std::getline(manifest, line));
    CHECK(nlohmann::json::parse(line)["doc_id"] == kDoc);

    const auto runs = store.list_runs(1, "daily");
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].exit_status == 0);
    const auto counters = nlohmann::json::parse(runs[0].counters_json);
    CHECK(counters["snapshot"] == stats.snapshot);
    CHECK(counters["exported_to"] == stats.exported_to);
}

TEST_CASE("run_job: without snapshot = \"after-run\" the archive gets no snapshot", "[jobs][run]") {
    Site site;
    archive_with_one_article(site.archive);
    const crawl::CrawlStats stats = jobs::run_job(job_for(site.server, site.archive, ""), quiet());
    CHECK(stats.finished);
    CHECK(stats.snapshot.empty());
    CHECK(stats.exported_to.empty());
    CHECK(archive::Store::open(site.archive, archive::OpenMode::read_only).list_snapshots().empty());
}

TEST_CASE("run_job: an export that cannot be written fails the run, and the run's record says so", "[jobs][run]") {
    Site site;
    archive_with_one_article(site.archive);
    const std::filesystem::path exports = site.dir / "exports";
    const crawl::JobConfig job =
        job_for(site.server, site.archive, "snapshot = \"after-run\"\nexport_dir = \"" + exports.string() + "\"\n");
    // A file where the export folder must go: the snapshot is made, its export cannot be.
    std::ofstream(exports) << "not a folder";

    CHECK_THROWS(jobs::run_job(job, quiet()));
    archive::Store store = archive::Store::open(site.archive, archive::OpenMode::read_only);
    const auto runs = store.list_runs(1, "daily");
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].exit_status != 0);
}

TEST_CASE("run_job: two snapshots within one second get distinct names", "[jobs][run]") {
    TempDir dir("newsarc-run-job");
    archive_with_one_article(dir / "a.db");
    archive::Store store = archive::Store::open(dir / "a.db");
    crawl::JobConfig job;
    job.name = "daily";
    const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'718'190'000)); // 2024-06-12 11:00
    crawl::CrawlStats first;
    crawl::CrawlStats second;
    jobs::snapshot_after_run(job, store, first, when);
    jobs::snapshot_after_run(job, store, second, when);
    CHECK(first.snapshot == "daily-20240612-110000");
    CHECK(second.snapshot == "daily-20240612-110000-2");
    CHECK(first.exported_to.empty()); // no export_dir
    CHECK(store.list_snapshots().size() == 2);
}
