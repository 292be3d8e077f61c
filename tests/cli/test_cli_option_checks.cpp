// Focus: what each command declares about its options reaches the parser: required values, checks, ranges,
// choices, exclusions, value counts and nested subcommands refuse bad input with exit code 2 and CLI11's words,
// and help shows the declared defaults and checks.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using newsarc::test::run_cli;

namespace {

struct UsageCase {
    std::vector<std::string> args;
    std::string says; ///< a part of the error message
};

} // namespace

TEST_CASE("options that break a declared rule are usage errors (exit 2) that say which rule", "[cli]") {
    const std::vector<UsageCase> cases = {
        {{"crawl"}, "job is required"},
        {{"crawl", "--max-pages", "0", "job.toml"}, "--max-pages: Value 0 not in range 0.000000 to "},
        {{"daemon", "--max-runs", "-1"}, "--max-runs: Value -1 not in range 0.000000 to "},
        {{"health", "--runs", "0"}, "--runs: Value 0 not in range 1 to 1000"},
        {{"health", "--min-success", "1.5"}, "--min-success: Value 1.5 not in range 0.000000 to 1.000000"},
        {{"reextract", "--workers", "257"}, "--workers: Value 257 not in range 0 to 256"},
        {{"import", "--format", "zip", "folder"}, "--format: zip not in {corpus,warc}"},
        {{"export", "--out", "o", "--format", "xml"}, "--format: xml not in {corpus,jsonl,warc}"},
        {{"export", "--out", "o", "--snapshot", "s", "--as-of", "2024-05-01"}, "--snapshot excludes --as-of"},
        {{"diff", "0123456789abcdef", "1", "2", "3"}, "VERSIONS: At Most 2 required but received 3"},
        {{"runs", "--limit", "many"}, "Could not convert: --limit = many"},
        {{"plugins"}, "A subcommand is required"},
        {{"snapshot", "diff", "a"}, "B is required"},
        {{"clean", "--skip"}, "--skip: 1 required TEXT missing"},
    };
    for (const UsageCase& usage : cases) {
        std::string command_line;
        for (const std::string& arg : usage.args) {
            command_line += " " + arg;
        }
        INFO("newsarc" << command_line);
        const auto result = run_cli(usage.args);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find(usage.says) != std::string::npos);
        CHECK(result.err.find("Run with --help for more information.") != std::string::npos);
    }
}

TEST_CASE("a subcommand's help lists its options with their declared defaults and checks", "[cli]") {
    const auto health = run_cli({"health", "--help"});
    CHECK(health.exit_code == 0);
    CHECK(health.out.find("--runs UINT:INT in [1 - 1000]=10") != std::string::npos);
    CHECK(health.out.find("--min-success FLOAT:FLOAT in [0 - 1]=") != std::string::npos);
    const auto export_help = run_cli({"export", "--help"});
    CHECK(export_help.exit_code == 0);
    CHECK(export_help.out.find("--out TEXT REQUIRED") != std::string::npos);
    CHECK(export_help.out.find("Excludes: --as-of") != std::string::npos);
    CHECK(export_help.out.find("Excludes: --snapshot") != std::string::npos);
    // --db is accepted after every subcommand, also where the subcommand does not declare it.
    CHECK(export_help.out.find("--db TEXT") != std::string::npos);
}

TEST_CASE("a --db given after the subcommand names the archive the command opens", "[cli]") {
    newsarc::test::TempDir dir;
    const std::string missing = (dir.path() / "no-such-archive.db").string();
    const auto result = run_cli({"stats", "--db", missing});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("no-such-archive.db") != std::string::npos);
}
