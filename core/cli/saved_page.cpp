#include "saved_page.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace newsarc::cli {

namespace host = newsarc::plugin_host;

void add_saved_page_options(CLI::App& command, SavedPageOptions& options) {
    command.add_option("file", options.file, "The saved page (HTML, or JSON for API answers)")->required();
    command.add_option("--url", options.url, "The URL the page was fetched from")->required();
    command.add_option("--plugin", options.plugin, "Plugin id (default: the plugin claiming the URL's host)");
    command.add_option("--plugin-dir", options.plugin_dirs, "Extra plugin folder (searched first; repeatable)");
    command.add_option("--sites-dir", options.site_dirs, "Extra declarative-site folder (repeatable)");
}

host::PageOutcome run_on_saved_page(const SavedPageOptions& options, host::Mode mode) {
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
    if (options.plugin.empty()) {
        return host::run_best(registry, page, mode);
    }
    const host::Plugin* plugin = registry.by_id(options.plugin);
    if (plugin == nullptr) {
        throw usage_failure("no plugin named '" + options.plugin + "' is loaded (see `newsarc plugins list`)");
    }
    return host::run(*plugin, page, mode);
}

} // namespace newsarc::cli
