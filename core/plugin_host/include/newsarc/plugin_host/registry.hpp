// newsarc::plugin_host::PluginRegistry: finds, loads and checks plugins, and picks the plugin for a URL.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/plugin.hpp"

namespace newsarc::plugin_host {

/// A plugin that was refused: which file, and a message naming the expectation and what was found.
struct LoadError {
    std::filesystem::path file;
    std::string message;
};

/// The plugin folders to search, in order: `job_dirs`, then each entry of $NEWSARC_PLUGIN_PATH
/// (colon-separated), then the install layout's plugin folder, ../lib/newsarc/plugins from the running
/// executable (newsarc/base/install_layout.hpp). Folders that do not exist are kept (load() skips them);
/// duplicates (same canonical path) are removed.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& job_dirs = {});

/// The declarative-site folders to search: each entry of $NEWSARC_SITES_PATH, then the data folder's sites/
/// ($NEWSARC_DATA_DIR, or ../share/newsarc from the running executable) when it exists.
std::vector<std::filesystem::path> default_site_dirs();

/// The loaded plugins. Loading is single-threaded; after loading, find() and the plugins may be used from
/// any thread. Libraries stay mapped until the registry is destroyed.
class PluginRegistry {
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    /// Loads every newsarc_<id>.so in each folder, in order. A refused plugin (not a library, missing symbol,
    /// other ABI major, newer minor, bad table, duplicate id, a host another plugin claims) is recorded in
    /// errors() and the others still load. Returns the errors of this call.
    std::vector<LoadError> load(const std::vector<std::filesystem::path>& dirs);

    /// Loads one library file; the error names the file. On success returns the plugin.
    Result<const Plugin*> load_file(const std::filesystem::path& file);

    /// Loads every <id>.toml in `dir` as a declarative site (see declarative.hpp). Returns the errors.
    std::vector<LoadError> load_sites(const std::filesystem::path& dir);

    /// Loads the plugins of plugin_search_path(plugin_dirs), then the declarative sites of `site_dirs` followed by
    /// default_site_dirs(). Returns the errors of this call.
    std::vector<LoadError> load_defaults(const std::vector<std::filesystem::path>& plugin_dirs = {},
                                         const std::vector<std::filesystem::path>& site_dirs = {});

    /// Adds a plugin made elsewhere (a declarative site), with the same id and host checks as load().
    Result<const Plugin*> add(std::unique_ptr<Plugin> plugin);

    /// The best plugin for `url`: exact host claims first, then "*.domain" claims (longest domain first),
    /// then "*"; within one kind of claim, higher priority first. nullptr when none claims the host.
    [[nodiscard]] const Plugin* find(std::string_view url) const;
    /// Every plugin claiming the host of `url`, best first (for falling back when one answers NOT_MINE).
    [[nodiscard]] std::vector<const Plugin*> candidates(std::string_view url) const;
    /// The plugin with this id, or nullptr.
    [[nodiscard]] const Plugin* by_id(std::string_view id) const;
    /// Mutable access for configure().
    [[nodiscard]] Plugin* by_id_mutable(std::string_view id);

    /// Every loaded plugin, in load order.
    [[nodiscard]] std::vector<const Plugin*> plugins() const;
    /// Every refusal so far.
    [[nodiscard]] const std::vector<LoadError>& errors() const noexcept { return errors_; }

private:
    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::vector<LoadError> errors_;
};

} // namespace newsarc::plugin_host
