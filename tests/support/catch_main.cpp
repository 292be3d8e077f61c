// Catch2's main, compiled once for every test area without a main of its own.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

int main(int argc, char* argv[]) {
    // The test executables live in build/tests/<area>/, not in build/bin/, so the code under test cannot find
    // the build's data folder beside itself the way the installed program does; the harness says where it
    // is, and where the checkout and ../shared are (for `newsarc plugins test`). The `newsarc` children a
    // test starts inherit these. A value already set by the caller wins.
    ::setenv("NEWSARC_DATA_DIR", NEWSARC_DATA_DIR, 0);
    ::setenv("NEWSARC_SOURCE_DIR", NEWSARC_SOURCE_DIR, 0);
    ::setenv("NEWSARC_SHARED_DIR", NEWSARC_SHARED_DIR, 0);
    return Catch::Session().run(argc, argv);
}
