// Loading the job's plugins and answering the engine's questions about them.
#include "site_plugins.hpp"

#include <algorithm>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::crawl {
namespace {

std::string job_origin(const JobConfig& job) {
    return job.file.empty() ? std::string("the job") : job.file.string();
}

} // namespace

SitePlugins::SitePlugins(const JobConfig& job) : named_(job.plugins.use) {
    const auto errors = registry_.load_defaults(job.plugins.dirs, job.plugins.site_dirs);
    for (const auto& error : errors) {
        log::get("plugins")->warn("event=plugin_refused file=\"{}\" error=\"{}\"", error.file.string(),
                                  error.message);
    }
    for (std::size_t i = 0; i < named_.size(); ++i) {
        if (registry_.by_id(named_[i]) != nullptr) {
            continue;
        }
        std::string reasons;
        for (const auto& error : registry_.errors()) {
            if (error.file.stem().string() == "newsarc_" + named_[i] || error.file.stem().string() == named_[i]) {
                reasons += "; " + error.file.string() + ": " + error.message;
            }
        }
        const std::string where = i < job.plugins.use_positions.size() ? job.plugins.use_positions[i] : job_origin(job);
        throw usage_failure(where + ": 'plugins' names '" + named_[i] + "', which is not loaded" +
                            (reasons.empty() ? std::string(" (no such plugin in the plugin folders)") : reasons));
    }
    for (const plugin_host::Plugin* plugin : registry_.plugins()) {
        if (in_use(*plugin)) {
            used_.push_back(plugin);
        }
        if (fallback_ == nullptr && is_fallback(plugin->id())) {
            // Loaded whether the job names it or not: it stands in for a site plugin that stops extracting.
            fallback_ = plugin;
        }
    }
    for (const auto& [id, settings] : job.plugins.settings) {
        plugin_host::Plugin* plugin = registry_.by_id_mutable(id);
        if (plugin == nullptr || !in_use(*plugin)) {
            throw usage_failure(job_origin(job) + ": [plugin_settings." + id + "] is for a plugin this job does not use");
        }
        const plugin_host::CallOutcome configured = plugin_host::configure(*plugin, settings);
        if (configured.status != NEWSARC_OK) {
            throw usage_failure(job_origin(job) + ": [plugin_settings." + id + "]: the plugin refused its settings: " +
                                (configured.error.empty() ? std::string(plugin_host::status_name(configured.status))
                                                          : configured.error));
        }
    }
}

bool SitePlugins::in_use(const plugin_host::Plugin& plugin) const {
    return named_.empty() || std::find(named_.begin(), named_.end(), plugin.id()) != named_.end();
}

const plugin_host::Plugin* SitePlugins::best_for(std::string_view url) const {
    for (const plugin_host::Plugin* plugin : registry_.candidates(url)) {
        if (in_use(*plugin)) {
            return plugin;
        }
    }
    return nullptr;
}

plugin_host::PageOutcome SitePlugins::run(const plugin_host::PageInput& page, plugin_host::Mode mode,
                                          const dom::Document* parsed) const {
    // A "*" fallback's links are not followed (the crawl's own link search and scope decide): it is not asked for
    // them. A page of 150,000 links cost 44 MB of plugin requests that were thrown away.
    if (const plugin_host::Plugin* best = best_for(page.url); best != nullptr && is_fallback(best->id())) {
        mode.discover = false;
    }
    return plugin_host::run_best(registry_, page, mode, parsed,
                                 [this](const plugin_host::Plugin& plugin) { return in_use(plugin); });
}

std::optional<plugin_host::PageOutcome> SitePlugins::run_fallback(const plugin_host::PageOutcome& failed,
                                                                  const plugin_host::PageInput& page,
                                                                  const dom::Document* parsed) const {
    const bool failed_article = failed.kind == NEWSARC_PAGE_ARTICLE && failed.extract_status &&
                                (*failed.extract_status == NEWSARC_NO_CONTENT || *failed.extract_status == NEWSARC_FAILED);
    if (fallback_ == nullptr || !failed_article || is_fallback(failed.plugin_id)) {
        return std::nullopt; // a paywalled page keeps its site plugin's answer: a teaser is never full text
    }
    plugin_host::Mode mode;
    mode.discover = false;
    plugin_host::PageOutcome outcome = plugin_host::run(*fallback_, page, mode, parsed);
    if (outcome.extract_status != NEWSARC_OK) {
        return std::nullopt;
    }
    return outcome;
}

FrontierRequest SitePlugins::prepare(FrontierRequest request) const {
    if (request.method != "GET" || !request.body.empty() || !request.document_url.empty()) {
        return request;
    }
    const plugin_host::Plugin* plugin = best_for(request.url);
    if (plugin == nullptr) {
        return request;
    }
    const newsarc_page_kind kind =
        request.kind != PageKind::unclassified ? abi_kind_of(request.kind) : plugin->classify(request.url);
    if (kind == NEWSARC_PAGE_INVALID) {
        return request;
    }
    request.kind = page_kind_of(kind);
    const plugin_host::CallOutcome prepared = plugin_host::prepare(*plugin, request.url, kind);
    if (prepared.status != NEWSARC_OK || prepared.requests.empty()) {
        return request;
    }
    const plugin_host::Request& replacement = prepared.requests.front();
    request.document_url = replacement.document_url.empty() && replacement.url != request.url ? request.url
                                                                                              : replacement.document_url;
    request.url = replacement.url;
    request.method = replacement.method;
    request.body = replacement.body;
    request.headers = replacement.headers;
    request.kind = page_kind_of(replacement.kind);
    request.priority = std::max(request.priority, replacement.priority);
    return request;
}

std::vector<plugin_host::Request> SitePlugins::start_requests() const {
    std::vector<plugin_host::Request> out;
    for (const std::string& id : named_) {
        const plugin_host::Plugin* plugin = registry_.by_id(id);
        const plugin_host::CallOutcome started = plugin_host::seeds(*plugin);
        if (started.status != NEWSARC_OK) {
            log::get("plugins")->warn("event=seeds_failed plugin={} status={} error=\"{}\"", id,
                                      plugin_host::status_name(started.status), started.error);
            continue;
        }
        out.insert(out.end(), started.requests.begin(), started.requests.end());
    }
    return out;
}

bool SitePlugins::claims(std::string_view host) const {
    return std::any_of(used_.begin(), used_.end(), [&](const plugin_host::Plugin* plugin) {
        return std::any_of(plugin->hosts().begin(), plugin->hosts().end(),
                           [&](const std::string& pattern) { return plugin_host::host_match(pattern, host) > 1; });
    });
}

bool SitePlugins::is_fallback(std::string_view id) const {
    const plugin_host::Plugin* plugin = registry_.by_id(id);
    return plugin != nullptr && std::all_of(plugin->hosts().begin(), plugin->hosts().end(),
                                            [](const std::string& pattern) { return pattern == "*"; });
}

std::string SitePlugins::site_of(std::string_view url) const {
    const plugin_host::Plugin* plugin = best_for(url);
    return plugin == nullptr || is_fallback(plugin->id()) ? std::string() : plugin->id();
}

std::vector<std::string> SitePlugins::ids() const {
    std::vector<std::string> out;
    for (const plugin_host::Plugin* plugin : used_) {
        out.push_back(plugin->id());
    }
    return out;
}

} // namespace newsarc::crawl
