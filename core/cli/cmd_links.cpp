// `newsarc links FILE --url URL [--plugin NAME]`: the links and requests a plugin discovers in a saved page.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

struct LinksOptions {
    std::string file;
    std::string url;
    std::string plugin;
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> site_dirs;
};

int run_links(const LinksOptions& options) {
    std::ifstream in(options.file, std::ios::binary);
    if (!in) {
        throw usage_failure("cannot read '" + options.file + "'");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string body = buffer.str();

    host::PluginRegistry registry;
    registry.load_defaults({options.plugin_dirs.begin(), options.plugin_dirs.end()},
                           {options.site_dirs.begin(), options.site_dirs.end()});
    host::PageInput page;
    page.url = options.url;
    page.body = body;
    page.content_type = std::filesystem::path(options.file).extension() == ".json" ? "application/json" : "text/html";
    host::PageOutcome outcome;
    if (!options.plugin.empty()) {
        const host::Plugin* plugin = registry.by_id(options.plugin);
        if (plugin == nullptr) {
            throw usage_failure("no plugin named '" + options.plugin + "' is loaded (see `newsarc plugins list`)");
        }
        outcome = host::run(*plugin, page, host::Mode{true, false});
    } else {
        outcome = host::run_best(registry, page, host::Mode{true, false});
        if (outcome.plugin_id.empty()) {
            std::cerr << "newsarc links: no plugin claims the host of " << options.url << "\n";
            return 1;
        }
    }
    if (!outcome.discover_status) {
        std::cerr << "newsarc links: plugin '" << outcome.plugin_id << "' classifies " << options.url << " as "
                  << host::kind_name(outcome.kind) << ", which has no links to discover\n";
        return 1;
    }
    for (const host::Request& link : outcome.links) {
        std::cout << host::kind_name(link.kind) << "\t" << link.url << "\n";
    }
    if (*outcome.discover_status == NEWSARC_FAILED) {
        std::cerr << "newsarc links: plugin '" << outcome.plugin_id << "' failed: " << outcome.error << "\n";
        return 1;
    }
    return 0;
}

Action register_links(CLI::App& app, const GlobalOptions&) {
    auto options = std::make_shared<LinksOptions>();
    CLI::App* command = app.add_subcommand("links", "Print the links a plugin finds in a saved page (kind, URL)");
    command->add_option("file", options->file, "The saved page (HTML, or JSON for API answers)")->required();
    command->add_option("--url", options->url, "The URL the page was fetched from")->required();
    command->add_option("--plugin", options->plugin, "Plugin id (default: the plugin claiming the URL's host)");
    command->add_option("--plugin-dir", options->plugin_dirs, "Extra plugin folder (searched first; repeatable)");
    command->add_option("--sites-dir", options->site_dirs, "Extra declarative-site folder (repeatable)");
    return [options]() { return run_links(*options); };
}

} // namespace

NEWSARC_COMMAND(80, register_links);

} // namespace newsarc::cli
