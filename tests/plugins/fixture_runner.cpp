// Focus: every fixture folder (plugins/*/fixtures/*/ and configs/sites/*/fixtures/*/) is one test case that
// runs its page through the real plugin from the build and compares with expected.json.
#include <catch2/catch.hpp>

#include <deque>
#include <iostream>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "support/paths.hpp"

namespace host = newsarc::plugin_host;

namespace {

// Every plugin the fixtures need: the built .so files and the declarative sites of the source tree.
const host::PluginRegistry& fixture_registry() {
    static host::PluginRegistry registry;
    static const bool loaded = [] {
        registry.load({newsarc::test::plugin_dir()});
        registry.load_sites(newsarc::test::source_dir() / "configs" / "sites");
        return true;
    }();
    (void)loaded;
    return registry;
}

class FixtureCase final : public Catch::ITestInvoker {
public:
    explicit FixtureCase(host::FixtureCase fixture) : fixture_(std::move(fixture)) {}

    void invoke() const override {
        const auto& registry = fixture_registry();
        for (const auto& error : registry.errors()) {
            // A refused plugin is reported once per case that may need it, as context.
            UNSCOPED_INFO("load error: " << error.message);
        }
        const host::FixtureResult result = host::run_fixture(registry, fixture_, newsarc::test::shared_dir());
        if (result.body_f1) {
            std::cout << "fixture " << fixture_.plugin_id << "/" << fixture_.name << ": body F1 " << *result.body_f1
                      << "\n";
        }
        for (const auto& line : result.outcome.log) {
            UNSCOPED_INFO("plugin log: " << line.message);
        }
        for (const std::string& failure : result.failures) {
            FAIL_CHECK(fixture_.dir.string() << ": " << failure);
        }
        CHECK(result.passed);
    }

private:
    host::FixtureCase fixture_;
};

// Registers the cases before Catch's session starts (static initialisation, like TEST_CASE does).
const bool kRegistered = [] {
    static std::deque<std::string> names; // Catch keeps StringRefs to the names
    for (host::FixtureCase fixture : host::find_fixtures(newsarc::test::source_dir())) {
        const std::string& name = names.emplace_back("fixture " + fixture.plugin_id + "/" + fixture.name);
        const std::string& tags = names.emplace_back("[plugins][fixture][" + fixture.plugin_id + "]");
        Catch::AutoReg(new FixtureCase(std::move(fixture)), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                       Catch::NameAndTags{name, tags});
    }
    return true;
}();

} // namespace

TEST_CASE("the fixture folders are found", "[plugins][fixture]") {
    const auto fixtures = host::find_fixtures(newsarc::test::source_dir());
    bool generic = false;
    bool declarative = false;
    for (const auto& fixture : fixtures) {
        generic = generic || fixture.plugin_id == "generic";
        declarative = declarative || fixture.declarative;
    }
    CHECK(generic);
    CHECK(declarative);
}
