// Focus: readers (in-process and the CLI) see committed data while another connection holds a write
// transaction; a second writer gives up with `busy` after its timeout instead of hanging.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "archive_test_util.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

VersionInput body_version(const std::string& doc_id, std::string_view body) {
    VersionInput version;
    version.doc_id = doc_id;
    version.title = "标题 " + doc_id;
    version.body = body;
    version.plugin = "test";
    return version;
}

} // namespace

TEST_CASE("readers work while a writer holds a transaction", "[archive][concurrency]") {
    TempDir dir("archive-concurrency");
    const auto db = dir / "a.db";
    Store writer = Store::open(db);
    writer.batch([&] {
        writer.ensure_document("000000000000000a", "", "");
        writer.put_version(body_version("000000000000000a", "已提交"));
    });

    Store::Transaction open_transaction(writer);
    writer.ensure_document("000000000000000b", "", "");
    writer.put_version(body_version("000000000000000b", "未提交"));
    writer.put_version(body_version("000000000000000a", "未提交的新版本"));

    Store reader = Store::open(db, OpenMode::read_only);
    std::vector<std::string> bodies;
    reader.scan({}, [&](const VersionView& view) {
        bodies.emplace_back(view.body);
        return true;
    });
    CHECK(bodies == std::vector<std::string>{"已提交"});

    const auto exported = run_archive_cli(db, {"export", "--out", (dir / "out").string()});
    INFO(describe(exported));
    CHECK(exported.exit_code == 0);
    CHECK(read_bytes(dir / "out" / "000_000000000000000a.txt").find("已提交") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out" / "001_000000000000000b.txt"));
    const auto stats = run_archive_cli(db, {"stats"});
    CHECK(stats.exit_code == 0);
    CHECK(stats.out.find("documents:  1") != std::string::npos);

    OpenOptions impatient;
    impatient.busy_timeout_ms = 50;
    Store second_writer = Store::open(db, impatient);
    try {
        second_writer.ensure_document("000000000000000c", "", "");
        FAIL("expected busy");
    } catch (const ArchiveError& error) {
        CHECK(error.code() == ArchiveErrc::busy);
        CHECK(std::string(error.what()).find(db.string()) != std::string::npos);
    }

    open_transaction.commit();
    bodies.clear();
    reader.scan({}, [&](const VersionView& view) {
        bodies.emplace_back(view.body);
        return true;
    });
    CHECK(bodies == std::vector<std::string>{"未提交的新版本", "未提交"});
}

TEST_CASE("many read-only opens at once of a closed archive all succeed", "[archive][concurrency]") {
    // A closed archive has no -wal and -shm files: the first reader to open it rebuilds them, and a reader that
    // came at the same moment must wait for it, not fail with "database is locked" (serve opens one per thread).
    TempDir dir("archive-readers");
    const auto db = dir / "a.db";
    {
        Store writer = Store::open(db);
        writer.batch([&] {
            writer.ensure_document("000000000000000a", "", "");
            writer.put_version(body_version("000000000000000a", "正文"));
        });
    }
    for (int round = 0; round < 5; ++round) {
        std::error_code ignored;
        std::filesystem::remove(dir / "a.db-wal", ignored);
        std::filesystem::remove(dir / "a.db-shm", ignored);
        std::vector<std::thread> readers;
        std::atomic<int> opened{0};
        std::mutex failures_mutex;
        std::vector<std::string> failures;
        for (int i = 0; i < 8; ++i) {
            readers.emplace_back([&] {
                try {
                    Store reader = Store::open(db, OpenMode::read_only);
                    if (reader.find_document("000000000000000a")) {
                        ++opened;
                    }
                } catch (const std::exception& e) {
                    std::lock_guard lock(failures_mutex);
                    failures.emplace_back(e.what());
                }
            });
        }
        for (std::thread& reader : readers) {
            reader.join();
        }
        INFO("round " << round);
        CHECK(failures.empty());
        CHECK(opened == 8);
    }
}
