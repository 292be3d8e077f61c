// Focus: `newsarc clean IN_DIR OUT_DIR` on a copy of the seeds: same file names, the corpus header rendered
// byte for byte, bodies as the library cleans them, an occupied OUT_DIR refused, a bad file skipped by name.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "clean_test_data.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc;
namespace fs = std::filesystem;

namespace {

/// A copy of the seeds in a fresh folder (the shared folder is read-only and stays untouched).
void copy_seeds(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& file : test::seed_files()) {
        fs::copy_file(file, to / file.filename());
    }
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string rules_dir() {
    return (test::source_dir() / "configs" / "cleaning").string();
}

} // namespace

TEST_CASE("newsarc clean writes every seed cleaned under its own name", "[clean][cli]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    const auto result = test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir()});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("5 cleaned") != std::string::npos);
    for (const auto& seed : test::seed_files()) {
        const fs::path out = dir / "out" / seed.filename();
        REQUIRE(fs::is_regular_file(out));
        const std::string written = test::read_text(out);
        CHECK(written.find('\r') == std::string::npos);
        CHECK((written.empty() || written.back() != '\n'));
        // The body is what the library makes of the corpus text.
        const archive::CorpusRecord record = archive::parse_corpus(test::read_text(seed));
        clean::RawArticle raw;
        raw.title = record.title;
        raw.source = record.source;
        raw.published_at = archive::corpus_time(record.published_at);
        raw.paragraphs = test::non_empty_lines(record.body);
        const auto cleaned = clean::clean_article(raw, {}, test::repo_rules());
        CHECK(archive::parse_corpus(written).body == cleaned.body());
    }
}

TEST_CASE("newsarc clean renders seed 000's header exactly as the seed writes it", "[clean][cli]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    REQUIRE(test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir()}).exit_code ==
            0);
    const std::string name = test::seed_file("000").filename().string();
    const std::string seed = test::read_text(test::seed_file("000"));
    const std::string written = test::read_text(dir / "out" / name);
    const std::string header = "阿里顶级大牛辞职创业,字节招兵买马,AI大模型赛道风起云涌\n\n2023-03-22 18:00"
                               "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0 观察者网\n\n";
    REQUIRE(seed.rfind(header, 0) == 0);
    CHECK(written.rfind(header, 0) == 0);
    // Everything but the trailing widget lines is byte-identical.
    const std::string widgets = "\n\n今日关注\n更多";
    REQUIRE(seed.size() > widgets.size());
    REQUIRE(seed.compare(seed.size() - widgets.size(), widgets.size(), widgets) == 0);
    CHECK(written == seed.substr(0, seed.size() - widgets.size()));
    // Cleaning the output again gives the same bytes.
    REQUIRE(test::run_cli({"clean", (dir / "out").string(), (dir / "again").string(), "--rules", rules_dir()})
                .exit_code == 0);
    CHECK(test::read_text(dir / "again" / name) == written);
}

TEST_CASE("newsarc clean refuses a non-empty OUT_DIR unless --force", "[clean][cli]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    fs::create_directories(dir / "out");
    write_file(dir / "out" / "keep.txt", "x");
    const auto refused = test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir()});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find((dir / "out").string()) != std::string::npos);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out" / test::seed_file("000").filename()));

    const auto forced =
        test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir(), "--force"});
    CHECK(forced.exit_code == 0);
    CHECK(fs::exists(dir / "out" / test::seed_file("000").filename()));
    CHECK(test::read_text(dir / "out" / "keep.txt") == "x");
}

TEST_CASE("newsarc clean reports a bad file by name, skips it and cleans the rest", "[clean][cli]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    write_file(dir / "in" / "005_bad.txt", "标题\n\n\xFF\xFE not UTF-8");
    const auto result = test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir()});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("005_bad.txt") != std::string::npos);
    CHECK(result.err.find("UTF-8") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out" / "005_bad.txt"));
    CHECK(fs::exists(dir / "out" / test::seed_file("004").filename()));
    CHECK(result.out.find("1 failed") != std::string::npos);
}

TEST_CASE("newsarc clean refuses bad arguments with exit code 2", "[clean][cli]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    const auto missing_in = test::run_cli({"clean", (dir / "nope").string(), (dir / "out").string()});
    CHECK(missing_in.exit_code == 2);
    CHECK(missing_in.err.find("nope") != std::string::npos);

    const auto bad_rules =
        test::run_cli({"clean", (dir / "in").string(), (dir / "out1").string(), "--rules", (dir / "none").string()});
    CHECK(bad_rules.exit_code == 2);
    CHECK(bad_rules.err.find("none") != std::string::npos);

    const auto bad_step = test::run_cli(
        {"clean", (dir / "in").string(), (dir / "out2").string(), "--rules", rules_dir(), "--skip", "everything"});
    CHECK(bad_step.exit_code == 2);
    CHECK(bad_step.err.find("everything") != std::string::npos);

    const auto bad_convert = test::run_cli(
        {"clean", (dir / "in").string(), (dir / "out3").string(), "--rules", rules_dir(), "--convert", "x2y"});
    CHECK(bad_convert.exit_code == 2);
    CHECK(bad_convert.err.find("x2y") != std::string::npos);
}

TEST_CASE("newsarc clean --convert t2s writes simplified text", "[clean][cli][convert]") {
    const test::TempDir dir("clean-cli");
    copy_seeds(dir / "in");
    REQUIRE(test::run_cli({"clean", (dir / "in").string(), (dir / "out").string(), "--rules", rules_dir(), "--convert",
                           "t2s"})
                .exit_code == 0);
    const std::string written = test::read_text(dir / "out" / test::seed_file("001").filename());
    CHECK(written.find("阿里既想像英伟达一样,成为那个“卖铲子”的人") != std::string::npos);
    CHECK(written.find("賣鏟子") == std::string::npos);
}
