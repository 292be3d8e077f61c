// PluginRegistry: the plugin search path, loading with refusals recorded, and choosing a plugin for a URL.
#include "newsarc/plugin_host/registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <system_error>

#include "newsarc/base/install_layout.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/plugin_host/declarative.hpp"
#include "shared_library.hpp"

namespace newsarc::plugin_host {
namespace {

std::vector<std::filesystem::path> split_path_list(const char* value) {
    std::vector<std::filesystem::path> dirs;
    if (value == nullptr) {
        return dirs;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string_view entry = rest.substr(0, colon);
        if (!entry.empty()) {
            dirs.emplace_back(std::string(entry));
        }
        if (colon == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(colon + 1);
    }
    return dirs;
}

std::vector<std::filesystem::path> unique_dirs(const std::vector<std::filesystem::path>& dirs) {
    std::vector<std::filesystem::path> out;
    std::set<std::string> seen;
    for (const auto& dir : dirs) {
        std::error_code error;
        const auto canonical = std::filesystem::weakly_canonical(dir, error);
        const std::string key = error ? dir.lexically_normal().string() : canonical.string();
        if (seen.insert(key).second) {
            out.push_back(dir);
        }
    }
    return out;
}

} // namespace

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& job_dirs) {
    std::vector<std::filesystem::path> dirs = job_dirs;
    for (auto& dir : split_path_list(std::getenv("NEWSARC_PLUGIN_PATH"))) {
        dirs.push_back(std::move(dir));
    }
    if (auto installed = installed_plugin_dir(); !installed.empty()) {
        dirs.push_back(std::move(installed));
    }
    return unique_dirs(dirs);
}

std::vector<std::filesystem::path> default_site_dirs() {
    std::vector<std::filesystem::path> dirs = split_path_list(std::getenv("NEWSARC_SITES_PATH"));
    std::error_code error;
    if (auto installed = data_path("sites"); !installed.empty() && std::filesystem::is_directory(installed, error)) {
        dirs.push_back(std::move(installed));
    }
    return unique_dirs(dirs);
}

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() {
    // Plugins first (each closes its own library), newest first.
    while (!plugins_.empty()) {
        plugins_.pop_back();
    }
}

std::vector<LoadError> PluginRegistry::load(const std::vector<std::filesystem::path>& dirs) {
    std::vector<LoadError> errors;
    for (const auto& dir : dirs) {
        std::error_code error;
        if (!std::filesystem::is_directory(dir, error)) {
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with("newsarc_") && name.ends_with(".so")) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            auto loaded = load_file(file);
            if (!loaded) {
                errors.push_back(LoadError{file, loaded.error().message});
            }
        }
    }
    return errors;
}

Result<const Plugin*> PluginRegistry::load_file(const std::filesystem::path& file) {
    auto loaded = load_shared_library(file);
    if (!loaded) {
        errors_.push_back(LoadError{file, loaded.error().message});
        newsarc::log::get("plugins")->error("{}", loaded.error().message);
        return loaded.error();
    }
    return add(std::move(loaded.value()));
}

std::vector<LoadError> PluginRegistry::load_sites(const std::filesystem::path& dir) {
    DeclarativeSites sites = load_declarative_sites(dir);
    std::vector<LoadError> errors = sites.errors;
    for (const auto& error : sites.errors) {
        errors_.push_back(error);
        newsarc::log::get("plugins")->error("{}", error.message);
    }
    for (auto& site : sites.plugins) {
        const std::filesystem::path file = site->file();
        auto added = add(std::move(site));
        if (!added) {
            errors.push_back(LoadError{file, added.error().message});
        }
    }
    return errors;
}

std::vector<LoadError> PluginRegistry::load_defaults(const std::vector<std::filesystem::path>& plugin_dirs,
                                                    const std::vector<std::filesystem::path>& site_dirs) {
    std::vector<LoadError> errors = load(plugin_search_path(plugin_dirs));
    std::vector<std::filesystem::path> sites = site_dirs;
    for (auto& dir : default_site_dirs()) {
        sites.push_back(std::move(dir));
    }
    for (const auto& dir : unique_dirs(sites)) {
        for (auto& error : load_sites(dir)) {
            errors.push_back(std::move(error));
        }
    }
    return errors;
}

Result<const Plugin*> PluginRegistry::add(std::unique_ptr<Plugin> plugin) {
    const auto refuse = [&](std::string message) -> Result<const Plugin*> {
        errors_.push_back(LoadError{plugin->file(), message});
        newsarc::log::get("plugins")->error("{}", message);
        return make_error(std::move(message));
    };
    for (const auto& other : plugins_) {
        if (other->id() == plugin->id()) {
            return refuse("plugin '" + plugin->file().string() + "': id '" + plugin->id() +
                          "' is already loaded from '" + other->file().string() +
                          "' — remove one of the two files or put them in different jobs");
        }
    }
    for (const auto& other : plugins_) {
        for (const std::string& host : plugin->hosts()) {
            if (std::find(other->hosts().begin(), other->hosts().end(), host) != other->hosts().end()) {
                return refuse("plugin '" + plugin->file().string() + "' (" + plugin->id() + ") claims host '" +
                              host + "', which plugin '" + other->file().string() + "' (" + other->id() +
                              ") already claims — one host has one plugin; remove or narrow one of them");
            }
        }
    }
    newsarc::log::get("plugins")->debug("loaded {} {} from {}", plugin->id(), plugin->version(),
                                        plugin->file().string());
    plugins_.push_back(std::move(plugin));
    return static_cast<const Plugin*>(plugins_.back().get());
}

std::vector<const Plugin*> PluginRegistry::candidates(std::string_view url) const {
    const std::string host = url_host(url);
    struct Candidate {
        const Plugin* plugin;
        int match;
    };
    std::vector<Candidate> found;
    for (const auto& plugin : plugins_) {
        int best = 0;
        for (const std::string& pattern : plugin->hosts()) {
            best = std::max(best, host_match(pattern, host));
        }
        if (best > 0) {
            found.push_back(Candidate{plugin.get(), best});
        }
    }
    // Exact claims, then "*.domain" (longest first), then "*"; higher priority first within each.
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        const int a_class = a.match >= 1000 ? 2 : (a.match >= 2 ? 1 : 0);
        const int b_class = b.match >= 1000 ? 2 : (b.match >= 2 ? 1 : 0);
        if (a_class != b_class) {
            return a_class > b_class;
        }
        if (a.plugin->priority() != b.plugin->priority()) {
            return a.plugin->priority() > b.plugin->priority();
        }
        return a.match > b.match;
    });
    std::vector<const Plugin*> out;
    out.reserve(found.size());
    for (const auto& candidate : found) {
        out.push_back(candidate.plugin);
    }
    return out;
}

const Plugin* PluginRegistry::find(std::string_view url) const {
    const auto all = candidates(url);
    return all.empty() ? nullptr : all.front();
}

const Plugin* PluginRegistry::by_id(std::string_view id) const {
    for (const auto& plugin : plugins_) {
        if (plugin->id() == id) {
            return plugin.get();
        }
    }
    return nullptr;
}

Plugin* PluginRegistry::by_id_mutable(std::string_view id) {
    for (const auto& plugin : plugins_) {
        if (plugin->id() == id) {
            return plugin.get();
        }
    }
    return nullptr;
}

std::vector<const Plugin*> PluginRegistry::plugins() const {
    std::vector<const Plugin*> out;
    out.reserve(plugins_.size());
    for (const auto& plugin : plugins_) {
        out.push_back(plugin.get());
    }
    return out;
}

} // namespace newsarc::plugin_host
