// What `newsarc links` and `newsarc extract` share: the options naming a saved page and the plugins to try,
// and running the chosen plugin over that page.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "newsarc/plugin_host/run.hpp"

namespace newsarc::cli {

struct SavedPageOptions {
    std::string file;                     ///< the saved page (HTML, or JSON for API answers)
    std::string url;                      ///< the URL it was fetched from
    std::string plugin;                   ///< plugin id; empty: the plugin claiming the URL's host
    std::vector<std::string> plugin_dirs; ///< extra plugin folders, searched first
    std::vector<std::string> site_dirs;   ///< extra declarative-site folders
};

/// Adds FILE, --url, --plugin, --plugin-dir and --sites-dir to `command`.
void add_saved_page_options(CLI::App& command, SavedPageOptions& options);

/// Loads the plugins and runs the named one (or the best one for the URL's host) over the saved page.
/// Throws a usage failure for an unreadable file or an unknown plugin name; the outcome's plugin_id is empty
/// when no plugin claims the host.
plugin_host::PageOutcome run_on_saved_page(const SavedPageOptions& options, plugin_host::Mode mode);

} // namespace newsarc::cli
