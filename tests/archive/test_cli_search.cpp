// Focus: `newsarc search` through the CLI: text and --json output, filters, paging, "no match", and the usage
// errors (empty query, bad --since) with exit 2.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "archive_test_util.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

void add(Store& store, const std::string& id, const std::string& site, const std::string& title,
         const std::string& body, const std::string& published) {
    store.ensure_document(id, "https://" + site + ".example/" + id, site);
    VersionInput version;
    version.doc_id = id;
    version.title = title;
    version.body = body;
    version.published_at = published;
    version.plugin = "test";
    store.put_version(version);
}

} // namespace

TEST_CASE("newsarc search prints id, date, site, title and a marked snippet, or no match", "[archive][cli][search]") {
    TempDir dir("archive-cli-search");
    const auto db = dir / "a.db";
    {
        Store store = Store::open(db);
        add(store, "00000000000000a1", "guancha", "阿里大牛辞职", "原阿里技术副总裁贾扬清离职创业。\n\n第二段。",
            "2023-03-22 18:00");
        add(store, "00000000000000a2", "huxiu", "虎嗅的文章", "贾扬清的新公司。", "2024-01-05 09:30");
    }
    const auto text = run_archive_cli(db, {"search", "贾扬清"});
    INFO(describe(text));
    CHECK(text.exit_code == 0);
    CHECK(text.out == "00000000000000a2\t2024-01-05 09:30\thuxiu\t虎嗅的文章\n\t«贾扬清»的新公司。\n"
                      "00000000000000a1\t2023-03-22 18:00\tguancha\t阿里大牛辞职\n"
                      "\t原阿里技术副总裁«贾扬清»离职创业。  第二段。\n");

    const auto site = run_archive_cli(db, {"search", "贾扬清", "--site", "guancha", "--since", "2023-01-01"});
    CHECK(site.exit_code == 0);
    CHECK(site.out.find("00000000000000a1") != std::string::npos);
    CHECK(site.out.find("00000000000000a2") == std::string::npos);
    const auto paged = run_archive_cli(db, {"search", "贾扬清", "--limit", "1"});
    CHECK(paged.out.find("more: --offset 1\n") != std::string::npos);

    const auto json = run_archive_cli(db, {"search", "贾扬清", "--json", "--until", "2023-12-31"});
    INFO(describe(json));
    REQUIRE(json.exit_code == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["query"] == "贾扬清");
    CHECK(parsed["has_more"] == false);
    REQUIRE(parsed["hits"].size() == 1);
    const auto& hit = parsed["hits"][0];
    CHECK(hit["doc_id"] == "00000000000000a1");
    CHECK(hit["site"] == "guancha");
    CHECK(hit["url"] == "https://guancha.example/00000000000000a1");
    CHECK(hit["title"] == "阿里大牛辞职");
    CHECK(hit["published_at"] == "2023-03-22T18:00:00+08:00");
    CHECK(hit["version"] == 1);
    CHECK(hit["gone"] == false);
    CHECK(hit["snippet"] == "原阿里技术副总裁贾扬清离职创业。\n\n第二段。");
    CHECK(hit["snippet_segments"] == nlohmann::json::parse(
                                         R"([{"text":"原阿里技术副总裁","match":false},{"text":"贾扬清","match":true},)"
                                         R"({"text":"离职创业。\n\n第二段。","match":false}])"));

    const auto none = run_archive_cli(db, {"search", "不存在"});
    CHECK(none.exit_code == 0);
    CHECK(none.out == "no match for '不存在'\n");
    const auto none_json = run_archive_cli(db, {"search", "不存在", "--json"});
    CHECK(none_json.exit_code == 0);
    CHECK(nlohmann::json::parse(none_json.out)["hits"].empty());
}

TEST_CASE("newsarc search refuses an empty query and a bad --since with exit 2", "[archive][cli][search]") {
    TempDir dir("archive-cli-search");
    const auto db = dir / "a.db";
    { Store store = Store::open(db); }
    const auto empty = run_archive_cli(db, {"search", ""});
    INFO(describe(empty));
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("empty") != std::string::npos);
    const auto blank = run_archive_cli(db, {"search", "   "});
    CHECK(blank.exit_code == 2);
    const auto since = run_archive_cli(db, {"search", "大模型", "--since", "yesterday"});
    CHECK(since.exit_code == 2);
    CHECK(since.err.find("--since") != std::string::npos);
    const auto limit = run_archive_cli(db, {"search", "大模型", "--limit", "0"});
    CHECK(limit.exit_code == 2);
    const auto missing = run_archive_cli(dir / "missing.db", {"search", "大模型"});
    CHECK(missing.exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}
