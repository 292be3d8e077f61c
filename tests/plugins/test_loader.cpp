// Focus: loading real .so files — ABI checks, refusals with precise messages, the others still loading.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "support/temp_dir.hpp"

namespace host = newsarc::plugin_host;
namespace fs = std::filesystem;

namespace {

const fs::path kTestPlugins = NEWSARC_TEST_PLUGIN_DIR;

std::string error_for(const std::vector<host::LoadError>& errors, const std::string& file_name) {
    for (const auto& error : errors) {
        if (error.file.filename() == file_name) {
            return error.message;
        }
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a good plugin loads and runs through the C ABI", "[plugins][loader]") {
    host::PluginRegistry registry;
    const auto loaded = registry.load_file(kTestPlugins / "newsarc_good.so");
    REQUIRE(loaded);
    const host::Plugin& plugin = *loaded.value();
    CHECK(plugin.id() == "good");
    CHECK(plugin.version() == "1.0");
    CHECK(plugin.priority() == 10);
    CHECK(plugin.hosts() == std::vector<std::string>{"good.example.com", "*.good.example.org"});
    CHECK(plugin.kind_name() == "shared library");

    host::PageInput page;
    page.url = "https://good.example.com/a";
    page.body = "<p>x</p>";
    const auto outcome = host::run(plugin, page);
    CHECK(outcome.kind == NEWSARC_PAGE_ARTICLE);
    REQUIRE(outcome.extract_status);
    CHECK(*outcome.extract_status == NEWSARC_OK);
    CHECK(outcome.field("title") == "Good");
    REQUIRE(outcome.links.size() == 1);
    CHECK(outcome.links[0].url == "https://good.example.com/next");
    CHECK(outcome.links[0].priority == 5);
}

TEST_CASE("every bad plugin in a folder is refused precisely while the good one loads", "[plugins][loader]") {
    host::PluginRegistry registry;
    const auto errors = registry.load({kTestPlugins});
    INFO("errors: " << errors.size());
    for (const auto& error : errors) {
        INFO(error.message);
    }

    // Sorted load order: newsarc_good.so before newsarc_same_host.so, so same_host is the one refused.
    CHECK(registry.by_id("good") != nullptr);
    CHECK(registry.by_id("sdk_probe") != nullptr);

    const std::string major = error_for(errors, "newsarc_wrong_major.so");
    CHECK(contains(major, "newsarc_wrong_major.so"));
    CHECK(contains(major, "built for ABI 2.0"));
    CHECK(contains(major, "loads ABI 1.x"));

    const std::string minor = error_for(errors, "newsarc_newer_minor.so");
    CHECK(contains(minor, "built for ABI 1." + std::to_string(NEWSARC_PLUGIN_ABI_MINOR + 1)));
    CHECK(contains(minor, "newer than this newsarc"));

    const std::string missing = error_for(errors, "newsarc_missing_symbol.so");
    CHECK(contains(missing, "does not export the symbol 'newsarc_missing_symbol_plugin'"));

    const std::string not_library = error_for(errors, "newsarc_not_a_library.so");
    CHECK(contains(not_library, "newsarc_not_a_library.so"));
    CHECK(contains(not_library, "cannot be loaded as a shared library"));

    const std::string tiny = error_for(errors, "newsarc_tiny_table.so");
    CHECK(contains(tiny, "struct_size is"));
    CHECK(contains(tiny, "expected at least"));

    const std::string same = error_for(errors, "newsarc_same_host.so");
    CHECK(contains(same, "claims host 'good.example.com'"));
    CHECK(contains(same, "newsarc_good.so"));
    CHECK(contains(same, "newsarc_same_host.so"));

    for (const char* refused : {"wrong_major", "newer_minor", "missing_symbol", "tiny_table", "same_host"}) {
        CHECK(registry.by_id(refused) == nullptr);
    }
    CHECK(registry.errors().size() == errors.size());
}

TEST_CASE("the same id from two folders is refused naming both files", "[plugins][loader]") {
    newsarc::test::TempDir dir("newsarc-loader");
    fs::copy_file(kTestPlugins / "newsarc_good.so", dir / "newsarc_good.so");
    host::PluginRegistry registry;
    REQUIRE(registry.load_file(kTestPlugins / "newsarc_good.so"));
    const auto second = registry.load_file(dir / "newsarc_good.so");
    REQUIRE_FALSE(second);
    CHECK(contains(second.error().message, "id 'good' is already loaded from"));
    CHECK(contains(second.error().message, (kTestPlugins / "newsarc_good.so").string()));
    CHECK(contains(second.error().message, (dir / "newsarc_good.so").string()));
}

TEST_CASE("a file name that is not newsarc_<id>.so is refused", "[plugins][loader]") {
    newsarc::test::TempDir dir("newsarc-loader");
    fs::copy_file(kTestPlugins / "newsarc_good.so", dir / "newsarc_Bad-Name.so");
    host::PluginRegistry registry;
    const auto loaded = registry.load_file(dir / "newsarc_Bad-Name.so");
    REQUIRE_FALSE(loaded);
    CHECK(contains(loaded.error().message, "[a-z0-9_]"));
}

TEST_CASE("the search path puts job folders first, then NEWSARC_PLUGIN_PATH, then ../lib/newsarc/plugins from the "
          "program",
          "[plugins][loader]") {
    ::setenv("NEWSARC_PLUGIN_PATH", "/tmp/newsarc-a:/tmp/newsarc-b::/tmp/newsarc-a", 1);
    const auto dirs = host::plugin_search_path({"/tmp/newsarc-job"});
    ::unsetenv("NEWSARC_PLUGIN_PATH");
    REQUIRE(dirs.size() == 4);
    CHECK(dirs[0] == "/tmp/newsarc-job");
    CHECK(dirs[1] == "/tmp/newsarc-a");
    CHECK(dirs[2] == "/tmp/newsarc-b");
    CHECK(dirs[3].filename() == "plugins");
    CHECK(dirs[3].parent_path().filename() == "newsarc");
    CHECK(dirs[3].parent_path().parent_path().filename() == "lib");
}
