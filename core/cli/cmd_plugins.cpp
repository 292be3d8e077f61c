// `newsarc plugins list` and `newsarc plugins test NAME`: the loaded plugins, and a plugin run over its fixtures.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

struct PluginsOptions {
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> site_dirs;
    std::string name;
    std::string source_dir;
    std::string shared_dir;
};

std::vector<std::filesystem::path> paths(const std::vector<std::string>& texts) {
    return {texts.begin(), texts.end()};
}

void print_load_errors(const std::vector<host::LoadError>& errors) {
    for (const auto& error : errors) {
        std::cerr << "refused: " << error.message << "\n";
    }
}

int list_plugins(const PluginsOptions& options) {
    host::PluginRegistry registry;
    print_load_errors(registry.load_defaults(paths(options.plugin_dirs), paths(options.site_dirs)));
    std::cout << "NAME\tVERSION\tPRIORITY\tHOSTS\tFILE\n";
    for (const host::Plugin* plugin : registry.plugins()) {
        std::string hosts;
        for (const std::string& pattern : plugin->hosts()) {
            hosts += (hosts.empty() ? "" : ",") + pattern;
        }
        std::cout << plugin->id() << "\t" << plugin->version() << "\t" << plugin->priority() << "\t" << hosts << "\t"
                  << plugin->file().string() << "\n";
    }
    return 0;
}

// The fixture folders DIR/<name>/fixtures/<case>/ of each declarative-site folder given, sorted by case.
std::vector<host::FixtureCase> site_dir_fixtures(const std::vector<std::string>& site_dirs, const std::string& name) {
    std::vector<host::FixtureCase> out;
    for (const std::string& dir : site_dirs) {
        const std::filesystem::path base = std::filesystem::path(dir) / name / "fixtures";
        std::error_code error;
        if (!std::filesystem::is_directory(base, error)) {
            continue;
        }
        std::vector<std::filesystem::path> cases;
        for (const auto& entry : std::filesystem::directory_iterator(base, error)) {
            if (entry.is_directory(error)) {
                cases.push_back(entry.path());
            }
        }
        std::sort(cases.begin(), cases.end());
        for (const std::filesystem::path& dir_of_case : cases) {
            out.push_back(host::FixtureCase{name, dir_of_case.filename().string(), dir_of_case, true});
        }
    }
    return out;
}

int test_plugin(const PluginsOptions& options) {
    host::PluginRegistry registry;
    print_load_errors(registry.load_defaults(paths(options.plugin_dirs), paths(options.site_dirs)));
    if (registry.by_id(options.name) == nullptr) {
        throw usage_failure("no plugin named '" + options.name +
                            "' is loaded (see `newsarc plugins list`; add --plugin-dir or --sites-dir)");
    }
    std::optional<std::filesystem::path> root;
    if (!options.source_dir.empty()) {
        root = std::filesystem::path(options.source_dir);
    } else {
        root = host::find_source_root();
    }
    // A site outside the checkout (`newsarc sites new --out DIR`) keeps its fixtures beside it: DIR/<id>/fixtures.
    std::vector<host::FixtureCase> fixtures = site_dir_fixtures(options.site_dirs, options.name);
    if (!root && fixtures.empty()) {
        throw usage_failure("cannot find the source tree with plugins/*/fixtures (give --source DIR)");
    }
    if (root) {
        for (host::FixtureCase& fixture : host::find_fixtures(*root)) {
            fixtures.push_back(std::move(fixture));
        }
    }
    const std::filesystem::path shared =
        options.shared_dir.empty() ? host::default_shared_dir() : std::filesystem::path(options.shared_dir);
    std::size_t passed = 0;
    std::size_t failed = 0;
    for (const host::FixtureCase& fixture : fixtures) {
        if (fixture.plugin_id != options.name) {
            continue;
        }
        const host::FixtureResult result = host::run_fixture(registry, fixture, shared);
        std::cout << (result.passed ? "PASS " : "FAIL ") << fixture.plugin_id << "/" << fixture.name;
        if (result.body_f1) {
            std::cout << " (body F1 " << *result.body_f1 << ")";
        }
        std::cout << "\n";
        for (const std::string& failure : result.failures) {
            std::cout << "    " << failure << "\n";
        }
        (result.passed ? passed : failed) += 1;
    }
    if (passed + failed == 0) {
        std::cerr << "newsarc plugins test: no fixtures for '" << options.name << "' under "
                  << (root ? root->string() : std::string("the --sites-dir folders"))
                  << " (plugins/" << options.name << "/fixtures or configs/sites/" << options.name << "/fixtures)\n";
        return 1;
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

Action register_plugins(Command& program, const GlobalOptions&) {
    auto options = std::make_shared<PluginsOptions>();
    Command& plugins = program.subcommand("plugins", "List the loaded plugins, or run one over its fixtures");
    plugins.require_subcommand(1, 1);
    const auto add_dirs = [&](Command& command) {
        command.option("--plugin-dir", options->plugin_dirs, "Extra plugin folder (searched first; repeatable)");
        command.option("--sites-dir", options->site_dirs, "Extra declarative-site folder (repeatable)");
    };
    Command& list = plugins.subcommand("list", "Name, version, hosts and file of every loaded plugin");
    add_dirs(list);
    Command& test = plugins.subcommand("test", "Run a plugin over its fixtures; exit 1 on any failure");
    add_dirs(test);
    test.option("name", options->name, "Plugin id").required();
    test.option("--source", options->source_dir, "Source tree holding plugins/ and configs/sites/");
    test.option("--shared", options->shared_dir, "The shared data folder (for fixtures' shared_page)");
    return [options, &list, &test]() -> int {
        if (list.parsed()) {
            return list_plugins(*options);
        }
        if (test.parsed()) {
            return test_plugin(*options);
        }
        return 2;
    };
}

} // namespace

NEWSARC_COMMAND(70, register_plugins);

} // namespace newsarc::cli
