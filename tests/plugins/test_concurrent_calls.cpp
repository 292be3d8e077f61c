// Focus: the ABI 1.1 concurrency flag. A plugin that declares NEWSARC_PLUGIN_CONCURRENT is called in parallel;
// one that does not (every ABI 1.0 build) takes turns, however many threads the host extracts on.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "support/paths.hpp"

namespace host = newsarc::plugin_host;

namespace {

const std::filesystem::path kTestPlugins = NEWSARC_TEST_PLUGIN_DIR;

/// Runs the plugin's extract on `threads` threads at once, `calls` times each, and returns the largest
/// overlap the plugin itself saw (its "max_in_flight" field after the last call).
int largest_overlap(const host::Plugin& plugin, const std::string& url, int threads, int calls) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int c = 0; c < calls; ++c) {
                host::PageInput page;
                page.url = url;
                page.body = "<p>x</p>";
                host::run(plugin, page, host::Mode{false, true});
            }
        });
    }
    for (std::thread& thread : pool) {
        thread.join();
    }
    host::PageInput page;
    page.url = url;
    page.body = "<p>x</p>";
    const auto last = host::run(plugin, page, host::Mode{false, true});
    REQUIRE(last.extracted());
    return std::stoi(std::string(last.field("max_in_flight")));
}

} // namespace

TEST_CASE("a plugin built for ABI 1.0 loads and is called from one thread at a time", "[plugins][loader]") {
    host::PluginRegistry registry;
    const auto loaded = registry.load_file(kTestPlugins / "newsarc_abi_1_0.so");
    REQUIRE(loaded);
    const host::Plugin& plugin = *loaded.value();
    // Its table ends before `flags` (the CONCURRENT bit it holds past struct_size must not be read).
    CHECK_FALSE(plugin.concurrent());
    CHECK(largest_overlap(plugin, "https://abi10.example.com/a", 4, 3) == 1);
}

TEST_CASE("a site plugin built against the frozen ABI 1.0 header loads and passes its fixture", "[plugins][loader]") {
    host::PluginRegistry registry;
    const auto loaded = registry.load_file(kTestPlugins / "newsarc_abi_1_0_fixture.so");
    REQUIRE(loaded);
    CHECK_FALSE(loaded.value()->concurrent());
    const std::filesystem::path case_dir =
        std::filesystem::path(NEWSARC_TEST_DATA_DIR) / "abi_1_0_fixture" / "fixtures" / "article-1";
    const host::FixtureResult result = host::run_fixture(
        registry, host::FixtureCase{"abi_1_0_fixture", "article-1", case_dir, false}, newsarc::test::shared_dir());
    INFO("failures: " << (result.failures.empty() ? std::string() : result.failures.front()));
    CHECK(result.passed);
    CHECK(result.outcome.field("title") == "一个按 1.0 构建的插件");
    CHECK(result.outcome.paragraphs.size() == 2);
}

TEST_CASE("a plugin that declares itself concurrent is called in parallel", "[plugins][loader]") {
    host::PluginRegistry registry;
    const auto loaded = registry.load_file(kTestPlugins / "newsarc_concurrent.so");
    REQUIRE(loaded);
    const host::Plugin& plugin = *loaded.value();
    CHECK(plugin.concurrent());
    // Each call waits (up to 2 s) for another to overlap it: threads that are not serialised meet.
    CHECK(largest_overlap(plugin, "https://concurrent.example.com/a", 2, 1) >= 2);
}

TEST_CASE("the shipped plugins and declarative sites declare themselves concurrent", "[plugins][loader]") {
    host::PluginRegistry registry;
    registry.load({newsarc::test::plugin_dir()});
    registry.load_sites(newsarc::test::source_dir() / "configs" / "sites");
    for (const char* id : {"generic", "guancha", "huxiu", "wallstreetcn", "qbitai"}) {
        INFO(id);
        const host::Plugin* plugin = registry.by_id(id);
        REQUIRE(plugin != nullptr);
        CHECK(plugin->concurrent());
    }
}
