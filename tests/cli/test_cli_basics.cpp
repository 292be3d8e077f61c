// Focus: the `newsarc` command line as a user meets it: help, version, unknown subcommands, exit codes.
#include <catch2/catch.hpp>

#include "support/run_process.hpp"

using newsarc::test::run_cli;

TEST_CASE("newsarc alone lists the subcommands and exits 0", "[cli]") {
    const auto result = run_cli({});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Subcommands:") != std::string::npos);
    for (const char* name : {"import", "export", "snapshot", "history", "diff", "stats", "serve-fixtures"}) {
        CHECK(result.out.find(name) != std::string::npos);
    }
}

TEST_CASE("the --version flag prints the version", "[cli]") {
    const auto result = run_cli({"--version"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("0.1.0") != std::string::npos);
}

TEST_CASE("an unknown subcommand is a usage error with exit code 2", "[cli]") {
    const auto result = run_cli({"frobnicate"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("frobnicate") != std::string::npos);
}

TEST_CASE("an unknown log level is a usage error naming the value", "[cli]") {
    const auto result = run_cli({"--log-level", "loud"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("loud") != std::string::npos);
}
