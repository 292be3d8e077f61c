// Focus: `newsarc import` / `newsarc export` on the shared seeds: byte-exact round trip, idempotent import,
// deterministic export, manifest hashes, jsonl, and the failures a user meets (bad files, non-empty folder).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "archive_test_util.hpp"
#include "newsarc/archive/exporter.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::test;

TEST_CASE("import then export gives the seeds back byte for byte, under the same names", "[archive][cli]") {
    TempDir dir("archive-cli");
    const auto seeds = copy_seeds(dir / "in");
    const auto db = dir / "a.db";

    const auto imported = run_archive_cli(db, {"import", (dir / "in").string()});
    INFO(describe(imported));
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.out.find(std::to_string(seeds.size()) + " imported, 0 unchanged, 0 failed") != std::string::npos);

    const auto exported = run_archive_cli(db, {"export", "--out", (dir / "out").string()});
    INFO(describe(exported));
    REQUIRE(exported.exit_code == 0);
    auto names = file_names(dir / "out");
    names.erase(std::remove(names.begin(), names.end(), "manifest.jsonl"), names.end());
    CHECK(names == seeds);
    for (const auto& name : seeds) {
        INFO(name);
        CHECK(read_bytes(dir / "out" / name) == read_bytes(dir / "in" / name));
    }

    SECTION("importing the same folder again adds no versions") {
        const auto again = run_archive_cli(db, {"import", (dir / "in").string()});
        INFO(describe(again));
        CHECK(again.exit_code == 0);
        CHECK(again.out.find("0 imported, " + std::to_string(seeds.size()) + " unchanged, 0 failed") !=
              std::string::npos);
        auto store = newsarc::archive::Store::open(db, newsarc::archive::OpenMode::read_only);
        CHECK(store.stats().versions == static_cast<std::int64_t>(seeds.size()));
    }

    SECTION("two exports are byte-identical and the manifest hashes match the files") {
        const auto second = run_archive_cli(db, {"export", "--out", (dir / "out2").string()});
        REQUIRE(second.exit_code == 0);
        CHECK(file_names(dir / "out2") == file_names(dir / "out"));
        for (const auto& name : file_names(dir / "out")) {
            INFO(name);
            CHECK(read_bytes(dir / "out2" / name) == read_bytes(dir / "out" / name));
        }
        std::istringstream manifest(read_bytes(dir / "out" / "manifest.jsonl"));
        std::string line;
        std::size_t lines = 0;
        while (std::getline(manifest, line)) {
            const auto entry = nlohmann::json::parse(line);
            const std::string file = entry.at("file");
            INFO(file);
            CHECK(entry.at("sha256") == sha256_hex(read_bytes(dir / "out" / file)));
            CHECK(file.substr(4, 16) == entry.at("doc_id").get<std::string>());
            CHECK(entry.at("version") == 1);
            CHECK(entry.contains("url"));
            CHECK(entry.contains("site"));
            CHECK(entry.contains("title"));
            CHECK(entry.contains("published_at"));
            CHECK(entry.at("fetched_at").is_null());
            ++lines;
        }
        CHECK(lines == seeds.size());
        const std::string manifest_text = read_bytes(dir / "out" / "manifest.jsonl");
        const auto first_entry = nlohmann::json::parse(manifest_text.substr(0, manifest_text.find('\n')));
        CHECK(first_entry.at("published_at") == "2023-03-22T18:00:00+08:00");
    }

    SECTION("exporting into a non-empty folder is refused unless --force") {
        const auto refused = run_archive_cli(db, {"export", "--out", (dir / "out").string()});
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find((dir / "out").string()) != std::string::npos);
        write_bytes(dir / "out" / "notes.md", "mine");
        const auto forced = run_archive_cli(db, {"export", "--out", (dir / "out").string(), "--force"});
        INFO(describe(forced));
        CHECK(forced.exit_code == 0);
        CHECK(read_bytes(dir / "out" / "notes.md") == "mine");
        CHECK(read_bytes(dir / "out" / seeds[0]) == read_bytes(dir / "in" / seeds[0]));
    }

    SECTION("jsonl export has one object per document with the text fields") {
        const auto jsonl = run_archive_cli(db, {"export", "--out", (dir / "j").string(), "--format", "jsonl"});
        INFO(describe(jsonl));
        REQUIRE(jsonl.exit_code == 0);
        std::istringstream lines(read_bytes(dir / "j" / "corpus.jsonl"));
        std::string line;
        std::vector<nlohmann::json> objects;
        while (std::getline(lines, line)) {
            objects.push_back(nlohmann::json::parse(line));
        }
        REQUIRE(objects.size() == seeds.size());
        CHECK(objects[0].at("title") == "阿里顶级大牛辞职创业,字节招兵买马,AI大模型赛道风起云涌");
        CHECK(objects[0].at("source") == "观察者网");
        CHECK(objects[0].at("doc_id") == "6f2a3172923db0ae");
        CHECK(objects[1].at("title") == "");
        CHECK(objects[1].at("body") == read_bytes(dir / "in" / seeds[1]));
    }

    SECTION("export --site and a bad --as-of") {
        const auto none = run_archive_cli(db, {"export", "--out", (dir / "s").string(), "--site", "nowhere"});
        CHECK(none.exit_code == 0);
        CHECK(file_names(dir / "s") == std::vector<std::string>{"manifest.jsonl"});
        const auto bad = run_archive_cli(db, {"export", "--out", (dir / "t").string(), "--as-of", "2024-13-01"});
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.find("2024-13-01") != std::string::npos);
        const auto past = run_archive_cli(db, {"export", "--out", (dir / "p").string(), "--as-of", "2000-01-01"});
        CHECK(past.exit_code == 0);
        CHECK(file_names(dir / "p") == std::vector<std::string>{"manifest.jsonl"});
    }

    SECTION("stats counts the documents") {
        const auto stats = run_archive_cli(db, {"stats"});
        INFO(describe(stats));
        CHECK(stats.exit_code == 0);
        CHECK(stats.out.find("documents:  " + std::to_string(seeds.size())) != std::string::npos);
        CHECK(stats.out.find("versions:   " + std::to_string(seeds.size())) != std::string::npos);
    }
}

