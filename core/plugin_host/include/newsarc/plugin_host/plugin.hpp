// newsarc::plugin_host::Plugin: one loaded plugin (a shared library or a declarative site), as the host
// sees it: identity, the hosts it claims, and its entry points.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.h"

namespace newsarc::plugin_host {

class CallState; // the host side of one plugin call (private to the plugin host)

/// A loaded plugin. Owned by a PluginRegistry; immutable after loading except through configure(). Its entry
/// points may be called from several threads at once: a plugin that did not declare itself concurrent
/// (NEWSARC_PLUGIN_CONCURRENT) is serialised by its own lock, so callers need not know which kind it is.
class Plugin {
public:
    virtual ~Plugin() = default;

    [[nodiscard]] const std::string& id() const noexcept { return id_; }
    [[nodiscard]] const std::string& version() const noexcept { return version_; }
    /// Host patterns: "www.huxiu.com", "*.guancha.cn" (subdomains and the bare domain), "*" (fallback).
    [[nodiscard]] const std::vector<std::string>& hosts() const noexcept { return hosts_; }
    [[nodiscard]] std::int32_t priority() const noexcept { return priority_; }
    /// The file it came from: the .so, or the site's .toml.
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }
    /// "shared library" or "declarative site".
    [[nodiscard]] virtual std::string_view kind_name() const noexcept = 0;
    /// True when its entry points run in parallel on several threads; false when they take turns.
    [[nodiscard]] virtual bool concurrent() const noexcept = 0;

    /// What `url` is to this plugin (NEWSARC_PAGE_INVALID: not one of its pages).
    [[nodiscard]] virtual newsarc_page_kind classify(std::string_view url) const = 0;

    // Entry points with the C ABI's meaning; `call` collects the output. Use run() / configure() / prepare() /
    // seeds() in run.hpp rather than calling these directly.
    virtual newsarc_status configure(std::string_view settings_json, CallState& call) = 0;
    virtual newsarc_status discover(const newsarc_page& page, CallState& call) const = 0;
    virtual newsarc_status extract(const newsarc_page& page, CallState& call) const = 0;
    /// NEWSARC_NOT_MINE when the plugin has no prepare step (fetch the URL itself).
    virtual newsarc_status prepare(std::string_view url, newsarc_page_kind kind, CallState& call) const = 0;
    virtual newsarc_status seeds(CallState& call) const = 0;

protected:
    Plugin(std::string id, std::string version, std::vector<std::string> hosts, std::int32_t priority,
           std::filesystem::path file)
        : id_(std::move(id)), version_(std::move(version)), hosts_(std::move(hosts)), priority_(priority),
          file_(std::move(file)) {}

private:
    std::string id_;
    std::string version_;
    std::vector<std::string> hosts_;
    std::int32_t priority_;
    std::filesystem::path file_;
};

/// How well `pattern` claims `host` (lower-case): 0 no match, 1 for "*", 2 + the domain length for
/// "*.domain" (the domain itself or any subdomain), 1000 for an exact match.
int host_match(std::string_view pattern, std::string_view host) noexcept;

/// The lower-case host of an absolute URL, or empty.
std::string url_host(std::string_view url);

} // namespace newsarc::plugin_host
