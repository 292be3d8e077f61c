// Focus: the plugin commands of the `newsarc` executable: plugins list/test, links, extract (text and JSON).
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/paths.hpp"
#include "support/run_process.hpp"

namespace {

std::string shared_page(const char* name) {
    return (newsarc::test::shared_dir() / "sites" / "generic" / name).string();
}

std::string qbitai_fixture(const char* name) {
    return (newsarc::test::source_dir() / "configs" / "sites" / "qbitai" / "fixtures" / name / "page.html").string();
}

} // namespace

TEST_CASE("plugins list shows name, version, hosts and file", "[plugins][cli]") {
    const auto result = newsarc::test::run_cli({"plugins", "list"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.starts_with("NAME\tVERSION\tPRIORITY\tHOSTS\tFILE\n"));
    CHECK(result.out.find("generic\t2026.12.1\t0\t*\t") != std::string::npos);
    CHECK(result.out.find("newsarc_generic.so") != std::string::npos);
    CHECK(result.out.find("qbitai\t") != std::string::npos);
    CHECK(result.out.find("www.qbitai.com,qbitai.com") != std::string::npos);
}

TEST_CASE("plugins test runs a plugin's fixtures", "[plugins][cli]") {
    const auto passing = newsarc::test::run_cli({"plugins", "test", "qbitai"});
    INFO(passing.out << passing.err);
    CHECK(passing.exit_code == 0);
    CHECK(passing.out.find("PASS qbitai/article-2023-03-llm-chips") != std::string::npos);
    std::size_t cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(NEWSARC_SOURCE_DIR) / "configs/sites/qbitai/fixtures")) {
        cases += entry.is_directory() ? 1 : 0;
    }
    CHECK(passing.out.find(std::to_string(cases) + " passed, 0 failed") != std::string::npos);

    const auto unknown = newsarc::test::run_cli({"plugins", "test", "no_such_plugin"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no plugin named 'no_such_plugin'") != std::string::npos);
}

TEST_CASE("extract prints the corpus format", "[plugins][cli]") {
    const auto result = newsarc::test::run_cli(
        {"extract", qbitai_fixture("article-2023-03-llm-chips"), "--url", "https://www.qbitai.com/2023/03/43345.html"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const std::string expected_head = "国产大模型芯片进入量产阶段，推理成本一年降了一半\n\n"
                                      "2023-03-22 13:03\u00a0\u00a0\u00a0\u00a0 量子位\n\n"
                                      "大模型的推理成本，正在以肉眼可见的速度下降。\n\n";
    CHECK(result.out.starts_with(expected_head));
    CHECK(result.out.ends_with("愿意为更低的推理价格多花一些迁移成本。"));
}

TEST_CASE("extract --json with an explicit plugin", "[plugins][cli]") {
    const auto result = newsarc::test::run_cli({"extract", shared_page("163_2.html"), "--url",
                                                "https://news.163.com/19/0907/09/EOFBHDHQ0001899N.html", "--plugin",
                                                "generic", "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["plugin"] == "generic");
    CHECK(json["site"] == "news.163.com");
    CHECK(json["title"] == "姚明对周琦说了啥？周琦上下半场判若两人");
    CHECK(json["published_at"] == "2019-09-07T09:59:22+08:00");
    CHECK(json["paragraphs"].size() >= 3);
}

TEST_CASE("extract of a list page fails with exit 1, a missing file is a usage error", "[plugins][cli]") {
    const auto list = newsarc::test::run_cli({"extract", shared_page("list_163_1.html"), "--url", "https://news.163.com/"});
    CHECK(list.exit_code == 1);
    CHECK(list.err.find("no_content") != std::string::npos);
    const auto missing = newsarc::test::run_cli({"extract", "/nonexistent/page.html", "--url", "https://a.cn/"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("/nonexistent/page.html") != std::string::npos);
}

TEST_CASE("links prints kind and URL per line", "[plugins][cli]") {
    const auto result = newsarc::test::run_cli({"links", qbitai_fixture("list-homepage"), "--url", "https://www.qbitai.com/"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("article\thttps://www.qbitai.com/2023/03/43301.html\n") != std::string::npos);
    CHECK(result.out.find("list\thttps://www.qbitai.com/\n") != std::string::npos);
    const auto unknown = newsarc::test::run_cli({"links", qbitai_fixture("list-homepage"), "--url",
                                                 "https://www.qbitai.com/", "--plugin", "nope"});
    CHECK(unknown.exit_code == 2);
}