TEST_CASE("non-UTF-8 and empty files are reported by name, the rest imported, exit 1", "[archive][cli]") {
    TempDir dir("archive-cli");
    const auto seeds = copy_seeds(dir / "in");
    std::string latin1 = "caf\xE9 au lait";
    write_bytes(dir / "in" / "005_00000000000000aa.txt", latin1);
    write_bytes(dir / "in" / "006_00000000000000bb.txt", "");
    const auto db = dir / "a.db";
    const auto result = run_archive_cli(db, {"import", (dir / "in").string(), "--site", "seeds"});
    INFO(describe(result));
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("005_00000000000000aa.txt: not valid UTF-8 (first bad byte at offset 3)") !=
          std::string::npos);
    CHECK(result.err.find("006_00000000000000bb.txt: empty file") != std::string::npos);
    CHECK(result.out.find(std::to_string(seeds.size()) + " imported, 0 unchanged, 2 failed") != std::string::npos);
    auto store = newsarc::archive::Store::open(db, newsarc::archive::OpenMode::read_only);
    CHECK(store.stats().documents == static_cast<std::int64_t>(seeds.size()));
    CHECK(store.find_document("6f2a3172923db0ae")->site == "seeds");
}

TEST_CASE("a file without a doc id in its name gets a derived id and a note", "[archive][cli]") {
    TempDir dir("archive-cli");
    std::filesystem::create_directories(dir / "in");
    write_bytes(dir / "in" / "notes.txt", "一段文字");
    write_bytes(dir / "in" / "ignored.md", "not a corpus file");
    const auto db = dir / "a.db";
    const auto result = run_archive_cli(db, {"import", (dir / "in").string()});
    INFO(describe(result));
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("notes.txt") != std::string::npos);
    CHECK(result.err.find("file:notes.txt") != std::string::npos);
    CHECK(result.out.find("1 files") != std::string::npos);
    auto store = newsarc::archive::Store::open(db, newsarc::archive::OpenMode::read_only);
    const auto document = store.find_document("file:notes.txt");
    REQUIRE(document);
    CHECK(newsarc::archive::Store::open(db, newsarc::archive::OpenMode::read_only).version(document->doc_id)->body ==
          "一段文字");
}

TEST_CASE("import of something that is not a folder is a usage error", "[archive][cli]") {
    TempDir dir("archive-cli");
    const auto result = run_archive_cli(dir / "a.db", {"import", (dir / "missing").string()});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find((dir / "missing").string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
}

TEST_CASE("more than 1000 files get wider numbers", "[archive][export]") {
    CHECK(newsarc::archive::corpus_file_name(0, 5, "6f2a3172923db0ae") == "000_6f2a3172923db0ae.txt");
    CHECK(newsarc::archive::corpus_file_name(999, 1000, "6f2a3172923db0ae") == "999_6f2a3172923db0ae.txt");
    CHECK(newsarc::archive::corpus_file_name(7, 1001, "6f2a3172923db0ae") == "0007_6f2a3172923db0ae.txt");
    CHECK(newsarc::archive::corpus_file_name(12345, 100000, "6f2a3172923db0ae") == "12345_6f2a3172923db0ae.txt");
}
