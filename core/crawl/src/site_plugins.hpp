// The site plugins one crawl uses, loaded from the job's plugin keys. After loading they are only read, so the
// network thread (start requests, prepare) and the worker thread (discover, extract) share one instance.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/crawl/frontier.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::crawl {

// The plugin ABI's page kinds and the crawl's are the same numbers (page_kind.hpp); these two are the only
// conversions between them.
static_assert(static_cast<int>(PageKind::unclassified) == NEWSARC_PAGE_INVALID &&
              static_cast<int>(PageKind::article) == NEWSARC_PAGE_ARTICLE &&
              static_cast<int>(PageKind::list) == NEWSARC_PAGE_LIST &&
              static_cast<int>(PageKind::feed) == NEWSARC_PAGE_FEED &&
              static_cast<int>(PageKind::ignore) == NEWSARC_PAGE_IGNORE);
constexpr PageKind page_kind_of(newsarc_page_kind kind) noexcept {
    return kind >= NEWSARC_PAGE_INVALID && kind <= NEWSARC_PAGE_IGNORE ? static_cast<PageKind>(kind)
                                                                       : PageKind::unclassified;
}
constexpr newsarc_page_kind abi_kind_of(PageKind kind) noexcept { return static_cast<newsarc_page_kind>(kind); }

class SitePlugins {
public:
    /// Loads the plugins of plugin_search_path(job plugin_dirs) and the declarative sites of the job's
    /// site_dirs and the default site folders, then configures each used plugin with its [plugin_settings]
    /// table. A plugin the job names that is not loaded, settings for a plugin that is not used, and settings
    /// a plugin refuses are usage failures naming the job file; other plugins that fail to load are logged
    /// and left out.
    explicit SitePlugins(const JobConfig& job);

    /// True when no plugin is in use: pages are only searched for links.
    [[nodiscard]] bool empty() const noexcept { return used_.empty(); }

    /// Runs the page through the best plugin in use for its URL (see plugin_host::run_best). With no plugin
    /// for the host, the outcome's plugin_id is empty.
    [[nodiscard]] plugin_host::PageOutcome run(const plugin_host::PageInput& page, plugin_host::Mode mode,
                                               const dom::Document* parsed) const;

    /// When `failed` is a site plugin's answer no_content or failed on a page it classified as an article, the
    /// "*" fallback extractor's (generic's) article from the same parse, so the archive keeps filling while a
    /// site's markup changed; nullopt otherwise (a paywalled answer included) or when it finds none either.
    [[nodiscard]] std::optional<plugin_host::PageOutcome> run_fallback(const plugin_host::PageOutcome& failed,
                                                                      const plugin_host::PageInput& page,
                                                                      const dom::Document* parsed) const;

    /// `request` as the plugin in use for its URL wants it fetched: a plain GET of a URL becomes the plugin's
    /// prepared request (a full-text page, an API call) with its kind and document URL; the kind of a GET the
    /// plugin does not prepare is its classify() answer. Other requests are returned unchanged.
    [[nodiscard]] FrontierRequest prepare(FrontierRequest request) const;

    /// The start requests (seeds()) of the plugins the job names in `plugins`.
    [[nodiscard]] std::vector<plugin_host::Request> start_requests() const;

    /// True when a plugin in use is a candidate for `url` (by host or pattern, or a "*" fallback): only then
    /// is a fetched page parsed into a DOM; other pages are only scanned for links.
    [[nodiscard]] bool serves(std::string_view url) const { return best_for(url) != nullptr; }

    /// True when a plugin in use claims `host` by name (not through a "*" fallback): requests a plugin makes
    /// to its own API hosts are in scope even when the job's hosts do not list them.
    [[nodiscard]] bool claims(std::string_view host) const;

    /// True for a plugin that claims no host by name, only "*" (the generic extractor): it extracts, but the
    /// crawl's own link extraction and scope decide what to follow, and documents are named by host.
    [[nodiscard]] bool is_fallback(std::string_view id) const;

    /// The site plugin in use for `url` (its id), or "" when none or only the "*" fallback serves it.
    [[nodiscard]] std::string site_of(std::string_view url) const;

    /// The ids of the plugins in use, in load order (for the crawl's start log line).
    [[nodiscard]] std::vector<std::string> ids() const;

private:
    [[nodiscard]] bool in_use(const plugin_host::Plugin& plugin) const;
    [[nodiscard]] const plugin_host::Plugin* best_for(std::string_view url) const;

    plugin_host::PluginRegistry registry_;
    std::vector<const plugin_host::Plugin*> used_;
    const plugin_host::Plugin* fallback_ = nullptr; ///< the first "*" plugin loaded, used or not
    std::vector<std::string> named_; ///< the job's `plugins`, empty when it names none
};

} // namespace newsarc::crawl
